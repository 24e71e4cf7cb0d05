"""Subjects the parser hides from a cue: the source rules' repairs for misparses (sources.speaker_of asks
them before its own walk up the tree).

    In a statement, her adviser, Y, said ...           comma-set noun phrases hung on the fronted phrase
    Majorities of voters going to the polls say ...     the words before the verb read as a clause of their own
    “...,” said Robert Reich, who served ... yet ...    the name after an inverted cue read as a clause subject
    The routine begins with Noah commenting ...         an absolute "with X doing"
    In a release issued by his firm, Braynard boasted   a name read as an apposition inside a fronted phrase
    X gave no details about how ..., saying ...         a closing participle hung on a preposition
    it is difficult to predict whether ...              an extraposed "it" names nobody
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from khabar.extract import cues
from khabar.extract.coref import sentence_starts
from khabar.extract.quote_spans import SUBJECTS, cue_lemma, np_range, np_span

_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_NP_OPENERS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM"})


def set_off_subject(verb: Token) -> SpacySpan | None:
    """"In a statement, her adviser, Jake Sullivan, said: ...", "on Dec. 2, Col. X, a spokesman in Baghdad,
    said ...", "after Mr. Trump, asked about it, had said ...": a subject set off by commas that the parser
    hung on a fronted phrase, leaving the speech verb without one. The comma-separated noun phrases right
    before the verb (a participle clause between them and the verb skipped) are the source."""
    if cue_lemma(verb) not in cues.SPEECH_VERBS or verb.dep_ not in ("ROOT", "conj"):
        return None
    if any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in verb.children):
        return None
    doc = verb.doc
    aux = [c for c in verb.children if c.dep_ == "aux" and c.i < verb.i]
    if verb.tag_ not in _FINITE and not (aux and aux[0].tag_ in _FINITE):
        return None
    first = aux[0] if aux else verb
    if verb.dep_ == "conj" and (not aux or any(t.dep_ == "cc" for t in doc[verb.head.i + 1 : first.i])):
        return None  # "came up and said": a real second verb of the same subject
    comma = first.i - 1
    start = sentence_starts(doc)[verb.i]
    if comma <= start or doc[comma].text != ",":
        return None
    segments, hi = [], comma
    for i in range(comma - 1, start - 1, -1):
        if doc[i].text == ",":
            segments.append((i + 1, hi))
            hi = i
    segments.append((start, hi))
    chosen: list[tuple[int, int]] = []
    skipped = False
    for lo, hi in segments:  # right to left
        toks = [t for t in doc[lo:hi] if not (t.is_space or t.is_quote)]
        if not toks:
            break
        participle = toks[0].tag_ in ("VBN", "VBG") or toks[0].dep_ in ("advcl", "acl")
        if not chosen and not skipped and (participle or toks[0].pos_ == "ADP" and len(toks) <= 6):
            skipped = True  # "Mr. Trump, asked about X, had said", "Trump, in Kentucky, said"
            continue
        if len(chosen) < 2 and _nominal(toks):
            chosen.append((lo, hi))
            continue
        if not chosen:  # "... after Mr. Trump, asked ..., said": the name after the last preposition
            k = max((j for j, t in enumerate(toks) if t.pos_ in ("ADP", "SCONJ")), default=None)
            tail = toks[k + 1 :] if k else []  # not a bare phrase: "in Kentucky" is no subject
            if tail and _nominal(tail) and any(t.pos_ == "PROPN" for t in tail):
                chosen.append((tail[0].i, hi))
        break
    if not chosen or not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP") for lo, hi in chosen
                             for t in doc[lo:hi]):
        return None
    return np_range(doc, chosen[-1][0], chosen[0][1] - 1)


def _nominal(toks: list[Token]) -> bool:
    """A bare noun phrase: opens like one, has a noun, no verb, short."""
    return (
        len(toks) <= 12
        and toks[0].pos_ in _NP_OPENERS
        and toks[0].lower_ not in ("it", "this", "that", "there")
        and any(t.pos_ in ("NOUN", "PROPN") for t in toks)
        and not any(t.pos_ in ("VERB", "AUX") or t.text in (":", ";", "—", "–") for t in toks)
    )


def stranded_subject(verb: Token) -> SpacySpan | None:
    """"Majorities of Democrats going to the polls say ...", "multiple sources privy to the talks say ...",
    "Mr. Leenders, who estimated ..., said he ...": a finite speech verb left without a subject because the
    parser made the words before it a clause of their own (a participle or an adjective read as its head)
    hung on the verb. The subject of that clause, right before the verb, is the one who speaks; the
    verb's content must lie after it (a clause before the verb is what was said)."""
    if cue_lemma(verb) not in cues.SPEECH_VERBS or verb.dep_ not in ("ROOT", "ccomp"):
        return None
    if any(c.dep_ in SUBJECTS or c.dep_ in ("expl", "agent") for c in verb.children):
        return None
    aux = [c for c in verb.children if c.dep_ == "aux" and c.i < verb.i]
    if verb.tag_ not in _FINITE and not (aux and aux[0].tag_ in _FINITE):
        return None
    if not any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None  # the content is not after the cue: "<clause>, wrote X" is the inverted rules'
    first = aux[0] if aux else verb
    doc = verb.doc
    clauses = [c for c in verb.lefts if c.dep_ in ("ccomp", "advcl", "csubj", "dep")]
    if verb.dep_ == "ccomp":  # "X used ..., and messages discovered on ... suggested that": a conjunct of the head
        clauses += [c for c in verb.head.children if c.dep_ == "conj" and c.i < verb.i]
    # the clause ends right before the verb; no quotation, subordinator or auxiliary: those make a real clause
    clause = next((c for c in clauses if all(t.is_punct or t.is_space for t in doc[c.right_edge.i + 1 : first.i])),
                  None)
    if clause is None or any(t.is_quote and t.tag_ != "POS" for t in doc[clause.left_edge.i : first.i]):
        return None  # “...,” said X: the quotation is what was said
    if any(c.dep_ == "mark" or c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", *_FINITE) for c in clause.children):
        return None
    subject = next((c for c in clause.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag_ in ("WP", "WDT") or subject.lower_ in ("it", "there", "this", "that"):
        return None
    if clause.tag_ in _FINITE or clause.tag_ == "MD":
        return np_range(doc, subject.left_edge.i, subject.right_edge.i)  # "Mr. Leenders, who ..., were": the noun
    return np_range(doc, subject.left_edge.i, first.i - 1)  # "Majorities ... going to the polls": all of it


def signing_name(verb: Token) -> SpacySpan | None:
    """“...,” said Robert Reich, who served ... yet endorsed ...: a subjectless speech verb right after a
    quotation, the name after it read by the parser as the subject of a clause of its own; the name speaks."""
    doc = verb.doc
    if verb.i < 2 or not doc[verb.i - 1].is_quote or doc[verb.i - 2].text not in (",", "?", "!"):
        return None
    if cue_lemma(verb) not in cues.SPEECH_VERBS or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    for clause in verb.rights:
        subject = next((c for c in clause.lefts if c.dep_ == "nsubj"), None) if clause.dep_ == "ccomp" else None
        if subject is not None and subject.left_edge.i == verb.i + 1 and subject.pos_ == "PROPN":
            return np_range(doc, subject.left_edge.i, subject.right_edge.i)
    return None


def with_absolute(verb: Token) -> SpacySpan | None:
    """"The routine begins with Noah commenting on ...", "with 50 percent saying ...": in an absolute "with"
    phrase the noun right before the participle is its subject, whatever the parser hung it on."""
    doc = verb.doc
    if verb.tag_ != "VBG" or verb.i < 2 or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    i = verb.i - 1
    if i > 0 and doc[i].lower_ in ("all", "both", "each", "now", "also"):
        i -= 1  # "with Trump, Huckabee and Christie all calling for ..."
    noun = next((t for t in (doc[i], *doc[i].ancestors) if t.dep_ == "pobj" and t.right_edge.i == i), None)
    if noun is None or noun.head.lower_ not in ("with", "without") or noun.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return np_span(noun)


def fronted_appos(verb: Token) -> SpacySpan | None:
    """"In a release issued by his firm, Braynard boasted ...", "At an event in Ohio, 62-year-old Brenda
    Johnson railed ...": a subjectless verb right after a fronted phrase whose last noun phrase the parser
    took for an apposition inside that phrase; that name is the subject."""
    if verb.tag_ not in _FINITE or any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in verb.children):
        return None
    doc = verb.doc
    aux = [c for c in verb.children if c.dep_ == "aux" and c.i < verb.i]
    i = (aux[0] if aux else verb).i - 1
    while i > 0 and doc[i].dep_ in ("advmod", "neg") and doc[i].head in (verb, *aux):
        i -= 1  # "also", "later"
    if i <= 0:
        return None
    appos = next((a for a in doc[i].ancestors if a.dep_ == "appos" and a.right_edge.i == i), None)
    appos = doc[i] if doc[i].dep_ == "appos" else appos
    if appos is None or appos.pos_ not in ("PROPN", "NOUN") or appos.left_edge.i == 0:
        return None
    if doc[appos.left_edge.i - 1].text != ",":
        return None
    top = appos
    while top.head != top and top.i < verb.i and top.head.i < verb.i:
        top = top.head
    if top.dep_ != "prep" or top.head != verb:  # the fronted phrase hangs on the verb
        return None
    return np_range(doc, appos.left_edge.i, appos.right_edge.i)


def stray_participle_clause(participle: Token) -> Token | None:
    """"The surgeon provided no details about how he planned it, saying ...": a participle after a comma that
    the parser hung as a second object of a preposition that already has one; it closes the clause the
    preposition's phrase belongs to."""
    prep = participle.head
    if participle.tag_ != "VBG" or participle.dep_ != "pcomp" or prep.pos_ != "ADP" or not set_off(participle):
        return None
    if not any(c.dep_ in ("pcomp", "pobj") and c.i < participle.i for c in prep.children):
        return None
    return next((a for a in prep.ancestors if a.pos_ in ("VERB", "AUX") and a.i < participle.i), None)


def extraposed(verb: Token) -> bool:
    """"it is difficult to predict ...": a copula with the subject "it" and an adjective, the parser hanging
    the infinitive on the copula rather than on the adjective."""
    return (any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children)
            and any(c.dep_ == "acomp" for c in verb.children))


def has_clause(verb: Token) -> bool:
    return any(c.dep_ == "ccomp" for c in verb.children)


def set_off(token: Token) -> bool:
    """A comma (or dash) before the token, perhaps with a closing quotation mark between: “...,” adding."""
    i = token.i - 1
    while i > 0 and token.doc[i].is_quote:
        i -= 1
    return i >= 0 and token.doc[i].text in (",", "—", "–")
