"""Dates: normalisation table, Doc-level finding, date_for, the seed article, the TimeBank reader."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_article
from khabar.extract.dates import date_for, find_dates
from khabar.extract.timex import Context, interpret, normalise

WED = "2025-06-04"  # a Wednesday
_LATER_STAGES = ("khabar_places", "khabar_actors", "khabar_quotes", "khabar_events")


def _dates_only(nlp, article):
    """Run spaCy and khabar_dates only: the later stages are other modules' business (and tests)."""
    doc = nlp.make_doc(article.text)
    doc._.article = article
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p in _LATER_STAGES]):
        return nlp(doc)


@pytest.fixture(scope="module")
def run_nlp(nlp):
    """run_nlp(text, published) as conftest's, with the pipeline up to khabar_dates."""

    def _run(text: str, published: str | None = None):
        return _dates_only(nlp, make_article(text, published))

    return _run

# expression, anchor, tense -> value, precision, type
TABLE = [
    ("Tuesday", WED, "past", "2025-06-03", "day", "DATE"),
    ("on Tuesday", WED, "past", "2025-06-03", "day", "DATE"),
    ("Tuesday", WED, "future", "2025-06-10", "day", "DATE"),
    ("Wednesday", WED, "past", "2025-06-04", "day", "DATE"),
    ("last Friday", WED, None, "2025-05-30", "day", "DATE"),
    ("next Monday", WED, None, "2025-06-09", "day", "DATE"),
    ("Monday night", WED, "past", "2025-06-02TNI", "time", "TIME"),
    ("in April", WED, "past", "2025-04", "month", "DATE"),
    ("in April", WED, "future", "2026-04", "month", "DATE"),
    ("in September", WED, "past", "2024-09", "month", "DATE"),
    ("in September", WED, "future", "2025-09", "month", "DATE"),
    ("since February", WED, "past", "2025-02", "month", "DATE"),
    ("this September", WED, "past", "2025-09", "month", "DATE"),
    ("last year", WED, None, "2024", "year", "DATE"),
    ("next year", WED, None, "2026", "year", "DATE"),
    ("early next year", WED, "future", "2026", "year", "DATE"),
    ("earlier this month", WED, None, "2025-06", "month", "DATE"),
    ("last month", WED, None, "2025-05", "month", "DATE"),
    ("next month", WED, None, "2025-07", "month", "DATE"),
    ("this week", WED, None, "2025-W23", "week", "DATE"),
    ("last week", WED, None, "2025-W22", "week", "DATE"),
    ("two days ago", WED, None, "2025-06-02", "day", "DATE"),
    ("three weeks ago", WED, None, "2025-W20", "week", "DATE"),
    ("a year earlier", WED, None, "2024", "year", "DATE"),
    ("yesterday", WED, None, "2025-06-03", "day", "DATE"),
    ("tomorrow morning", WED, None, "2025-06-05TMO", "time", "TIME"),
    ("tonight", WED, None, "2025-06-04TNI", "time", "TIME"),
    ("7:15 p.m.", WED, None, "2025-06-04T19:15", "time", "TIME"),
    ("June 3, 2025", None, None, "2025-06-03", "day", "DATE"),
    ("3 June 2025", None, None, "2025-06-03", "day", "DATE"),
    ("Tuesday, June 3, 2025", None, None, "2025-06-03", "day", "DATE"),
    ("March 2019", None, None, "2019-03", "month", "DATE"),
    ("2025-06-03", None, None, "2025-06-03", "day", "DATE"),
    ("2024-W23", None, None, "2024-W23", "week", "DATE"),
    ("2025/06/03", None, None, "2025-06-03", "day", "DATE"),
    ("03.06.2025", None, None, "2025-06-03", "day", "DATE"),
    ("nineteen ninety-six", None, None, "1996", "year", "DATE"),
    ("on Tuesdays", None, None, "XXXX-WXX-2", "day", "SET"),
    ("fiscal 1989", None, None, "1989", "year", "DATE"),
    ("the end of 1994", None, None, "1994", "year", "DATE"),
    ("the 1990s", None, None, "199", "decade", "DATE"),
    ("the '80s", None, None, "198", "decade", "DATE"),
    ("the 20th century", None, None, "19", "century", "DATE"),
    ("the third quarter", "2025-11-20", "past", "2025-Q3", "quarter", "DATE"),
    ("the third quarter", WED, "past", "2024-Q3", "quarter", "DATE"),
    ("the winter of 2021", None, None, "2021-WI", "season", "DATE"),
    ("next spring", WED, None, "2026-SP", "season", "DATE"),
    ("last winter", WED, None, "2024-WI", "season", "DATE"),
    ("three days", None, None, "P3D", "day", "DURATION"),
    ("the past two months", WED, None, "P2M", "month", "DURATION"),
    ("the past decade", WED, None, "P10Y", "decade", "DURATION"),
    ("the next three quarters", WED, None, "P9M", "quarter", "DURATION"),
    ("recent weeks", WED, None, "PXW", "week", "DURATION"),
    ("several years", None, None, "PXY", "year", "DURATION"),
    ("48 hours", None, None, "PT48H", "time", "DURATION"),
    ("a week", None, None, "P1W", "week", "DURATION"),
    ("every week", None, None, "P1W", "week", "SET"),
    ("every Monday", None, None, "XXXX-WXX-1", "day", "SET"),
    ("each July", None, None, "XXXX-07", "month", "SET"),
    ("Jan. 2", "1989-11-02", None, "1990-01-02", "day", "DATE"),  # tense unknown: the nearest
    ("October", "1998-01-08", None, "1997-10", "month", "DATE"),
    ("Dec. 7", "1989-11-02", "past", "1989-12-07", "day", "DATE"),  # a near day, even in the past tense
    ("5 p.m. EST, Nov. 6", "1989-11-02", None, "1989-11-06T17:00", "time", "TIME"),
    ("10 p.m. Wednesday", "1998-02-13", "past", "1998-02-11T22:00", "time", "TIME"),
    ("the year-earlier quarter", "1989-11-02", None, "1988", "year", "DATE"),
    ("now", WED, None, "PRESENT_REF", "unknown", "DATE"),
    ("recently", WED, None, "PAST_REF", "unknown", "DATE"),
    ("the future", WED, None, "FUTURE_REF", "unknown", "DATE"),
    ("current", WED, None, "PRESENT_REF", "unknown", "DATE"),  # TimeML: the adjectives are references
    ("recent", WED, None, "PAST_REF", "unknown", "DATE"),
    ("soon", WED, None, "FUTURE_REF", "unknown", "DATE"),
    ("the year two thousand", None, None, "2000", "year", "DATE"),
    ("by year-end", "1989-10-30", None, "1989", "year", "DATE"),
    ("by year's end", "1989-10-30", None, "1989", "year", "DATE"),
    ("this past spring", "1989-10-30", "past", "1989-SP", "season", "DATE"),
    ("the last half of 1989", None, None, "1989-H2", "unknown", "DATE"),
    ("a year and a half", None, None, "P18M", "year", "DURATION"),
    ("two and a half years", None, None, "P30M", "year", "DURATION"),
    ("over the years", WED, "past", "PXY", "year", "DURATION"),  # plural: a stretch, not this year
    ("the weeks ahead", WED, None, "PXW", "week", "DURATION"),
    ("months ago", WED, None, "PAST_REF", "unknown", "DATE"),
    ("the latest fiscal year", "1989-10-26", None, "1988", "year", "DATE"),  # the last one reported
    ("the next year or so", "1989-10-26", None, "1990", "year", "DATE"),
]


@pytest.mark.parametrize(("text", "anchor", "tense", "value", "precision", "kind"), TABLE)
def test_normalise_table(text, anchor, tense, value, precision, kind):
    assert normalise(text, anchor, tense=tense) == (value, precision, kind, True)


@pytest.mark.parametrize(("text", "relative"), [
    ("last year", "-1Y"), ("next month", "+1M"), ("this week", "0W"), ("two days ago", "-2D"),
    ("Tuesday", "WEEKDAY-2"), ("in April", "MONTH-04"), ("yesterday", "-1D"),
])
def test_relative_without_anchor_stays_unresolved(text, relative):
    t = interpret(text, None, tense="past")
    assert (t.value, t.resolved, t.relative) == (None, False, relative)


def test_year_precision_anchor_cannot_resolve_days():
    assert interpret("yesterday", "2025", tense="past").resolved is False
    assert normalise("last year", "2025") == ("2024", "year", "DATE", True)


# expression, context -> value: what the text named before changes the reading
CONTEXT_TABLE = [
    ("the 1988 quarter", Context(quarter=(1989, 3)), "1988-Q3"),  # that quarter in 1988, not 1,988 quarters
    ("the 1988 period", Context(quarter=(1989, 2)), "1988-Q2"),
    ("the 1988 quarter", Context(), "1988"),
    ("the latest period", Context(quarter=(1989, 3)), "1989-Q3"),
    ("the following year", Context(point=(dt.date(1995, 5, 22), "day")), "1996"),
    ("the previous month", Context(point=(dt.date(2020, 3, 1), "month")), "2020-02"),
    ("the following week", Context(point=(dt.date(2020, 3, 1), "month")), "2025-W24"),  # a month is too coarse
    ("the previous Friday", Context(day=dt.date(2025, 5, 30)), "2025-05-23"),
    ("the following Monday", Context(day=dt.date(2025, 5, 30)), "2025-06-02"),
    ("next year", Context(point=(dt.date(1995, 5, 22), "day")), "2026"),  # deictic: counts from publication
    ("last Friday", Context(day=dt.date(2025, 5, 20)), "2025-05-30"),
    ("that day", Context(day=dt.date(2025, 3, 3)), "2025-03-03"),  # the day just named
    ("that day", Context(), WED),
    ("the corresponding period last year", Context(quarter=(1989, 3)), "1988-Q3"),
    ("last year's quarter", Context(quarter=(1989, 2)), "1988-Q2"),
    ("the quarter a year ago", Context(quarter=(1989, 3)), "1988-Q3"),
]


@pytest.mark.parametrize(("text", "context", "value"), CONTEXT_TABLE)
def test_context_table(text, context, value):
    assert interpret(text, WED, context=context).value == value


@pytest.mark.parametrize("text", ["the age", "52 years old", "three-quarters", "Beirut", "the second", "the latest period"])
def test_not_temporal(text):
    assert normalise(text, WED) == (None, None, None, False)


# ------------------------------------------------------------------------------------ documents


def _found(doc) -> dict[str, tuple]:
    return {m.text: (m.value, m.type) for m in doc._.khabar_dates}


def test_doc_finds_and_resolves(run_nlp):
    text = ("The minister resigned on Monday, two days after protesters stormed the parliament. "
            "Talks will resume next week, and the committee meets every month.\n\n"
            "The army withdrew in the 1990s and the ceasefire held for three years.")
    doc = run_nlp(text, WED)
    found = _found(doc)
    assert found["Monday"] == ("2025-06-02", "DATE")
    assert found["next week"] == ("2025-W24", "DATE")
    assert found["every month"] == ("P1M", "SET")
    assert found["the 1990s"] == ("199", "DATE")
    assert found["three years"] == ("P3Y", "DURATION")
    for m in doc._.khabar_dates:
        assert doc.text[m.start : m.end] == m.text
        assert m.anchor == WED
    assert [m.id for m in doc._.khabar_dates] == [f"t{i}" for i in range(1, len(doc._.khabar_dates) + 1)]


def test_extent_leaves_out_prepositions(run_nlp):
    doc = run_nlp("Rebels seized the town in April and have held it since February.", WED)
    assert {m.text for m in doc._.khabar_dates} == {"April", "February"}


def test_future_tense_moves_forward(run_nlp):
    doc = run_nlp("The envoy will visit Cairo on Friday and return in March.", WED)
    assert _found(doc) == {"Friday": ("2025-06-06", "DATE"), "March": ("2026-03", "DATE")}


def test_context_year_from_previous_sentence(run_nlp):
    text = "Last year, the court jailed two reporters. In October, it freed one of them."
    doc = run_nlp(text, WED)
    assert _found(doc)["October"] == ("2024-10", "DATE")


def test_comparison_year_is_not_context(run_nlp):
    text = "Profit for the quarter ended Sept. 30 rose to $5 million from $4 million a year earlier."
    doc = run_nlp(text, "1989-10-30")
    found = _found(doc)
    assert found["Sept. 30"] == ("1989-09-30", "DATE")
    assert found["a year earlier"] == ("1988-Q3", "DATE")  # the same quarter, a year before


def test_record_precisions_fit_the_schema(run_nlp):
    doc = run_nlp("Sales fell in the third quarter and rose in the winter of 2021.", WED)
    assert {m.value: m.precision for m in doc._.khabar_dates} == {"2024-Q3": "quarter", "2021-WI": "season"}


def test_words_that_only_look_temporal(run_nlp):
    doc = run_nlp("Officials said the talks may collapse. Thousands march in the capital. The plant costs "
                  "$5 million a year to run and a second plant is planned. It was a last-minute deal.", WED)
    assert doc._.khabar_dates == []


def test_year_of_another_clause_is_not_context(run_nlp):
    text = "Under a buyback approved by the board in 1987, the firm bought 500 shares through Sept. 29."
    found = _found(run_nlp(text, "1989-10-30"))
    assert found["1987"] == ("1987", "DATE")
    assert found["Sept. 29"] == ("1989-09-29", "DATE")


def test_narrative_days_count_from_the_day_named(run_nlp):
    text = ("Rebels shelled the town on Sunday. The previous day, protesters had blocked roads. "
            "Two days later, talks resumed. The minister resigned two days ago.")
    found = _found(run_nlp(text, WED))
    assert found["Sunday"] == ("2025-06-01", "DATE")
    assert found["The previous day"] == ("2025-05-31", "DATE")
    assert found["Two days later"] == ("2025-06-02", "DATE")  # after the last day named (May 31)
    assert found["two days ago"] == ("2025-06-02", "DATE")  # "ago" counts from publication


def test_two_years_are_two_expressions_and_a_named_thing_sets_no_scene(run_nlp):
    text = "He served between 2001 and 2003. The 2020 election was disputed. The vote was delayed to June 3rd."
    found = _found(run_nlp(text, WED))
    assert found["2001"] == ("2001", "DATE") and found["2003"] == ("2003", "DATE")
    assert found["June 3rd"] == ("2025-06-03", "DATE")


def test_reported_future_and_since(run_nlp):
    doc = run_nlp("The board said it would pay the dividend in January. Prices have doubled since March.",
                  "1989-11-02")
    assert _found(doc) == {"January": ("1990-01", "DATE"), "March": ("1989-03", "DATE")}


def test_unknown_publication_date(run_nlp):
    doc = run_nlp("Police arrested six men on Sunday. The trial opened on 4 March 2024.", None)
    by_text = {m.text: m for m in doc._.khabar_dates}
    assert by_text["Sunday"].resolved is False and by_text["Sunday"].value is None
    assert by_text["Sunday"].relative == "WEEKDAY-7"
    assert by_text["4 March 2024"].value == "2024-03-04" and by_text["4 March 2024"].resolved


# text, publication date -> expressions found (text: (value, type)); the texts in `absent` are not found
DOC_TABLE = [
    # the twelve months up to a day, not a calendar year
    ("For the year ended March 31, the retailer earned $4 million; for the fiscal year ending June 30 it "
     "expects less.", "1989-10-30", {"the year": ("P1Y", "DURATION"), "the fiscal year": ("P1Y", "DURATION")}, ()),
    ("The full year will be the best in a decade, and for the year the chain expects growth.", "1989-10-30",
     {"The full year": ("1989", "DATE"), "the year": ("1989", "DATE")}, ()),
    # results news: after the nine months a comparison is with the nine months a year before
    ("Third-quarter profit rose to $5 million from $4 million a year earlier. For the nine months, profit was "
     "$12 million, up from $10 million a year earlier.", "1989-10-30",
     {"a year earlier": ("1988", "DATE"), "the nine months": ("P9M", "DURATION")}, ()),
    ("Third-quarter profit rose to $5 million. In the 1988 quarter, the company earned $3 million. Costs in the "
     "latest period fell.", "1989-10-30",
     {"the 1988 quarter": ("1988-Q3", "DATE"), "the latest period": ("1989-Q3", "DATE")}, ()),
    ("Costs in the latest period fell.", "1989-10-30", {}, ("the latest period",)),
    # adjectives and adverbs of time, not terms or clause openers
    ("The current crisis followed a recent attack, and talks will soon resume.", WED,
     {"current": ("PRESENT_REF", "DATE"), "recent": ("PAST_REF", "DATE"), "soon": ("FUTURE_REF", "DATE")}, ()),
    ("The current account deficit grew soon after the vote, as soon as prices rose.", WED, {}, ("current", "soon")),
    # the verb "last" is not part of the expression; fractions are not half-years
    ("The truce will last a fortnight and prices rose last week.", WED,
     {"a fortnight": ("P2W", "DURATION"), "last week": ("2025-W22", "DATE")}, ("last a fortnight",)),
    ("Rains that last three days flood the valley.", WED, {"three days": ("P3D", "DURATION")}, ()),
    ("Shares closed at sixty-one and a half, and about a half million people lost power.", WED, {},
     ("a half", "about a half")),
    ("He stayed for a year and a half.", WED, {"a year and a half": ("P18M", "DURATION")}, ()),
    ("The airline flies four flights a week.", WED, {}, ("a week",)),  # a rate, like "$5 a year"
    # bare plural units after a preposition of duration; fractions and "hundreds of years" are not times
    ("Troops could arrive within weeks; the city was ruled for centuries and grew for the first time in years.",
     WED, {"weeks": ("PXW", "DURATION"), "centuries": ("PXY", "DURATION"), "years": ("PXY", "DURATION")}, ()),
    ("They ruled for hundreds of years, and Iraq imports about three-quarters of its food.", WED, {},
     ("years", "-quarters", "quarters")),
    # a range is two expressions; modifiers of a duration stay, a preposition after it does not
    ("Shares are offered from today through Nov. 17.", "1989-10-27",
     {"today": ("1989-10-27", "DATE"), "Nov. 17": ("1989-11-17", "DATE")}, ("today through Nov. 17",)),
    ("The loan may be extended for an additional year, and the banks must wait at least 30 days before closing.",
     WED, {"an additional year": ("P1Y", "DURATION"), "at least 30 days": ("P30D", "DURATION")}, ()),
    ("Third-quarter net rose 8%. For the quarter a year ago, it earned $3 million, while sales for last year's "
     "quarter were flat.", "1989-10-26",
     {"the quarter a year ago": ("1988-Q3", "DATE"), "last year's quarter": ("1988-Q3", "DATE")}, ("a year ago",)),
    # narrative time: "the following year", "the previous Friday" count from what the text named
    ("On May 22, 1995, he was promoted, and the following year he moved to Washington.", "1998-04-18",
     {"the following year": ("1996", "DATE")}, ()),
    ("Shares fell on Friday, down 4% from the previous Friday.", WED,
     {"Friday": ("2025-05-30", "DATE"), "the previous Friday": ("2025-05-23", "DATE")}, ()),
    # tense: a past perfect above an infinitive, passive infinitives, deadlines, the news' present
    ("The offer had been due to expire Friday evening.", "1989-10-30", {"Friday evening": ("1989-10-27TEV", "TIME")},
     ()),
    ("Final rules to be published in early November will decide the case.", "1989-10-30",
     {"early November": ("1989-11", "DATE")}, ()),
    ("The regulator gave the bidder until mid-November to reply, and the bank extended loans through January.",
     "1989-10-30", {"mid-November": ("1989-11", "DATE"), "January": ("1990-01", "DATE")}, ()),
    ("The board named a new chairman, effective Feb. 1.", "1989-10-26", {"Feb. 1": ("1990-02-01", "DATE")}, ()),
    ("The two leaders meet Monday in Geneva.", WED, {"Monday": ("2025-06-09", "DATE")}, ()),
    ("The two leaders met Monday in Geneva.", WED, {"Monday": ("2025-06-02", "DATE")}, ()),
    # extents: the determiner of the noun a date modifies, a leading "following", year-end
    ("Both sides broke the Nov. 1 deadline. Talks resumed following the March 1988 ceasefire.", "1989-11-02",
     {"Nov. 1": ("1989-11-01", "DATE"), "March 1988": ("1988-03", "DATE")}, ("the Nov. 1",)),
    ("Intel said that last week a customer found two flaws.", WED, {"last week": ("2025-W22", "DATE")}, ()),
    ("The sale should close by year-end, and the new year two thousand begins later.", "1989-10-30",
     {"year-end": ("1989", "DATE")}, ()),
]


@pytest.mark.parametrize(("text", "published", "expected", "absent"), DOC_TABLE)
def test_doc_table(run_nlp, text, published, expected, absent):
    found = _found(run_nlp(text, published))
    for phrase, value in expected.items():
        assert found.get(phrase) == value, (phrase, found)
    for phrase in absent:
        assert phrase not in found, (phrase, found)


def test_the_future_of_a_thing_is_not_a_time(run_nlp):
    doc = run_nlp("Talks on the future of the militia will resume in the future.", WED)
    assert [(m.text, m.start, m.value) for m in doc._.khabar_dates] == [("the future", 50, "FUTURE_REF")]


# ------------------------------------------------------------------------------------ date_for


def _token(doc, word):
    return next(t for t in doc if t.text == word)


def test_date_for_attached_and_fallback(run_nlp):
    text = ("Troops shelled the village on Thursday. Aid groups condemned the attack.\n\n"
            "In March, the government banned the party.")
    doc = run_nlp(text, WED)
    shelled = date_for(doc, _token(doc, "shelled"))
    assert (shelled.value, shelled.source) == ("2025-05-29", "text")
    assert shelled.date_id is not None
    condemned = date_for(doc, _token(doc, "condemned"))
    assert (condemned.value, condemned.source) == (WED, "published")
    banned = date_for(doc, doc[_token(doc, "banned").i : _token(doc, "banned").i + 1])
    assert (banned.value, banned.precision) == ("2025-03", "month")


def test_date_for_ignores_date_of_another_verb(run_nlp):
    doc = run_nlp("The spokesman said on Monday that rebels will attack the port.", WED)
    attack = date_for(doc, _token(doc, "attack"))
    assert attack.source == "published"
    said = date_for(doc, _token(doc, "said"))
    assert said.value == "2025-06-02"


def test_seed_article(nlp, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    doc = _dates_only(nlp, make_article(text, "2025-06-03"))
    dates = doc._.khabar_dates
    assert all(text[m.start : m.end] == m.text for m in dates)
    assert any(m.text == "Tuesday, June 3, 2025" and m.value == "2025-06-03" for m in dates)

    def when(sentence_start: str, trigger: str) -> str | None:
        at = text.index(sentence_start)
        token = next(t for t in doc if t.idx >= at and t.text == trigger)
        return date_for(doc, token).value

    assert when("Iranian Foreign Minister Abbas Araqchi told", "told") == "2025-06-03"
    assert when("Lebanon's foreign ministry summoned", "summoned") == "2025-04"
    assert when("Last year, then-Prime Minister", "issued") == "2024"
    assert when("In February, Iran blocked", "blocked") == "2025-02"
    assert when("Araqchi's one-day trip", "killed") == "2024-09"
    assert when("Araqchi's one-day trip", "attended") == "2025-02"  # "since February, when he attended"

    # no publication date: relative expressions stay unresolved, the absolute one resolves
    mentions = find_dates(_dates_only(nlp, make_article(text, None)))
    assert any(m.text == "last year" and not m.resolved and m.relative == "-1Y" for m in mentions)
    assert all(m.value is None for m in mentions if m.text in ("Tuesday", "April", "September"))
    assert any(m.value == "2025-06-03" for m in mentions)


# ------------------------------------------------------------------------------------ the benchmark


def _bench():
    spec = importlib.util.spec_from_file_location("bench_timebank", ROOT / "benchmarks" / "bench_timebank.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_timebank", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_tml_reader_and_scorer(tmp_path: Path):
    bench = _bench()
    tml = tmp_path / "doc.tml"
    tml.write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2001-05-02" functionInDocument="CREATION_TIME">'
        "20010502</TIMEX3></DCT><TEXT>\nShares fell &amp; rose <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2001-05-01\">"
        "Tuesday</TIMEX3> after <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P3D\">three days</TIMEX3>.\n</TEXT>"
        "</TimeML>",
        encoding="utf-8",
    )
    text, dct, golds = bench.read_tml(tml)
    assert dct == "2001-05-02"
    assert [(g.text, g.value) for g in golds] == [("Tuesday", "2001-05-01"), ("three days", "P3D")]
    assert "&" in text and text[golds[0].start : golds[0].end] == "Tuesday"
    # one exact, one partial-with-wrong-value, one spurious system mention
    from khabar.records import DateMention

    systems = [DateMention("t1", golds[0].start, golds[0].end, "Tuesday", "DATE", "2001-05-01"),
               DateMention("t2", golds[1].start, golds[1].start + 5, "three", "DURATION", "P3M"),
               DateMention("t3", 0, 6, "Shares", "DATE", "2001")]
    s = bench.score([(golds, systems)])
    assert s["strict"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert s["relaxed"] == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))
    assert s["value"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


@pytest.mark.parametrize(("kind", "system", "gold", "label"), [
    ("value", "1989-W43", "1989-WXX", "week left unresolved in gold (WXX)"),
    ("value", "P1Y", "1989", "duration vs point"),
    ("value", "1988-Q3", "1988", "quarter / half"),
    ("value", "1989-11", "1988-11", "wrong year (anchor, tense or context)"),
    ("value", "1989-11", "1989-11-01", "granularity"),
    ("value", "PXM", "FUTURE_REF", "reference (PAST/PRESENT/FUTURE_REF) vs other"),
    ("missed", "", "P1W", "missed"),
])
def test_error_classes(kind, system, gold, label):
    assert _bench().error_class(kind, system, gold) == label
