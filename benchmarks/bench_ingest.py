"""Ingest throughput (articles/s) and peak memory, on a corpus generated from PLOVER synthetic stories.

The stories (title + text from `plover_synthetic/stories.csv`) are written into a temporary folder in
the three shapes khabar reads most: one JSONL file (a line per story), scraped text dumps (ten stories
per file, each headline and a credited caption repeated, a `TT`/`20` font-size widget between), and
one HTML page per story. `khabar.ingest.read(folder)` is timed over each shape (articles/s, wall clock,
one process); every JSONL and HTML story must come back as an Article. Splitting dumps into articles is
heuristic, so it is measured: story_recall / story_precision = stories whose title came back in order
(longest matching subsequence of titles) over stories written / articles read; clean_header = articles with
exactly one caption, its credit set apart, no widget line and the headline once. The synthetic stories
themselves hold stray headline-like lines and repeats, which makes this a harder test than clean dumps.

Memory: Python's peak allocation (tracemalloc) while reading a JSONL file and a folder of dumps of
N and 4N stories; streaming means the peak does not grow with the input, so `peak_ratio_4x` (peak at
4N / peak at N) stays near 1.
"""

from __future__ import annotations

import csv
import difflib
import html
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

DATASET = "plover_synthetic"
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Bench Daily">
<meta property="article:published_time" content="2024-05-{day:02d}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>{body}</article>
<footer>Bench Daily</footer></body></html>"""


def stories(bench_dir: Path, n: int) -> list[tuple[str, str]]:
    path = Path(bench_dir) / "plover_synthetic" / "stories.csv"
    csv.field_size_limit(10_000_000)
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            # the prompt's first line is the title with its {country_1} placeholders filled in
            title = " ".join((row.get("prompt") or row.get("title") or "").split("\n")[0].split())
            text = (row.get("text") or "").strip()
            if title and text and len(text) > 200:
                out.append((title, text))
            if len(out) >= n:
                break
    return out


def write_jsonl(folder: Path, items: list[tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "stories.jsonl", "w", encoding="utf-8") as f:
        for i, (title, text) in enumerate(items):
            f.write(json.dumps({"id": f"s{i}", "title": title, "text": text}) + "\n")


def write_dumps(folder: Path, items: list[tuple[str, str]], per_file: int = 10) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(0, len(items), per_file):
        parts = []
        for i, (title, text) in enumerate(items[k : k + per_file]):
            caption = f"A photo taken for story {k + i}, shown in the capital. (Bench Photo Agency)"
            head = f"{title}\n\n{caption}\n{caption}\nTT\n20\n\n"
            parts.append(head + head + text + "\n")
        (folder / f"dump_{k // per_file:05d}.txt").write_text("\n\n\n".join(parts), encoding="utf-8")


def write_html(folder: Path, items: list[tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (title, text) in enumerate(items):
        body = "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
        page = PAGE.format(title=html.escape(title), body=body, day=1 + i % 28)
        (folder / f"page_{i:05d}.html").write_text(page, encoding="utf-8")


def timed_read(folder: Path) -> tuple[list[str | None], int, float, int]:
    """(titles of the Articles read, number of Rejects, seconds, articles whose header came out clean).

    Clean: exactly one caption, its credit set apart, no widget line and no repeated headline in the text.
    """
    from khabar.ingest import read
    from khabar.records import Article

    start = time.perf_counter()
    titles, rejects, clean = [], 0, 0
    for item in read([folder]):
        if isinstance(item, Article):
            titles.append(item.title)
            lines = item.text.split("\n")
            clean += (
                len(item.captions) == 1
                and item.captions[0].credit == "Bench Photo Agency"
                and "TT" not in lines
                and lines.count(item.title or "") == 1
            )
        else:
            rejects += 1
    return titles, rejects, time.perf_counter() - start, clean


def peak_bytes(folder: Path) -> int:
    from khabar.ingest import read

    tracemalloc.start()
    for _ in read([folder]):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    n = 300 if quick else 3000
    items = stories(bench_dir, n)
    rows = []
    with tempfile.TemporaryDirectory(prefix="khabar-bench-ingest-") as tmp:
        root = Path(tmp)
        shapes = {"jsonl": write_jsonl, "dump": write_dumps, "html": write_html}
        total_articles = total_seconds = 0.0
        for shape, write in shapes.items():
            subset = items if shape != "html" else items[: n // 3]  # HTML extraction is the slow path
            write(root / shape, subset)
            titles, rejects, seconds, clean = timed_read(root / shape)
            articles = len(titles)
            expected = [t for t, _ in subset]
            if shape != "dump" and (rejects or titles != expected):  # every story back, once, in order
                raise RuntimeError(f"{shape}: {articles} articles and {rejects} rejects from {len(subset)} stories")
            if shape == "dump":  # splitting dumps is heuristic: measure it
                same = difflib.SequenceMatcher(a=expected, b=titles, autojunk=False).get_matching_blocks()
                found = sum(m.size for m in same)
                for metric, value in (("story_recall", found / len(expected)), ("story_precision", found / max(1, articles)),
                                      ("clean_header", clean / max(1, articles))):  # fmt: skip
                    rows.append({"dataset": DATASET, "task": "dump splitting (title and order)", "metric": metric,
                                 "value": value, "items": len(expected), "seconds": round(seconds, 2)})  # fmt: skip
            total_articles += articles
            total_seconds += seconds
            rows.append({"dataset": DATASET, "task": f"ingest {shape}", "metric": "articles_per_s",
                         "value": articles / seconds, "items": articles, "seconds": round(seconds, 2)})  # fmt: skip
        rows.append({"dataset": DATASET, "task": "ingest all shapes", "metric": "articles_per_s",
                     "value": total_articles / total_seconds, "items": int(total_articles),
                     "seconds": round(total_seconds, 2)})  # fmt: skip
        small = items[: max(50, n // 8)]
        for shape, write in (("jsonl", write_jsonl), ("dump", write_dumps)):
            start = time.perf_counter()
            write(root / f"mem1_{shape}", small)
            write(root / f"mem4_{shape}", small * 4)
            p1, p4 = peak_bytes(root / f"mem1_{shape}"), peak_bytes(root / f"mem4_{shape}")
            seconds = round(time.perf_counter() - start, 2)
            rows.append({"dataset": DATASET, "task": f"ingest {shape} memory", "metric": "peak_kib",
                         "value": p4 / 1024, "items": len(small) * 4, "seconds": seconds})  # fmt: skip
            rows.append({"dataset": DATASET, "task": f"ingest {shape} memory", "metric": "peak_ratio_4x",
                         "value": p4 / p1, "items": len(small) * 4, "seconds": seconds})  # fmt: skip
    return rows


if __name__ == "__main__":
    for row in run(Path(sys.argv[1]), quick="--quick" in sys.argv):
        print(row)
