"""khabar_dates: find every temporal expression in a Doc and normalise it TIMEX3-style.

Candidates (`timex_patterns.candidates`) come from two places: khabar's own token Matcher (weekdays, months,
"last year", "two days ago", "the past decade", "every week", quarters, clock times, ...) and spaCy's DATE/TIME
entities, which catch odd forms but over- or under-extend. Overlaps are settled longest-first, keeping a candidate only when
`timex.interpret` can read it. Extents follow TimeML: leading prepositions ("on", "in", "since") are
left out, determiners and modifiers ("the", "early", "last") kept.

Each expression is read with the tense of the verb that governs it (a bare weekday or month in a past
sentence is the latest one, in a future sentence the next one, with tense unknown the nearest; a deadline
"until mid-November" or "effective Feb. 1" the nearest; news' present "the leaders meet Monday" the next)
and with its context: a year that sets the scene of the same clause or of the previous sentence of the
paragraph ("Last year, ... in September" -> that September), the quarter results news is about ("a year
earlier", "the 1988 period", "last year's quarter" -> that quarter a year before, unless the text has moved
on to the nine months), and the day, month or year the text last named ("the following day", "two days
later", "the following year", "the previous Friday"). "The year ended March 31" is twelve months (P1Y),
not a calendar year; the adjectives "current"/"recent" and "soon" are TimeML references (PRESENT_REF, ...).
`date_for` gives an event trigger the expression attached to its clause, else the publication date.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import get_args

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import timex_words as L
from khabar.extract.coref import sentence_ends, sentence_starts
from khabar.extract.timex import Context, Timex, interpret, normalise  # noqa: F401  (normalise re-exported)
from khabar.extract.timex_patterns import candidates
from khabar.nlp import extensions  # noqa: F401
from khabar.records import DateMention, DatePrecision, EventDate

# records.DatePrecision (and the extract JSON schema) have no quarter/season: the value ("2025-Q3") says it
_RECORD_PRECISIONS = set(get_args(DatePrecision))
log = logging.getLogger(__name__)

_COMPARISON = re.compile(r"\b(ago|earlier|later|before|after|previous|prior|following)\b")

# results news' year-to-date stretches ("the first nine months", "the six months"): a comparison after one
# is with the same stretch of the year before, not with the quarter named earlier
_YEAR_SO_FAR = {"P6M", "P9M"}
_YEAR_PERIOD = re.compile(r"(the |that )?(19|20)\d\d (period|quarter)")
_YEAR_ENDING = re.compile(r"(the|its|their|that) (fiscal |financial )?year")
_PERIOD = "RESULTS_PERIOD"
_QUARTER_WORD = re.compile(r"\b(first|second|third|fourth)[- ]quarter\b", re.I)
_FUTURE_LEMMAS = {"schedule", "plan", "expect", "set", "due", "intend", "aim", "hope", "prepare"}


def tense_of(span: SpacySpan) -> str | None:
    """'past', 'future' or None (present/unknown) for the verb governing `span`."""
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in ("since", "ago"):
        return "past"
    tense = _verb_tense(span)
    if tense == "past" and before in ("until", "till", "through", "by", "effective"):
        return None  # a deadline set in the past ("gave it until mid-November") is the nearest such date
    return tense


def _verb_tense(span: SpacySpan) -> str | None:
    if span.root.dep_ in ("compound", "amod", "poss", "nmod") and span.root.head.pos_ in ("NOUN", "PROPN"):
        return None  # "the June agreement", "December's figures": the verb does not date the noun
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & {"would", "could", "might", "may", "should"}:
        return None  # reported or hypothetical: "said it would hold the vote in January" -> the nearest
    if "to" in lowers and (verb.tag_ == "VB" or (verb.tag_ == "VBN" and "be" in lowers)):
        # "(was due) to expire Friday", "to be published in November": ahead of the clause it hangs on,
        # which is the past when that one is a past perfect ("had been scheduled to expire Friday")
        return "past" if _past_perfect_above(verb) else "future"
    if lowers & {"will", "shall", "'ll", "wo"}:
        return "future"
    if verb.lemma_ in _FUTURE_LEMMAS and (verb.tag_ in ("VBZ", "VBP", "VBG") or lowers & {"is", "are", "'s", "'re"}):
        return "future"  # "talks are scheduled for Friday", "he plans to travel in July"
    if verb.tag_ == "VBD" or lowers & {"was", "were", "had", "did", "has", "have", "'d"}:
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "ROOT", "conj", "relcl", "advcl"):
        return "past"  # "killed in air strikes in September", headline participles
    if verb.tag_ in ("VBZ", "VBP") and verb.pos_ == "VERB" and not lowers and span[0].lower_ in L.WEEKDAYS:
        return "future"  # news' present for the schedule: "the two leaders meet Monday"
    return None


def _past_perfect_above(verb: Token) -> bool:
    """Does a verb up to three steps above `verb` carry "had" ("had been due to expire")?"""
    t = verb
    for _ in range(3):
        if t.head.i == t.i:
            return False
        t = t.head
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in t.children):
            return True
    return False


def _governing_verb(token: Token) -> Token | None:
    t = token
    for _ in range(len(token.doc)):  # bounded: a head chain never needs more steps (guards malformed parses)
        if t.pos_ in ("VERB", "AUX") and t.i != token.i:
            return t
        if t.head.i == t.i:
            return t if t.pos_ in ("VERB", "AUX") else None
        t = t.head
    return None


def _block_of(doc: Doc, char: int) -> int:
    article = doc._.article
    if article is None:
        return 0
    for i, block in enumerate(article.blocks):
        if block.start <= char < block.end:
            return i
    return -1


def find_dates(doc: Doc) -> list[DateMention]:
    """Every temporal expression of `doc`, in text order, normalised against the publication date."""
    article = doc._.article
    anchor = article.published if article is not None else None
    text = doc.text
    chosen: list[tuple[SpacySpan, Timex, str]] = []
    taken: set[int] = set()
    seen: set[tuple[int, int]] = set()
    tenses: dict[int, str | None] = {}  # span.start -> tense_of(span): the verb is looked up once
    # "the latest period" may then be a quarter (the substring test first: the regex is slow over a whole text)
    results_news = "quarter" in text.lower() and _QUARTER_WORD.search(text) is not None
    # longest first; a candidate is kept only when it reads as a temporal expression
    for span in sorted(candidates(doc, text), key=lambda s: (-(s.end_char - s.start_char), s.start)):
        if (span.start, span.end) in seen or any(i in taken for i in range(span.start, span.end)):
            continue  # (a span found twice reads the same twice)
        seen.add((span.start, span.end))
        span_text = span.text
        tenses[span.start] = tense = tense_of(span)
        t = _interpret(span_text, anchor, tense=tense)
        if t is None and results_news and (span_text.lower() in L.RESULTS_PERIODS
                                           or L.RESULTS_PERIOD_YEAR_AGO.fullmatch(" ".join(span_text.lower().split()))):
            t = Timex(None, "quarter", "DATE", resolved=False, relative=_PERIOD)  # read once the quarter is known
        if t is None:
            continue
        chosen.append((span, t, span_text))
        taken.update(range(span.start, span.end))
    chosen.sort(key=lambda item: item[0].start)
    starts, ends = sentence_starts(doc), sentence_ends(doc)
    # a year the text is about: named ("in 2023", "last year"), not a comparison ("a year earlier")
    years = [_YearInfo(doc, span, t, starts, ends) for span, t, span_text in chosen
             if t.resolved and t.precision == "year" and t.type == "DATE" and t.value and len(t.value) == 4
             and not _COMPARISON.search(span_text.lower())]
    # the quarter results news talks about: "a year ago" then means that quarter a year before
    quarters = [(span, t.value, starts[span.start]) for span, t, span_text in chosen if t.resolved
                and t.precision == "quarter" and t.value and re.fullmatch(r"\d{4}-Q\d", t.value)
                and not _COMPARISON.search(span_text.lower())]
    # ... unless the text has since moved on to the year so far ("In the nine months, ... a year earlier")
    stretches = [span.start for span, t, _ in chosen if t.type == "DURATION" and t.value in _YEAR_SO_FAR]
    mentions: list[DateMention] = []
    last_day: dt.date | None = None  # narrative time: the day the text last named
    last_point: tuple[dt.date, str] | None = None  # ... or the month or year
    for span, t, span_text in chosen:
        tense = tenses[span.start]
        ctx = Context()
        sent_start = starts[span.start]
        if tense != "future" and years:
            ctx.year = _context_year(doc, span, sent_start, years, starts)
        if quarters:
            ctx.quarter = _context_quarter(span, sent_start, quarters, stretches, span_text)
        ctx.day = last_day
        ctx.point = last_point
        if ctx.year is not None or ctx.quarter is not None or ctx.day is not None or ctx.point is not None:
            t = _interpret(span_text, anchor, tense=tense, context=ctx) or t
        if t.relative == _PERIOD:
            continue  # "the latest period" with no quarter in the text to be
        t = _stretch_ending(span, t, span_text)
        mentions.append(DateMention(
            id=f"t{len(mentions) + 1}", start=span.start_char, end=span.end_char, text=span_text, type=t.type,
            value=t.value, precision=t.precision if t.precision in _RECORD_PRECISIONS else "unknown",
            resolved=t.resolved, relative=t.relative, anchor=anchor,
        ))
        if t.type == "DATE" and t.value and (point := _point(t.value)) is not None:
            last_point = point
            if point[1] == "day":
                last_day = point[0]
    return mentions


def _point(value: str) -> tuple[dt.date, str] | None:
    """A day, month or year value as a narrative point ("In March 1995, ... the following year")."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return dt.date.fromisoformat(value), "day"
    if re.fullmatch(r"\d{4}-\d\d", value):
        return dt.date(int(value[:4]), int(value[5:]), 1), "month"
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 1, 1), "year"
    return None


def _stretch_ending(span: SpacySpan, t: Timex, span_text: str) -> Timex:
    """"the year ended March 31", "the fiscal year ending June 30": twelve months up to that day, not a
    calendar year (TimeML: a duration)."""
    doc = span.doc
    if (t.type == "DATE" and _YEAR_ENDING.fullmatch(span_text.lower()) and span.end < len(doc)
            and doc[span.end].lower_ in ("ended", "ending")):
        return Timex("P1Y", "year", "DURATION")
    return t


def _context_quarter(span: SpacySpan, sent_start: int, quarters, stretches: list[int], span_text: str
                     ) -> tuple[int, int] | None:
    """The latest quarter named before `span` in the text, or one later in its own sentence; none for a
    comparison ("a year earlier", "the 1988 period") made after the text moved on to the nine or six months."""
    best, best_start = None, -1
    for other, value, other_sent in quarters:
        if other.start == span.start:
            continue
        if other.start < span.start or other_sent == sent_start:
            if best is None or other.start < span.start:
                best, best_start = value, other.start
    if best is None:
        return None
    lower = span_text.lower()
    if (_COMPARISON.search(lower) or _YEAR_PERIOD.fullmatch(lower)) and any(
            best_start < s < span.start for s in stretches):
        return None
    y, q = best.split("-Q")
    return int(y), int(q)


class _YearInfo:
    """A year expression with what `_context_year` asks of it, looked up once per document."""

    __slots__ = ("start", "sent_start", "sent_end", "verb", "names_thing", "block", "year")

    def __init__(self, doc: Doc, span: SpacySpan, t: Timex, starts: list[int], ends: list[int]) -> None:
        self.start, self.year = span.start, int(t.value)
        # as `span.sent`: from the sentence of its first token to the end of the sentence of its last
        self.sent_start, self.sent_end = starts[span.start], ends[span.end - 1]
        root = span.root
        self.verb = _governing_verb(root)
        self.names_thing = root.dep_ in ("compound", "amod", "nmod", "nummod", "poss")
        self.block = _block_of(doc, span.start_char)


def _context_year(doc: Doc, span: SpacySpan, sent_start: int, years: list[_YearInfo], starts: list[int]) -> int | None:
    """A year the sentence (or the previous one in the same paragraph) is about, for month/day names."""
    block = _block_of(doc, span.start_char)
    best = None
    verb: Token | None | bool = False  # the span's governing verb, looked up when first needed
    numeric = None
    prev_start = starts[sent_start - 1] if sent_start > 0 else None
    for other in years:
        if other.start == span.start:
            continue
        other_verb = other.verb
        if other.sent_start == sent_start:
            if verb is False:
                verb = _governing_verb(span.root)
            # "Last year, ... in September": the year governs the clause the month is in, not another one
            if other_verb is not None and verb is not None and (other_verb.i == verb.i
                                                                or other_verb.is_ancestor(verb)):
                return other.year
            continue
        if other.names_thing:
            continue  # "the 2020 election" names a thing, it does not set the scene
        if other.sent_end <= sent_start and other.block == block and other_verb is not None \
                and other_verb.dep_ == "ROOT":
            if numeric is None:
                numeric = any(c.like_num for c in span)
            if not numeric and prev_start is not None and other.sent_start == prev_start:
                best = other.year  # the previous sentence is set in that year; a bare month follows it
    return best


def _interpret(text: str, anchor: str | None, **kwargs) -> Timex | None:
    """`interpret`, with an expression it cannot compute (a year past 9999, an odd unit) read as none:
    one strange expression must not cost the article its other dates."""
    try:
        return interpret(text, anchor, **kwargs)
    except (ValueError, KeyError, IndexError, OverflowError) as exc:
        log.debug("cannot normalise %r against %s: %s", text, anchor, exc)
        return None


@Language.component("khabar_dates")
def khabar_dates(doc: Doc) -> Doc:
    doc._.khabar_dates = find_dates(doc)
    return doc


class _DateIndex:
    """The document's resolvable date mentions by sentence, with each one's span, head chain ids and whether
    the chain holds a verb (they depend on the mention alone): built once per document, not per event."""

    __slots__ = ("doc", "mentions", "count", "by_sent")

    def __init__(self, doc: Doc, mentions: list[DateMention]) -> None:
        self.doc, self.mentions, self.count = doc, mentions, len(mentions)
        self.by_sent: dict[int, list[tuple[DateMention, SpacySpan, set[int], bool]]] = {}
        starts = sentence_starts(doc)
        for m in mentions:
            if m.type not in ("DATE", "TIME") or not m.resolved or not m.value or m.value.endswith("_REF"):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            chain = []  # the date's ancestors up to (and with) its first verb
            t = span.root
            while t.head.i != t.i:
                t = t.head
                chain.append(t)
                if t.pos_ in ("VERB", "AUX"):
                    break
            has_verb = any(c.pos_ in ("VERB", "AUX") for c in chain)
            # as `Span.sent`: the sentence of the span's first token
            self.by_sent.setdefault(starts[span.start], []).append((m, span, {c.i for c in chain}, has_verb))

    def fits(self, doc: Doc, mentions: list[DateMention]) -> bool:
        return self.doc is doc and self.mentions is mentions and self.count == len(mentions)


_LAST_INDEX: list[_DateIndex] = []


def release_index() -> None:  # the index holds its Doc: dropped once the document's events are built
    _LAST_INDEX.clear()


def date_for(doc: Doc, trigger: Token | SpacySpan) -> EventDate:
    """The date of an event whose trigger is `trigger`: the expression attached to its clause in the
    dependency tree, else one in the same sentence not attached to another verb, else the publication
    date (source="published", flagged as a fallback)."""
    mentions = doc._.khabar_dates
    if mentions is None:
        mentions = find_dates(doc)
    if not _LAST_INDEX or not _LAST_INDEX[0].fits(doc, mentions):
        _LAST_INDEX[:] = [_DateIndex(doc, mentions)]
    head = trigger.root if isinstance(trigger, SpacySpan) else trigger
    clause = head if head.pos_ in ("VERB", "AUX") else _governing_verb(head)
    trigger_ids = {t.i for t in trigger} if isinstance(trigger, SpacySpan) else {trigger.i}
    loose = None
    for m, span, ids, has_verb in _LAST_INDEX[0].by_sent.get(sentence_starts(doc)[head.i], ()):
        in_date_clause = (clause is not None and clause.dep_ in ("relcl", "advcl")
                          and span.start <= clause.head.i < span.end)  # "since February, when he attended"
        if ids & trigger_ids or (clause is not None and clause.i in ids) or in_date_clause:
            return EventDate(value=m.value, precision=m.precision, source="text", date_id=m.id)
        if loose is None and not has_verb:
            loose = m
    if loose is not None:
        return EventDate(value=loose.value, precision=loose.precision, source="text", date_id=loose.id)
    article = doc._.article
    published = article.published if article is not None else None
    precision = article.date_precision if article is not None else None
    return EventDate(value=published, precision=precision, source="published")
