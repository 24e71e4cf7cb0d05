"""Normalise one temporal expression TIMEX3-style against an anchor (the publication date).

Pure functions, no spaCy: `interpret(text, anchor, tense=..., context=...)` reads the expression's words
into parts (weekday, month, day, year, unit, offset, part of day, ...) and resolves them. Relative
expressions ("last year", "Tuesday", "two days ago") need the anchor; without one they stay unresolved
with `relative` holding the offset ("-1Y", "WEEKDAY-2", "MONTH-04"), never resolved against today.
Absolute dates go through our own reading first and dateparser's `get_date_data` (whose `period` keeps
the precision honest) as a fallback.
"""

from __future__ import annotations

import datetime as dt
import re

from khabar.extract import timex_words as L
from khabar.extract.timex_calc import (  # noqa: F401  (parse_anchor, shift, Timex, Context: this module's interface)
    Context,
    ContextReads,
    Timex,
    dateparser_reading,
    day_of,
    iso_duration,
    month_year,
    number,
    parse_anchor,
    read_decade,
    read_set,
    shift,
    weekday_date,
    words_of,
    year_of,
)

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_WEEK = re.compile(r"\b(\d{4})-?W(\d{2})\b", re.I)
_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
_FRACTION = re.compile(r"\b(one|two|three|a)-(quarters?|half|halves)\b|\bthree quarters of\b")
_YEAR_AGO = re.compile(r"(^|the |comparable |corresponding |same )year[- ](earlier|ago)\b")
_FINER = {"year": 0, "month": 1, "day": 2}  # how precise a narrative point is
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?|\b(\d{1,2}):(\d{2})\b", re.I)


# ------------------------------------------------------------------------------------ the reader


def interpret(
    text: str,
    anchor: str | None,
    *,
    tense: str | None = None,
    context: Context | None = None,
) -> Timex | None:
    """The TIMEX3 reading of `text`, or None when it is not a temporal expression we understand.

    Readings are remembered per (text, anchor, tense) with the context fields the reading looked at and
    what they held: the reading is a pure function of those, so a later call whose context holds the same
    values there gets a copy without reading again ("on Monday" in a day's news, the second reading of an
    expression with its context when that context did not matter to it)."""
    ctx = context or Context()
    key = (text, anchor, tense)
    entries = _MEMO.get(key)
    if entries is not None:
        for reads, t in entries:
            if all(getattr(ctx, name) == value for name, value in reads):
                return None if t is None else Timex(t.value, t.precision, t.type, t.resolved, t.relative, t.mod)
    probe = ContextReads(ctx)
    t = _interpret(text, anchor, tense, probe)
    if entries is None:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        entries = _MEMO[key] = []
    if len(entries) < 8:  # contexts vary most for narrative words ("the following day"): keep a few
        entries.append((tuple(probe.seen.items()), t))
    return None if t is None else Timex(t.value, t.precision, t.type, t.resolved, t.relative, t.mod)


# L.MODS by first word, in L.MODS order: the first phrase that leads `words` is still the one taken
_MODS_BY_FIRST: dict[str, list[tuple[list[str], str]]] = {}
for _phrase, _name in L.MODS:
    _MODS_BY_FIRST.setdefault(_phrase[0], []).append((list(_phrase), _name))
_MEMO: dict[tuple[str, str | None, str | None], list[tuple[tuple, Timex | None]]] = {}
_MEMO_SIZE = 20_000  # keys (~650 bytes each with their readings): 200_000 held up to ~130 MB


def _interpret(text: str, anchor: str | None, tense: str | None, ctx: Context | ContextReads) -> Timex | None:
    base, base_precision = parse_anchor(anchor)
    words = words_of(text)
    while words and words[0] in L.LEADING and words[:2] != ["at", "least"]:
        words = words[1:]
    mod = None
    for phrase, name in _MODS_BY_FIRST.get(words[0], ()) if words else ():
        if words[: len(phrase)] == phrase and len(words) > len(phrase):
            words, mod = words[len(phrase) :], name
            break
    while words and words[0] in L.LEADING:
        words = words[1:]
    if words[:2] == ["this", "past"]:
        words = ["last", *words[2:]]  # "this past spring": the one just gone
    if words == ["year", "end"]:  # "by year-end", "by year's end": the end of the year
        words, mod = ["the", "year"], "END"
    if not words:
        return None
    t = _read(text, words, base, base_precision, tense, ctx)
    if t is None and re.search(r"\b(1[6-9]|20)\d\d\b", text):
        t = dateparser_reading(text)
    if t is not None and mod:
        t.mod = mod
    return t


def _rel(n: int, code: str) -> str:
    return f"{n:+d}{code}" if n else f"0{code}"


def _sign(tense: str | None, step: int) -> str:
    """'-' the latest before the anchor, '+' the next after it, '~' the nearest (tense unknown)."""
    return "-" if tense == "past" or step < 0 else "+" if tense == "future" or step > 0 else "~"


def _unresolved(kind: str, precision: str, relative: str) -> Timex:
    return Timex(value=None, precision=precision, type=kind, resolved=False, relative=relative)


def _read(text, words, base, base_precision, tense, ctx) -> Timex | None:  # noqa: C901 -- one reading table
    joined = " ".join(words)
    day_anchor = base if base_precision == "day" else None
    if _FRACTION.search(text.lower()):
        return None  # "three-quarters", "one-half": fractions
    if joined in L.REFS:
        return Timex(L.REFS[joined], "unknown", "DATE")
    if ctx.quarter is not None and joined in L.RESULTS_PERIODS:
        return Timex(f"{ctx.quarter[0]:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")  # results news' period
    if L.RESULTS_PERIOD_YEAR_AGO.fullmatch(" ".join(text.lower().split())):
        return None if ctx.quarter is None else Timex(f"{ctx.quarter[0] - 1:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")
    if _YEAR_AGO.search(text.lower()) and (t := _read_year_ago(words, base, ctx)):
        return t
    if words[:2] == ["the", "year"] and len(words) > 2:  # "the year two thousand"
        n, j = number(words, 2)
        if isinstance(n, int) and 1000 <= n <= 2999 and j == len(words):
            return Timex(f"{n:04d}", "year", "DATE")
    # ---- numeric formats
    if m := _ISO_DATE.search(text):
        return Timex(f"{m[1]}-{m[2]}-{m[3]}", "day", "DATE")
    if m := _ISO_WEEK.search(text):
        return Timex(f"{m[1]}-W{m[2]}", "week", "DATE")
    if m := _SLASH.search(text):
        year = int(m[3]) if len(m[3]) == 4 else year_of("'" + m[3])
        mo, d = int(m[1]), int(m[2])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return Timex(f"{year:04d}-{mo:02d}-{d:02d}", "day", "DATE")
    # ---- sets: every week, each Tuesday, daily
    if words[0] in ("every", "each", "per") or (len(words) == 1 and words[0] in L.SET_ADVERBS) or (
            words[0] in L.WEEKDAYS and (words[0].endswith("s") or words[-1] in ("nights", "mornings", "evenings"))):
        if words[0] in L.WEEKDAYS:
            words = ["every", *words]
        return read_set(words)
    # ---- decades and centuries: the 1990s, the '90s, the nineties, the 20th century
    if t := read_decade(words):
        return t
    # ---- today, yesterday, tonight (+ part of day)
    if words[0] in L.DEICTIC_DAYS or (words[0] in ("this", "last") and len(words) == 2 and words[1] in L.DAYPARTS):
        return _read_deictic(words, day_anchor)
    # ---- clock times: 7:15 p.m., noon, midnight
    if (m := _CLOCK.search(text)) or any(w in ("noon", "midnight") for w in words):
        return _read_clock(words, m, base, base_precision, tense, ctx)
    # ---- numbers of units: three days, two days ago, the past two months, a year earlier
    if t := _read_units(words, base, base_precision, ctx, tense):
        return t
    # ---- calendar: Tuesday, in April, June 3, 2025, last Friday, the third quarter, fiscal 1989
    return _read_calendar(words, base, base_precision, tense, ctx)


def _read_year_ago(words: list[str], base: dt.date | None, ctx: Context) -> Timex | None:
    """Business news' "the year-earlier quarter", "year-ago period": the same stretch a year before."""
    rest = words[words.index("year") + 2 :]
    n, j = number(rest, 0)
    if n is not None and j < len(rest) and rest[j] in L.UNIT_WORDS:
        return Timex(iso_duration(n, L.UNIT_WORDS[rest[j]]), L.UNIT_PRECISION[L.UNIT_WORDS[rest[j]]], "DURATION")
    if ctx.quarter is not None:
        quarter = next((L.ORDINALS[w] for w in rest if w in L.ORDINALS), ctx.quarter[1])
        return Timex(f"{ctx.quarter[0] - 1:04d}-Q{quarter}", "quarter", "DATE")
    if base is None:
        return _unresolved("DATE", "year", "-1Y")
    return Timex(f"{base.year - 1:04d}", "year", "DATE")


def _read_deictic(words: list[str], day: dt.date | None) -> Timex:
    w = words[0]
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}[w]
    part = "NI" if w == "tonight" or (w == "last" and words[1] == "night") else None
    if len(words) > 1 and words[1] in L.DAYPARTS:
        part = L.DAYPARTS[words[1]]
    kind, precision = ("TIME", "time") if part else ("DATE", "day")
    if day is None:
        return _unresolved(kind, precision, _rel(offset, "D") + (f"T{part}" if part else ""))
    value = (day + dt.timedelta(days=offset)).isoformat()
    return Timex(value + (f"T{part}" if part else ""), precision, kind)


def _read_clock(words, m, base, base_precision, tense, ctx) -> Timex:
    day = base if base_precision == "day" else None
    if m is None:
        hh, mm = (12, 0) if "noon" in words else (24, 0)
    elif m[1]:
        hh, mm = int(m[1]) % 12 + (12 if m[3].lower() == "p" else 0), int(m[2] or 0)
    else:
        hh, mm = int(m[4]), int(m[5])
    clock = f"T{hh:02d}:{mm:02d}"
    date = None
    rest = [w for i, w in enumerate(words) if w not in L.CLOCK_WORDS and not re.fullmatch(r"\d{1,2}:\d\d", w)
            and not (re.fullmatch(r"\d{1,2}", w) and words[i + 1 : i + 2] and words[i + 1] in L.CLOCK_WORDS)]
    if rest and rest[0] not in L.DEICTIC_DAYS and (t := _read_calendar(rest, base, base_precision, tense, ctx)):
        if t.precision == "day" and t.value:
            date = t.value  # "5 p.m. EST, Nov. 6", "10 p.m. Wednesday"
    for i, w in enumerate(words):
        if date is not None:
            break
        if w in L.DEICTIC_DAYS and day is not None:
            date = _read_deictic(words[i:i + 1], day).value
    if date is None and day is not None:
        date = day.isoformat()
    if date is None:
        return _unresolved("TIME", "time", "0D" + clock)
    return Timex(date + clock, "time", "TIME")


def _read_units(words, base, base_precision, ctx, tense) -> Timex | None:  # noqa: C901
    """Expressions built on a unit: durations ("three days", "the past two months"), offsets ("two days
    ago", "a year earlier", "last week", "next month"), and "the year"/"the quarter"."""
    i, rel = 0, None
    if words[0] in L.DETERMINERS:
        i = 1
    if i < len(words) and words[i] in L.RELATIVE:
        rel, i = words[i], i + 1
    if i < len(words) and words[i] in ("full", "entire", "whole", "fiscal", "calendar"):
        words = words[:i] + words[i + 1 :]  # "the full year" reads as "the year"
    n, j = number(words, i)
    j = j if n is not None else i
    if n is not None and year_of(words[i]) and words[j : j + 1] and words[j] in L.CALENDAR_UNITS:
        return None  # "the 1988 quarter": a year, not 1,988 quarters
    if j < len(words) and words[j] in ("more", "additional", "extra", "further"):
        j += 1  # "20 more years", "an additional year": as long again
    if j < len(words) and words[j] in L.ADJ_UNITS:
        j += 1  # "eight trading days"
    if j >= len(words) or words[j] not in L.UNIT_WORDS:
        return None
    unit = L.UNIT_WORDS[words[j]]
    if unit == "half" and rel in ("last", "latter"):
        return None  # "the last half (of 1989)": the second half, read as a calendar part
    tail = words[j + 1 :]
    if tail[:3] in (["and", "a", "half"], ["and", "one", "half"]) and n != "X":
        n, tail = (n if n is not None else 1) + 0.5, tail[3:]  # "a year and a half"
    while tail and tail[0] in ("old", "long", "-long", "time", "period", "span", "stretch", "ahead"):
        tail = tail[1:]
    if tail[:2] == ["or", "so"]:
        tail = tail[2:]  # "a week or so ago", "the next year or so": about as long
    if words[j + 1 : j + 2] == ["old"]:
        return None  # "52 years old": an age
    direction = L.DIRECTIONS.get(" ".join(tail)) if tail else None
    if tail and direction is None:
        return None
    plural = words[j] != unit and words[j].endswith("s")
    if direction is not None:  # two days ago, a year earlier
        steps = n if n is not None else "X" if plural else 1  # "months ago": some months
        if steps == "X" or not float(steps).is_integer():
            value = {-1: "PAST_REF", 1: "FUTURE_REF"}[direction]
            return Timex(value, "unknown", "DATE")
        steps = int(steps) * direction
        if unit == "day" and ctx.day is not None and tail[0] != "ago":  # "two days later": narrative time
            return _offset(ctx.day, "day", unit, steps)
        if unit == "year" and ctx.quarter is not None:  # "a year ago" in quarterly-results talk
            return Timex(f"{ctx.quarter[0] + steps:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")
        return _offset(base, base_precision, unit, steps)
    if n is None and rel is None and plural and (j == 0 or words[0] in ("the", "those", "these")):
        return Timex(iso_duration("X", unit), L.UNIT_PRECISION[unit], "DURATION")  # "over the years", "for weeks"
    if n is None and rel is None:
        if words[0] in ("the", "this", "that") and unit in L.CALENDAR_UNITS and len(words) == 2:
            if unit == "quarter" and ctx.quarter is not None:
                return Timex(f"{ctx.quarter[0]:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")
            if unit == "quarter" and tense == "past":  # results news: the quarter just reported
                return _offset(base, base_precision, unit, -1)
            if unit == "day" and words[0] in ("the", "that") and ctx.day is not None:
                return Timex(ctx.day.isoformat(), "day", "DATE")  # "that day": the day just named
            if unit == "weekend" and base is not None and base_precision == "day" and tense != "future":
                return _offset(base, base_precision, unit, -1 if base.isoweekday() < 6 else 0)
            if unit == "year" and ctx.year is not None and words[0] != "this":
                return Timex(f"{ctx.year:04d}", "year", "DATE")
            return _offset(base, base_precision, unit, 0)
        if words[0] in ("a", "an"):
            return Timex(iso_duration(1, unit), L.UNIT_PRECISION[unit], "DURATION")
        return None
    if n is not None and (rel is None or rel in L.SPAN_RELATIVE):
        return Timex(iso_duration(n, unit), L.UNIT_PRECISION[unit], "DURATION")
    if rel is not None and n is None and words[j] != unit and words[j].endswith("s"):
        return Timex(iso_duration("X", unit), L.UNIT_PRECISION[unit], "DURATION")  # "recent weeks"
    if rel is not None and n is None:
        step = L.RELATIVE[rel]
        if step is None:  # "the past year", "the next month" read as a stretch of time
            return Timex(iso_duration(1, unit), L.UNIT_PRECISION[unit], "DURATION")
        if unit in ("quarter", "year") and rel in ("latest", "recent") and base is not None:
            step = -1  # "the latest quarter", "the latest fiscal year": the last one reported
        if unit == "day" and ctx.day is not None and rel in ("previous", "next", "following", "preceding", "prior"):
            return _offset(ctx.day, "day", unit, step)  # "the following day": after the day just named
        if unit in ("week", "month", "year") and ctx.point is not None and rel in L.NARRATIVE_RELATIVE and (
                _FINER[ctx.point[1]] >= _FINER["day" if unit == "week" else unit]):
            return _offset(ctx.point[0], ctx.point[1], unit, step)  # "the following year": after the one named
        return _offset(base, base_precision, unit, step)
    return None


def _offset(base, base_precision, unit, steps) -> Timex:
    if unit in ("night", "fortnight"):  # "the following night", "a fortnight ago"
        unit, steps = ("day", steps) if unit == "night" else ("week", 2 * steps)
    need = "day" if unit in ("day", "week", "weekend") else "month" if unit in ("month", "quarter", "half") else "year"
    rank = {"year": 0, "month": 1, "day": 2}
    if unit in ("hour", "minute", "second"):
        return Timex(None if base is None else "PAST_REF" if steps < 0 else "FUTURE_REF", "unknown", "DATE",
                     resolved=base is not None, relative=None if base is not None else f"{steps:+d}{unit[0].upper()}")
    if base is None or rank[base_precision] < rank[need]:
        code = L.UNITS[unit][0]
        return _unresolved("DATE", L.UNIT_PRECISION[unit], _rel(steps, code))
    value, precision = shift(base, unit, steps)
    return Timex(value, precision, "DATE")


def _read_calendar(words, base, base_precision, tense, ctx) -> Timex | None:  # noqa: C901
    weekday = month = day = year = season = quarter = half = part = None
    step, fiscal, year_step = 0, False, None
    explicit_this = "this" in words and "year" not in words  # "this September": this year's
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w in L.WEEKDAYS:
            weekday = L.WEEKDAYS[w]
        elif w in L.MONTHS:
            month = L.MONTHS[w]
        elif w in L.SEASONS:
            season = L.SEASONS[w]
        elif w in L.DAYPARTS and i > 0:
            part = L.DAYPARTS[w]
        elif w in ("quarter", "quarters") and i > 0 and words[i - 1] in L.ORDINALS:
            quarter = L.ORDINALS[words[i - 1]]
        elif w in ("half",) and i > 0 and words[i - 1] in ("first", "second", "last", "latter"):
            half = L.ORDINALS.get(words[i - 1], 2)  # "the last half of 1989": the second
            step = 0 if words[i - 1] == "last" else step
        elif w == "year" and i > 0 and words[i - 1] in L.RELATIVE and L.RELATIVE[words[i - 1]] is not None:
            year_step = L.RELATIVE[words[i - 1]]
        elif w in ("fiscal", "fy"):
            fiscal = True
        elif (y := year_of(w)) is not None and (month or day or weekday or season or quarter or half or fiscal
                                                or len(words) <= 3 or nxt in (None, "period", "quarter")):
            if year is not None:
                return None  # "2001 and 2003": two expressions, not one
            year = y
        elif (d := day_of(w)) is not None and (month is not None or nxt in L.MONTHS or nxt == "of"):
            day = d
        elif w in L.RELATIVE and nxt in ("year", "fiscal"):
            pass
        elif w in L.RELATIVE and L.RELATIVE[w] is not None:
            step = L.RELATIVE[w]
        elif w in L.FILLER or w in L.ORDINALS or w in L.DETERMINERS:
            pass
        else:
            return None
        i += 1
    if not any(x is not None for x in (weekday, month, year, season, quarter, half)):
        return None
    if year is None and year_step is not None:
        if base is None:
            return _unresolved("DATE", "month" if month else "year", _rel(year_step, "Y"))
        year = base.year + year_step
    if year is None and ctx.year is not None and weekday is None and (month is not None or season is not None):
        year = ctx.year
    if weekday is not None and month is None and day is None:
        if ctx.day is not None and step and any(w in L.NARRATIVE_RELATIVE for w in words):
            # "down from the previous Friday": the one before the day just named
            return Timex(weekday_date(ctx.day, weekday, None, step).isoformat(), "day", "DATE")
        if base is None or base_precision != "day":
            return _unresolved("TIME" if part else "DATE", "time" if part else "day",
                               f"WEEKDAY{_sign(tense, step)}{weekday}" + (f"T{part}" if part else ""))
        d = weekday_date(base, weekday, tense, step).isoformat()
        return Timex(d + (f"T{part}" if part else ""), "time" if part else "day", "TIME" if part else "DATE")
    if month is not None:
        if year is None:
            if base is None:
                return _unresolved("DATE", "day" if day else "month", f"MONTH{_sign(tense, step)}{month:02d}")
            year = base.year if explicit_this else month_year(base, month, tense, step, day)
        if day is not None:
            try:
                return Timex(dt.date(year, month, day).isoformat(), "day", "DATE")
            except ValueError:
                return None
        return Timex(f"{year:04d}-{month:02d}", "month", "DATE")
    if season is not None or quarter is not None or half is not None:
        if year is None:
            if base is None:
                return _unresolved("DATE", "quarter" if quarter else "season" if season else "unknown", _rel(step, "Y"))
            year = base.year
            if quarter is not None and (tense == "past" and quarter > (base.month - 1) // 3 + 1 or step < 0):
                year -= 1
            if season is not None and step:  # "next spring" in June is next year's, "last winter" last year's
                start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
                year += 1 if step > 0 and start <= base.month else -1 if step < 0 and start >= base.month else 0
        if quarter is not None:
            return Timex(f"{year:04d}-Q{quarter}", "quarter", "DATE")
        if half is not None:
            return Timex(f"{year:04d}-H{half}", "unknown", "DATE")
        return Timex(f"{year:04d}-{season}", "season", "DATE")
    if year is not None and ctx.quarter is not None and ("period" in words or "quarter" in words):
        return Timex(f"{year:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")  # "the 1988 period": that quarter then
    if year is not None:
        return Timex(f"{year:04d}", "year", "DATE")
    return None


def normalise(text: str, anchor: str | None, *, tense: str | None = None) -> tuple[str | None, str | None, str | None, bool]:
    """(value, precision, type, resolved) of one expression against `anchor` (ISO date or None)."""
    t = interpret(text, anchor, tense=tense)
    if t is None:
        return None, None, None, False
    return t.value, t.precision, t.type, t.resolved
