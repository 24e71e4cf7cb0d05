"""Attribution cues that are not verbs of the parse: "according to X", speech nouns ("Trump's claim that
...", "Pence's call for a special prosecutor", "took a shot at X"), nouns of a standing position said of
somebody ("X is a vocal critic of Y", "X, a supporter of Y"), positions received ("faced criticism from X
over Y", "won the endorsement of X"), attitudes held ("have misgivings about Y", "took issue with Y") and
headline verbs the tagger read as nouns ("Trump calls for ..."). Each returns a `Draft` like the verb rules
in attribution.py."""

from __future__ import annotations

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract.cues import (
    HELD_PREPS,
    MEDIUM_NOUNS,
    MISTAGGED_CUES,
    NOUN_PREPS,
    POLL_NOUNS,
    RECEIVED_NOUNS,
    ROLE_PREPS,
    SOURCELESS_NOUNS,
    VIEW_NOUNS,
)
from khabar.extract.quote_spans import SUBJECTS, Draft, end_char, narrow_medium_noun, np_range, np_span


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
    speaker, medium = narrow_medium_noun(doc[pobj.left_edge.i : pobj.right_edge.i + 1])
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


def from_frame(doc: Doc, noun: Token) -> Draft | None:
    """"In a CNN poll, Clinton led by 24 points", "she leads in the latest poll", "In his words, the plan ...":
    a poll (or someone's view, words, eyes) framing the clause its "in" phrase hangs on. The cue is "in",
    the source the poll's noun phrase or the view's owner, the content the clause without the phrase."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.dep_ != "prep":
        return None
    lemma = noun.lemma_.lower()
    sent = noun.sent
    lo, hi = prep.i, max(prep.right_edge.i, noun.right_edge.i)
    set_off = lo == sent.start or doc[lo - 1].text in (",", "(", "—") or hi + 1 < sent.end and doc[hi + 1].text == ","
    if lemma in POLL_NOUNS:
        if noun.tag_ == "NNS" and not set_off:
            return None  # "is still ahead in the polls", "mired in single digits in polls": standing, not a finding
        speaker = np_span(noun)
    else:
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        fronted = lo == sent.start or doc[lo - 1].text in (",", "(", "—")
        if poss is None or not fronted or any(c.dep_ == "prep" for c in noun.children):
            return None  # "in mind", "had tears in their eyes", "divided in their opinions of X": no view framed
        speaker = np_range(doc, poss.left_edge.i, poss.right_edge.i - (poss.right_edge.dep_ == "case"))
    head = prep.head
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        head = head.head  # "her lead in the poll grew": the clause of the noun the phrase qualifies
    if head.pos_ not in ("VERB", "AUX") or head.dep_ in ("relcl", "acl", "pcomp", "amod", "prep"):
        return None  # "a rival who is far behind him in the polls": a description, not the poll's finding
    before = (max(head.left_edge.i, sent.start), lo - 1)
    after = (hi + 1, min(head.right_edge.i, sent.end - 1))
    side, other = (before, after) if head.i < lo else (after, before)  # the side holding the clause's verb
    words = _words(doc, side)
    if len(words) < 3:
        return None  # "In the latest poll, 45 percent": a clause, not a figure alone
    draft = Draft(words[0].idx, end_char(words[-1]), cue=(prep.idx, end_char(prep)), speaker=speaker)
    rest = _words(doc, other)  # "Clinton led Trump in the poll by five points": both sides are the finding
    near = doc[hi + 1] if other is after and hi + 1 < len(doc) else doc[lo - 1] if lo > 0 else prep
    if len(rest) >= 2 and not near.is_punct:  # "..., a 52-point swing": an aside, not more of the finding
        draft.rest = (rest[0].idx, end_char(rest[-1]))
    return draft


def _words(doc: Doc, side: tuple[int, int]) -> list[Token]:
    return [t for t in doc[side[0] : side[1] + 1] if not (t.is_punct or t.is_space)]


def from_noun(doc: Doc, noun: Token) -> Draft | None:
    """"Trump's claim that ...", "the warning from the ministry that ...": a speech noun with a that-clause."""
    if noun.lemma_.lower() in POLL_NOUNS or noun.lemma_.lower() in VIEW_NOUNS:
        framed = from_frame(doc, noun)
        if framed is not None or noun.lemma_.lower() not in ("view", "opinion"):
            return framed  # "poll", "eye" are cues only in the frame; "his view that ..." below
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
    given = _given_clause(noun) if clause is None else None
    if given is not None:
        clause = given[1]
    if clause is None:
        preps = NOUN_PREPS.get(noun.lemma_.lower(), ())
        clause = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps and c.i == noun.i + 1), None)
        owner = _light_verb_subject(noun)
        if clause is None and owner is not None:  # "took a shot at Clinton": the parser hangs "at" on the verb
            after = noun.right_edge.i + 1
            clause = next((c for c in noun.head.children if c.dep_ == "prep" and c.lower_ in preps and c.i == after), None)
        pobj = next((c for c in clause.children if c.dep_ in ("pobj", "pcomp")), None) if clause is not None else None
        if pobj is None or not any(c.dep_ == "poss" for c in noun.children) and owner is None:
            return None  # "Pence's call for a special prosecutor": a stance only with its owner named
        clause, kind = pobj, "stance"
    speaker = given[0] if given is not None else _light_verb_subject(noun)
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None and (speaker is None or poss.pos_ != "PRON"):
        # "the senator's claim": the possessor without its "'s"; "made his comments": the subject names him
        speaker = np_range(doc, poss.left_edge.i, poss.right_edge.i - (poss.right_edge.dep_ == "case"))
    elif speaker is None:
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


def _given_clause(noun: Token) -> tuple[SpacySpan, Token] | None:
    """"ignored warnings from his attorney that the deal was illegal": the parser hangs the from/by phrase
    and the that-clause on the verb (or the clause on the phrase's object), so the noun has no frame of its
    own; the clause is the noun's content and the phrase's object its source. (source, clause head)"""
    if noun.dep_ != "dobj":
        return None
    verb = noun.head
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                 and c.i == noun.right_edge.i + 1), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if pobj is None:
        return None
    after = [c for c in verb.children if c.dep_ == "ccomp" and c.i > pobj.i]
    after += [c for c in pobj.children if c.dep_ in ("relcl", "acl", "ccomp") and c.i > pobj.i]
    for clause in after:
        mark = next((m for m in clause.children if m.dep_ == "mark" and m.lower_ == "that"), None)
        if mark is None or mark.i != clause.left_edge.i:
            continue
        last = min(pobj.right_edge.i, mark.i - 1)  # the source ends before the clause (a comma at most)
        if all(t.text == "," for t in noun.doc[last + 1 : mark.i]):
            return np_range(noun.doc, pobj.left_edge.i, last), clause
    return None


_HOLDING = frozenset("have hold harbor harbour share show express voice take".split())


def from_held(doc: Doc, noun: Token) -> Draft | None:
    """"Voters have mixed feelings about her", "he had little confidence in the courts": an attitude noun
    that the subject of "have" (or "hold", "voice" ...) holds, towards its preposition's object."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in _HOLDING:
        return None
    preps = HELD_PREPS.get(noun.lemma_.lower(), ())
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps and c.i > noun.i), None)
    if prep is None:  # "has doubts about": the parser may hang the phrase on the verb
        after = noun.right_edge.i + 1
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in preps and c.i == after), None)
    pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if pobj is None or subject is None or subject.lower_ in ("it", "this", "that", "which", "there"):
        return None
    return Draft(pobj.left_edge.idx, end_char(pobj.right_edge), cue=(noun.idx, end_char(noun)),
                 speaker=np_span(subject), kind="stance")


def from_role(doc: Doc, noun: Token) -> Draft | None:
    """"Clinton is an outspoken supporter of Roe v. Wade", "Adelson, a fierce critic of the deal, ...": a
    noun of standing position said of somebody (a copula's subject, the noun an apposition describes);
    its of/for phrase is the content, a stance."""
    preps = ROLE_PREPS.get(noun.lemma_.lower(), ())
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps and c.i > noun.i), None)
    pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if pobj is None or noun.tag_ != "NN" and noun.dep_ != "attr":
        return None
    head = noun.head
    if noun.dep_ == "attr" and head.pos_ in ("AUX", "VERB"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < noun.i), None)
        speaker = np_span(subject) if subject is not None else None
    elif noun.dep_ == "appos" and head.pos_ in ("PROPN", "NOUN") and head.i < noun.i:
        speaker = np_range(doc, head.left_edge.i, head.i)
    else:
        return None
    if speaker is None or speaker.root.lower_ in ("it", "this", "that", "there", "which"):
        return None
    cue = (noun.idx, end_char(prep))
    return Draft(pobj.left_edge.idx, end_char(pobj.right_edge), cue=cue, speaker=speaker, kind="stance")


# verbs whose object is a position received: "faced criticism", "won the endorsement of", "drew praise"
_RECEIVING = frozenset("face draw receive win get earn secure attract spark trigger snag land garner".split())
_GIVEN_BY = frozenset({"endorsement", "support", "backing", "blessing"})  # "the endorsement of X": X gives it


def from_received(doc: Doc, noun: Token) -> Draft | None:
    """"Cruz faced criticism from Democrats over the loans", "she won the endorsement of the union": a
    position received from a source (the from/by phrase; "of" for backing) on a content (the noun's or the
    verb's for/over/on phrase, else the one who received it)."""
    verb = noun.head
    lemma = noun.lemma_.lower()
    if lemma not in RECEIVED_NOUNS or noun.dep_ != "dobj" or verb.lemma_.lower() not in _RECEIVING:
        return None
    givers = ("from", "by", "of") if lemma in _GIVEN_BY else ("from", "by")
    source = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in givers and c.i > noun.i), None)
    source = next((c for c in source.children if c.dep_ == "pobj"), None) if source is not None else None
    if source is None:
        return None
    # "from farmers over the plan": the parser may hang the content's phrase on the giver
    about = [c for c in (*noun.children, *verb.children, *source.children) if c.dep_ == "prep" and c.i > noun.i
             and c.lower_ in ("for", "over", "on", "about", "to") and c.i != source.head.i]
    pobj = next((p for c in about for p in c.children if p.dep_ in ("pobj", "pcomp")), None)
    speaker = np_span(source)
    if pobj is not None and source.i < pobj.head.i <= source.right_edge.i:
        speaker = np_range(doc, source.left_edge.i, pobj.head.i - 1)
    if pobj is not None:
        start, end = pobj.left_edge.idx, end_char(pobj.right_edge)
    else:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ in ("who", "which", "that", "it"):
            return None
        span = np_span(subject)
        start, end = span.start_char, span.end_char
    return Draft(start, end, cue=(noun.idx, end_char(noun)), speaker=speaker, kind="stance")


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
    if left[-1].pos_ not in ("PROPN", "NOUN") or not any(t.pos_ == "PROPN" or t.is_title or t.is_upper for t in left):
        return None
    if cue.dep_ in SUBJECTS and cue.head.pos_ in ("VERB", "AUX"):
        return None  # "The calls for calm went unanswered": a real noun, subject of a real verb
    start = cue.i + 1
    if start < sent.end and doc[start].lower_ in ("that", "for", "to") and (kind == "stance") == (doc[start].lower_ != "that"):
        start += 1
    words = [t for t in doc[start : sent.end] if not (t.is_punct or t.is_space)]
    if len(words) < 3:
        return None
    draft = Draft(words[0].idx, end_char(words[-1]), cue=(cue.idx, end_char(cue)), speaker=left, kind=kind)
    return draft


# verbs that make a speech noun their object without changing who speaks: "raised questions about",
# "made comments about", "voiced concern over", "kept up his criticism of"
_LIGHT_VERBS = frozenset(
    """make raise voice express offer level renew repeat keep avoid air pose issue take
    reiterate restate reaffirm ratchet escalate intensify step sharpen soften temper tone press""".split()
)  # the second line: a speaker turning their own words up or down ("ratcheted up his critique of")


def _light_verb_subject(noun: Token) -> SpacySpan | None:
    """The subject of the light verb whose object the speech noun is, if any."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in _LIGHT_VERBS:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("it", "that", "which", "this"):
        return None
    return np_span(subject)
