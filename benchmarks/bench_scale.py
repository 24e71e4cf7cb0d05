"""Peak memory and time per article while processing 1k, 10k and 50k articles (the full `khabar run`).

Corpora are templated short news items (`corpus.templated`, 4 sentences, ~60 words; no data needed), written as
JSONL and run through the real CLI (`khabar run FILE --db tmp.db`: ingest, every extraction stage, SQLite
writes) in a fresh process per size. Peak RSS is that process's `ru_maxrss`, read by a fresh wrapper process so
the sizes do not share a maximum. Flat memory and flat ms/article are the claims under test.
quick: 200 and 1,000 articles.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import templated, write_jsonl  # noqa: E402

_WRAPPER = (
    "import resource, subprocess, sys, json;"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode;"
    "print(json.dumps({'rc': rc, 'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
)


def measure(n: int, workdir: Path) -> dict:
    corpus = workdir / f"corpus_{n}.jsonl"
    write_jsonl(templated(n), corpus)
    db = workdir / f"scale_{n}.db"
    khabar = Path(sys.executable).with_name("khabar")
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(khabar), "run", str(corpus), "--db", str(db), "--quiet"],
        capture_output=True, text=True, check=True,
    )
    seconds = time.perf_counter() - start
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] not in (0, 1):
        raise RuntimeError(f"khabar run failed with exit code {result['rc']}")
    return {"n": n, "seconds": seconds, "peak_mb": result["maxrss_kb"] / 1024}


def run(bench_dir: Path, quick: bool = False, sizes: tuple[int, ...] | None = None) -> list[dict]:
    sizes = sizes or ((200, 1000) if quick else (1000, 10000, 50000))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            m = measure(n, Path(tmp))
            rows.append({"dataset": "templated", "task": f"khabar run, {n} articles", "metric": "peak RSS MB",
                         "value": m["peak_mb"], "items": n, "seconds": m["seconds"]})
            rows.append({"dataset": "templated", "task": f"khabar run, {n} articles", "metric": "ms/article",
                         "value": 1000 * m["seconds"] / n, "items": n, "seconds": m["seconds"]})
    return rows


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[2:] if a.isdigit()) or None
    for row in run(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."), quick="--quick" in sys.argv, sizes=sizes):
        print(row)
