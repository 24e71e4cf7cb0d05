"""Attribution cues in the dependency parse: who said (or took a stance on) which stretch of text.

Each rule reads one cue and returns a `Draft` (content offsets, cue, speaker, addressee, medium):
    X said (that) <clause>            X told Y that <clause>        X, in a statement, said <clause>
    <clause>, X added.                <clause>, said X.             <A>, X said, <B>.
    “<quote>,” X said.                X said: “<quote>”             according to X, <clause>
    X urged Y to <infinitive>         X called for <noun phrase>    <noun phrase> was rejected by X
    X said in an interview: <paragraph>   X issued a statement saying <clause>
Headline labels and dash signatures live in signatures.py; quotes.py fits drafts to quotation marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract.cues import (
    ADDRESSEE_VERBS,
    CLAIM_NOUNS,
    CLAUSE_VERBS,
    MISTAGGED_CUES,
    NOUN_PREPS,
    SOURCELESS_NOUNS,
    CONTENT_PREPS,
    MEDIUM_NOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
    QuoteMarks,
    medium_of_words,
)

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_SAID_TO = frozenset({"say", "explain", "announce", "write", "speak", "reply", "complain"})  # "said to reporters"


@dataclass(slots=True)


class Draft:
    """A quote before it becomes a record: character offsets and the speaker as a spaCy span."""

    start: int
    end: int
    cue: tuple[int, int] | None = None
    speaker: SpacySpan | None = None
    addressee: tuple[int, int] | None = None
    medium: str | None = None
    direct: bool = False
    kind: str = "speech"
    rest: tuple[int, int] | None = None  # "<A>, he said, <B>": the side of the cue that is not the content


def from_verb(doc: Doc, verb: Token, marks: list[QuoteMarks]) -> Draft | None:
    passive = _passive_with_agent(verb)
    if passive is not None:
        return passive
    speaker = _speaker_of(verb)
    content = next((c for c in verb.children if c.dep_ == "ccomp" and _is_clause(c)), None)
    cue_end = _cue_end(verb)
    draft = Draft(0, 0, cue=(verb.idx, cue_end))
    lemma = verb.lemma_.lower()
    if content is not None and (lemma in SPEECH_VERBS or lemma in STANCE_VERBS or lemma in CLAUSE_VERBS):
        lo, hi = content.left_edge, content.right_edge
        if lo.i < verb.i < hi.i:  # "what Trump says his plan would do": the fronted object is not said
            lo = doc[verb.i + 1]
        if lo.lower_ == "that" and (lo.dep_ == "mark" or lo.pos_ == "SCONJ") and lo.i < hi.i:
            lo = doc[lo.i + 1]  # the complementiser introduces the content, it is not part of it
        draft.start, draft.end = lo.idx, end_char(hi)
        if speaker is None:  # "it was announced by the ministry that ...": the agent speaks
            speaker = _agent(verb)
    elif lemma not in SPEECH_VERBS and lemma not in STANCE_VERBS and lemma not in CONTENT_PREPS:
        return None  # a clause-only cue without its clause
    else:
        span = None
        if lemma in SPEECH_VERBS:
            span = (
                _inverted_content(doc, verb, speaker)
                or _parenthetical_content(doc, verb, speaker)
                or _adjacent_quote(doc, verb, speaker, marks)
                or _misattached_clause(verb)
                or _colon_paragraph(doc, verb)
            )
        if span is None:
            if speaker is None or speaker.root.lower_ in ("who", "that", "which") and lemma not in SPEECH_VERBS:
                return None
            if _negated(verb) or headline_cased(verb.sent):
                return None  # "did not mention X" takes no position; "Iran Seeks to Turn ..." is a headline
            span = _stance_content(verb)
            draft.kind = "stance"
        if span is None:
            return None
        if speaker is None:
            speaker = _speaker_after(verb)
        draft.start, draft.end = span
    if draft.kind == "speech":
        draft.rest = _other_side(doc, verb, speaker, (draft.start, draft.end))
    if speaker is not None and speaker.start_char < draft.end and draft.start < speaker.end_char:
        return None  # the subject lies inside the content: not an attribution of this clause
    speaker, medium = _narrow_medium_noun(speaker)
    draft.speaker = speaker
    draft.addressee = _addressee(verb, draft)
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in MEDIUM_NOUNS:  # "issued a statement saying"
        medium = medium or MEDIUM_NOUNS[verb.head.lemma_.lower()]
    draft.medium = medium or _medium(verb, draft)
    return draft


def from_mistagged(doc: Doc, cue: Token) -> Draft | None:
    """"Trump calls for a ban", "Sanders Says Clinton Must Talk Policy" with the cue tagged as a noun: a
    bare noun phrase opening the sentence, the cue, then at least three words of content."""
    kind = MISTAGGED_CUES.get(cue.lower_)
    sent = cue.sent
    if kind is None or cue.pos_ == "VERB" or cue.i == sent.start or cue.i - sent.start > 6:
        return None
    left = doc[sent.start : cue.i]
    if any(t.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "SCONJ", "PRON") for t in left):
        return None
    if not any(t.pos_ == "PROPN" or t.is_title or t.is_upper for t in left):
        return None
    start = cue.i + 1
    if start < sent.end and doc[start].lower_ in ("that", "for", "to") and (kind == "stance") == (doc[start].lower_ != "that"):
        start += 1
    words = [t for t in doc[start : sent.end] if not (t.is_punct or t.is_space)]
    if len(words) < 3:
        return None
    draft = Draft(words[0].idx, end_char(words[-1]), cue=(cue.idx, end_char(cue)), speaker=left, kind=kind)
    return draft


def _agent(verb: Token) -> SpacySpan | None:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return np_span(pobj) if pobj is not None else None


def from_noun(doc: Doc, noun: Token) -> Draft | None:
    """"Trump's claim that ...", "the warning from the ministry that ...": a speech noun with a that-clause."""
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp", "appos") and c.i > noun.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    kind = "speech"
    if clause is None:
        preps = NOUN_PREPS.get(noun.lemma_.lower(), ())
        clause = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps and c.i == noun.i + 1), None)
        pobj = next((c for c in clause.children if c.dep_ in ("pobj", "pcomp")), None) if clause is not None else None
        if pobj is None or not any(c.dep_ == "poss" for c in noun.children):
            return None  # "Pence's call for a special prosecutor": a stance only with its owner named
        clause, kind = pobj, "stance"
    speaker = None
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:  # "the senator's claim": the possessor without its "'s"
        speaker = np_range(doc, poss.left_edge.i, poss.right_edge.i - (poss.right_edge.dep_ == "case"))
    else:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "of") and prep.i < clause.i:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    speaker = np_span(pobj)
                    break
    if speaker is None and noun.lemma_.lower() not in SOURCELESS_NOUNS:
        return None
    lo = clause.left_edge
    if lo.lower_ == "that" and lo.i < clause.right_edge.i:
        lo = doc[lo.i + 1]
    draft = Draft(lo.idx, end_char(clause.right_edge), cue=(noun.idx, end_char(noun)), speaker=speaker, kind=kind)
    draft.medium = MEDIUM_NOUNS.get(noun.lemma_.lower())
    return draft


def _passive_with_agent(verb: Token) -> Draft | None:
    """"The proposal was rejected by the council": the agent speaks, the passive subject is the content."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subject is None or pobj is None or subject.lower_ in ("it", "that", "which", "who"):
        return None
    content = np_span(subject)
    cue = (verb.idx, end_char(verb))
    draft = Draft(content.start_char, content.end_char, cue=cue, speaker=np_span(pobj), kind="stance")
    if any(c.dep_ == "ccomp" for c in verb.children):
        return None  # "it was announced by X that ...": left to the clausal rule
    return draft


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def headline_cased(sent: SpacySpan) -> bool:
    """A headline in title case ("Iran Seeks to Turn 'New Page' in Ties with Lebanon"): most words
    capitalised, short function words aside. The tagger reads such lines poorly, and they state no
    position of their own."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words) and sent[-1].text != ","


def _stance_content(verb: Token) -> tuple[int, int] | None:
    """A noun phrase or infinitive the cue takes a position on: "urged voters to stay home", "called
    for talks", "criticized the ruling", "called the plan a disaster"."""
    lemma = verb.lemma_.lower()
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lower_ not in ("that",)), None)
    xcomp = next((c for c in verb.children if c.dep_ in ("xcomp", "oprd") and c.i > verb.i), None)
    if lemma in ADDRESSEE_VERBS - {"warn", "promise", "urge", "ask"} and xcomp is None:
        return None  # "told reporters": an addressee, no content
    if xcomp is not None and (lemma in STANCE_VERBS or lemma in SPEECH_VERBS):
        lo = obj.left_edge if obj is not None and obj.i < xcomp.i else xcomp.left_edge
        return lo.idx, end_char(xcomp.right_edge)
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in CONTENT_PREPS.get(lemma, ()) and prep.i > verb.i:
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return pobj.left_edge.idx, end_char(pobj.right_edge)
        # "called for Trump to drop out": the parser reads "for" as the mark of a clause
        marks = CONTENT_PREPS.get(lemma, ())
        if prep.dep_ == "advcl" and prep.i > verb.i and any(m.dep_ == "mark" and m.lower_ in marks for m in prep.children):
            first = prep.left_edge
            return prep.doc[first.i + 1].idx, end_char(prep.right_edge)
    if obj is not None and lemma in STANCE_VERBS and (obj.pos_ != "PRON" or obj.lower_ in ("it", "this")):
        hi = obj.right_edge
        for extra in verb.children:  # "described the deal as a betrayal"
            if extra.i > hi.i and (extra.dep_ in ("oprd", "ccomp") or extra.dep_ == "prep" and extra.lower_ == "as"):
                hi = extra.right_edge
        return obj.left_edge.idx, end_char(_before_medium_pp(hi, obj))
    return None


def _before_medium_pp(last: Token, head: Token) -> Token:
    """"more school investment in a statement": the medium phrase belongs to the cue, not the content."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "during") and prep.i > head.i:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            medium = pobj is not None and (pobj.lemma_.lower() in MEDIUM_NOUNS or pobj.text == "X")
            if medium and prep.i - 1 >= head.left_edge.i:
                return prep.doc[prep.i - 1]
    return last


def from_according(doc: Doc, according: Token) -> Draft | None:
    to = doc[according.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in according.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    sent = according.sent
    if according.head == according:  # "According to X, the move reeks ...": parsed as the root, the clause
        comma = next((t for t in doc[pobj.left_edge.i : sent.end] if t.text == ","), None)  # hung on X
        if comma is None or comma.i + 1 >= sent.end:
            return None
        speaker = np_range(doc, pobj.left_edge.i, comma.i - 1)
        start, end = doc[comma.i + 1].idx, end_char(doc[sent.end - 1])
        draft = Draft(start, end, cue=(according.idx, end_char(to)), speaker=speaker)
        return draft
    speaker, medium = _narrow_medium_noun(doc[pobj.left_edge.i : pobj.right_edge.i + 1])
    head = according.head
    lo, hi = according.left_edge.i, max(according.right_edge.i, pobj.right_edge.i)
    if head.i < sent.start:
        head = sent.root
    clause_lo, clause_hi = head.left_edge.i, head.right_edge.i
    # the clause the phrase modifies, without the phrase: the larger side of it
    before = (clause_lo, lo - 1)
    after = (hi + 1, clause_hi)
    side = before if before[1] - before[0] >= after[1] - after[0] else after
    if side[1] < side[0]:
        return None
    start, end = doc[side[0]].idx, end_char(doc[side[1]])
    draft = Draft(start, end, cue=(according.idx, end_char(to)), speaker=speaker, medium=medium)
    return draft  # medium only from the phrase's head ("according to a statement by X"), not "radio host X"


def _is_clause(head: Token) -> bool:
    if head.pos_ in ("VERB", "AUX"):
        return True
    return any(c.dep_ in _SUBJECTS or (c.dep_ == "mark" and c.lower_ == "that") for c in head.children)


def _cue_end(verb: Token) -> int:
    """The cue with its particle: "pointed out", "called for" stays the verb alone."""
    prt = [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return end_char(prt[0]) if prt else end_char(verb)


def _speaker_of(verb: Token) -> SpacySpan | None:
    """The subject of the cue, or of the verb it hangs from ("..., adding that", "and noted that")."""
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in _SUBJECTS]
        if subjects:
            if any(s.dep_ == "expl" or s.dep_ == "nsubjpass" and (current is verb or s.lower_ == "it") for s in subjects):
                return None  # "it was said that ...": nobody named (an ancestor's passive subject still counts)
            if current is not verb and verb.dep_ == "conj" and _speaker_after(verb) is not None and _comma_before(verb):
                return None  # "<clause>, announced the service": the subject follows the cue
            # "spokesperson for OIR, Colonel Myles Caggins, tweeted": the parser gives two subjects
            doc = verb.doc
            return np_range(doc, min(s.left_edge.i for s in subjects), max(s.right_edge.i for s in subjects))
        up = current.head
        if current.dep_ in ("conj", "advcl", "xcomp") and up != current and up.pos_ in ("VERB", "AUX"):
            current = current.head
            continue
        if current.dep_ == "acl" and up.pos_ in ("NOUN", "PROPN"):
            return _noun_speaker(up, current)
        break
    return None


def _noun_speaker(noun: Token, participle: Token) -> SpacySpan | None:
    """"a statement saying ...": the statement's owner, or whoever issued it; "comments alleging ...":
    the noun phrase itself, without the participle."""
    if noun.lemma_.lower() in MEDIUM_NOUNS:
        owner, _ = _narrow_medium_noun(np_range(noun.doc, noun.left_edge.i, participle.i - 1))
        if owner is not None and owner.root != noun:
            return owner
        issuer = noun.head
        if noun.dep_ in ("dobj", "pobj") and issuer.pos_ in ("VERB", "ADP"):
            issuer = issuer.head if issuer.pos_ == "ADP" else issuer
            subject = next((c for c in issuer.children if c.dep_ == "nsubj"), None)
            return np_span(subject) if subject is not None else None
        return None
    if participle.i <= noun.left_edge.i:
        return None
    return np_range(noun.doc, noun.left_edge.i, participle.i - 1)


def _comma_before(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].text in (",", "—", "–")


def _speaker_after(verb: Token) -> SpacySpan | None:
    """Inverted order: "..., said the minister", "..., announced the service in a statement"."""
    for child in verb.rights:
        if child.dep_ not in ("nsubj", "dobj", "attr", "npadvmod", "dative"):
            continue
        determined = any(c.lower_ in ("the", "this") or c.dep_ == "poss" for c in child.lefts)
        definite = child.pos_ in ("PROPN", "PRON") or determined
        if definite and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return np_span(child)
    return None


def np_span(head: Token) -> SpacySpan:
    return np_range(head.doc, head.left_edge.i, head.right_edge.i)


def np_range(doc: Doc, lo: int, hi: int) -> SpacySpan:
    """Tokens lo..hi without edge punctuation (a closing bracket stays when its opener is inside)."""
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        if doc[hi].text in ")]" and any(t.text in "([" for t in doc[lo:hi]):
            break
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return doc[lo : hi + 1]


def _narrow_medium_noun(speaker: SpacySpan | None) -> tuple[SpacySpan | None, str | None]:
    """"the statement from Raggi's office" -> speaker "Raggi's office", medium statement."""
    if speaker is None:
        return None, None
    root = speaker.root
    medium = MEDIUM_NOUNS.get(root.lemma_.lower())
    if medium is None or root.pos_ != "NOUN":
        return speaker, None
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return np_span(pobj), medium
    poss = next((c for c in root.children if c.dep_ == "poss"), None)  # "the ministry's statement"
    if poss is not None:
        return np_span(poss), medium
    return speaker, medium


def _inverted_content(doc: Doc, verb: Token, speaker: SpacySpan | None) -> tuple[int, int] | None:
    """Content before the cue: "<clause>, X added." / "<clause>, announced the service in a statement"."""
    sent = verb.sent
    first = min(verb.i, speaker.start) if speaker is not None and speaker.start < verb.i else verb.i
    if first - 1 <= sent.start or doc[first - 1].text not in (",", "—", "–"):
        return None
    if speaker is None and verb.dep_ not in ("parataxis", "conj", "ROOT", "ccomp"):
        return None
    if verb.head.i > verb.i:  # "The dam, the engineer said, will flood ...": a parenthetical, not a closing cue
        return None
    trailing = [t for t in doc[verb.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if len(trailing) > 10:  # the cue should close the sentence
        return None
    if speaker is None and _speaker_after(verb) is None:
        return None
    start = sent.start
    while start < first - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if first - 2 < start:
        return None
    return doc[start].idx, end_char(doc[first - 2])


def _cue_clause_end(doc: Doc, verb: Token) -> int:
    """The last token of the cue clause after the verb ("said in a statement", "said the minister")."""
    sub = {t.i for t in verb.subtree}
    hi, end = verb.i, verb.sent.end
    while hi + 1 < end and hi + 1 in sub and doc[hi + 1].text not in (",", "—", "–", ":"):
        hi += 1
    return hi


def _other_side(doc: Doc, verb: Token, speaker: SpacySpan | None, span: tuple[int, int]) -> tuple[int, int] | None:
    """"It would take weeks, he said, and the wrangling could be paralyzing": a cue between commas splits
    what was said; the side that is not the content continues it."""
    sent = verb.sent
    lo = min(verb.i, speaker.start) if speaker is not None else verb.i
    hi = _cue_clause_end(doc, verb)
    if lo - 1 <= sent.start or hi + 2 >= sent.end or doc[lo - 1].text != "," or doc[hi + 1].text != ",":
        return None
    left = doc[sent.start : lo - 1]
    right = doc[hi + 2 : sent.end]
    if span[1] <= doc[lo].idx:
        other = right
    elif span[0] >= end_char(doc[hi]):
        other = left
    else:
        return None
    words = [t for t in other if not (t.is_punct or t.is_space)]
    if len(words) < 3 or words[0].pos_ == "VERB" or any(t.lemma_.lower() in SPEECH_VERBS for t in words[:2]):
        return None  # "..., he said, adding that ...": the next cue has its own content
    clause = any(t.dep_ in _SUBJECTS for t in words) or (other is right and words[0].dep_ == "cc")
    if not clause or words[0].lower_ in ("who", "which", "whose"):
        return None  # "In the end, he said, ...", "..., he said, on condition of anonymity": circumstances
    edge = [t for t in other if not (t.is_space or t.text in ",;.")]
    return edge[0].idx, end_char(edge[-1])


def _parenthetical_content(doc: Doc, verb: Token, speaker: SpacySpan | None) -> tuple[int, int] | None:
    """"Acts of protest, Mr. Obama said, are acts of patriotism": the clause around the cue. A span is
    contiguous, so the content is the larger side of the clause; the cue never sits inside it."""
    head = verb.head
    if speaker is None or verb.dep_ != "parataxis" or head.i <= verb.i:
        return None
    lo, hi = verb.left_edge.i, verb.right_edge.i
    left = (head.left_edge.i, lo - 1)
    right = (hi + 1, head.right_edge.i)
    side = right if right[1] - right[0] >= left[1] - left[0] else left
    if side[1] < side[0]:
        return None
    return doc[side[0]].idx, end_char(doc[side[1]])


def _colon_paragraph(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """"The governor added:" closing a paragraph: the next paragraph is what he said."""
    sent = verb.sent
    colon = next((t for t in doc[verb.i + 1 : sent.end] if t.text == ":"), None)
    if colon is None or any(not t.is_space for t in doc[colon.i + 1 : sent.end]):
        return None
    text = doc_text(doc)
    start = end_char(colon)
    if "\n" not in text[start : start + 3]:
        return None
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return (start, end) if end > start else None


def _misattached_clause(verb: Token) -> tuple[int, int] | None:
    """"told CNN in an interview that the city was safe": the parser hangs the that-clause on "interview"."""
    for tok in verb.subtree:
        if tok.i <= verb.i or tok.dep_ not in ("acl", "relcl", "advcl", "ccomp"):
            continue
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
            continue
        up = tok.head
        while up != verb and up.dep_ in ("prep", "pobj", "dobj", "dative", "npadvmod"):
            up = up.head
        if up == verb:
            lo = tok.left_edge
            if lo.dep_ == "mark" and lo.i < tok.right_edge.i:
                lo = tok.doc[lo.i + 1]
            return lo.idx, end_char(tok.right_edge)
    return None


def _adjacent_quote(
    doc: Doc, verb: Token, speaker: SpacySpan | None, marks: list[QuoteMarks]
) -> tuple[int, int] | None:
    """A quotation right before the cue clause (“...” he said) or right after it (He said: “...”)."""
    text = doc_text(doc)
    left = min(verb.idx, speaker.start_char if speaker is not None else verb.idx)
    right = verb.idx + len(verb)
    for child in verb.rights:  # "he told reporters: “...”" -- the clause ends after its objects
        if child.dep_ in ("dobj", "dative", "npadvmod", "prep") and not child.is_punct:
            right = max(right, end_char(child.right_edge))
    for mark in marks:
        if mark.end <= left and "\n" not in text[mark.end : left] and not text[mark.end : left].strip(" ,\t—–-"):
            return mark.inner_start, mark.inner_end  # never across a paragraph break
        if mark.start >= right and text[right : mark.start].strip() in (":", ",", ":-", ""):
            gap = text[right : mark.start]
            if ":" in gap or "," in gap:
                return mark.inner_start, mark.inner_end
    return None


def _addressee(verb: Token, draft: Draft) -> tuple[int, int] | None:
    """"told Lebanese officials", "said to reporters", "in an interview with Asharq al-Awsat"."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.idx >= draft.start and child.idx < draft.end:
            continue
        if lemma in ADDRESSEE_VERBS and child.dep_ in ("dobj", "dative") and child.lower_ not in ("that", "this", "it"):
            span = np_span(child)
            return span.start_char, span.end_char
        if child.dep_ == "prep" and child.lower_ == "to" and lemma in _SAID_TO:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                span = np_span(pobj)
                return span.start_char, span.end_char
        if child.dep_ == "prep" and child.lower_ == "in":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() == "interview":
                for prep in pobj.children:
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if prep.lower_ in ("with", "to") and obj is not None:
                        span = np_span(obj)
                        return span.start_char, span.end_char
    return None


def _medium(verb: Token, draft: Draft) -> str | None:
    """Words of the cue clause outside the content: "tweeted", "on Twitter", "in a statement"."""
    lemmas = [verb.lemma_.lower()]
    for child in verb.children:
        if child.dep_ in ("prep", "agent", "advcl", "npadvmod"):
            for tok in child.subtree:
                if not (draft.start <= tok.idx < draft.end):
                    lemmas.append(tok.lemma_.lower())
                    if tok.text == "X" and child.lower_ == "on":  # "on X", the renamed Twitter
                        lemmas.append("twitter")
    return medium_of_words(lemmas)


def end_char(token: Token) -> int:
    return token.idx + len(token)


_TEXT_KEY = ("khabar", "quotes_text")


def doc_text(doc: Doc) -> str:
    """doc.text, built once per doc: spaCy joins every token on each access, and the rules ask often."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text
