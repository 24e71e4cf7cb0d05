"""Word lists for temporal expressions (hand-written: small closed classes a model gains nothing on)."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [("january", "jan", "jan."), ("february", "feb", "feb."), ("march", "mar", "mar."), ("april", "apr", "apr."),
     ("may",), ("june", "jun", "jun."), ("july", "jul", "jul."), ("august", "aug", "aug."),
     ("september", "sep", "sep.", "sept", "sept."), ("october", "oct", "oct."), ("november", "nov", "nov."),
     ("december", "dec", "dec.")], start=1):
    for _n in _names:
        MONTHS[_n] = _i

WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    [("monday", "mon."), ("tuesday", "tue.", "tues."), ("wednesday", "wed."), ("thursday", "thu.", "thur.", "thurs."),
     ("friday", "fri."), ("saturday", "sat."), ("sunday", "sun.")], start=1):
    for _n in _names:
        WEEKDAYS[_n] = _i
for _n, _i in list(WEEKDAYS.items()):
    if not _n.endswith("."):
        WEEKDAYS[_n + "s"] = _i  # "on Tuesdays" (sets)

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
DAYPARTS = {"morning": "MO", "mornings": "MO", "afternoon": "AF", "afternoons": "AF", "evening": "EV",
            "evenings": "EV", "night": "NI", "nights": "NI", "overnight": "NI", "midday": "MI", "dawn": "MO",
            "daybreak": "MO", "dusk": "EV"}
DEICTIC_DAYS = ("today", "tonight", "yesterday", "tomorrow")
CLOCK_WORDS = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "noon", "midnight", "at", "est", "edt", "gmt", "utc", "pst",
               "pdt", "cst", "cdt", "local", "time", "o'clock", "sharp", "around", "about", "on", "of"}

NUMBERS: dict[str, int] = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split())
}
NUMBERS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12})
VAGUE = {"several", "few", "many", "some", "couple", "numerous", "multiple", "various", "countless"}

ORDINALS: dict[str, int] = {
    w: i for i, w in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())
}
ORDINALS.update({"twenty-first": 21, "thirtieth": 30, "thirty-first": 31, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
                 "21st": 21, "19th": 19, "20th": 20, "22nd": 22, "23rd": 23})

# unit -> (TIMEX3 duration letter, in the time part?, multiplier)
UNITS = {"second": ("S", True, 1), "minute": ("M", True, 1), "hour": ("H", True, 1), "day": ("D", False, 1),
         "night": ("D", False, 1), "week": ("W", False, 1), "weekend": ("WE", False, 1), "fortnight": ("W", False, 2),
         "month": ("M", False, 1), "quarter": ("Q", False, 1), "half": ("M", False, 6), "year": ("Y", False, 1),
         "decade": ("DE", False, 1), "century": ("CE", False, 1)}
UNIT_PRECISION = {"second": "time", "minute": "time", "hour": "time", "day": "day", "night": "day", "week": "week",
                  "weekend": "week", "fortnight": "week", "month": "month", "quarter": "quarter", "half": "unknown",
                  "year": "year", "decade": "decade", "century": "century"}
UNIT_WORDS: dict[str, str] = {}
for _u in UNITS:
    UNIT_WORDS[_u] = _u
    UNIT_WORDS[_u + "s"] = _u
UNIT_WORDS.update({"centuries": "century", "nights": "night", "halves": "half", "yr": "year", "yrs": "year",
                   "hrs": "hour", "hr": "hour", "mins": "minute", "min": "minute", "secs": "second"})
UNIT_WORDS.pop("halfs", None)
CALENDAR_UNITS = {"day", "week", "weekend", "month", "quarter", "year", "decade", "century"}
ADJ_UNITS = {"trading", "business", "working", "calendar", "fiscal", "financial", "school", "academic"}

# word -> calendar step; None: a stretch of time ending/starting at the anchor ("the past two months")
RELATIVE: dict[str, int | None] = {
    "last": -1, "previous": -1, "preceding": -1, "prior": -1, "next": 1, "coming": 1, "following": 1,
    "this": 0, "current": 0, "present": 0, "same": 0, "latest": 0, "recent": None, "past": None,
    "upcoming": 1, "final": None, "first": None, "initial": None, "remaining": None, "ensuing": None,
}
# relative words that count from the time the narrative last named, not from the publication date
NARRATIVE_RELATIVE = {"previous", "preceding", "prior", "following", "ensuing"}
SPAN_RELATIVE = {"last", "past", "next", "coming", "first", "final", "previous", "recent", "initial",
                 "remaining", "ensuing", "following", "upcoming"}
DIRECTIONS = {"ago": -1, "earlier": -1, "before": -1, "back": -1, "previously": -1, "later": 1, "after": 1,
              "from now": 1, "hence": 1, "on": 1, "afterward": 1, "afterwards": 1}

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "each"}
FILLER = {"of", "the", ",", "and", "in", "year", "on", "-", "period", "quarter", "season", "half", "s"}
LEADING = {"on", "in", "at", "since", "by", "until", "till", "during", "for", "from", "to", "before", "after",
           "over", "within", "throughout", "as", "of", "around", "about", "nearly", "almost", "some", "roughly",
           "approximately", "circa", "through", "between", "under", "ca."}

# leading phrases that modify (TIMEX3 `mod`) rather than change the value
MODS = [(("the", "end", "of"), "END"), (("the", "start", "of"), "START"), (("the", "beginning", "of"), "START"),
        (("the", "middle", "of"), "MID"), (("end", "of"), "END"), (("earlier",), "START"), (("later",), "END"),
        (("early",), "START"), (("late",), "END"), (("mid",), "MID"), (("more", "than"), "MORE_THAN"),
        (("less", "than"), "LESS_THAN"), (("at", "least"), "EQUAL_OR_MORE"), (("up", "to"), "EQUAL_OR_LESS")]

REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "present": "PRESENT_REF",
    "the present": "PRESENT_REF", "at present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "the moment": "PRESENT_REF", "the time being": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
    "the past": "PAST_REF", "recent years": "PAST_REF", "earlier": "PAST_REF",
    "once": "PAST_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF",
    "shortly": "FUTURE_REF", "the near future": "FUTURE_REF", "coming years": "FUTURE_REF",
    "the coming years": "FUTURE_REF", "in the future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "eventually": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF", "current": "PRESENT_REF", "recent": "PAST_REF",
}

# results news' name for the quarter it reports on ("Sales in the latest period rose") and for that quarter a
# year before ("the corresponding period last year", "last year's quarter"): read with the quarter named
RESULTS_PERIODS = ("the latest period", "the period", "the latest quarter", "the quarter")
RESULTS_PERIOD_YEAR_AGO = re.compile(
    r"((the|that) )?((corresponding|comparable|same) )*(quarter|period) (a year (ago|earlier)|last year)"
    r"|last year( 's|'s)? (quarter|period)")

SET_ADVERBS = {"daily": ("P1D", "day"), "weekly": ("P1W", "week"), "monthly": ("P1M", "month"),
               "annually": ("P1Y", "year"), "yearly": ("P1Y", "year"), "nightly": ("P1D", "day"),
               "hourly": ("PT1H", "time"), "quarterly": ("P3M", "quarter"), "biweekly": ("P2W", "week")}

DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}
