"""Shared fixtures: the spaCy pipeline is loaded once per test session (it costs seconds)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the gazetteer cache (built on first use, ~10 s) lives beside the checkout, not in the user's data dir
os.environ.setdefault("KHABAR_DATA_DIR", str(ROOT / ".cache" / "khabar-test"))

from khabar.records import Article, Block  # noqa: E402

SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_fe5f077b5d195cea.txt"
BENCH = SHARED / "bench"


def make_article(text: str, published: str | None = None, precision: str | None = "day", title: str | None = None) -> Article:
    """An Article from plain text: paragraphs split on blank lines (for stage tests)."""
    blocks, pos = [], 0
    for chunk in text.split("\n\n"):
        start = text.index(chunk, pos) if chunk else pos
        if chunk.strip():
            blocks.append(Block("paragraph", start, start + len(chunk)))
        pos = start + len(chunk)
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        text=text,
        title=title,
        blocks=blocks,
        published=published,
        date_precision=precision if published else None,
        date_source="metadata" if published else "none",
    )


@pytest.fixture(scope="session")
def nlp():
    from khabar.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def run_nlp(nlp):
    """run_nlp(text, published=None) -> Doc with all khabar extensions set."""

    def _run(text: str, published: str | None = None, precision: str | None = "day"):
        article = make_article(text, published, precision)
        doc = nlp.make_doc(article.text)
        doc._.article = article
        return nlp(doc)

    return _run


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
