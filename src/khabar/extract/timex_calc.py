"""Calendar arithmetic, word reading and the small readers (sets, decades, dateparser's absolute dates) for
temporal expressions, with the `Timex` and `Context` records (used and re-exported by `khabar.extract.timex`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from khabar.extract import timex_words as L

_WORD = re.compile(r"\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s)?|'\d\ds?|[a-z]+(?:\.[a-z])*\.?|[:&]")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


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
    point: tuple[dt.date, str] | None = None  # the last day, month or year named: "the following year" counts from it


class ContextReads:
    """A Context as a reading sees it, noting the fields it looked at and the values they held (`seen`):
    the reading depends on those alone, which is what lets `timex.interpret` remember it."""

    __slots__ = ("_ctx", "seen")

    def __init__(self, ctx: Context) -> None:
        self._ctx, self.seen = ctx, {}

    def _get(self, name: str):
        value = getattr(self._ctx, name)
        self.seen[name] = value
        return value

    year = property(lambda self: self._get("year"))
    quarter = property(lambda self: self._get("quarter"))
    day = property(lambda self: self._get("day"))
    point = property(lambda self: self._get("point"))


@lru_cache(maxsize=4096)
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
    -> the next on or after, otherwise (tense unknown) the latest too; `step` -1/+1 for "last"/"next" Tuesday."""
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
    return anchor - dt.timedelta(days=back)  # news mostly reports what happened: the latest one


def month_year(anchor: dt.date, month: int, tense: str | None, step: int = 0, day: int | None = None) -> int:
    """The year of a month named without one ("in April"), by tense as for weekdays. A day-exact date
    at most two months ahead stays in the anchor's year even in a past sentence ("declared a dividend
    payable Dec. 7" in November): reports name near dates, not ones eleven months back."""
    if step < 0:
        return anchor.year if month < anchor.month else anchor.year - 1
    if step > 0:
        return anchor.year if month >= anchor.month else anchor.year + 1
    if tense == "past":
        if month <= anchor.month or (day is not None and month - anchor.month <= 2):
            return anchor.year
        return anchor.year - 1
    if tense == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    # tense unknown: the nearest such month, the earlier one on a tie (news reports the past)
    ahead, back = (month - anchor.month) % 12, (anchor.month - month) % 12
    if ahead == 0:
        return anchor.year
    return anchor.year + (1 if month < anchor.month else 0) if ahead < back else anchor.year - (month > anchor.month)


# ------------------------------------------------------------------------------------ reading words


def words_of(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("'s ", " ").replace("s' ", "s ")
    text = re.sub(r"'s$", "", text)
    words = [w for w in _WORD.findall(text) if w not in ("'",)]
    for i in range(len(words) - 1):
        if words[i] in ("nineteen", "eighteen") and words[i + 1] in L.NUMBERS and L.NUMBERS[words[i + 1]] % 10 == 0 \
                and 20 <= L.NUMBERS[words[i + 1]] <= 90:
            ones = L.NUMBERS.get(words[i + 2], 0) if i + 2 < len(words) and L.NUMBERS.get(words[i + 2], 10) < 10 else 0
            year = L.NUMBERS[words[i]] * 100 + L.NUMBERS[words[i + 1]] + ones
            return [*words[:i], str(year), *words[i + 2 + (ones > 0):]]
    return words


def number(words: list[str], i: int) -> tuple[float | str | None, int]:
    """A number starting at words[i]: (value or "X" for vague ones, index after it)."""
    if i >= len(words):
        return None, i
    w = words[i]
    if w in ("a", "an", "one") and i + 1 < len(words) and words[i + 1] in ("few", "couple"):
        return ("X" if words[i + 1] == "few" else 2), i + 2 + (words[i + 2 : i + 3] == ["of"])
    if w == "couple":  # "the next couple of years"
        return 2, i + 1 + (words[i + 1 : i + 2] == ["of"])
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
        if words[j : j + 3] == ["and", "a", "half"]:  # "two and a half years"
            return total + 0.5, j + 3
        return total, j
    return None, i


# durations in ISO 8601 units: quarters as months, decades and centuries as years ("two decades" -> P20Y)
_ISO_UNITS = {"quarter": ("M", False, 3), "decade": ("Y", False, 10), "century": ("Y", False, 100),
              "weekend": ("D", False, 2)}


def iso_duration(n: float | str, unit: str) -> str:
    code, time_part, factor = _ISO_UNITS.get(unit) or L.UNITS[unit]
    if isinstance(n, float) and not n.is_integer():
        # 1.5 years -> P18M: TIMEX3 values take whole numbers of a finer unit
        finer = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}
        if code in finer:
            code2, mult = finer[code]
            return f"P{'T' if code2 in 'HM' and code in 'DH' else ''}{round(n * mult * factor)}{code2}"
    count = "X" if n == "X" else str(int(n) * factor)
    return f"P{'T' if time_part else ''}{count}{code}"


def year_of(w: str) -> int | None:
    if re.fullmatch(r"1[6-9]\d\d|20\d\d", w):
        return int(w)
    if re.fullmatch(r"'\d\d", w):
        y = int(w[1:])
        return 2000 + y if y < 40 else 1900 + y
    return None


def day_of(w: str) -> int | None:
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", w)
    if m and 1 <= int(m.group(1)) <= 31:
        return int(m.group(1))
    return L.ORDINALS.get(w) if L.ORDINALS.get(w, 99) <= 31 else None


# ------------------------------------------------------------------------------------ small readers


def read_set(words: list[str]) -> Timex | None:
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


def read_decade(words: list[str]) -> Timex | None:
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


_PARSER = None


def dateparser_reading(text: str) -> Timex | None:
    """Absolute dates in forms our reader lacks ("2025/06/03", "03.06.2025"): dateparser, whose `period`
    says how precise the text really was (it would fill missing parts from today otherwise)."""
    reading = _dateparser_reading(text)
    return None if reading is None else Timex(*reading)


@lru_cache(maxsize=8192)
def _dateparser_reading(text: str) -> tuple[str, str, str] | None:
    """(value, precision, type) or None; dateparser takes a millisecond a call: once per text."""
    global _PARSER
    if _PARSER is None:
        from dateparser.date import DateDataParser

        _PARSER = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"})
    data = _PARSER.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d, period = data.date_obj, data.period
    if period == "day":
        return d.date().isoformat(), "day", "DATE"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month", "DATE"
    if period == "year":
        return f"{d.year:04d}", "year", "DATE"
    return None
