"""The token patterns of khabar_dates' Matcher, and a cheap way to run it.

The patterns cover weekdays, months, "last year", "two days ago", "the past decade", "every week",
quarters, clock times, ... (see `dates` for how candidates are settled). Most of an article's tokens can
be part of none of them, and the Matcher's cost grows with every token it starts a pattern on, so
`matches` runs it only over the stretches of tokens that could hold a match (same hits as the whole Doc).
"""

from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.lexeme import Lexeme
from spacy.matcher import Matcher
from spacy.tokens import Doc

from khabar.extract import timex_words as L

_NUM_WORDS = sorted(set(L.NUMBERS) | L.VAGUE | {"a", "an", "half", "-", "and"})
_PRE = sorted({"the", "this", "that", "last", "next", "past", "coming", "previous", "following", "current",
               "latest", "recent", "same", "early", "late", "mid", "earlier", "later", "first", "final",
               "fiscal", "end", "of", "beginning", "start", "middle", "nearly", "almost", "about", "around",
               "more", "less", "than", "at", "least", "up", "upcoming", "prior", "preceding", "remaining", "full",
               "entire", "whole", "initial", "-"})
# single words read as references only when annotated corpora agree they usually are ("previously",
# "eventually" mostly are not marked in TimeBank); the adjectives "current", "recent" and the adverb "soon"
# are filtered by their use in `dates._candidates`
_REF_WORDS = ["now", "currently", "recently", "lately", "nowadays", "presently", "current", "recent", "soon"]
_YEAR = {"TEXT": {"REGEX": r"^(1[6-9]\d\d|20\d\d)$"}}
_DAYNUM = {"TEXT": {"REGEX": r"^([12]?\d|3[01])(st|nd|rd|th)?$"}}


def _in(words) -> dict:
    return {"LOWER": {"IN": sorted(words)}}


def _patterns() -> dict[str, list[list[dict]]]:
    pre = {**_in(_PRE), "OP": "*"}
    num = {**_in(_NUM_WORDS), "OP": "*"}
    unit = _in(L.UNIT_WORDS)
    month = _in(L.MONTHS)
    wday = _in(L.WEEKDAYS)
    part = {**_in(L.DAYPARTS), "OP": "?"}
    comma = {"ORTH": ",", "OP": "?"}
    year = {**_YEAR, "OP": "?"}
    ordinal = _in(L.ORDINALS)
    return {
        "UNITS": [
            [pre, {"LIKE_NUM": True, "OP": "*"}, num, {**_in(L.ADJ_UNITS), "OP": "?"}, unit,
             {**_in(["or"]), "OP": "?"}, {**_in(["so"]), "OP": "?"},
             {**_in(["ago", "earlier", "later", "before", "back", "hence", "old", "long", "ahead"]), "OP": "?"}],
            [pre, {"LIKE_NUM": True}, {"ORTH": "-", "OP": "?"}, unit],
            [pre, {"LIKE_NUM": True, "OP": "*"}, num, _in(["more", "additional", "extra", "further"]), unit],
            [pre, {"LIKE_NUM": True, "OP": "*"}, num, unit, {"LOWER": "from"}, {"LOWER": "now"}],
            [pre, {"LIKE_NUM": True, "OP": "*"}, num, unit, {"LOWER": "and"}, _in(["a", "one"]), {"LOWER": "half"}],
        ],
        "CALENDAR": [
            [pre, wday, comma, month, _DAYNUM, comma, year, part],
            [pre, wday, part],
            [pre, month, {**_DAYNUM, "OP": "?"}, comma, year],
            [pre, month, _in(["last", "this", "next"]), {"LOWER": "year"}],
            [pre, _DAYNUM, {"LOWER": "of", "OP": "?"}, month, comma, year],
            [pre, _in(L.SEASONS), {"LOWER": "of", "OP": "?"}, year],
            [pre, {**_in(["this", "last", "next"]), "OP": "?"}, {"LOWER": "year", "OP": "?"}, {"ORTH": "'s", "OP": "?"},
             ordinal, {"ORTH": "-", "OP": "?"}, _in(["quarter", "quarters", "half"]), {"LOWER": "of", "OP": "?"}, year],
            [pre, {**_in(["fiscal", "year"]), "OP": "?"}, _YEAR, {**_in(["period", "quarter"]), "OP": "?"}],
            [{"LOWER": "the"}, {"TEXT": {"REGEX": r"^('?\d0s|(1[6-9]|20)\d0s)$"}}],
            [{"LOWER": "the"}, _in(L.DECADE_WORDS)],
            [{"LOWER": "the"}, {"LOWER": "year"}, {**_in(_NUM_WORDS), "OP": "+"}],  # "the year two thousand"
            [pre, {"LOWER": "year"}, {"LOWER": {"IN": ["-", "'s", "’s"]}, "OP": "?"}, {"LOWER": "end"}],  # "year-end"
            [pre, ordinal, {"LOWER": {"IN": ["century", "centuries"]}}],
            [pre, _in(["nineteen", "eighteen"]), _in(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                                                     "ninety"]), {"ORTH": "-", "OP": "?"},
             {**_in(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]), "OP": "?"}],
            [{**_in(["the", "comparable", "corresponding", "same"]), "OP": "*"}, {"LOWER": "year"}, {"ORTH": "-"},
             _in(["earlier", "ago"]), {**_in(L.ORDINALS), "OP": "?"},
             {**_in(["quarter", "period", "half", "results"]), "OP": "?"}],
            [{**_in(["the", "comparable", "corresponding", "same"]), "OP": "*"}, {"LOWER": "year"}, {"ORTH": "-"},
             _in(["earlier", "ago"]), _in(_NUM_WORDS), _in(L.UNIT_WORDS)],
        ],
        "DEICTIC": [
            [pre, _in(L.DEICTIC_DAYS), part],
            [_in(["this", "last", "tomorrow", "yesterday"]), _in(L.DAYPARTS)],
        ],
        "REF": [
            [_in(_REF_WORDS)],
            [_in(["the"]), _in(["future", "past", "present"])],
            [{"LOWER": "the", "OP": "?"}, _in(["recent", "coming"]), _in(["years", "months", "weeks", "days"])],
            [{"LOWER": "the"}, {"LOWER": "near"}, {"LOWER": "future"}],
            [{"LOWER": "the"}, _in(["near", "short", "long"]), {"LOWER": "term"}],
            [{"LOWER": "the"}, {"LOWER": "latest"}, {"LOWER": "period"}],
            # results news' same quarter a year before: "the corresponding period last year", "last year's quarter"
            [{**_in(["the", "that"]), "OP": "?"}, {**_in(["corresponding", "comparable", "same"]), "OP": "*"},
             _in(["quarter", "period"]), _in(["a", "last"]), {"LOWER": "year"}, {**_in(["ago", "earlier"]), "OP": "?"}],
            [{"LOWER": "last"}, {"LOWER": "year"}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"}, _in(["quarter", "period"])],
        ],
        "CLOCK": [
            [{"TEXT": {"REGEX": r"^\d{1,2}(:\d\d)?$"}}, _in(["a.m.", "p.m.", "am", "pm", "a.m", "p.m"])],
            [{"TEXT": {"REGEX": r"^\d{1,2}(:\d\d)?([ap]\.?m\.?)$"}}],
            [{"TEXT": {"REGEX": r"^\d{1,2}:\d\d$"}}],
            [{**_in(["noon", "midnight"])}, {**_in(L.WEEKDAYS | {"today": 0, "tomorrow": 0, "yesterday": 0}), "OP": "?"}],
            [{"TEXT": {"REGEX": r"^\d{1,2}(:\d\d)?$"}}, _in(["a.m.", "p.m.", "am", "pm"]),
             {**_in(["est", "edt", "gmt", "utc", "local", "time"]), "OP": "*"}, {"ORTH": ",", "OP": "?"},
             {**_in(L.WEEKDAYS), "OP": "?"}, {"ORTH": ",", "OP": "?"}, month, _DAYNUM],
            [{"TEXT": {"REGEX": r"^\d{1,2}(:\d\d)?$"}}, _in(["a.m.", "p.m.", "am", "pm"]),
             {**_in(["est", "edt", "gmt", "utc", "local", "time"]), "OP": "*"}, {"ORTH": ",", "OP": "?"},
             _in(L.WEEKDAYS)],
        ],
        "SET": [
            [_in(["every", "each", "per"]), {**_in(L.ORDINALS), "OP": "?"}, {**_in(_NUM_WORDS), "OP": "*"},
             {"LIKE_NUM": True, "OP": "?"}, {**_in(set(L.UNIT_WORDS) | set(L.WEEKDAYS) | set(L.MONTHS))}, part],
        ],
    }


_MATCHERS: dict[int, Matcher] = {}


def _matcher(doc: Doc) -> Matcher:
    key = id(doc.vocab)
    if key not in _MATCHERS:
        matcher = Matcher(doc.vocab)
        for name, patterns in _patterns().items():
            matcher.add(name, patterns)
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


class _TokenTest:
    """Could a token satisfy any of some Matcher token specs? (LOWER/ORTH/TEXT REGEX/LIKE_NUM only.)"""

    def __init__(self, specs: list[dict]) -> None:
        self.words: set[str] = set()
        self.orths: set[str] = set()
        regexes: list[str] = []
        self.like_num = False
        for spec in specs:
            for attr, value in spec.items():
                if attr == "OP":
                    continue
                if attr == "LOWER" and isinstance(value, str):
                    self.words.add(value)
                elif attr == "LOWER" and set(value) == {"IN"}:
                    self.words.update(value["IN"])
                elif attr == "ORTH" and isinstance(value, str):
                    self.orths.add(value)
                elif attr == "TEXT" and set(value) == {"REGEX"}:
                    regexes.append(value["REGEX"])
                elif attr == "LIKE_NUM" and value is True:
                    self.like_num = True
                else:
                    raise ValueError(f"unsupported spec {attr}={value!r}")  # _windows then matches whole docs
        self.regex = re.compile("|".join(f"(?:{r})" for r in regexes)) if regexes else None

    def __call__(self, lex: Lexeme) -> bool:
        return (lex.lower_ in self.words or lex.orth_ in self.orths or (self.like_num and lex.like_num)
                or (self.regex is not None and self.regex.search(lex.orth_) is not None))


def _token_tests() -> tuple[_TokenTest, _TokenTest] | None:
    """(any spec of any pattern, the last required spec of each pattern): every token of a match passes the
    first; every match holds a token passing the second. None when a pattern uses an attribute not handled."""
    every, anchors = [], []
    for patterns in _patterns().values():
        for pattern in patterns:
            every.extend(pattern)
            anchors.append([spec for spec in pattern if spec.get("OP") not in ("?", "*")][-1])
    try:
        return _TokenTest(every), _TokenTest(anchors)
    except ValueError:
        return None


_TESTS = _token_tests()
_FLAGS: dict[int, int] = {}  # orth id -> 0 (no pattern token), 1 (some pattern token), 2 (also an anchor)


def _flag(doc: Doc, orth: int) -> int:
    """Every test reads lexeme attributes only: computed once per word type, not per token."""
    flag = _FLAGS.get(orth)
    if flag is None:
        may, anchor = _TESTS
        lex = doc.vocab[orth]
        flag = (2 if anchor(lex) else 1) if may(lex) else 0
        if len(_FLAGS) > 500_000:
            _FLAGS.clear()
        _FLAGS[orth] = flag
    return flag


def matches(doc: Doc) -> list[tuple[int, int]]:
    """The Matcher's (start, end) hits, run only over the stretches of tokens that could hold one (a run
    of tokens each passing some pattern token, with a pattern's anchor in it): the Matcher's cost grows with
    every token it starts a pattern on, and most of an article's tokens cannot be part of a date. A match
    lies inside one such stretch, so the hits are the whole Doc's."""
    matcher = _matcher(doc)
    if _TESTS is None:
        return [(start, end) for _, start, end in matcher(doc)]
    out: list[tuple[int, int]] = []
    start, anchored = -1, False
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        flag = _flag(doc, orth)
        if flag:
            if start < 0:
                start, anchored = i, False
            anchored = anchored or flag == 2
            continue
        if start >= 0 and anchored:
            out.extend((start + s, start + e) for _, s, e in matcher(doc[start:i]))
        start = -1
    if start >= 0 and anchored:
        out.extend((start + s, start + e) for _, s, e in matcher(doc[start:]))
    return out
