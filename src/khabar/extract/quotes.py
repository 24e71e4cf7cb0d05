"""khabar_quotes: direct and indirect quotes with speaker, cue, addressee, medium and kind.

    cues.py        lexicons (reporting and stance verbs, media)
    quote_marks.py quotation-mark pairing (stray and unclosed marks stay in their paragraph)
    attribution.py one rule per verb cue shape in the dependency parse -> Draft
    stances.py     positions on a thing or plan ("urged", "noted her record", "was critical of"), hedges
    cue_nouns.py   "according to X", speech nouns ("X's claim that"), position nouns ("a critic of", "faced
                   criticism from", "have doubts about"), headline verbs tagged as nouns
    quote_spans.py the Draft record and span helpers the rules share
    signatures.py  quotes signed outside a sentence: "Label: ...", “...” ― Name
    quotes.py      (here) fit drafts to quotation marks, add uncued quotations, build Quote records
    speakers.py    speaker name: actors.actor_at, else pronoun and apposition rules
    learned_cues.py cue words learned from PolNeAR train (data/quote_cues.tsv) and the gate on their quotes
    generic_cues.py a learned back-off: any verb or attitude adjective the rules left alone, scored by the
                   model of cue_model.py (data/cue_model.npz); its quotes are stances
    attrib_tagger.py the last step: a learned token tagger (data/attrib_tagger.bin) adds contents no rule reached

The parser often splits a multi-sentence quotation into sentences, so a draft's content is stretched over
the quotation marks it overlaps. Quoted stretches no cue reaches (the second half of “...,” he said, “...”;
a quote paragraph after an attributed one) take the speaker of the quote before them, unless a cue follows
them (“...,” X said later in the sentence; a left-open paragraph whose next paragraph closes “...,” X said)
or a name opens them with a colon (Jones: “...”). Short quoted words
inside a sentence (scare quotes, titles) are not quotes, and neither is a cue inside quotation marks.
Kinds: "speech" (a proposition: a clause or a quotation) and "stance" (a position on a thing or a plan:
"urged voters to ...", "called for talks"); `quote_for` skips stances unless asked.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.symbols import ADJ, NOUN, VERB
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import attrib_tagger, generic_cues, learned_cues
from khabar.extract.attribution import from_verb
from khabar.extract.cue_nouns import (
    from_according,
    from_held,
    from_mistagged,
    from_noun,
    from_received,
    from_role,
)
from khabar.extract.quote_spans import Draft, cue_lemma, doc_text, forget_text, reported_within
from khabar.extract.stances import attitude
from khabar.extract.cues import (
    ATTITUDE_ADJS,
    CLAIM_NOUNS,
    CLAUSE_VERBS,
    CONTENT_PREPS,
    ENDORSE_VERBS,
    HEDGE_VERBS,
    HELD_PREPS,
    MANNER_VERBS,
    MISTAGGED_CUES,
    NP_SPEECH_VERBS,
    OPINION_VERBS,
    RECEIVED_NOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
)
from khabar.extract.quote_marks import QuoteMarks, find_quote_marks
from khabar.extract.signatures import colon_introducer, colon_labels, dash_signature
from khabar.extract.speakers import resolve_speaker
from khabar.nlp import extensions  # noqa: F401
from khabar.records import Quote, Span


def cue_lemmas(preps: bool = True) -> frozenset[str]:
    """Every verb lemma from_verb may read as a cue (learned_cues.using rebinds the sets and calls it);
    without `preps`, leaving out those that are cues only with a preposition ("vote for")."""
    return (
        SPEECH_VERBS | STANCE_VERBS | CLAUSE_VERBS | OPINION_VERBS | MANNER_VERBS | NP_SPEECH_VERBS
        | HEDGE_VERBS | ENDORSE_VERBS | (frozenset(CONTENT_PREPS) if preps else frozenset()) | {"put"}
    )


_CUE_LEMMAS = cue_lemmas()
_HELD = frozenset(HELD_PREPS)
_PREP_ONLY = _CUE_LEMMAS - cue_lemmas(preps=False)  # from_verb reads these only with their preposition
_TRIM = " \t\n\r,;:–—-"
_DANGLING = re.compile(r"[\s,]+(?:and|but|or)$")
_DIRECT_SHARE = 0.6  # share of the content inside quotation marks that makes a quote direct
_ORPHAN_MIN_WORDS = 6  # a quoted stretch with no cue must look like a sentence to count


@Language.component("khabar_quotes")
def khabar_quotes(doc: Doc) -> Doc:
    doc._.khabar_quotes = find_quotes(doc)
    forget_text(doc)
    return doc


def find_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed doc, in text order, ids q1, q2, ..."""
    article = doc._.article
    blocks = [(b.start, b.end) for b in article.blocks] if article is not None and article.blocks else None
    text = doc_text(doc)
    marks = find_quote_marks(text, blocks)
    drafts: list[Draft] = []
    taken: set[int] = set()  # tokens the rules read: the learned back-off leaves them alone
    for token in _cue_candidates(doc):
        draft = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            draft = from_according(doc, token)
        elif token.pos_ == "VERB" and cue_lemma(token) in _CUE_LEMMAS and _may_cue(token):
            draft = from_verb(doc, token, marks)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in CLAIM_NOUNS:
            draft = from_noun(doc, token)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in ROLE_NOUNS:
            draft = from_role(doc, token)
        if draft is None and token.pos_ == "NOUN" and token.dep_ == "dobj":  # "faced criticism from X", "won
            draft = from_received(doc, token) or from_held(doc, token)  # the endorsement of X", "have doubts about"
        if draft is None and token.pos_ != "VERB" and token.lower_ in MISTAGGED_CUES:
            draft = from_mistagged(doc, token)
        if draft is None and token.pos_ == "ADJ":
            draft = attitude(token)
        if draft is not None or token.pos_ != "VERB" or cue_lemma(token) in _CUE_LEMMAS:
            taken.add(token.i)  # a lexicon word the rules turned down ("did not mention", "supported the offensive")
        if draft is not None and _snap(text, draft, marks) and _gated(doc, token, draft):
            drafts.append(draft)
            if draft.rest is not None:  # the other side of a cue between commas: same cue, same speaker
                rest = Draft(*draft.rest, cue=draft.cue, speaker=draft.speaker, medium=draft.medium)
                if _snap(text, rest, marks):
                    drafts.append(rest)
    drafts.extend(generic_cues.back_off(doc, drafts, taken, lambda d: _snap(text, d, marks)))  # learned back-off
    # "Label: <clause>" only when the clause has no source of its own ("BEIRUT: The army said ...") but "I"
    labelled = [d for d in colon_labels(doc, blocks) if _snap(doc_text(doc), d, [])]
    turns = [d for d in labelled if d.speaker is not None and d.speaker.text.isupper()]  # "PENCE: ..." transcripts
    for label in labelled:
        inner = [d for d in drafts if d.cue and label.start <= d.cue[0] < label.end]
        if label in turns or not inner:
            drafts.append(label)
        elif all(_first_person(d) for d in inner):  # "Rubio: I Still Believe Trump Can't ...": the name
            drafts = [d for d in drafts if all(d is not o for o in inner)]  # speaks the line, "I" is that name
            drafts.append(label)
    drafts = _dedupe(drafts)
    # a cue inside quotation marks ("I think ...", “he told me ...”) is part of what somebody said, and a
    # stance inside reported speech ("said the air force supported ...") is the speaker's claim, not a quote
    quoted = [m for m in marks if m.double and m.end > m.inner_end]  # closed ones: a stray mark proves nothing
    drafts = [d for d in drafts if d in turns  # a transcript pasted as quotations ("PENCE: ... opens a turn
              or not (d.cue and any(m.inner_start <= d.cue[0] < m.inner_end for m in quoted))]
    speech = [d for d in drafts if d.kind == "speech"]
    drafts = [d for d in drafts if d.kind == "speech" or not any(_inside(d.cue, o) for o in speech)]
    # a cue inside another cue's argument is part of that attribution (PolNeAR marks the outer one only),
    # unless it quotes its speaker's words: "according to X, Y told Z that he wanted 'a new page'" is Y's
    # (on train: -0.002 content F1 against dropping it too; who said what to whom is worth it)
    drafts = [d for d in drafts if _quotes_words(text, d)
              or not any(o is not d and reported_within(doc, d, o) for o in drafts)]
    drafts.extend(_orphans(doc, drafts, marks))
    drafts.extend(attrib_tagger.extra(doc, drafts, marks, taken, lambda d: _snap(text, d, marks)))  # the last step
    drafts.sort(key=lambda d: (d.start, d.end))
    quotes: list[Quote] = []
    for draft in drafts:
        quotes.append(_to_quote(doc, draft, f"q{len(quotes) + 1}", quotes))
    return quotes


def _gated(doc: Doc, cue: Token, draft: Draft) -> bool:
    """A draft whose cue is a learned word must pass the learned gate (learned_cues.py); others pass."""
    gate = learned_cues.ACTIVE_GATE
    if gate is None or cue_lemma(cue) not in gate.lemmas:
        return True
    kind = "speech" if draft.direct else draft.kind
    return gate.keeps(learned_cues.features(doc, cue, draft.speaker, draft.start, draft.end, kind, draft.direct))


def _may_cue(verb: Token) -> bool:
    """A verb that is a cue only through its preposition ("voted for", "balked at") and has neither that
    preposition nor a by-agent can make no draft: skip from_verb for the many "stand", "side", "line"."""
    lemma = cue_lemma(verb)
    if lemma not in _PREP_ONLY:
        return True
    preps = CONTENT_PREPS[lemma]
    return any(c.dep_ == "agent" or c.lower_ in preps or c.dep_ == "advcl" for c in verb.children)


def _cue_candidates(doc: Doc) -> list[Token]:
    """Verbs and "according": one array pass instead of reading every token's strings in Python."""
    if not len(doc):
        return []
    key = id(doc.vocab.strings)
    ids = _ID_SETS.get(key)
    if ids is None:  # set lookups on plain ints beat numpy.isin (a sort per call) on news-length docs
        nouns = [*_hashes(doc, CLAIM_NOUNS).tolist(), *_hashes(doc, ROLE_NOUNS).tolist(),
                 *_hashes(doc, RECEIVED_NOUNS).tolist(), *_hashes(doc, _HELD).tolist()]
        ids = _ID_SETS[key] = (doc.vocab.strings.add("according"), frozenset(nouns),
                               frozenset(_hashes(doc, MISTAGGED_CUES).tolist()),
                               frozenset(_hashes(doc, ATTITUDE_ADJS).tolist()))
    according, nouns, mistagged, adjs = ids
    return [doc[i] for i, (pos, lower, lemma) in enumerate(doc.to_array([POS, LOWER, LEMMA]).tolist())
            if pos == VERB or lower == according or (pos == NOUN and lemma in nouns)
            or (pos != VERB and lower in mistagged) or (pos == ADJ and lemma in adjs)]


_ID_SETS: dict[int, tuple[int, frozenset[int], frozenset[int], frozenset[int]]] = {}


_HASHES: dict[tuple[int, int], numpy.ndarray] = {}


def _hashes(doc: Doc, words) -> numpy.ndarray:
    """The string ids of a word list in this vocab, computed once per vocab and list."""
    key = (id(doc.vocab.strings), id(words))
    if key not in _HASHES:
        _HASHES[key] = numpy.array([doc.vocab.strings.add(w) for w in words], dtype=numpy.uint64)
    return _HASHES[key]


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


# ---------------------------------------------------------------- spans


def _snap(text: str, draft: Draft, marks: list[QuoteMarks]) -> bool:
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
        max(0, min(end, m.inner_end) - max(start, m.inner_start))
        for m in marks
        if m.double or m.inner_end - m.inner_start > 40 or (m.inner_start <= start and end <= m.inner_end)
    )
    draft.direct = inside >= _DIRECT_SHARE * (end - start)
    stop = text[end - 1] == "." and end - start > 1 and (text[end - 2].islower() or text[end - 2].isdigit())
    if stop and not draft.direct:
        end -= 1  # a reported clause does not own the sentence's full stop ("U.S." keeps its own)
    draft.start, draft.end = start, end
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, edge punctuation and unmatched edge quote marks."""
    while True:
        before = (start, end)
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        opener = text[start] if start < end else ""
        if opener and opener in "“\"'‘" and opener not in text[start + 1 : end] and "”" not in text[start:end]:
            start += 1
        if start < end and text[end - 1] in "”\"’" and not any(c in text[start : end - 1] for c in "“\""):
            end -= 1
        tail = _DANGLING.search(text, start, end)
        if tail is not None and tail.start() > start:  # "he had not seen it, and": no dangling conjunction
            end = tail.start()
        if (start, end) == before:
            return start, end


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """One quote per content: two cues reaching the same words keep the one with a speaker."""
    best: dict[tuple[int, int], Draft] = {}
    for draft in drafts:
        key = (draft.start, draft.end)
        old = best.get(key)
        if old is None or (old.speaker is None and draft.speaker is not None) or _nested(old) and not _nested(draft):
            best[key] = draft
    return list(best.values())


def _quotes_words(text: str, draft: Draft) -> bool:
    """A draft that quotes words of its speaker (a direct quote, or a quotation inside the clause)."""
    return draft.direct or any(m in text[draft.start:draft.end] for m in '"“”')


_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})


def _first_person(draft: Draft) -> bool:
    """A draft whose speaker is only a first-person pronoun: in a labelled line it is the label's name."""
    words = [t for t in draft.speaker or () if not t.is_punct]
    return len(words) == 1 and words[0].lower_ in _FIRST_PERSON


def _inside(span: tuple[int, int] | None, draft: Draft) -> bool:
    return span is not None and draft.start <= span[0] and span[1] <= draft.end


def _nested(draft: Draft) -> bool:
    """A cue that sits inside the content it introduces comes from a quotation within a quotation."""
    return draft.cue is not None and draft.start <= draft.cue[0] < draft.end


def _orphans(doc: Doc, drafts: list[Draft], marks: list[QuoteMarks]) -> list[Draft]:
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
        resumed = bool(previous) and _resumes(doc_text(doc), previous[-1], mark)
        sentence_like = len(words) >= _ORPHAN_MIN_WORDS and any(t.pos_ in ("VERB", "AUX") for t in words)
        signed = dash_signature(doc, mark)  # “No plan, no answers.” ― A. Reader: signed, whatever its shape
        closing = _closing(doc_text(doc), mark, ordered)
        if not words or not (resumed or sentence_like or (signed or closing) is not None and len(words) >= 3):
            continue
        start, end = _trim(doc_text(doc), mark.inner_start, mark.inner_end)
        draft = Draft(start, end, direct=True)
        signed = signed or colon_introducer(doc, mark) or _name_colon(doc, mark)
        if signed is not None:
            draft.speaker, draft.cue = signed
            out.append(draft)
            ordered = sorted([*ordered, draft], key=lambda d: d.start)  # the next paragraph may continue it
            continue
        if closing is not None:  # “...,” said X -- the cue after it wins over the quote before it
            draft.speaker, draft.cue, draft.medium = closing.speaker, closing.cue, closing.medium
            out.append(draft)
            continue
        if previous and _paragraph_gap(doc_text(doc), previous[-1].end, mark.start) <= 1:
            draft.speaker = previous[-1].speaker
            ordered = sorted([*ordered, draft], key=lambda d: d.start)  # the next paragraph may continue it
        out.append(draft)
    return out


def _resumes(text: str, previous: Draft, mark: QuoteMarks) -> bool:
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


def _name_colon(doc: Doc, mark: QuoteMarks) -> tuple[SpacySpan, tuple[int, int]] | None:
    """“More from Jones: “...”", "POLL SHIFTS - Jane Roe: “...”": a person or organisation name right before
    the colon that opens a quotation signs it (the label has no verb for colon_introducer)."""
    text = doc_text(doc)
    i = mark.start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i < 2 or text[i - 1] != ":":
        return None
    colon = doc.char_span(i - 1, i, alignment_mode="expand")
    if colon is None or colon[0].i == 0:
        return None
    name = doc[colon[0].i - 1]
    if name.ent_type_ not in ("PERSON", "ORG") or name.ent_iob_ == "":
        return None
    start = name.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return doc[start : name.i + 1], (i - 1, i)


def _closing(text: str, mark: QuoteMarks, drafts: list[Draft]) -> Draft | None:
    """The quote whose cue closes this quotation, though the parser gave that cue other words: “...,” said
    X, angered that ... (a quotation ending in a comma, the cue later in its paragraph); or a paragraph
    left open (“... with no closing mark) that the next paragraph's “...,” X said continues."""
    later = sorted((d for d in drafts if d.cue is not None and d.speaker is not None and d.cue[0] >= mark.end),
                   key=lambda d: d.cue[0])
    if not later:
        return None
    first = later[0]
    inner = text[mark.inner_start : mark.inner_end].rstrip()
    after = text[mark.end : first.cue[0]]
    if inner[-1:] in (",", "?", "!") and "\n" not in after and len(after) <= 120 and ". " not in after:
        return first
    if mark.end == mark.inner_end or text[mark.end - 1] not in "”\"":  # left open: the quote goes on
        nxt = next((d for d in later if d.start >= mark.end), None)
        if (nxt is not None and nxt.direct and nxt.start <= nxt.cue[0] and nxt.start > 0
                and text[nxt.start - 1] in "“\"" and _paragraph_gap(text, mark.end, nxt.start) == 1):
            return nxt
    return None


def _paragraph_gap(text: str, start: int, end: int) -> int:
    """How many paragraph breaks (runs of newlines) lie between two offsets."""
    gap = text[start:end]
    runs, inside = 0, False
    for ch in gap:
        if ch == "\n" and not inside:
            runs += 1
        inside = ch in "\n\r \t" and (inside or ch == "\n")
    return runs


# ---------------------------------------------------------------- records


def _to_quote(doc: Doc, draft: Draft, qid: str, done: list[Quote]) -> Quote:
    text = doc_text(doc)
    quote = Quote(id=qid, content=Span(draft.start, draft.end, text[draft.start : draft.end]), direct=draft.direct)
    quote.kind = "speech" if draft.direct else draft.kind
    if draft.cue is not None:
        quote.cue = Span(draft.cue[0], draft.cue[1], text[draft.cue[0] : draft.cue[1]])
    if draft.addressee is not None:
        quote.addressee = Span(draft.addressee[0], draft.addressee[1], text[draft.addressee[0] : draft.addressee[1]])
    quote.medium, quote.confidence = draft.medium, draft.confidence
    if draft.speaker is not None:
        sp = draft.speaker
        quote.speaker = Span(sp.start_char, sp.end_char, sp.text)
        quote.speaker_actor_id, quote.speaker_name = resolve_speaker(doc, sp, done)
        if draft.cue is None:  # an orphan continues the previous quote: same speaker, same medium
            previous = next((q for q in reversed(done) if q.speaker and q.speaker.start == sp.start_char), None)
            if previous is not None:
                quote.medium, quote.cue = previous.medium, None
    return quote
