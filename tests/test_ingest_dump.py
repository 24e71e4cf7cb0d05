"""Raw scraped text dumps: the seed's expectations and table tests of the generic rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.ingest import read
from khabar.ingest import datelines
from khabar.ingest.dump import parse_dump
from khabar.records import Article

ROOT = Path(__file__).resolve().parents[1]


def loose(s: str | None) -> str:
    """Compare texts loosely: curly quotes straightened."""
    return (s or "").translate(str.maketrans("‘’“”", "''\"\""))


def articles(path) -> list[Article]:
    out = list(read([path]))
    assert all(isinstance(a, Article) for a in out), out
    return out


def check_offsets(a: Article) -> None:
    assert a.text == "\n\n".join(a.text[b.start : b.end] for b in a.blocks)
    for c in a.captions:
        assert a.text[c.start : c.end] == c.text
        assert any(b.kind == "caption" and (b.start, b.end) == (c.start, c.end) for b in a.blocks)


def test_seed(seed_path):
    arts = articles(seed_path)
    assert [loose(a.title) for a in arts] == [
        "Iraq Launches Operation to Purge ISIS Remnants in Kirkuk",
        "Iran Seeks to Turn 'New Page' in Ties with Lebanon",
    ]
    assert [loose(c.credit) for a in arts for c in a.captions] == [
        "Iraq PM's official Twitter page",
        "Lebanese Presidency press office via AP",
    ]
    for a in arts:
        check_offsets(a)
        lines = a.text.split("\n")
        assert "TT" not in lines and "20" not in lines
        assert a.text.count(a.title) == 1, "the headline is kept once"
        assert len(a.captions) == 1 and a.text.count(a.captions[0].text) == 1
        assert a.captions[0].credit not in a.text, "the credit lives only in Caption.credit"
        assert a.blocks[0].kind == "title" and a.blocks[1].kind == "caption"
        assert all(b.kind == "paragraph" for b in a.blocks[2:])
        assert a.language == "en" and a.origin.reader == "dump"
    first, second = arts
    assert (first.published, first.date_source) == (None, "none")
    assert (second.published, second.date_precision, second.date_source) == ("2025-06-03", "day", "caption")
    assert first.paragraphs[0].startswith("Iraqi Prime Minister Mustafa al-Kadhimi announced Tuesday")
    assert first.paragraphs[-1].startswith("ISIS also takes advantage")
    assert len(first.paragraphs) == 13 and len(second.paragraphs) == 11
    assert [a.origin.position for a in arts] == [1, 2]


def test_sample_dump():
    arts = articles(ROOT / "sample" / "news_dump.txt")
    assert len(arts) == 4
    for a in arts:
        check_offsets(a)
        assert len(a.captions) == 1 and a.captions[0].credit
        assert len(a.paragraphs) >= 3
    dated = [(a.published, a.date_source) for a in arts]
    # one caption carries a date; the file photo and the others give none
    assert dated == [(None, "none"), ("2025-03-10", "caption"), (None, "none"), (None, "none")]
    assert all(a.text.count(a.title) == 1 and "\nTT\n" not in a.text for a in arts)


# table: dump text -> (titles, number of captions per article, paragraphs of the first article)
DUMPS = [
    pytest.param(
        "Rebels Seize Border Post\n\nA fighter stands guard at the post. (Photo: Reuters)\n"
        "A fighter stands guard at the post. (Photo: Reuters)\nA A\n\nRebels Seize Border Post\n\n"
        "Rebels seized a border post on Friday, officials said.\n\nThe army said it would respond.\n",
        ["Rebels Seize Border Post"], [1], ["Rebels seized a border post on Friday, officials said.",
                                           "The army said it would respond."],
        id="other-widget-and-credit",
    ),
    pytest.param(
        "Minister Resigns After Vote\n\nThe minister resigned on Monday.\n\n\n\n"
        "Talks Collapse in Capital\n\nNegotiators walked out of the talks.\n",
        ["Minister Resigns After Vote", "Talks Collapse in Capital"], [0, 0], ["The minister resigned on Monday."],
        id="no-repeats-split-on-blank-runs",
    ),
    pytest.param(
        "Court Jails Activist\nShare\nCourt Jails Activist\n\nA court sentenced the activist to\n"
        "five years in prison on Sunday.\n\nHer lawyer said she would appeal.\n",
        ["Court Jails Activist"], [0], ["A court sentenced the activist to five years in prison on Sunday.",
                                        "Her lawyer said she would appeal."],
        id="hard-wrapped-paragraph",
    ),
    pytest.param(
        "Protesters Block Highway\n\nProtesters Block Highway\n\nHundreds blocked the highway.\n\n"
        "Hundreds blocked the highway.\n\nPolice fired tear gas. (AP Photo)\n\nThe road reopened at night.\n",
        ["Protesters Block Highway"], [1], ["Hundreds blocked the highway.", "The road reopened at night."],
        id="repeated-paragraph-kept-once-body-caption",
    ),
]


DUMPS += [
    pytest.param(
        "Navy Seizes Tanker in Gulf\nThe seized tanker at anchor. (Navy handout)\n\nThe navy seized a tanker.\n\n"
        "Will the Truce Hold in Tripoli?\nFighters at a checkpoint. (Photo: AFP)\n\nThe truce was agreed on Monday.\n",
        ["Navy Seizes Tanker in Gulf", "Will the Truce Hold in Tripoli?"], [1, 1], ["The navy seized a tanker."],
        id="headline-then-caption-no-repeats",
    ),
    pytest.param(
        "Strike Spreads to Ports\n\nStrike Spreads to Ports\n\nDockers joined the strike.\n\n\n"
        "Strike Spreads to Ports\n\nStrike Spreads to Ports\n\nA second outlet's story on the strike.\n",
        ["Strike Spreads to Ports", "Strike Spreads to Ports"], [0, 0], ["Dockers joined the strike."],
        id="two-stories-one-headline",
    ),
]


@pytest.mark.parametrize(("text", "titles", "n_captions", "first_paragraphs"), DUMPS)
def test_dump_table(tmp_path, text, titles, n_captions, first_paragraphs):
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    arts = articles(path)
    assert [a.title for a in arts] == titles
    assert [len(a.captions) for a in arts] == n_captions
    assert arts[0].paragraphs == first_paragraphs
    for a in arts:
        check_offsets(a)


def test_three_articles_with_shared_chrome():
    block = "{t}\n\nNewsletter sign-up\n{t}\n\nThe first line of {t} is here.\n\nIt ends here.\n\n\n"
    text = "".join(block.format(t=t) for t in ("Alpha Story Headline", "Beta Story Headline", "Gamma Story Headline"))
    parsed = parse_dump(text)
    assert len(parsed) == 3
    for p in parsed:
        assert [piece.kind for piece in p.pieces] == ["title", "paragraph", "paragraph"]


def test_repeated_standfirst_kept_once():
    text = (
        "Parliament Passes Budget After Long Debate\nThe vote ended a month of deadlock.\nBy Omar Said\n"
        "Parliament Passes Budget After Long Debate\nThe vote ended a month of deadlock.\n\n"
        "Lawmakers approved the budget late on Sunday.\n\nThe opposition walked out before the vote.\n"
    )
    (p,) = parse_dump(text)
    assert [(x.kind, x.text) for x in p.pieces] == [
        ("title", "Parliament Passes Budget After Long Debate"),
        ("paragraph", "The vote ended a month of deadlock."),
        ("paragraph", "Lawmakers approved the budget late on Sunday."),
        ("paragraph", "The opposition walked out before the vote."),
    ]
    assert p.author == "Omar Said"


def test_byline_dateline_and_date_line():
    text = (
        "Ceasefire Holds in South\nBy Amal Haddad\nTuesday, 3 June, 2025 - 10:57\nCeasefire Holds in South\n\n"
        "TYRE, Lebanon (Reuters) - A ceasefire held on Tuesday, officials said.\n"
    )
    (p,) = parse_dump(text)
    assert p.author == "Amal Haddad"
    assert (p.published, p.date_source) == (("2025-06-03", "day"), "dateline")
    assert p.source == "Reuters"
    assert [piece.kind for piece in p.pieces] == ["title", "paragraph"]


DATES = [
    ("Tuesday, June 3, 2025. (AP)", ("2025-06-03", "day")),
    ("in Baabda on 3 June 2025", ("2025-06-03", "day")),
    ("taken 2024-11-05 near the border", ("2024-11-05", "day")),
    ("Wednesday, June 3, 2025", None),  # the weekday contradicts the date: do not trust it
    ("on June 3 near the border", None),  # no year: never guessed
    ("on 03/06/2025", None),  # day-month or month-day: ambiguous
    ("February 30, 2025", None),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_find_date(text, expected):
    assert datelines.find_date(text) == expected


def test_file_photo_caption_has_no_date():
    assert datelines.caption_date("FILE - Soldiers in Aden, Yemen, Monday, March 10, 2025.") is None
    assert datelines.caption_date("Soldiers in Aden, Yemen, Monday, March 10, 2025.") == ("2025-03-10", "day")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-06-03", ("2025-06-03", "day")), ("2025-06-03T10:00:00Z", ("2025-06-03", "day")),
     ("2025-06", ("2025-06", "month")), ("2025", ("2025", "year")), ("yesterday", None), ("2025-13", None)],
)  # fmt: skip
def test_iso_date(value, expected):
    assert datelines.iso_date(value) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [("BEIRUT, June 3, 2025 (AFP) - The cabinet met.", (("2025-06-03", "day"), "AFP")),
     ("TYRE, Lebanon (Reuters) - A ceasefire held.", (None, "Reuters")),
     ("KHARTOUM, June 3 (Reuters) - Fighting resumed.", (None, "Reuters")),  # no year: no date
     ("WASHINGTON, Tuesday, June 3, 2025 — Talks ended.", (("2025-06-03", "day"), None)),
     ("(AP) — Troops withdrew.", (None, "AP")), ("The army said it withdrew.", (None, None))],
)  # fmt: skip
def test_dateline(paragraph, expected):
    assert datelines.dateline(paragraph) == expected
