"""Publication dates stated in captions, datelines and metadata, by strict patterns only.

A scraped dump often carries its only date in a photo caption ("..., Tuesday, June 3, 2025. (AP)") or a
dateline ("BEIRUT, June 3, 2025 -"). We accept a date only when day, month and year are all written out
(or the ISO form); "June 3" with no year, "03/06/2025" (day-month or month-day?) and relative words are
never turned into a date: a missing date is better than a guessed one.
"""

from __future__ import annotations

import datetime as dt
import re
import time

from khabar.records import DatePrecision

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")]
    )
    for m in names
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
#: "Tuesday, June 3, 2025", "June 3 2025", "3 June 2025", "Tuesday 3 June, 2025", "2025-06-03"
_FULL_DATE = re.compile(
    rf"\b{_WEEKDAY}(?:{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + rf")\.?,?\s+(?P<year2>(?:19|20)\d\d)"
    rf"|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))\b",
    re.IGNORECASE,
)
#: a line that is nothing but a date (and maybe a time): page chrome in dumps, e.g. "Tuesday, 3 June, 2025 - 10:57"
_DATE_LINE = re.compile(
    r"^(?:published|updated|posted|date)?[:\s]*(?P<date>.{6,40}?)(?:\s*[-–—|,]?\s*\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*\w{2,4})?)?\s*$",
    re.IGNORECASE,
)
#: "BEIRUT, June 3, 2025 (Reuters) -": an upper-case place, then the date, then a credit or a dash
_DATELINE = re.compile(r"^(?P<rest>[A-Z][A-Z .'-]{1,40},[^-–—:()]{0,60}?)\s*(?:\([^()]{2,40}\)\s*)?[-–—:]\s")
_CREDIT_DASH = re.compile(
    r"^(?:[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Za-z .]{2,30})?\s+)?\((?P<credit>[A-Z][A-Za-z .&'-]{1,40})\)\s*[-–—]"
)
_CREDIT_IN = re.compile(r"\((?P<credit>[A-Z][A-Za-z .&'-]{1,40})\)\s*[-–—:]\s")


def find_date(text: str) -> tuple[str, DatePrecision] | None:
    """The first fully written date in `text` as ("YYYY-MM-DD", "day"), or None.

    A weekday that does not match the date makes the date untrustworthy: None.
    """
    for m in _FULL_DATE.finditer(text):
        if m.group("iy"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        elif m.group("year"):
            y, mo, d = int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day"))
        else:
            y, mo, d = int(m.group("year2")), MONTHS[m.group("month2").lower()], int(m.group("day2"))
        try:
            date = dt.date(y, mo, d)
        except ValueError:
            continue
        weekday = m.group("weekday")
        if weekday and WEEKDAYS.index(weekday.lower()) != date.weekday():
            continue
        return date.isoformat(), "day"
    return None


def caption_date(caption: str) -> tuple[str, DatePrecision] | None:
    """The date a photo caption states, unless it is a file photo (whose date is not the article's)."""
    if re.match(r"^\s*(?:file\b|archive\b|\(file\))", caption, re.IGNORECASE):
        return None
    return find_date(caption)


def date_line(line: str) -> tuple[str, DatePrecision] | None:
    """The date of a line that holds only a date (and maybe a time and a 'Published:' label)."""
    m = _DATE_LINE.match(line.strip())
    if not m or len(line) > 60:
        return None
    found = find_date(m.group("date"))
    if found is None:
        return None
    leftover = _FULL_DATE.sub("", m.group("date")).strip(" ,-–—|")
    return found if not leftover else None


def dateline(paragraph: str) -> tuple[tuple[str, DatePrecision] | None, str | None]:
    """(date, credit) from a body's opening dateline; either may be None."""
    head = paragraph[:120]
    m = _DATELINE.match(head)
    when = find_date(m.group("rest")) if m else None
    credit = _CREDIT_DASH.match(head) or (_CREDIT_IN.search(m.group(0)) if m else None)
    return when, (credit.group("credit") if credit else None)


def iso_date(value: str) -> tuple[str, DatePrecision] | None:
    """A metadata date string (ISO 8601 or YYYY / YYYY-MM) as (value, precision); None if not one."""
    value = value.strip()
    m = re.match(r"^((?:1[89]|2\d)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$", value)
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        if d:
            return dt.date(int(y), int(mo), int(d)).isoformat(), "day"
        if mo:
            return (f"{y}-{mo}", "month") if 1 <= int(mo) <= 12 else None
    except ValueError:
        return None
    return y, "year"


def struct_date(value: time.struct_time | None) -> tuple[str, DatePrecision] | None:
    """A feedparser `*_parsed` time as a day-precision date."""
    if not value:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat(), "day"
    except ValueError:
        return None
