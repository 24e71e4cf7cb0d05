"""The PolNeAR scorer (benchmarks/bench_polnear.py) on hand-made relations: the relation counts (overlap,
exact), Citron's word-overlap metric over all pairs, and the one-to-one linked word counts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_polnear", ROOT / "benchmarks" / "bench_polnear.py")
bp = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_polnear", bp)  # its dataclasses look their module up
_spec.loader.exec_module(bp)

TEXT = 'He said that taxes would rise. He added that "the deficit is too large" for the plan to work.'


def span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def rel(content: str, source: str | None = None, nth_source: int = 0) -> bp.Attribution:
    return bp.Attribution([span(TEXT, content)], [span(TEXT, source, nth_source)] if source else [])


def scores(gold: list, pred: list) -> dict[str, tuple[float, float, float]]:
    counts = {k: [0, 0, 0] for k in bp.KEYS}
    bp.score(TEXT, gold, pred, counts)
    return {k: bp._prf(*v) for k, v in counts.items()}


def test_perfect_prediction_scores_one_everywhere():
    gold = [rel("that taxes would rise", "He"), rel('that "the deficit is too large"', "He", 1)]
    pred = [rel("taxes would rise", "He"), rel("the deficit is too large", "He", 1)]
    got = scores(gold, pred)
    for key in bp.KEYS:
        assert got[key][2] == pytest.approx(1.0), key


def test_partial_content_counts_words():
    gold = [rel("that taxes would rise", "He")]
    pred = [rel("taxes would", "He")]
    got = scores(gold, pred)
    assert got["content_overlap"][2] == 1.0  # one shared word is a match
    assert got["content_exact"][2] == 0.0
    # words: gold taxes/would/rise (3: a leading "that" is not counted), predicted taxes/would (2), shared 2
    assert got["content_token"][:2] == pytest.approx((1.0, 2 / 3))
    assert got["content_linked"][:2] == pytest.approx((1.0, 2 / 3))


def test_wrong_quote_source_counts_for_citron_not_linked():
    # the right speaker on a content that matches no gold content: Citron's all-pairs metric still credits
    # the source words, the linked count and the relation counts do not
    gold = [rel("that taxes would rise", "He")]
    pred = [rel("for the plan to work", "He")]
    got = scores(gold, pred)
    assert got["source_token"][2] == pytest.approx(1.0)
    assert got["source_linked"][2] == 0.0
    assert got["source_overlap"][2] == 0.0


def test_shared_source_counts_once_per_pair_in_citron_only():
    # one "He" sources both gold relations and both predictions: Citron's sum counts it four times
    gold = [rel("taxes would rise", "He"), rel("the deficit is too large", "He")]
    pred = [rel("taxes would rise", "He"), rel("the deficit is too large", "He")]
    got = scores(gold, pred)
    assert got["source_token"][0] == pytest.approx(2.0)
    assert got["source_linked"][0] == pytest.approx(1.0)


def test_missing_prediction_lowers_recall_only():
    gold = [rel("taxes would rise", "He"), rel("the deficit is too large", "He", 1)]
    pred = [rel("taxes would rise", "He")]
    got = scores(gold, pred)
    for key in ("content_overlap", "content_token", "content_linked", "source_linked"):
        assert got[key][0] == pytest.approx(1.0), key
        assert got[key][1] == pytest.approx(0.5 if "overlap" in key else 3 / 8 if "content" in key else 0.5), key
