"""The token patterns of khabar_dates' Matcher, a cheap way to run it, and the candidate expressions.

The patterns cover weekdays, months, "last year", "two days ago", "the past decade", "every week",
quarters, clock times, ... (see `dates` for how candidates are settled). Most of an article's tokens can
be part of none of them, and the Matcher's cost grows with every token it starts a pattern on and every
pattern it tries, so `matches` runs it only over the stretches of tokens that could hold a match, with
only the patterns that could match there (same hits as the whole Doc). `candidates` adds spaCy's DATE/TIME
entities and numeric dates, trims each to its TimeML extent and drops the readings that are not times
("52 years old", "may" the verb, "$5 a year", "the future of ...").
"""

from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.lexeme import Lexeme
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import timex_words as L

_NUM_WORDS = sorted(set(L.NUMBERS) | L.VAGUE | {"a", "an", "half", "-", "and"})
_PRE = sorted({"the", "this", "that", "last", "next", "past", "coming", "previous", "following", "current",
               "latest", "recent", "same", "early", "late", "mid", "earlier", "later", "first", "final",
               "fiscal", "end", "of", "beginning", "start", "middle", "nearly", "almost", "about", "around",
               "more", "less", "than", "at", "least", "up", "upcoming", "prior", "preceding", "remaining", "full",
               "entire", "whole", "initial", "-"})
# single words read as references only when annotated corpora agree they usually are ("previously",
# "eventually" mostly are not marked in TimeBank); the adjectives "current", "recent" and the adverb "soon"
# are filtered by their use in `candidates`
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


_PATTERNS = _patterns()


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
                    raise ValueError(f"unsupported spec {attr}={value!r}")  # matches() then runs on whole docs
        self.regex = re.compile("|".join(f"(?:{r})" for r in regexes)) if regexes else None

    def __call__(self, lex: Lexeme) -> bool:
        return (lex.lower_ in self.words or lex.orth_ in self.orths or (self.like_num and lex.like_num)
                or (self.regex is not None and self.regex.search(lex.orth_) is not None))


class _Plan:
    """What `matches` needs to know about the patterns: a test for "some token spec of some pattern" (a
    match lies in a run of tokens passing it), one bit per distinct required spec (not "?"/"*"), and per
    pattern the bits it needs: a match of a pattern holds a token passing each of its required specs."""

    def __init__(self) -> None:
        every: list[dict] = []
        bit_of: dict[str, int] = {}
        self.tests: list[_TokenTest] = []
        self.needs: list[tuple[str, list[dict], int]] = []  # (key, pattern, bits it needs)
        for name, patterns in _PATTERNS.items():
            for pattern in patterns:
                every.extend(pattern)
                bits = 0
                for spec in pattern:
                    if spec.get("OP") in ("?", "*"):
                        continue
                    key = repr(sorted((a, v) for a, v in spec.items() if a != "OP"))
                    if key not in bit_of:
                        bit_of[key] = len(self.tests)
                        self.tests.append(_TokenTest([spec]))
                    bits |= 1 << bit_of[key]
                if not bits:
                    raise ValueError(f"a {name} pattern with no required token")  # it could match anywhere
                self.needs.append((name, pattern, bits))
        self.any = _TokenTest(every)
        # the tests taken apart, for a word type's bits in a few lookups (the OR of the tests it passes)
        self.lower_bits: dict[str, int] = {}
        self.orth_bits: dict[str, int] = {}
        self.like_num_bits = 0
        self.regex_bits: list[tuple[re.Pattern, int]] = []
        for i, test in enumerate(self.tests):
            for word in test.words:
                self.lower_bits[word] = self.lower_bits.get(word, 0) | 1 << i
            for orth in test.orths:
                self.orth_bits[orth] = self.orth_bits.get(orth, 0) | 1 << i
            if test.like_num:
                self.like_num_bits |= 1 << i
            if test.regex is not None:
                self.regex_bits.append((test.regex, 1 << i))

    def bits(self, lex: Lexeme) -> int:
        """The bits of the required specs `lex` passes; -1 when it passes no spec at all."""
        if not self.any(lex):
            return -1
        bits = self.lower_bits.get(lex.lower_, 0) | self.orth_bits.get(lex.orth_, 0)
        if self.like_num_bits and lex.like_num:
            bits |= self.like_num_bits
        for regex, bit in self.regex_bits:
            if regex.search(lex.orth_) is not None:
                bits |= bit
        return bits


def _plan() -> _Plan | None:
    try:
        return _Plan()
    except ValueError:
        return None


_PLAN = _plan()
# orth id -> bits of the required specs it passes (0: none, but some optional one), -1: no spec at all
_BITS: dict[int, int] = {}
# vocab -> bits of a stretch -> a Matcher holding just the patterns a stretch with those bits may match,
# built once per set of patterns (a few dozen sets; the bits come in many more combinations)
_SUBSETS: dict[int, dict[int, Matcher | None]] = {}
_BY_PATTERNS: dict[tuple[int, int], Matcher] = {}
_MATCHERS: dict[int, Matcher] = {}


def _matcher(doc: Doc) -> Matcher:
    key = id(doc.vocab)
    if key not in _MATCHERS:
        matcher = Matcher(doc.vocab)
        for name, patterns in _PATTERNS.items():
            matcher.add(name, patterns)
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


def _bits(doc: Doc, orth: int) -> int:
    """Every test reads lexeme attributes only: computed once per word type, not per token."""
    bits = _BITS.get(orth)
    if bits is None:
        bits = _PLAN.bits(doc.vocab[orth])
        if len(_BITS) > 100_000:  # ~70 bytes an entry
            _BITS.clear()
        _BITS[orth] = bits
    return bits


def _subset(doc: Doc, bits: int) -> Matcher | None:
    """A Matcher of the patterns whose required specs all have a token in a stretch with `bits` (None when
    no pattern can match there): the same hits there as all patterns, under the same keys."""
    subsets = _SUBSETS.setdefault(id(doc.vocab), {})
    if bits not in subsets:
        which = 0
        for j, (_, _, need) in enumerate(_PLAN.needs):
            if need & bits == need:
                which |= 1 << j
        matcher = None
        if which:
            key = (id(doc.vocab), which)
            if key not in _BY_PATTERNS:
                if len(_BY_PATTERNS) > 2_000:
                    _BY_PATTERNS.clear()
                chosen: dict[str, list[list[dict]]] = {}
                for j, (name, pattern, _) in enumerate(_PLAN.needs):
                    if which >> j & 1:
                        chosen.setdefault(name, []).append(pattern)
                _BY_PATTERNS[key] = Matcher(doc.vocab)
                for name, patterns in chosen.items():
                    _BY_PATTERNS[key].add(name, patterns)
            matcher = _BY_PATTERNS[key]
        if len(subsets) > 10_000:
            subsets.clear()
        subsets[bits] = matcher
    return subsets[bits]


def matches(doc: Doc) -> list[tuple[int, int]]:
    """The Matcher's (start, end) hits, run only over the stretches of tokens that could hold one: a run of
    tokens each passing some pattern token, holding a token for each required token of some pattern, matched
    with those patterns alone. The Matcher's cost grows with every token it starts a pattern on and every
    pattern it tries, and most of an article's tokens cannot be part of a date; a match lies inside one such
    stretch, so the hits are the whole Doc's."""
    if _PLAN is None:
        return [(start, end) for _, start, end in _matcher(doc)(doc)]
    out: list[tuple[int, int]] = []
    known, subsets = _BITS, _SUBSETS.get(id(doc.vocab)) or {}
    start, need = -1, 0
    orths = doc.to_array(ORTH).tolist()
    orths.append(-1)  # a sentinel that closes the last stretch
    for i, orth in enumerate(orths):
        bits = known.get(orth)
        if bits is None:
            bits = _bits(doc, orth) if orth >= 0 else -1
        if bits >= 0:
            if start < 0:
                start, need = i, 0
            need |= bits
            continue
        if start >= 0 and need:
            matcher = subsets[need] if need in subsets else _subset(doc, need)
            if matcher is not None:
                out.extend((start + s, start + e) for _, s, e in matcher(doc[start:i]))
        start = -1
    return out


# ------------------------------------------------------------------------------------ candidates

_RATE_WORDS = {"times", "twice", "once", "thrice", "%", "percent", "cents", "dollars", "million", "billion"}
_LEADING_TOKENS = {"on", "in", "at", "since", "by", "until", "till", "during", "for", "from", "to", "before",
                   "after", "over", "within", "throughout", "as", "of", "through", "between", "into", "than"}
_MODIFIER_DETERMINERS = {"the", "a", "an", "'s", "’s", "that", "its", "their", "his", "her", "this"}
_TRAILING_TOKENS = {"of", ",", ".", "'s", "’s", "'", "-", "and", "or", ";", ":", "(", ")"}
_NUMERIC = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{4}-?W\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}/\d{1,2}/\d{1,2}\b"
                      r"|\b\d{1,2}\.\d{1,2}\.\d{4}\b")
_NUMERIC_HINT = re.compile(r"\d[-/.W]")  # in every _NUMERIC match: most texts need no full search
_BARE_UNITS = {"years", "months", "weeks", "days", "decades", "centuries"}
_ADJ_TERMS = {"account", "accounts", "assets", "liabilities", "dollars", "yield", "affairs", "events", "flow",
              "ratio", "prices", "price"}


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading prepositions and trailing punctuation: TimeML extents start at the determiner. The
    bounds of doc[start:end] trimmed (empty when nothing is left)."""
    while start < end and _leads_in(doc, start, end):
        start += 1
    while end > start and (doc[end - 1].lower_ in _TRAILING_TOKENS or doc[end - 1].is_space):
        end -= 1
    if end - start > 1 and doc[end - 1].lower_ in ("before", "after") and end < len(doc) and not doc[end].is_punct:
        end -= 1  # "wait 30 days before closing": a preposition leading on, not "two days before"
    if end - start > 1 and doc[start].lower_ in _MODIFIER_DETERMINERS:
        last, det = doc[end - 1], doc[start]
        if (last.head.i >= end and last.dep_ in ("amod", "compound", "nmod", "nummod") and last.head.pos_ == "NOUN") \
                or (det.dep_ == "det" and det.head.i >= end and det.head.pos_ in ("NOUN", "PROPN")):
            start += 1  # "the third-quarter profit", "the Nov. 1 deadline": the determiner is the noun's
    return start, end


def _leads_in(doc: Doc, i: int, end: int) -> bool:
    """Is doc[i] a word that leads into an expression without being part of it: a preposition (but "at
    least 30 days" keeps its modifier, TimeML's `mod`), a relative "that", the verb "last", or "following"
    used as a preposition ("following the August 1988 cease-fire")?"""
    token = doc[i]
    word = token.lower_
    if word in _LEADING_TOKENS:
        return not (word == "at" and i + 1 < len(doc) and doc[i + 1].lower_ == "least")
    if word == "that":
        return token.tag_ in ("WDT", "IN")
    if word == "following":
        return i + 1 < end and doc[i + 1].lower_ in _MODIFIER_DETERMINERS
    return token.is_space or _verb_last(token)


def _verb_last(token: Token) -> bool:
    """The verb "last" ("the talks will last a fortnight", "rains that last three days"), not the adjective."""
    if token.lower_ != "last":
        return False
    after = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    if L.UNIT_WORDS.get(after) == after or after in L.WEEKDAYS or after in L.MONTHS or after in L.SEASONS:
        return False  # "which last year had sales": the adjective before a singular unit or a name
    prev = token.nbor(-1) if token.i > 0 else None
    return token.pos_ == "VERB" or (prev is not None and (prev.tag_ in ("MD", "TO", "WDT") or prev.lower_ in
                                                          ("not", "n't", "to", "will", "would", "could")))


def candidates(doc: Doc, text: str | None = None) -> list[SpacySpan]:
    """The Matcher's hits, spaCy's DATE/TIME entities and numeric dates, trimmed and filtered, each once."""
    bounds = matches(doc)
    # a range spaCy tags as one ("from today through Nov. 17") is two expressions, which the Matcher finds
    bounds.extend((ent.start, ent.end) for ent in doc.ents if ent.label_ in ("DATE", "TIME")
                  and not any(t.lower_ in ("through", "until", "till", "thru") for t in ent[1:-1]))
    text = doc.text if text is None else text
    for m in _NUMERIC.finditer(text) if _NUMERIC_HINT.search(text) else ():
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            bounds.append((span.start, span.end))
    out = []
    n = len(doc)
    seen: set[tuple[int, int]] = set()
    for bound in bounds:
        if bound in seen:
            continue  # the Matcher and spaCy often find the same words
        seen.add(bound)
        start, end = _trim(doc, *bound)
        if end <= start:
            continue
        first, last, width = doc[start], doc[end - 1], end - start
        if width == 1 and (first.lower_ in L.UNIT_WORDS and not _bare_stretch(first)
                           or first.lower_ in L.SEASONS and first.is_lower):
            continue  # a bare "year", "days" or "fall" is too often not a time expression
        if width == 1 and first.lower_ in L.SET_ADVERBS:
            continue  # "quarterly results", "daily newspaper": adjectives far more often than sets
        if end < n and doc[end].lower_ in ("old", "-old"):
            continue  # an age ("52 years old")
        trimmed = doc[start:end]
        if any(t.lower_ in L.MONTHS and (t.is_lower or t.tag_ == "MD") for t in trimmed):
            continue  # "may", "march", "august" in lower case are not months
        if first.lower_ in ("a", "an", "per") and width == 2 and start > 0 and (
                doc[start - 1].like_num or doc[start - 1].lower_ in _RATE_WORDS or doc[start - 1].tag_ == "NNS"):
            continue  # "$5 a year", "3% a month", "twice a week", "four flights a week": a rate, not a time
        if last.lower_ in ("second", "minute") and not any(t.like_num for t in trimmed[:-1]):
            continue  # "a second round", "the last-minute deal"
        if end < n and doc[end].lower_ == "of" and trimmed.text.lower() == "the future":
            continue  # "the future of the arsenal": its fate, not a time
        if (width == 1 and not _time_word_in_use(first)) or first.text == "-":
            continue  # (a "-quarters" split off "three-quarters" is a fraction's tail)
        if last.lower_ in ("half", "halves") and not any(
                t.lower_ in L.UNIT_WORDS or t.lower_ in L.ORDINALS or t.lower_ in ("last", "latter") for t in trimmed[:-1]):
            continue  # "sixty-one and a half", "a half million": a fraction, not half a year
        out.append(trimmed)
    return out


def _bare_stretch(token: Token) -> bool:
    """A bare plural unit after a preposition of duration ("ruled for centuries", "within weeks", "the first
    time in years", "follows months of talks") is a vague stretch of time; "hundreds of years" is not."""
    word = token.lower_
    if word not in _BARE_UNITS or token.i == 0:
        return False
    return token.nbor(-1).lower_ in ("for", "within", "in", "after", "over", "follows", "follow", "followed")


def _time_word_in_use(token: Token) -> bool:
    """"current"/"recent" date the noun they modify ("the current weakness" is now's, "a recent filing"
    the past's) unless the two make a term ("current account"); "soon" is a time unless it only leads into
    another clause ("soon after", "as soon as")."""
    word = token.lower_
    if word in ("current", "recent"):
        after = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
        return token.dep_ == "amod" and token.head.pos_ == "NOUN" and not {token.head.lower_, after} & _ADJ_TERMS
    if word == "soon":
        after = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
        before = token.nbor(-1).lower_ if token.i > 0 else ""
        return after not in ("after", "afterward", "afterwards", "thereafter", "as", "enough") and before != "as"
    return True
