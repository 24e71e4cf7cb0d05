"""The source of a verb cue: who said (or holds) what the cue attributes, as a span of the text.

    X said ...                       the subject, or the subject of the verb the cue hangs from
    ..., said the minister           the noun phrase after the cue (inverted order)
    X forced Y to admit that ...     the object of the controlling verb (Y admits)
    X said ..., citing / adding ...  a participle closing a reported clause: the reporting verb's subject
    X released an ad that says ...   the ad's issuer; "a statement saying ..." likewise
    it was announced by X that ...   the agent
    Asked about X, she said ...      not the one asked: only a by-agent ("asked by a reporter") asks
    X said A and said B              B's cue, hung by the parser inside A, keeps X (conjoined_cue_head)
    In a letter, her lawyer, Y, said the comma-set noun phrases the parser hung on the fronted phrase
    X is more likely to say ...      the subject of the adjective
    X paused, then revealed ...      the first clause's subject

Subjects the parser misplaced (comma-set names, a name read as a clause of its own, "with X doing", an
extraposed "it") are repaired in hidden_subjects.py. `tidy_source` trims what a noun phrase drags in
before its head: a dateline ("WASHINGTON (AP) — "), a label ("Frustration with police: "), the end of a
quotation ("…,” Brafman"), but not an aside between paired dashes. Lexicons are read through
the `cues` module at call time so that learned cue sets (learned_cues.using) reach these rules too.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from khabar.extract import cues
from khabar.extract.hidden_subjects import (
    extraposed,
    fronted_appos,
    has_clause,
    set_off,
    set_off_subject,
    signing_name,
    stranded_subject,
    stray_participle_clause,
    with_absolute,
)
from khabar.extract.quote_spans import (
    SUBJECTS,
    cue_lemma,
    narrow_medium_noun,
    np_range,
    np_span,
)

# nouns for something a person or body issues and that then "says" or "shows" its author's position
# ("released a video that says", "filed legal papers opposing"); MEDIUM_NOUNS adds the media proper
_AUTHORED = frozenset(
    """ad advertisement video letter memo message paper papers email piece column editorial op-ed
    release post tweet filing brief petition resolution article""".split()
)
# verbs that keep their own subject for an infinitive after an object: "promised voters to ...", "used his
# speech to call for ...", "took the stage to denounce ..."
_SUBJECT_CONTROL = frozenset("promise vow pledge threaten use take seize spend".split())
# prepositions of a participle clause whose subject is the main clause's ("after saying ..., she left")
_PCOMP_PREPS = frozenset("by while after before in on upon without despite since".split())
# separators after which a source's head starts anew: datelines, labels, the end of a quotation
_BREAKS = frozenset({"--", "—", "–", "―", "-", ":", "”", '"', "''"})


def speaker_of(verb: Token) -> SpacySpan | None:
    """The subject of the cue, or of the verb it hangs from ("..., adding that", "and noted that")."""
    closing = _closing_participle(verb)
    if closing is not None:
        return closing
    set_apart = set_off_subject(verb)
    if set_apart is not None:
        return set_apart
    outer = _outer_participle(verb) or _sequenced_subject(verb) or stranded_subject(verb) or signing_name(verb)
    outer = outer or with_absolute(verb)
    if outer is not None:
        return outer
    current = conjoined_cue_head(verb) or verb  # "said A and said that B", B's cue hung inside A
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in SUBJECTS]
        if subjects:
            if any(s.dep_ == "expl" or s.dep_ == "nsubjpass" and (current is verb or s.lower_ == "it") for s in subjects):
                return None  # "it was said that ...": nobody named (an ancestor's passive subject still counts)
            if current is not verb and verb.dep_ == "conj" and speaker_after(verb) is not None and comma_before(verb):
                return None  # "<clause>, announced the service": the subject follows the cue
            if len(subjects) == 1 and subjects[0].lower_ in ("that", "which"):
                issuer = _issuer(subjects[0])
                if issuer is not None:
                    return issuer
            # "spokesperson for OIR, Colonel Myles Caggins, tweeted": the parser gives two subjects
            doc = verb.doc
            subjects = _after_quotation(doc, current, subjects)
            return np_range(doc, min(s.left_edge.i for s in subjects), max(s.right_edge.i for s in subjects))
        fronted = fronted_appos(current)
        if fronted is not None:
            return fronted
        up = current.head
        if current.dep_ in ("advcl", "xcomp") and up.pos_ == "ADV" and up.dep_ == "advmod" and up.head.pos_ == "VERB":
            current = up.head  # "X went so far as to say ...": the adverb's verb
            continue
        if current.dep_ == "xcomp" and up != current and up.pos_ in ("VERB", "AUX"):
            obj = next((c for c in up.children if c.dep_ == "dobj" and c.i < current.i), None)
            controls = obj is not None and cue_lemma(up) not in _SUBJECT_CONTROL and obj.pos_ in ("NOUN", "PROPN", "PRON")
            if controls and current.tag_ != "VBG":  # "is noting the problems and saying ...": no object control
                return np_span(obj)  # "forced Stumpf to admit", "led the journalist to fear": Y does it
        if current.dep_ == "xcomp" and up.pos_ in ("VERB", "AUX") and extraposed(up) and has_clause(verb):
            return None  # "it is hard to know whether ...", "it is premature to assume ...": nobody named
        if current.dep_ in ("conj", "advcl", "xcomp") and up != current and up.pos_ in ("VERB", "AUX"):
            current = current.head
            continue
        if current.dep_ == "xcomp" and up.pos_ == "ADJ" and up.dep_ == "acomp" and up.head.pos_ in ("VERB", "AUX"):
            if any(c.dep_ in SUBJECTS and c.lower_ in ("it", "this", "that", "there") for c in up.head.children):
                return None  # "it is worth noting that ...", "it was too early to tell": nobody named
            current = up.head  # "voters are more likely to say ...", "he was quick to point out ..."
            continue
        if current.dep_ == "pcomp" and up.lower_ in _PCOMP_PREPS and up.head.pos_ in ("VERB", "AUX"):
            current = up.head  # "angered many by calling them rapists": the subject of the main verb
            continue
        clause = stray_participle_clause(current) if current is verb else None
        if clause is not None:
            current = clause  # "X provided no details about how he planned it, saying ...": X's participle
            continue
        if current is verb and verb.tag_ == "VBG" and verb.dep_ == "ccomp" and set_off(verb) and up.pos_ == "VERB":
            current = up  # "The paper confirmed it, reporting: ...": a participle the parser took for a clause
            continue
        fronted = _fronted_phrase_verb(current) if current is verb and verb.tag_ == "VBG" else None
        if fronted is not None:
            current = fronted  # "In addition to stating that ..., Clinton has vowed": the main clause's subject
            continue
        if current.dep_ == "acl" and up.pos_ in ("NOUN", "PROPN"):
            return noun_speaker(up, current)
        if current is verb and verb.dep_ == "ROOT":
            return _noun_read_subject(verb) or _object_after_content(verb)
        break
    return None


def _fronted_phrase_verb(participle: Token) -> Token | None:
    """The verb a fronted phrase holding the participle hangs on ("In addition to stating ..., X vowed"):
    up through prepositions and their objects only, the phrase before the verb."""
    if participle.dep_ != "pcomp":
        return None
    current = participle.head
    for _ in range(4):
        if current.dep_ not in ("prep", "pobj") or current.head == current:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current if participle.i < current.i else None
    return None


# links a verb hangs under inside a reported clause; a conjunct reattached past them joins the cue clause.
# Never out of a relative clause ("officials who wanted X and asked ..."): PolNeAR marks the relative pronoun
_INNER_LINKS = frozenset("ccomp xcomp advcl pcomp pobj prep dobj conj attr".split())
_VERB_TAGS = frozenset("VB VBD VBN VBZ VBP VBG".split())


def conjoined_cue_head(verb: Token) -> Token | None:
    """"He said the attacks have given him momentum and said that ...", "Kasich says he'd sit Putin down
    and tells the crowd ...": the parser hangs the second cue on the last verb of the first one's clause.
    A conjunct with no subject of its own whose tense form differs from the verb it hangs on, and matches
    a verb higher up (the earlier cue), is coordinated with that one: it shares its subject."""
    if verb.dep_ != "conj" or verb.tag_ not in _VERB_TAGS or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    head = verb.head
    if head.tag_ == verb.tag_ or head.pos_ not in ("VERB", "AUX"):
        return None
    current = head
    for _ in range(6):
        if current.dep_ not in _INNER_LINKS or current.head == current:
            return None
        current = current.head
        if current.i < verb.i and current.pos_ in ("VERB", "AUX") and _same_form(current, verb):
            return current
    return None


def _same_form(upper: Token, verb: Token) -> bool:
    """"said ... and said", "has called on X ... and proposed" (a perfect's participle read as past)."""
    if upper.tag_ == verb.tag_:
        return True
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in upper.children)
    return perfect and {upper.tag_, verb.tag_} == {"VBN", "VBD"}


def _after_quotation(doc, verb: Token, subjects: list[Token]) -> list[Token]:
    """"''A great tax in theory,'' said X", "His verdict: “Not good,” he said": the parser may read a quoted
    phrase, or what leads into it, as a second subject; the subject after the quotation's closing mark
    speaks, what comes before the mark was said."""
    if len(subjects) < 2:
        return subjects
    first = min(s.left_edge.i for s in subjects)
    close = max((t.i for t in doc[first : verb.i] if t.is_quote), default=None)
    if close is None:
        return subjects
    later = [s for s in subjects if s.left_edge.i > close]
    return later if later and len(later) < len(subjects) else subjects


def _closing_participle(verb: Token) -> SpacySpan | None:
    """"Analysts said the factors have contributed, citing ...", "“...,” adding that ...": a participle
    after a comma that closes a reported clause is the reporter's, not the clause subject's."""
    doc = verb.doc
    participle = verb
    if verb.dep_ == "xcomp" and verb.head.tag_ == "VBG" and verb.head.i < verb.i:
        participle = verb.head  # "..., going on to say that ..."
    if participle.tag_ != "VBG" or participle.dep_ not in ("advcl", "xcomp", "conj") or not set_off(participle):
        return None
    current, through_clause = participle.head, False
    for _ in range(4):
        if current.dep_ in ("ccomp", "parataxis") and current.head != current:
            current, through_clause = current.head, True
        elif current.dep_ in ("conj", "advcl") and current.head != current and not through_clause:
            current = current.head
        else:
            break
        if through_clause and cue_lemma(current) in cues.SPEECH_VERBS and current.i != verb.i:
            subject = next((c for c in current.children if c.dep_ == "nsubj"), None)
            if subject is None and current.dep_ == "conj":  # "X refused ... but said ..., adding: ...": X
                reporter = speaker_of(current)
                return reporter if reporter is not None and reporter.end <= current.i else None
            if subject is None or subject.i > verb.i:
                return None
            return np_range(doc, subject.left_edge.i, subject.right_edge.i)
    return None


def _outer_participle(verb: Token) -> SpacySpan | None:
    """"Christie repeated accusations that Rubio recites ..., calling him ...", "Khan decried Trump's calls
    to ban ..., noting ...", "Trump said the deadlock kept us safe before claiming ...": a speech participle
    the parser hangs on a clause inside a noun phrase ("accusations that ...") or inside a reported clause
    is the act of the outer clause's subject, not of the inner clause's. A relative clause keeps its own
    ("Ryan, who stunned them by declaring ...": PolNeAR marks the relative pronoun)."""
    doc = verb.doc
    if verb.tag_ != "VBG" or cue_lemma(verb) not in cues.SPEECH_VERBS | cues.STANCE_VERBS:
        return None
    if verb.dep_ == "pcomp" and verb.head.lower_ in _PCOMP_PREPS:
        current = verb.head.head  # "before claiming": the verb the phrase hangs on
    elif verb.dep_ in ("advcl", "xcomp", "conj") and set_off(verb):
        current = verb.head
    else:
        return None
    crossed = False
    for _ in range(6):
        if current.dep_ == "relcl" or any(c.dep_ in SUBJECTS and c.tag_ in ("WP", "WDT") for c in current.children):
            return None  # "Ryan, who stunned them by declaring ...": the relative pronoun is the source
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
            current, crossed = current.head, True  # out of the noun's clause ("accusations that ...")
        elif current.dep_ in ("dobj", "pobj", "prep", "xcomp") and current.head != current:
            current = current.head
        elif current.dep_ == "ccomp" and current.head != current and cue_lemma(current.head) in cues.SPEECH_VERBS:
            current, crossed = current.head, True  # out of what was reported
        else:
            break
        if crossed and current.pos_ in ("VERB", "AUX"):
            subject = next((c for c in current.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.i < verb.i and subject.lower_ not in ("it", "that", "which", "who"):
                return np_range(doc, subject.left_edge.i, subject.right_edge.i)
    return None


def _sequenced_subject(verb: Token) -> SpacySpan | None:
    """"Clinton paused, then revealed why ...", "Kasich offered him a job, then says ...": after ", then"
    the parser may hang the first clause under the speech verb (or the verb under it) instead of
    coordinating them; the first clause's subject is the one who speaks."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].lower_ not in ("then", "later") or doc[verb.i - 2].text != ",":
        return None
    if any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in verb.children):
        return None
    before = [c for c in verb.children if c.dep_ in ("ccomp", "advcl") and c.i < verb.i]
    if verb.dep_ in ("dep", "conj", "parataxis") and verb.head.i < verb.i:
        before.append(verb.head)
    for prior in before:
        subject = next((c for c in prior.children if c.dep_ == "nsubj"), None)
        if prior.pos_ in ("VERB", "AUX") and subject is not None and subject.tag_ not in ("WP", "WDT"):
            return np_range(doc, subject.left_edge.i, subject.right_edge.i)
    return None


def _issuer(pronoun: Token) -> SpacySpan | None:
    """"released a video that says ...": a relative "that"/"which" standing for something issued speaks
    for whoever issued it (the subject of the verb taking it as object)."""
    clause = pronoun.head
    noun = clause.head if clause.dep_ == "relcl" else None
    if noun is None or noun.lemma_.lower() not in _AUTHORED and noun.lemma_.lower() not in cues.MEDIUM_NOUNS:
        return None
    return _subject_of_issuing(noun)


def _subject_of_issuing(noun: Token) -> SpacySpan | None:
    issuer = noun.head
    if noun.dep_ not in ("dobj", "pobj") or issuer.pos_ not in ("VERB", "ADP"):
        return None
    issuer = issuer.head if issuer.pos_ == "ADP" else issuer
    subject = next((c for c in issuer.children if c.dep_ == "nsubj"), None)
    return np_span(subject) if subject is not None else None


def noun_speaker(noun: Token, participle: Token) -> SpacySpan | None:
    """"a statement saying ...": the statement's owner, or whoever issued it; "comments alleging ...":
    the noun phrase itself, without the participle."""
    lemma = noun.lemma_.lower()
    if lemma in cues.MEDIUM_NOUNS or lemma in _AUTHORED:
        owner, _ = narrow_medium_noun(np_range(noun.doc, noun.left_edge.i, participle.i - 1))
        if owner is not None and owner.root != noun:
            return owner
        return _subject_of_issuing(noun)
    if participle.tag_ == "VBN" or any(c.dep_ == "aux" and c.lower_ == "to" for c in participle.children):
        # "a campaign to condemn ...", "attacks designed to paint ...": the noun does not speak
        planner = _planner(noun)
        if planner is not None:
            return planner
    if participle.i <= noun.left_edge.i:
        return None
    return np_range(noun.doc, noun.left_edge.i, participle.i - 1)


def _planner(noun: Token) -> SpacySpan | None:
    """Whose plan, effort or campaign a noun with an infinitive is ("Trump's plan to ban ...", "Khan mounted a
    campaign to condemn ..."): its possessor, else the subject of the verb doing it, unless that verb is
    itself a cue ("criticized the plan to ...": the critic's position is not the plan)."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return np_span(poss)
    verb = noun.head
    if noun.dep_ == "pobj" and verb.pos_ == "ADP":
        verb = verb.head
    elif noun.dep_ != "dobj":
        return None
    lemma = cue_lemma(verb)
    if verb.pos_ not in ("VERB", "AUX") or lemma in cues.SPEECH_VERBS or lemma in cues.STANCE_VERBS:
        return None
    return speaker_of(verb)


def _object_after_content(verb: Token) -> SpacySpan | None:
    """"''Several of us were arguing ...,'' recalled Mr. Rhodes.": after the clause it reports, an inverted
    cue's name may be parsed as its object; a transitive verb's object never sits after its own content."""
    doc = verb.doc
    said = next((c for c in verb.lefts if c.dep_ == "ccomp"), None)
    between = doc[said.right_edge.i + 1 : verb.i] if said is not None else []
    if not between or not all(t.is_punct for t in between) or not any(t.is_quote for t in between):
        return None  # a quotation closes right before the cue: “...,” recalled X
    if any(c.dep_ == "mark" for c in said.children) or not any(c.dep_ in SUBJECTS for c in said.children):
        return None  # "Cruz, as he has in the past, opposed the measure": no reported clause
    name = next((c for c in verb.rights if c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN")), None)
    if name is None or name.pos_ == "NOUN" and not any(c.lower_ == "the" or c.dep_ == "poss" for c in name.lefts):
        return None  # a name, or a definite noun phrase ("..., wrote the paper's editorial board")
    return np_span(name)


def _noun_read_subject(verb: Token) -> SpacySpan | None:
    """"Trump's campaign plans to spend ...": the parser, reading "plans" as a noun, hangs the subject on
    it as a possessor and compound; those left words are the subject."""
    left = [c for c in verb.lefts if c.dep_ in ("poss", "compound")]
    if not left or any(c.dep_ in ("nsubj", "expl", "aux", "advmod", "mark") for c in verb.lefts):
        return None
    return np_range(verb.doc, left[0].left_edge.i, verb.i - 1)


def comma_before(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].text in (",", "—", "–")


def speaker_after(verb: Token) -> SpacySpan | None:
    """Inverted order: "..., said the minister", "..., announced the service in a statement"."""
    for child in verb.rights:
        if child.dep_ not in ("nsubj", "dobj", "attr", "npadvmod", "dative") or child.ent_type_ in ("DATE", "TIME"):
            continue  # "Asked Tuesday about ...": a day is no speaker
        determined = any(c.lower_ in ("the", "this") or c.dep_ == "poss" for c in child.lefts)
        definite = child.pos_ in ("PROPN", "PRON") or determined
        if definite and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return np_span(child)
    return None


def agent(verb: Token) -> SpacySpan | None:
    """"it was announced by the ministry that ...": the by-phrase."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    return np_span(pobj) if pobj is not None else None


def without_relative(speaker: SpacySpan | None, verb: Token) -> SpacySpan | None:
    """"said opposition leader X, who called for talks" -> "opposition leader X": a relative clause set
    off by a comma that is an attribution of its own (a cue verb: "who called for", "who said that") or
    a participle ("Trump, speaking to veterans, said") is not part of the source. A descriptive one
    ("X, who heads the centre, said") stays, as PolNeAR most often marks it, on either side of the cue."""
    if speaker is None:
        return None
    doc = speaker.doc
    for tok in speaker:
        if tok.dep_ not in ("relcl", "acl") or tok.head.i >= tok.i or tok.head.i < speaker.start:
            continue
        lo = tok.left_edge.i
        if lo <= speaker.start + 1 or doc[lo - 1].text not in (",", "—", "–", "("):
            continue
        own_cue = tok.tag_ == "VBG" or cue_lemma(tok) in cues.SPEECH_VERBS or cue_lemma(tok) in cues.STANCE_VERBS
        if own_cue and tok.i != verb.i:
            return np_range(doc, speaker.start, lo - 2)
    return speaker


def tidy_source(speaker: SpacySpan | None) -> SpacySpan | None:
    """Drop what comes before the source's head across a dash, colon or closing quotation mark: a
    dateline ("BRUSSELS - European leaders"), a label ("Frustration with police: Civil rights
    activists"), the tail of a quotation ("... folks,” Trump"). An apposition after the head stays."""
    if speaker is None or len(speaker) < 2:
        return speaker
    doc = speaker.doc
    # the last head of the span: "WASHINGTON (AP) — Senator X said" gives the parser two subjects
    root = max((t for t in speaker if t.head == t or not speaker.start <= t.head.i < speaker.end), key=lambda t: t.i)
    cut = None
    for tok in doc[speaker.start : root.i]:
        if tok.text in _BREAKS and (tok.text != "-" or tok.whitespace_) and not _paired_dash(tok, speaker):
            if tok.is_quote and (not _closes(tok) or any(t.is_quote for t in doc[speaker.start : tok.i])):
                continue  # “big four” negotiators: a quotation opened inside the source, not the tail of one
            cut = tok.i
    if cut is None or cut + 1 > root.i:
        return speaker
    return np_range(doc, cut + 1, speaker.end - 1)


def _closes(mark: Token) -> bool:
    """A quotation mark that closes: attached to the word before it ("...folks,” Trump")."""
    return mark.i > 0 and not mark.doc[mark.i - 1].whitespace_


_DASHES = frozenset({"--", "—", "–", "―"})


def _paired_dash(tok: Token, speaker: SpacySpan) -> bool:
    """"Democratic leaders — and, in particular, Senator X — insisted": a dash closed by another one inside
    the source (or right after it) sets off an aside within the source; a dateline's dash stands alone."""
    if tok.text not in _DASHES:
        return False
    doc = speaker.doc
    verb = speaker.root.head  # up to the verb the source is the subject of: the aside may close after the span
    stop = verb.i if verb.i >= speaker.end else speaker.end + 1
    if not any(t.text in _DASHES and t.i != tok.i for t in doc[speaker.start : min(len(doc), stop)]):
        return False
    # the aside follows a subject ("leaders — and Senator X —"), not a fronted phrase ("Hastily doing X — as
    # he did before — Trump said": there the name after the aside is the source)
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i >= speaker.end for t in doc[speaker.start : tok.i])


# verbs of questioning whose passive participle names the one questioned, not the questioner
QUESTION_VERBS = frozenset("ask question press quiz grill query".split())


def put_to(verb: Token) -> bool:
    """"When asked whether ..., he said", "Trump, asked about X, said", "Asked by a reporter": a question put to
    someone; the subject of the clause it hangs on answers it. Only a by-agent asks (sources.agent)."""
    if cue_lemma(verb) not in QUESTION_VERBS or verb.dep_ not in ("advcl", "acl", "conj", "ROOT"):
        return False
    if verb.tag_ != "VBN" and not (verb.tag_ == "VBD" and verb.dep_ == "advcl"):
        return False  # "Asked whether ..., Mr. Daley said": the tagger may read the participle as a past tense
    if verb.dep_ == "ROOT" and not any(c.dep_ == "nsubjpass" for c in verb.children):
        return False
    return not any(c.dep_ == "nsubj" or c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def asks(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "whether") and c.i == clause.left_edge.i for c in clause.children)
