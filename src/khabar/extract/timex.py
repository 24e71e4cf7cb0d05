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
from dataclasses import dataclass

from khabar.extract import timex_words as L
from khabar.extract.timex_calc import (  # noqa: F401  (parse_anchor, shift: part of this module's interface)
    day_of,
    iso_duration,
    month_year,
    number,
    parse_anchor,
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
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?|\b(\d{1,2}):(\d{2})\b", re.I)


@dataclass(slots=True)
class Timex:
    value: str | None
    precision: str | None
    type: str  # DATE, TIME, DURATION, SET
    resolved: bool = True
    relative: str | None = None
    mod: str | None = None  # START, END, MID, APPROX, ...


@dataclass(slots=True)
class Context:
    """What the surrounding sentences say: a year they are about, the granularity they talk in."""

    year: int | None = None
    quarter: tuple[int, int] | None = None  # (year, quarter) of the last quarter expression
    day: dt.date | None = None  # the last day named before: "the next day", "two days later" count from it


# ------------------------------------------------------------------------------------ the reader


def interpret(
    text: str,
    anchor: str | None,
    *,
    tense: str | None = None,
    context: Context | None = None,
) -> Timex | None:
    """The TIMEX3 reading of `text`, or None when it is not a temporal expression we understand."""
    base, base_precision = parse_anchor(anchor)
    words = words_of(text)
    while words and words[0] in L.LEADING:
        words = words[1:]
    mod = None
    for phrase, name in L.MODS:
        if words[: len(phrase)] == list(phrase) and len(words) > len(phrase):
            words, mod = words[len(phrase) :], name
            break
    while words and words[0] in L.LEADING:
        words = words[1:]
    if not words:
        return None
    t = _read(text, words, base, base_precision, tense, context or Context())
    if t is None and re.search(r"\b(1[6-9]|20)\d\d\b", text):
        t = _dateparser(text)
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
    if ctx.quarter is not None and joined in ("the latest period", "the period", "the latest quarter", "the quarter"):
        return Timex(f"{ctx.quarter[0]:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")  # results news' period
    if _YEAR_AGO.search(text.lower()) and (t := _read_year_ago(words, base, ctx)):
        return t
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
        return _read_set(words)
    # ---- decades and centuries: the 1990s, the '90s, the nineties, the 20th century
    if t := _read_decade(words):
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


def _read_set(words: list[str]) -> Timex | None:
    if words[0] in L.SET_ADVERBS:
        value, precision = L.SET_ADVERBS[words[0]]
        return Timex(value, precision, "SET")
    rest = words[1:]
    n, j = number(rest, 0)
    rest = rest[j:] if n is not None else rest
    if not rest:
        return None
    w = rest[0].rstrip("s") if rest[0] not in L.WEEKDAYS else rest[0]
    if rest[0] in L.WEEKDAYS or rest[0].rstrip("s") in L.WEEKDAYS:
        day = L.WEEKDAYS.get(rest[0], L.WEEKDAYS.get(rest[0].rstrip("s")))
        part = L.DAYPARTS.get(rest[1]) if len(rest) > 1 else None
        return Timex(f"XXXX-WXX-{day}" + (f"T{part}" if part else ""), "day", "SET")
    if w in L.MONTHS or rest[0] in L.MONTHS:
        return Timex(f"XXXX-{L.MONTHS.get(rest[0], L.MONTHS.get(w)):02d}", "month", "SET")
    unit = L.UNIT_WORDS.get(rest[0])
    if unit:
        return Timex(iso_duration(n if isinstance(n, int) else 1, unit), L.UNIT_PRECISION[unit], "SET")
    return None


def _read_decade(words: list[str]) -> Timex | None:
    ws = [w for w in words if w not in ("the", "early", "late", "mid")]
    if len(ws) == 1 and (m := re.fullmatch(r"(1[6-9]|20)(\d)0s", ws[0])):
        return Timex(f"{m[1]}{m[2]}", "decade", "DATE")
    if len(ws) == 1 and (m := re.fullmatch(r"'(\d)0s", ws[0])):
        return Timex(f"19{m[1]}", "decade", "DATE")
    if len(ws) == 1 and ws[0] in L.DECADE_WORDS:
        return Timex(f"19{L.DECADE_WORDS[ws[0]]}", "decade", "DATE")
    if len(ws) == 2 and ws[1] in ("century", "centuries"):
        n = day_of(ws[0])
        if n:
            return Timex(f"{n - 1:02d}", "century", "DATE")
    return None


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
    if j < len(words) and words[j] in L.ADJ_UNITS:
        j += 1  # "eight trading days"
    if j >= len(words) or words[j] not in L.UNIT_WORDS:
        return None
    unit = L.UNIT_WORDS[words[j]]
    tail = words[j + 1 :]
    while tail and tail[0] in ("old", "long", "-long", "time", "period", "span", "stretch"):
        tail = tail[1:]
    if words[j + 1 : j + 2] == ["old"]:
        return None  # "52 years old": an age
    direction = L.DIRECTIONS.get(" ".join(tail)) if tail else None
    if tail and direction is None:
        return None
    if direction is not None:  # two days ago, a year earlier
        steps = n if n is not None else 1
        if steps == "X" or not float(steps).is_integer():
            value = {-1: "PAST_REF", 1: "FUTURE_REF"}[direction]
            return Timex(value, "unknown", "DATE")
        steps = int(steps) * direction
        if unit == "day" and ctx.day is not None and tail[0] != "ago":  # "two days later": narrative time
            return _offset(ctx.day, "day", unit, steps)
        if unit == "year" and ctx.quarter is not None:  # "a year ago" in quarterly-results talk
            return Timex(f"{ctx.quarter[0] + steps:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")
        return _offset(base, base_precision, unit, steps)
    if n is None and rel is None:
        if words[0] in ("the", "this", "that") and unit in L.CALENDAR_UNITS and len(words) == 2:
            if unit == "quarter" and ctx.quarter is not None:
                return Timex(f"{ctx.quarter[0]:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")
            if unit == "quarter" and tense == "past":  # results news: the quarter just reported
                return _offset(base, base_precision, unit, -1)
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
        if unit == "quarter" and rel in ("latest", "recent") and base is not None:
            step = -1
        if unit == "day" and ctx.day is not None and rel in ("previous", "next", "following", "preceding", "prior"):
            return _offset(ctx.day, "day", unit, step)  # "the following day": after the day just named
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
        elif w in ("half",) and i > 0 and words[i - 1] in ("first", "second"):
            half = L.ORDINALS[words[i - 1]]
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
    if year is not None:
        return Timex(f"{year:04d}", "year", "DATE")
    return None


_PARSER = None


def _dateparser(text: str) -> Timex | None:
    """Absolute dates in forms our reader lacks ("2025/06/03", "03.06.2025"): dateparser, whose `period`
    says how precise the text really was (it would fill missing parts from today otherwise)."""
    global _PARSER
    if _PARSER is None:
        from dateparser.date import DateDataParser

        _PARSER = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"})
    data = _PARSER.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d, period = data.date_obj, data.period
    if period == "day":
        return Timex(d.date().isoformat(), "day", "DATE")
    if period == "month":
        return Timex(f"{d.year:04d}-{d.month:02d}", "month", "DATE")
    if period == "year":
        return Timex(f"{d.year:04d}", "year", "DATE")
    return None


def normalise(text: str, anchor: str | None, *, tense: str | None = None) -> tuple[str | None, str | None, str | None, bool]:
    """(value, precision, type, resolved) of one expression against `anchor` (ISO date or None)."""
    t = interpret(text, anchor, tense=tense)
    if t is None:
        return None, None, None, False
    return t.value, t.precision, t.type, t.resolved
