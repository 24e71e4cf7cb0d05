"""khabar_quotes: direct and indirect quotes with speaker, cue, addressee and medium.

A quote starts from an attribution cue in the dependency parse: a reporting verb with its clausal
complement ("X said (that) ..."), the same verb after its content ("..., X added.", "..., announced the
service in a statement"), a participle ("..., saying ..."), or "according to X". Its content is then snapped
to the quotation marks it overlaps, because the parser often splits a multi-sentence quote into sentences.
Quoted stretches no cue reaches (the second half of “...,” he said, “...”, a quote paragraph after an
attributed one) inherit the speaker of the quote before them. Short quoted words inside a sentence (scare
quotes, titles) are not quotes. Speakers go through `actors.actor_at`; until it answers, pronouns take
the nearest person named before them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract.cues import (
    ADDRESSEE_VERBS,
    CONTENT_PREPS,
    LABEL_WORDS,
    MEDIUM_NOUNS,
    PERSON_PRONOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
    QuoteMarks,
    find_quote_marks,
    medium_of_words,
)
from khabar.nlp import extensions  # noqa: F401
from khabar.records import Quote, Span

log = logging.getLogger(__name__)

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_TRIM = " \t\n\r,;:–—-"
_DIRECT_SHARE = 0.6  # share of the content inside quotation marks that makes a quote direct
_ORPHAN_MIN_WORDS = 6  # a quoted stretch with no cue must look like a sentence to count


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    cue: tuple[int, int] | None = None
    speaker: SpacySpan | None = None
    addressee: tuple[int, int] | None = None
    medium: str | None = None
    direct: bool = False
    kind: str = "speech"
    inherited: Quote | None = None  # orphan quoted stretch: the quote whose speaker it takes


@Language.component("khabar_quotes")
def khabar_quotes(doc: Doc) -> Doc:
    doc._.khabar_quotes = find_quotes(doc)
    return doc


def find_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed doc, in text order, ids q1, q2, ..."""
    article = doc._.article
    blocks = [(b.start, b.end) for b in article.blocks] if article is not None and article.blocks else None
    marks = find_quote_marks(doc.text, blocks)
    drafts: list[_Draft] = []
    for token in doc:
        draft = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            draft = _from_according(doc, token)
        elif token.pos_ == "VERB" and (token.lemma_.lower() in SPEECH_VERBS or token.lemma_.lower() in STANCE_VERBS or token.lemma_.lower() in CONTENT_PREPS):
            draft = _from_verb(doc, token, marks)
        if draft is not None and _snap(doc.text, draft, marks):
            drafts.append(draft)
    drafts.extend(_colon_labels(doc, blocks))
    drafts = _dedupe(drafts)
    # a cue inside quotation marks ("I think ...", “he told me ...”) is part of what somebody said, and a
    # stance inside reported speech ("said the air force supported ...") is the speaker's claim, not a quote
    quoted = [m for m in marks if m.double]
    drafts = [d for d in drafts if not (d.cue and any(m.inner_start <= d.cue[0] < m.inner_end for m in quoted))]
    drafts = [d for d in drafts if d.kind == "speech" or not any(o.kind == "speech" and _inside(d.cue, o) for o in drafts)]
    drafts.extend(_orphans(doc, drafts, marks))
    drafts.sort(key=lambda d: (d.start, d.end))
    quotes: list[Quote] = []
    for draft in drafts:
        quotes.append(_to_quote(doc, draft, f"q{len(quotes) + 1}", quotes))
    return quotes


def quote_for(doc: Doc, where: Token | SpacySpan, stance: bool = False) -> Quote | None:
    """The quote whose content holds `where` (an event known only because someone said it).

    Stance quotes ("vowed to retake the city") are skipped unless `stance` is set: an event inside one
    is planned or demanded, not reported as having happened."""
    quotes = doc._.khabar_quotes
    if quotes is None:
        quotes = find_quotes(doc)
    if not stance:
        quotes = [q for q in quotes if q.kind != "stance"]
    if isinstance(where, Token):
        start, end = where.idx, where.idx + len(where)
    else:
        start, end = where.start_char, where.end_char
    best = None
    for quote in quotes:  # the innermost (shortest) quote that holds it
        if quote.content.start <= start and end <= quote.content.end:
            if best is None or quote.content.end - quote.content.start < best.content.end - best.content.start:
                best = quote
    return best


# ---------------------------------------------------------------- cues


def _from_verb(doc: Doc, verb: Token, marks: list[QuoteMarks]) -> _Draft | None:
    passive = _passive_with_agent(verb)
    if passive is not None:
        return passive
    speaker = _speaker_of(verb)
    content = next((c for c in verb.children if c.dep_ == "ccomp" and _is_clause(c)), None)
    cue_end = _cue_end(verb)
    draft = _Draft(0, 0, cue=(verb.idx, cue_end))
    lemma = verb.lemma_.lower()
    if content is not None and lemma in SPEECH_VERBS | STANCE_VERBS:
        lo, hi = content.left_edge, content.right_edge
        if lo.i < verb.i < hi.i:  # "what Trump says his plan would do": the fronted object is not said
            lo = doc[verb.i + 1]
        draft.start, draft.end = lo.idx, _end_char(hi)
    else:
        span = None
        if lemma in SPEECH_VERBS:
            span = (
                _inverted_content(doc, verb, speaker)
                or _parenthetical_content(doc, verb, speaker)
                or _adjacent_quote(doc, verb, speaker, marks)
            )
        if span is None:
            if speaker is None or speaker.root.lower_ in ("who", "that", "which") and lemma not in SPEECH_VERBS:
                return None
            span = _stance_content(verb)
            draft.kind = "stance"
        if span is None:
            return None
        if speaker is None:
            speaker = _speaker_after(verb)
        draft.start, draft.end = span
    if speaker is not None and speaker.start_char < draft.end and draft.start < speaker.end_char:
        return None  # the subject lies inside the content: not an attribution of this clause
    speaker, medium = _narrow_medium_noun(speaker)
    draft.speaker = speaker
    draft.addressee = _addressee(verb, draft)
    draft.medium = medium or _medium(verb, draft)
    return draft


def _passive_with_agent(verb: Token) -> _Draft | None:
    """"The proposal was rejected by the council": the agent speaks, the passive subject is the content."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subject is None or pobj is None or subject.lower_ in ("it", "that", "which", "who"):
        return None
    content = _np(subject)
    draft = _Draft(content.start_char, content.end_char, cue=(verb.idx, _end_char(verb)), speaker=_np(pobj), kind="stance")
    if any(c.dep_ == "ccomp" for c in verb.children):
        return None  # "it was announced by X that ...": left to the clausal rule
    return draft


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
        return lo.idx, _end_char(xcomp.right_edge)
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in CONTENT_PREPS.get(lemma, ()) and prep.i > verb.i:
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return pobj.left_edge.idx, _end_char(pobj.right_edge)
    if obj is not None and lemma in STANCE_VERBS and obj.pos_ not in ("PRON",) or obj is not None and obj.lower_ in ("it", "this"):
        hi = obj.right_edge
        for extra in verb.children:  # "described the deal as a betrayal"
            if extra.i > hi.i and (extra.dep_ in ("oprd", "ccomp") or extra.dep_ == "prep" and extra.lower_ == "as"):
                hi = extra.right_edge
        return obj.left_edge.idx, _end_char(_before_medium_pp(hi, obj))
    return None


def _before_medium_pp(last: Token, head: Token) -> Token:
    """"more school investment in a statement": the medium phrase belongs to the cue, not the content."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "during") and prep.i > head.i:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.lemma_.lower() in MEDIUM_NOUNS or pobj.text == "X") and prep.i - 1 >= head.left_edge.i:
                return prep.doc[prep.i - 1]
    return last


def _from_according(doc: Doc, according: Token) -> _Draft | None:
    to = doc[according.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in according.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    speaker, medium = _narrow_medium_noun(doc[pobj.left_edge.i : pobj.right_edge.i + 1])
    head = according.head if according.head != according else according
    sent = according.sent
    lo, hi = according.left_edge.i, max(according.right_edge.i, pobj.right_edge.i)
    if head == according or head.i < sent.start:
        head = sent.root
    clause_lo, clause_hi = head.left_edge.i, head.right_edge.i
    # the clause the phrase modifies, without the phrase: the larger side of it
    before = (clause_lo, lo - 1)
    after = (hi + 1, clause_hi)
    side = before if before[1] - before[0] >= after[1] - after[0] else after
    if side[1] < side[0]:
        return None
    start, end = doc[side[0]].idx, _end_char(doc[side[1]])
    draft = _Draft(start, end, cue=(according.idx, _end_char(to)), speaker=speaker)
    words = [t.lemma_.lower() for t in doc[lo : hi + 1]]
    draft.medium = medium or medium_of_words(words)
    return draft


def _is_clause(head: Token) -> bool:
    return head.pos_ in ("VERB", "AUX") or any(c.dep_ in _SUBJECTS or c.dep_ == "mark" and c.lower_ == "that" for c in head.children)


def _cue_end(verb: Token) -> int:
    """The cue with its particle: "pointed out", "called for" stays the verb alone."""
    prt = [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return _end_char(prt[0]) if prt else _end_char(verb)


def _speaker_of(verb: Token) -> SpacySpan | None:
    """The subject of the cue, or of the verb it hangs from ("..., adding that", "and noted that")."""
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in _SUBJECTS]
        if subjects:
            if any(s.dep_ in ("nsubjpass", "expl") for s in subjects):
                return None
            if current is not verb and verb.dep_ == "conj" and _speaker_after(verb) is not None and _comma_before(verb):
                return None  # "<clause>, announced the service": the subject follows the cue
            # "spokesperson for OIR, Colonel Myles Caggins, tweeted": the parser gives two subjects
            doc = verb.doc
            return _np_range(doc, min(s.left_edge.i for s in subjects), max(s.right_edge.i for s in subjects))
        if current.dep_ in ("conj", "advcl", "xcomp") and current.head != current and current.head.pos_ in ("VERB", "AUX"):
            current = current.head
            continue
        break
    return None


def _comma_before(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].text in (",", "—", "–")


def _speaker_after(verb: Token) -> SpacySpan | None:
    """Inverted order: "..., said the minister", "..., announced the service in a statement"."""
    for child in verb.rights:
        if child.dep_ not in ("nsubj", "dobj", "attr", "npadvmod", "dative"):
            continue
        definite = child.pos_ in ("PROPN", "PRON") or any(c.lower_ in ("the", "this") or c.dep_ == "poss" for c in child.lefts)
        if definite and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return _np(child)
    return None


def _np(head: Token) -> SpacySpan:
    return _np_range(head.doc, head.left_edge.i, head.right_edge.i)


def _np_range(doc: Doc, lo: int, hi: int) -> SpacySpan:
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
                return _np(pobj), medium
    poss = next((c for c in root.children if c.dep_ == "poss"), None)  # "the ministry's statement"
    if poss is not None:
        return _np(poss), medium
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
    return doc[start].idx, _end_char(doc[first - 2])


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
    return doc[side[0]].idx, _end_char(doc[side[1]])


def _adjacent_quote(doc: Doc, verb: Token, speaker: SpacySpan | None, marks: list[QuoteMarks]) -> tuple[int, int] | None:
    """A quotation right before the cue clause (“...” he said) or right after it (He said: “...”)."""
    text = doc.text
    left = min(verb.idx, speaker.start_char if speaker is not None else verb.idx)
    right = verb.idx + len(verb)
    for child in verb.rights:  # "he told reporters: “...”" -- the clause ends after its objects
        if child.dep_ in ("dobj", "dative", "npadvmod", "prep") and not child.is_punct:
            right = max(right, _end_char(child.right_edge))
    for mark in marks:
        if mark.end <= left and not text[mark.end : left].strip(" ,\n\t—–-"):
            return mark.inner_start, mark.inner_end
        if mark.start >= right and text[right : mark.start].strip() in (":", ",", ":-", ""):
            gap = text[right : mark.start]
            if ":" in gap or "," in gap:
                return mark.inner_start, mark.inner_end
    return None


def _addressee(verb: Token, draft: _Draft) -> tuple[int, int] | None:
    """"told Lebanese officials", "said to reporters", "in an interview with Asharq al-Awsat"."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.idx >= draft.start and child.idx < draft.end:
            continue
        if lemma in ADDRESSEE_VERBS and child.dep_ in ("dobj", "dative") and child.lower_ not in ("that", "this", "it"):
            span = _np(child)
            return span.start_char, span.end_char
        if child.dep_ == "prep" and child.lower_ == "to" and lemma in ("say", "explain", "announce", "write", "speak", "reply", "complain"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                span = _np(pobj)
                return span.start_char, span.end_char
        if child.dep_ == "prep" and child.lower_ == "in":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() == "interview":
                for prep in pobj.children:
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if prep.lower_ in ("with", "to") and obj is not None:
                        span = _np(obj)
                        return span.start_char, span.end_char
    return None


def _medium(verb: Token, draft: _Draft) -> str | None:
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


# ---------------------------------------------------------------- spans


def _end_char(token: Token) -> int:
    return token.idx + len(token)


def _snap(text: str, draft: _Draft, marks: list[QuoteMarks]) -> bool:
    """Trim the content, stretch it over the quotation it overlaps, decide direct; False when empty."""
    start, end = _trim(text, draft.start, draft.end)
    if end <= start:
        return False
    for mark in marks:
        if mark.inner_end <= start or mark.inner_start >= end:
            continue
        if draft.cue is not None and mark.inner_start <= draft.cue[0] < mark.inner_end:
            continue  # a cue inside somebody's quotation ("I think ...") stays inside it
        if not mark.double and not (start >= mark.inner_start and end <= mark.inner_end):
            continue  # a single-quoted title inside a clause says nothing about the quote's extent
        if start >= mark.start and end <= mark.end:  # the parser saw one sentence of a longer quote
            start, end = mark.inner_start, mark.inner_end
        elif start < mark.start < end < mark.end:
            end = mark.inner_end
        elif mark.start < start < mark.end < end:
            start = mark.inner_start
    start, end = _trim(text, start, end)
    if end <= start:
        return False
    inside = sum(
        max(0, min(end, m.inner_end) - max(start, m.inner_start)) for m in marks if m.double or m.inner_end - m.inner_start > 40
    )
    draft.direct = inside >= _DIRECT_SHARE * (end - start)
    if not draft.direct and text[end - 1] == "." and end - start > 1 and (text[end - 2].islower() or text[end - 2].isdigit()):
        end -= 1  # a reported clause does not own the sentence's full stop ("U.S." keeps its own)
    draft.start, draft.end = start, end
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, edge punctuation, unmatched edge quote marks and a leading complementiser "that"."""
    while True:
        before = (start, end)
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if text[start : start + 5].lower() == "that " and end - start > 5:
            start += 5
        if start < end and text[start] in "“\"'‘" and text[start + 1 : end].count(text[start]) == 0 and "”" not in text[start:end]:
            start += 1
        if start < end and text[end - 1] in "”\"’" and not any(c in text[start : end - 1] for c in "“\""):
            end -= 1
        if (start, end) == before:
            return start, end


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """One quote per content: two cues reaching the same words keep the one with a speaker."""
    best: dict[tuple[int, int], _Draft] = {}
    for draft in drafts:
        key = (draft.start, draft.end)
        old = best.get(key)
        if old is None or (old.speaker is None and draft.speaker is not None) or _nested(old) and not _nested(draft):
            best[key] = draft
    return list(best.values())


def _inside(span: tuple[int, int] | None, draft: _Draft) -> bool:
    return span is not None and draft.start <= span[0] and span[1] <= draft.end


def _colon_labels(doc: Doc, blocks: list[tuple[int, int]] | None) -> list[_Draft]:
    """Headline and transcript style: "Sanders: Clinton must talk policy", "WALLACE: Let's start"."""
    out = []
    starts = [b[0] for b in blocks] if blocks else [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]
    for char in starts:
        span = doc.char_span(char, min(len(doc.text), char + 80), alignment_mode="contract")
        if span is None:
            continue
        colon = next((t for t in span[:8] if t.text == ":"), None)
        if colon is None or colon.i == span.start:
            continue
        label = doc[span.start : colon.i]
        words = [t for t in label if not t.is_space]
        if not words or any(t.pos_ in ("VERB", "AUX", "NUM") or t.lower_ in LABEL_WORDS for t in words):
            continue
        if not any(t.pos_ == "PROPN" or t.is_upper and len(t) > 1 for t in words):
            continue
        sent = colon.sent
        rest = [t for t in doc[colon.i + 1 : sent.end] if not t.is_space]
        if len(rest) < 3:
            continue
        start, end = rest[0].idx, _end_char(rest[-1])
        out.append(_Draft(start, end, cue=(colon.idx, colon.idx + 1), speaker=_np_range(doc, words[0].i, words[-1].i)))
    return [d for d in out if _snap(doc.text, d, [])]


def _nested(draft: _Draft) -> bool:
    """A cue that sits inside the content it introduces comes from a quotation within a quotation."""
    return draft.cue is not None and draft.start <= draft.cue[0] < draft.end


def _orphans(doc: Doc, drafts: list[_Draft], marks: list[QuoteMarks]) -> list[_Draft]:
    """Sentence-like quotations no cue reached: they continue the quote just before them."""
    out = []
    ordered = sorted(drafts, key=lambda d: d.start)
    for mark in marks:
        if not mark.double or any(d.start < mark.inner_end and mark.inner_start < d.end for d in drafts):
            continue
        span = doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="contract")
        if span is None:
            continue
        words = [t for t in span if not (t.is_punct or t.is_space)]
        previous = [d for d in ordered if d.end <= mark.start and d.speaker is not None]
        resumed = bool(previous) and _resumes(doc.text, previous[-1], mark)
        if not words or not resumed and (len(words) < _ORPHAN_MIN_WORDS or not any(t.pos_ in ("VERB", "AUX") for t in words)):
            continue
        start, end = _trim(doc.text, mark.inner_start, mark.inner_end)
        draft = _Draft(start, end, direct=True)
        signed = _dash_signature(doc, mark)
        if signed is not None:
            draft.speaker, draft.cue = signed
            out.append(draft)
            continue
        if previous and _paragraph_gap(doc.text, previous[-1].end, mark.start) <= 1:
            draft.speaker = previous[-1].speaker
        out.append(draft)
    return out


def _resumes(text: str, previous: _Draft, mark: QuoteMarks) -> bool:
    """“Here he is,” she said. “Look!” -- a quotation right after the cue of a direct quote resumes it."""
    gap = text[previous.end : mark.start]
    return (
        previous.direct
        and previous.cue is not None
        and previous.end <= previous.cue[0] < mark.start
        and len(gap) <= 80
        and "\n" not in gap
        and gap.rstrip()[-1:] in (".", ",", ":")
    )


def _dash_signature(doc: Doc, mark: QuoteMarks) -> tuple[SpacySpan, tuple[int, int]] | None:
    """“...” ― Karen Bobadilla: a quotation signed with a dash and a name (speaker, cue = the dash)."""
    text = doc.text
    i = mark.end
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    if i >= len(text) or text[i] not in "―—–":
        return None
    j = i + 1
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    span = doc.char_span(j, text.find("\n", j) if "\n" in text[j:] else len(text), alignment_mode="contract")
    if span is None:
        return None
    name = []
    for tok in span:
        if tok.is_title or tok.is_upper or (name and tok.text in (".", "-", "'")) or (name and tok.lower_ in ("al", "de", "van", "von", "bin")):
            name.append(tok)
        else:
            break
    while name and name[-1].is_punct:
        name.pop()
    if not name or len(name) > 6:
        return None
    return doc[name[0].i : name[-1].i + 1], (i, i + 1)


def _paragraph_gap(text: str, start: int, end: int) -> int:
    """How many paragraph breaks lie between two offsets."""
    return text.count("\n\n", start, end) + (1 if text.count("\n", start, end) and "\n\n" not in text[start:end] else 0)


# ---------------------------------------------------------------- records


def _to_quote(doc: Doc, draft: _Draft, qid: str, done: list[Quote]) -> Quote:
    text = doc.text
    quote = Quote(id=qid, content=Span(draft.start, draft.end, text[draft.start : draft.end]), direct=draft.direct)
    quote.kind = "speech" if draft.direct else draft.kind
    if draft.cue is not None:
        quote.cue = Span(draft.cue[0], draft.cue[1], text[draft.cue[0] : draft.cue[1]])
    if draft.addressee is not None:
        quote.addressee = Span(draft.addressee[0], draft.addressee[1], text[draft.addressee[0] : draft.addressee[1]])
    quote.medium = draft.medium
    if draft.speaker is not None:
        sp = draft.speaker
        quote.speaker = Span(sp.start_char, sp.end_char, sp.text)
        quote.speaker_actor_id, quote.speaker_name = _resolve(doc, sp, done)
        if draft.cue is None:  # an orphan continues the previous quote: same speaker, same medium
            previous = next((q for q in reversed(done) if q.speaker and q.speaker.start == sp.start_char), None)
            if previous is not None:
                quote.medium, quote.cue = previous.medium, None
    return quote


def _resolve(doc: Doc, speaker: SpacySpan, done: list[Quote]) -> tuple[str | None, str]:
    """(actor id, canonical name) of a speaker mention: actors.actor_at first, then local rules."""
    named = _entity_span(doc, speaker)  # "spokesperson for OIR, Colonel Myles Caggins": ask about the name
    try:
        from khabar.extract import actors  # at call time: quotes keep working while actors is rebuilt

        ref = actors.actor_at(doc, named if named is not None else speaker)
    except Exception as exc:  # noqa: BLE001 -- the actors stage is another module; its failure must not lose quotes
        log.warning("actor_at failed on %r: %s", speaker.text, exc)
        ref = None
    if ref is not None:
        return ref.actor_id, ref.name
    root = speaker.root
    if root.lower_ in PERSON_PRONOUNS:
        return None, _antecedent(doc, speaker, done) or speaker.text
    if root.lower_ in ("who", "that") and root.head.dep_ == "relcl":
        antecedent = _np(root.head.head)
        return None, _entity_name(doc, antecedent) or antecedent.text
    return None, _entity_name(doc, speaker) or speaker.text


def _antecedent(doc: Doc, pronoun: SpacySpan, done: list[Quote]) -> str | None:
    """Whom "he"/"she" means: the latest person who was the subject of a recent sentence or the speaker
    of a recent quote. Names inside what somebody said do not count ("He explained that Abdullah ...")."""
    said = [(q.content.start, q.content.end) for q in done]
    window = pronoun.start_char - 1500
    best: tuple[int, str] | None = None
    for ent in doc.ents:
        if ent.label_ != "PERSON" or not (window <= ent.start_char and ent.end_char <= pronoun.start_char):
            continue
        if ent.root.dep_ not in ("nsubj", "appos", "compound") or any(a <= ent.start_char < b for a, b in said):
            continue
        best = (ent.start_char, _full_name(doc, ent))
    people = {_full_name(doc, e) for e in doc.ents if e.label_ == "PERSON"}
    for quote in done:
        if quote.speaker is None or quote.speaker_name not in people:
            continue
        if window <= quote.speaker.start < pronoun.start_char and (best is None or quote.speaker.start > best[0]):
            best = (quote.speaker.start, quote.speaker_name)
    if best is not None:
        return best[1]
    return _person_before(doc, pronoun.start_char)


def _entity_name(doc: Doc, span: SpacySpan) -> str | None:
    """The name a noun phrase is about, under its longest form in the article."""
    ent = _entity_span(doc, span)
    if ent is None:
        return None
    return _full_name(doc, ent) if ent.label_ == "PERSON" else ent.text


def _entity_span(doc: Doc, span: SpacySpan) -> SpacySpan | None:
    """The name entity holding a noun phrase's head, or a person in apposition to it."""
    root = span.root
    for ent in span.ents:
        if ent.start <= root.i < ent.end and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
            return ent
    for ent in span.ents:  # "spokesperson, Brigadier General Yahya Rasool": a person in apposition
        if ent.label_ == "PERSON" and ent.root.dep_ in ("appos", "nsubj") and ent.root.head.i in (root.i, root.head.i):
            return ent
    return None


def _person_before(doc: Doc, char: int) -> str | None:
    """The person named last before a pronoun, under the longest form the article gives that name."""
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= char]
    return _full_name(doc, people[-1]) if people else None


def _full_name(doc: Doc, ent: SpacySpan) -> str:
    """"Abu Ragheef" -> "Fadel Abu Ragheef" when the article named him so earlier."""
    surname = ent.text.split()[-1].lower()
    best = ent.text
    for other in doc.ents:
        if other.label_ == "PERSON" and other.text.split()[-1].lower() == surname and len(other.text) > len(best):
            if other.text.endswith(ent.text) or ent.text in other.text:
                best = other.text
    return best
