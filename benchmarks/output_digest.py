"""Dump the pipeline's records over a fixed sample, and diff two dumps: proof that a speed change left the
output alone.

    python benchmarks/output_digest.py dump ../shared/bench OUT.json [N]   # N synthetic stories (300) + the seed
    python benchmarks/output_digest.py diff A.json B.json                  # exit 1 and list what differs

The sample is the first N synthetic PLOVER stories (as the throughput benchmark reads them), 60 templated
items from `corpus.templated` and the articles of ../shared/seed. Every record of every Extraction (events,
actors, entities, dates, quotes, places) is written with `records.to_dict`, one entry per article. To check a
change against the tree as it was while others edit other files, copy `src` once, revert the change in a
second copy (`patch -R`), dump each with PYTHONPATH pointing at it, then diff the two dumps.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import stories, templated  # noqa: E402

from khabar.ingest import read  # noqa: E402
from khabar.pipeline import build_nlp, extract  # noqa: E402
from khabar.records import Article, Reject, to_dict  # noqa: E402


def sample(bench_dir: Path, n: int = 300) -> list[Article]:
    seed_dir = bench_dir.parent / "seed"
    seed = [a for a in read(sorted(seed_dir.glob("*.txt"))) if isinstance(a, Article)] if seed_dir.is_dir() else []
    return [*stories(bench_dir, n), *templated(60), *seed]


def dump(bench_dir: Path, out: Path, n: int = 300) -> None:
    articles = sample(bench_dir, n)
    start = time.perf_counter()
    rows = []
    for article, result in zip(articles, extract(articles, build_nlp()), strict=True):
        origin = article.origin
        key = f"{origin.path}#{origin.position}:{article.id}" if origin else article.id
        rows.append({"article": key, "reject": isinstance(result, Reject), "records": to_dict(result)})
    out.write_text(json.dumps(rows, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rows)} articles in {time.perf_counter() - start:.1f}s -> {out}")


def diff(a: Path, b: Path) -> int:
    left, right = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
    if len(left) != len(right):
        print(f"article counts differ: {len(left)} vs {len(right)}")
        return 1
    bad = 0
    for x, y in zip(left, right, strict=True):
        if x == y:
            continue
        bad += 1
        rx, ry = x["records"], y["records"]
        fields = sorted(k for k in set(rx) | set(ry) if rx.get(k) != ry.get(k)) if isinstance(rx, dict) else ["?"]
        print(f"{x['article']}: differs in {', '.join(fields)}")
    print(f"{len(left)} articles, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "dump":
        dump(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 300)
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        sys.exit(diff(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
