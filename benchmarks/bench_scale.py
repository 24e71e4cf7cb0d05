"""Peak memory and time per article while processing 1k, 10k and 50k articles (the full `khabar run`), and the
memory of a Dask client (`khabar extract --dask`) on a 200 MB JSONL file.

Corpora are templated short news items (`corpus.templated`, 4 sentences, ~60 words; no data needed), written as
JSONL and run through the real CLI (`khabar run FILE --db tmp.db`: ingest, every extraction stage, SQLite
writes) in a fresh process per size. Peak RSS is that process's `ru_maxrss`, read by a fresh wrapper process so
the sizes do not share a maximum. Flat memory and flat ms/article are the claims under test.

Dask client: `khabar.scale.extract_to_files` on one 200 MB JSONL file (400,000 templated articles), 8 partitions,
on a LocalCluster of 2 single-threaded worker processes, in a fresh process whose own `ru_maxrss` is the client's
peak (the LocalCluster scheduler runs in it too; the workers are other processes, their peak is reported apart).
The workers run the real ingest and write the real part files, but the pipeline is replaced by an identity stage
(each article out as an extraction with no events), so that the run measures reading and shipping, not spaCy:
the claim under test is that the client's memory does not grow with the input (it read every article itself
before: 5,436 MB for this file).
quick: 200 and 1,000 articles; the Dask client on 20 MB.
"""

from __future__ import annotations

import importlib.util
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


def _identity_pairs(items, model, batch_size):
    """The stand-in for the pipeline on the workers: each article out as an extraction with no events."""
    from khabar.records import Article, Extraction

    return [(i, Extraction(article=i)) if isinstance(i, Article) else (None, i) for i in items]


def _use_identity_stage() -> bool:
    import khabar.scale

    khabar.scale._extract_pairs = _identity_pairs
    return True


def _worker_peak_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _dask_client(corpus: str, out: str, partitions: int) -> None:
    """Run in a fresh process (`bench_scale.py --dask-client ...`): functions of __main__ travel to the workers
    by value, and this process's ru_maxrss is the client's alone."""
    import logging
    import resource

    from distributed import Client, LocalCluster

    from khabar.scale import extract_to_files

    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                           silence_logs=logging.WARNING)  # fmt: skip
    client = Client(cluster)
    try:
        client.run(_use_identity_stage)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        result = extract_to_files([corpus], out, client, partitions=partitions)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        workers = max(client.run(_worker_peak_kb).values())
    finally:
        client.close()
        cluster.close()
    print(json.dumps({"base_kb": base, "peak_kb": peak, "worker_kb": workers, "seconds": seconds,
                      "articles": result.articles, "files": len(result.files)}))  # fmt: skip


def measure_dask_client(mb: int, workdir: Path) -> dict:
    corpus = workdir / f"dask_{mb}mb.jsonl"
    n = mb * 2000  # a templated JSONL line is ~510 bytes
    write_jsonl(templated(n), corpus)
    out = subprocess.run(
        [sys.executable, __file__, "--dask-client", str(corpus), str(workdir / "parts"), "8"],
        capture_output=True, text=True, check=True,
    )
    m = json.loads(out.stdout.strip().splitlines()[-1])
    if m["articles"] != n:
        raise RuntimeError(f"the Dask run read {m['articles']} articles of {n}")
    return {"n": n, "bytes": corpus.stat().st_size, **m}


def dask_rows(mb: int, workdir: Path) -> list[dict]:
    m = measure_dask_client(mb, workdir)
    task = f"Dask client, {m['bytes'] / 1e6:.0f} MB JSONL ({m['n']:,} articles), identity stage"
    row = {"dataset": "templated", "task": task, "items": m["n"], "seconds": m["seconds"]}
    return [
        {**row, "metric": "client peak RSS MB", "value": m["peak_kb"] / 1024},
        {**row, "metric": "client RSS MB after start-up", "value": m["base_kb"] / 1024},
        {**row, "metric": "worker peak RSS MB (max of 2)", "value": m["worker_kb"] / 1024},
    ]


def run(
    bench_dir: Path, quick: bool = False, sizes: tuple[int, ...] | None = None, dask_mb: int | None = None,
    runs: bool = True,
) -> list[dict]:
    sizes = (sizes or ((200, 1000) if quick else (1000, 10000, 50000))) if runs else ()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            m = measure(n, Path(tmp))
            rows.append({"dataset": "templated", "task": f"khabar run, {n} articles", "metric": "peak RSS MB",
                         "value": m["peak_mb"], "items": n, "seconds": m["seconds"]})
            rows.append({"dataset": "templated", "task": f"khabar run, {n} articles", "metric": "ms/article",
                         "value": 1000 * m["seconds"] / n, "items": n, "seconds": m["seconds"]})
        if dask_mb != 0 and importlib.util.find_spec("distributed") is not None:  # the scale extra is installed
            rows += dask_rows(dask_mb or (20 if quick else 200), Path(tmp))
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--dask-client"]:
        _dask_client(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        sys.exit(0)
    # bench_scale.py BENCH_DIR [--quick] [N ...] [--dask-only | --no-dask]
    sizes = tuple(int(a) for a in sys.argv[2:] if a.isdigit()) or None
    for row in run(
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."), quick="--quick" in sys.argv, sizes=sizes,
        dask_mb=0 if "--no-dask" in sys.argv else None, runs="--dask-only" not in sys.argv,
    ):
        print(row)
