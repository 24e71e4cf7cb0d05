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

_WORD = re.compile(r"\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s)?|'\d\ds?|[a-z]+(?:\.[a-z])*\.?|[:&]")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_WEEK = re.compile(r"\b(\d{4})-?W(\d{2})\b", re.I)
_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
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


def parse_anchor(anchor: str | None) -> tuple[dt.date | None, str | None]:
    """An ISO anchor ("2025-06-03", "2025-06", "2025") as a date and its precision."""
    if not anchor:
        return None, None
    anchor = anchor.strip()[:10]
    try:
        if len(anchor) == 4:
            return dt.date(int(anchor), 1, 1), "year"
        if _ISO_MONTH.match(anchor):
            return dt.date(int(anchor[:4]), int(anchor[5:7]), 1), "month"
        return dt.date.fromisoformat(anchor), "day"
    except ValueError:
        return None, None


# ------------------------------------------------------------------------------------ arithmetic


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + month - 1 + n
    return k // 12, k % 12 + 1


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def shift(anchor: dt.date, unit: str, n: int) -> tuple[str, str]:
    """The calendar unit `n` steps from the anchor's: ("2025-05", "month") for unit=month, n=-1."""
    if unit == "day":
        return (anchor + dt.timedelta(days=n)).isoformat(), "day"
    if unit in ("week", "weekend"):
        value = _week(anchor + dt.timedelta(weeks=n))
        return (value + "-WE", "week") if unit == "weekend" else (value, "week")
    if unit == "month":
        y, m = _shift_month(anchor.year, anchor.month, n)
        return f"{y:04d}-{m:02d}", "month"
    if unit == "quarter":
        y, m = _shift_month(anchor.year, anchor.month, 3 * n)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}", "quarter"
    if unit == "half":
        y, m = _shift_month(anchor.year, anchor.month, 6 * n)
        return f"{y:04d}-H{(m - 1) // 6 + 1}", "unknown"
    if unit == "year":
        return f"{anchor.year + n:04d}", "year"
    if unit == "decade":
        return f"{anchor.year // 10 + n:03d}", "decade"
    if unit == "century":
        return f"{anchor.year // 100 + n:02d}", "century"
    raise ValueError(unit)


def weekday_date(anchor: dt.date, weekday: int, tense: str | None, step: int = 0) -> dt.date:
    """The weekday (1=Monday) the news means: past tense -> the latest on or before the anchor, future
    -> the next on or after, otherwise the nearest; `step` -1/+1 for "last"/"next" Tuesday."""
    back = (anchor.isoweekday() - weekday) % 7
    fwd = (weekday - anchor.isoweekday()) % 7
    if step < 0:
        return anchor - dt.timedelta(days=back or 7)
    if step > 0:
        return anchor + dt.timedelta(days=fwd or 7)
    if tense == "past":
        return anchor - dt.timedelta(days=back)
    if tense == "future":
        return anchor + dt.timedelta(days=fwd)
    return anchor - dt.timedelta(days=back) if back <= fwd else anchor + dt.timedelta(days=fwd)


def month_year(anchor: dt.date, month: int, tense: str | None, step: int = 0) -> int:
    """The year of a month named without one ("in April"), by tense as for weekdays."""
    if step < 0:
        return anchor.year if month < anchor.month else anchor.year - 1
    if step > 0:
        return anchor.year if month > anchor.month else anchor.year + 1
    if tense == "past":
        return anchor.year if month <= anchor.month else anchor.year - 1
    if tense == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year


# ------------------------------------------------------------------------------------ reading words


def words_of(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("'s ", " ").replace("s' ", "s ")
    text = re.sub(r"'s$", "", text)
    return [w for w in _WORD.findall(text) if w not in ("'",)]


def number(words: list[str], i: int) -> tuple[float | str | None, int]:
    """A number starting at words[i]: (value or "X" for vague ones, index after it)."""
    if i >= len(words):
        return None, i
    w = words[i]
    if w in ("a", "an", "one") and i + 1 < len(words) and words[i + 1] in ("few", "couple"):
        return ("X" if words[i + 1] == "few" else 2), i + 2 + (words[i + 2 : i + 3] == ["of"])
    if w in L.VAGUE:
        return "X", i + 1
    if w in ("a", "an"):
        return 1, i + 1
    if w.replace(",", "").isdigit():
        return int(w.replace(",", "")), i + 1
    if re.fullmatch(r"\d+\.\d+", w):
        return float(w), i + 1
    total, j, seen = 0, i, False
    while j < len(words) and words[j] in L.NUMBERS:
        value = L.NUMBERS[words[j]]
        total = total * value if value in (100, 1000) and seen else total + value
        seen, j = True, j + 1
        if j < len(words) and words[j] == "and" and j + 1 < len(words) and words[j + 1] in L.NUMBERS:
            j += 1
    if seen:
        if j < len(words) and words[j] in ("half",) and words[j - 1] == "and":
            return total + 0.5, j + 1
        return total, j
    return None, i


def _iso_duration(n: float | str, unit: str) -> str:
    code, time_part, factor = L.UNITS[unit]
    if isinstance(n, float) and not n.is_integer():
        # 1.5 years -> P18M: TIMEX3 values take whole numbers of a finer unit
        finer = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}
        if code in finer:
            code2, mult = finer[code]
            return f"P{'T' if code2 in 'HM' and code in 'DH' else ''}{round(n * mult * factor)}{code2}"
    count = "X" if n == "X" else str(int(n) * factor)
    return f"P{'T' if time_part else ''}{count}{code}"


def _year_of(w: str) -> int | None:
    if re.fullmatch(r"1[6-9]\d\d|20\d\d", w):
        return int(w)
    if re.fullmatch(r"'\d\d", w):
        y = int(w[1:])
        return 2000 + y if y < 40 else 1900 + y
    return None


def _day_of(w: str) -> int | None:
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", w)
    if m and 1 <= int(m.group(1)) <= 31:
        return int(m.group(1))
    return L.ORDINALS.get(w) if L.ORDINALS.get(w, 99) <= 31 else None


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
    if t is not None and mod:
        t.mod = mod
    return t


def _rel(n: int, code: str) -> str:
    return f"{n:+d}{code}" if n else f"0{code}"


def _unresolved(kind: str, precision: str, relative: str) -> Timex:
    return Timex(value=None, precision=precision, type=kind, resolved=False, relative=relative)


def _read(text, words, base, base_precision, tense, ctx) -> Timex | None:  # noqa: C901 -- one reading table
    joined = " ".join(words)
    day_anchor = base if base_precision == "day" else None
    if joined in L.REFS:
        return Timex(L.REFS[joined], "unknown", "DATE")
    # ---- numeric formats
    if m := _ISO_DATE.search(text):
        return Timex(f"{m[1]}-{m[2]}-{m[3]}", "day", "DATE")
    if m := _ISO_WEEK.search(text):
        return Timex(f"{m[1]}-W{m[2]}", "week", "DATE")
    if m := _SLASH.search(text):
        year = int(m[3]) if len(m[3]) == 4 else _year_of("'" + m[3])
        mo, d = int(m[1]), int(m[2])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return Timex(f"{year:04d}-{mo:02d}-{d:02d}", "day", "DATE")
    # ---- sets: every week, each Tuesday, daily
    if words[0] in ("every", "each", "per") or (len(words) == 1 and words[0] in L.SET_ADVERBS):
        return _read_set(words)
    # ---- decades and centuries: the 1990s, the '90s, the nineties, the 20th century
    if t := _read_decade(words):
        return t
    # ---- today, yesterday, tonight (+ part of day)
    if words[0] in L.DEICTIC_DAYS or (words[0] in ("this", "last") and len(words) == 2 and words[1] in L.DAYPARTS):
        return _read_deictic(words, day_anchor)
    # ---- clock times: 7:15 p.m., noon, midnight
    if (m := _CLOCK.search(text)) or any(w in ("noon", "midnight") for w in words):
        return _read_clock(words, m, base, day_anchor, tense)
    # ---- numbers of units: three days, two days ago, the past two months, a year earlier
    if t := _read_units(words, base, base_precision, ctx):
        return t
    # ---- calendar: Tuesday, in April, June 3, 2025, last Friday, the third quarter, fiscal 1989
    return _read_calendar(words, base, base_precision, tense, ctx)


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
        return Timex(_iso_duration(n if isinstance(n, int) else 1, unit), L.UNIT_PRECISION[unit], "SET")
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
        n = _day_of(ws[0])
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


def _read_clock(words, m, base, day, tense) -> Timex:
    if m is None:
        hh, mm = (12, 0) if "noon" in words else (24, 0)
    elif m[1]:
        hh, mm = int(m[1]) % 12 + (12 if m[3].lower() == "p" else 0), int(m[2] or 0)
    else:
        hh, mm = int(m[4]), int(m[5])
    clock = f"T{hh:02d}:{mm:02d}"
    date = None
    for i, w in enumerate(words):
        if w in L.WEEKDAYS and day is not None:
            date = weekday_date(day, L.WEEKDAYS[w], tense).isoformat()
        elif w in L.DEICTIC_DAYS and day is not None:
            date = _read_deictic(words[i:i + 1], day).value
    if date is None and day is not None:
        date = day.isoformat()
    if date is None:
        return _unresolved("TIME", "time", "0D" + clock)
    return Timex(date + clock, "time", "TIME")


def _read_units(words, base, base_precision, ctx) -> Timex | None:  # noqa: C901
    """Expressions built on a unit: durations ("three days", "the past two months"), offsets ("two days
    ago", "a year earlier", "last week", "next month"), and "the year"/"the quarter"."""
    i, rel = 0, None
    if words[0] in L.DETERMINERS:
        i = 1
    if i < len(words) and words[i] in L.RELATIVE:
        rel, i = words[i], i + 1
    while i < len(words) and words[i] in ("full", "entire", "whole"):
        i += 1
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
    direction = L.DIRECTIONS.get(" ".join(tail)) if tail else None
    if tail and direction is None:
        return None
    if direction is not None:  # two days ago, a year earlier
        steps = n if n is not None else 1
        if steps == "X" or not float(steps).is_integer():
            value = {-1: "PAST_REF", 1: "FUTURE_REF"}[direction]
            return Timex(value, "unknown", "DATE")
        steps = int(steps) * direction
        if unit == "year" and ctx.quarter is not None:  # "a year ago" in quarterly-results talk
            return Timex(f"{ctx.quarter[0] + steps:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")
        return _offset(base, base_precision, unit, steps)
    if n is None and rel is None:
        if words[0] in ("the", "this", "that") and unit in L.CALENDAR_UNITS and len(words) == 2:
            if unit == "quarter" and ctx.quarter is not None:
                return Timex(f"{ctx.quarter[0]:04d}-Q{ctx.quarter[1]}", "quarter", "DATE")
            if unit == "year" and ctx.year is not None:
                return Timex(f"{ctx.year:04d}", "year", "DATE")
            return _offset(base, base_precision, unit, 0)
        if words[0] in ("a", "an"):
            return None
        return None if words[0] not in ("the",) else Timex(_iso_duration(1, unit), L.UNIT_PRECISION[unit], "DURATION")
    if n is not None and (rel is None or rel in L.SPAN_RELATIVE):
        return Timex(_iso_duration(n, unit), L.UNIT_PRECISION[unit], "DURATION")
    if rel is not None and n is None:
        step = L.RELATIVE[rel]
        if step is None:  # "the past year", "the next month" read as a stretch of time
            return Timex(_iso_duration(1, unit), L.UNIT_PRECISION[unit], "DURATION")
        if unit == "quarter" and rel in ("latest", "recent") and base is not None:
            step = -1
        return _offset(base, base_precision, unit, step)
    return None


def _offset(base, base_precision, unit, steps) -> Timex:
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
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w in L.WEEKDAYS:
            weekday = L.WEEKDAYS[w]
        elif w in L.MONTHS and (w != "may" or len(words) > 1 or i == 0):
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
        elif (y := _year_of(w)) is not None and (month or day or weekday or season or quarter or half or fiscal
                                                or len(words) <= 3 or nxt in (None, "period", "quarter")):
            year = y
        elif (d := _day_of(w)) is not None and (month is not None or nxt in L.MONTHS or nxt == "of"):
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
    if year is None and ctx.year is not None and weekday is None:
        year = ctx.year
    if weekday is not None and month is None and day is None:
        if base is None or base_precision != "day":
            return _unresolved("TIME" if part else "DATE", "time" if part else "day",
                               f"WEEKDAY{'-' if tense == 'past' or step < 0 else '+' if tense == 'future' or step > 0 else '~'}{weekday}")
        d = weekday_date(base, weekday, tense, step).isoformat()
        return Timex(d + (f"T{part}" if part else ""), "time" if part else "day", "TIME" if part else "DATE")
    if month is not None:
        if year is None:
            if base is None:
                return _unresolved("DATE", "day" if day else "month",
                                   f"MONTH{'-' if tense == 'past' or step < 0 else '+' if tense == 'future' or step > 0 else '~'}{month:02d}")
            year = month_year(base, month, tense, step)
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
        if quarter is not None:
            return Timex(f"{year:04d}-Q{quarter}", "quarter", "DATE")
        if half is not None:
            return Timex(f"{year:04d}-H{half}", "unknown", "DATE")
        return Timex(f"{year:04d}-{season}", "season", "DATE")
    if year is not None:
        return Timex(f"{year:04d}", "year", "DATE")
    return None


def normalise(text: str, anchor: str | None, *, tense: str | None = None) -> tuple[str | None, str | None, str | None, bool]:
    """(value, precision, type, resolved) of one expression against `anchor` (ISO date or None)."""
    t = interpret(text, anchor, tense=tense)
    if t is None:
        return None, None, None, False
    return t.value, t.precision, t.type, t.resolved
