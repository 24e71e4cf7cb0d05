"""Shared fixtures: the spaCy pipeline is loaded once per test session (it costs seconds)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the gazetteer cache (built on first use, ~10 s) lives beside the checkout, not in the user's data dir
os.environ.setdefault("KHABAR_DATA_DIR", str(ROOT / ".cache" / "khabar-test"))

from khabar.records import Article  # noqa: E402

SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_fe5f077b5d195cea.txt"
BENCH = SHARED / "bench"


def make_article(text: str, published: str | None = None, precision: str | None = None, title: str | None = None) -> Article:
    """An Article from plain text, as `khabar ingest` makes one from a JSONL line (khabar.ingest.from_text:
    paragraphs split on blank lines, precision from the date's form); `precision` overrides the derived one.
    A blank text, which ingest rejects, still comes back as an Article with no blocks (for stage edge cases)."""
    from khabar.ingest import from_text

    if not text.strip():
        return Article(id=hashlib.sha256(text.encode()).hexdigest()[:16], text=text, title=title)
    article = from_text(text, published=published, title=title)
    if published and precision and article.published:
        article.date_precision = precision
    return article


def events_of(doc, trigger_word: str) -> list:
    """The events of a parsed doc whose trigger contains `trigger_word` (lower case)."""
    return [e for e in doc._.khabar_events if trigger_word in e.trigger.text.lower()]


def event_of(doc, trigger_word: str):
    """The most confident such event; fails, listing the doc's events, when there is none."""
    found = events_of(doc, trigger_word)
    assert found, [(e.type, e.trigger.text) for e in doc._.khabar_events]
    return max(found, key=lambda e: e.confidence)


def codes(refs) -> list[tuple[str, str | None, str | None]]:
    """(name, country, sector) of each participant."""
    return [(r.name, r.country, r.sector) for r in refs]


def check_offsets(doc, event) -> None:
    """Every participant span of `event` is the text at its offsets."""
    for ref in event.actors + event.recipients:
        assert doc.text[ref.start : ref.end] == ref.text, (ref.start, ref.end, ref.text)


@pytest.fixture(scope="session")
def nlp():
    from khabar.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def run_nlp(nlp):
    """run_nlp(text, published=None) -> Doc with all khabar extensions set."""

    def _run(text: str, published: str | None = None, precision: str | None = None):
        article = make_article(text, published, precision)
        doc = nlp.make_doc(article.text)
        doc._.article = article
        return nlp(doc)

    return _run


@pytest.fixture(scope="session")
def run_to_quotes(nlp):
    """Like run_nlp, but stops after khabar_quotes: the stages after it cannot change quotes, and a bug
    there must not fail the quote tests."""

    def _run(text: str, published: str | None = None):
        doc = nlp.make_doc(text)
        doc._.article = make_article(text, published)
        for name, proc in nlp.pipeline:
            doc = proc(doc)
            if name == "khabar_quotes":
                break
        return doc

    return _run


@pytest.fixture(scope="session")
def quotes_of(run_to_quotes):
    """text -> its quotes, running the pipeline only up to khabar_quotes."""
    return lambda text: run_to_quotes(text)._.khabar_quotes


def by_cue(quotes, cue: str) -> list:
    """The quotes whose cue is the word `cue` (any case: "In a Gallup poll" is cued by "in")."""
    return [q for q in quotes if q.cue is not None and q.cue.text.lower() == cue.lower()]


def check_cue_quote(quotes, cue: str, source: str, content: str, last: bool = False) -> None:
    """The quote cued by `cue` (the first, or the last when the cue repeats) has that speaker span and content."""
    found = by_cue(quotes, cue)
    assert found, f"no quote with cue {cue!r}"
    quote = found[-1] if last else found[0]
    assert quote.speaker is not None and quote.speaker.text == source
    assert quote.content.text == content


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    return SEED


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    if not BENCH.exists():
        pytest.skip("../shared/bench is not beside this checkout")
    return BENCH
