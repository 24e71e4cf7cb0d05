"""Article body extraction from HTML pages (scrapinghub article-extraction-benchmark, public part).

Each page `html/<key>.html.gz` is read through khabar's own ingest path (`khabar.ingest.read`: gzip,
sniffing, decoding, trafilatura with khabar's options), and the article's body (its text without the
title block) is compared with `ground-truth.json[key]["articleBody"]`. In the same run trafilatura 2.3.1
with its default options (`trafilatura.extract(html)`) is scored as the baseline, so the two figures are
comparable.

Metrics, as the benchmark's own evaluate.py computes them: text is cut into `\\w+` tokens and 4-token
shingles; per page, true/false positives and false negatives are counted over shingle multisets and
normalised to sum to 1 (long pages weigh no more than short ones); precision is the mean over pages with
a prediction, recall the mean over pages with a gold body, F1 the harmonic mean of the two means.
`token_f1` is the same with single tokens (bag of words) instead of shingles.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from statistics import mean

import re

DATASET = "article_extraction"
_TOKEN = re.compile(r"\w+")


def _grams(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if n == 1:
        return Counter(tokens)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def match(true: str, pred: str, n: int) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of the n-gram multisets of gold and predicted text."""
    t, p = _grams(true, n), _grams(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def recall(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = mean([precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    r = mean([recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def khabar_body(path: Path) -> str:
    from khabar.ingest import read
    from khabar.ingest.article import body_of
    from khabar.records import Article

    for item in read([path]):
        if isinstance(item, Article):
            return body_of(item.text, item.blocks)
    return ""


def trafilatura_default(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(gzip.decompress(path.read_bytes())) or ""


def trafilatura_with(**options) -> Callable[[Path], str]:
    import trafilatura

    def run(path: Path) -> str:
        doc = trafilatura.bare_extraction(gzip.decompress(path.read_bytes()), **options)
        return (doc.text if doc is not None else "") or ""

    return run


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    root = Path(bench_dir) / "article_extraction"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted(root.glob("html/*.html.gz"))
    pages = [p for p in pages if p.name.removesuffix(".html.gz") in truth]
    if quick:
        pages = pages[:20]
    systems: dict[str, Callable[[Path], str]] = {"khabar": khabar_body, "trafilatura default": trafilatura_default}
    if not quick:  # the option khabar chose, measured against its alternative
        systems["trafilatura favor_recall"] = trafilatura_with(favor_recall=True, include_comments=False)
    rows = []
    for name, extract in systems.items():
        start = time.perf_counter()
        shingles, tokens = [], []
        for page in pages:
            gold = truth[page.name.removesuffix(".html.gz")].get("articleBody", "")
            pred = extract(page)
            shingles.append(match(gold, pred, 4))
            tokens.append(match(gold, pred, 1))
        seconds = time.perf_counter() - start
        s, t = scores(shingles), scores(tokens)
        for metric, value in [("shingle_precision", s["precision"]), ("shingle_recall", s["recall"]),
                              ("shingle_f1", s["f1"]), ("token_precision", t["precision"]),
                              ("token_recall", t["recall"]), ("token_f1", t["f1"])]:  # fmt: skip
            rows.append({"dataset": DATASET, "task": f"body extraction: {name}", "metric": metric, "value": value,
                         "items": len(pages), "seconds": round(seconds, 2)})  # fmt: skip
    return rows


if __name__ == "__main__":
    for row in run(Path(sys.argv[1]), quick="--quick" in sys.argv):
        print(row)
