"""Scale extraction out on Dask: workers read their own share of the input, extract it, write one part file each.

    from khabar.scale import extract_to_files, load
    extract_to_files(["news/"], "out/", client="tcp://scheduler:8786", partitions=64)   # on the cluster
    load("out/", conn)                                                                   # on one machine

- The client only lists work units (`khabar.scale_inputs`): the files of the inputs, walked as ingest walks them
  but not opened, and for a big JSONL file byte ranges cut on line boundaries by `dask.bytes.read_bytes` (none
  longer than `blocksize`, 64 MiB by default). Each partition's task reads its units on a worker with khabar's
  ingest (the same readers and rejects; a JSONL range keeps the line numbers of the whole file, counted on the
  workers first) and runs `khabar.pipeline.extract` with a pipeline built once per worker process
  (`_worker_nlp`, cached): a spaCy pipeline is never pickled, and no article passes through the client. After
  a worker's first 1,000 articles its batches run in spaCy memory zones (khabar.pipeline), so a long-lived
  worker's vocab does not grow with what it has read.
- Each partition writes `part-00000.jsonl` ... in `khabar extract`'s line format (khabar.runner): one
  extraction per line, a reject as `{"reject": ...}` on its own line (ingest rejects too: nothing is dropped).
  A stage reject (K200/K201) also carries its `"article"`, so `load` stores the article as `khabar run` does.
  Read in part order, the files hold the lines `khabar extract` prints, in its order (its rejects, which it
  prints to stderr, in theirs).
- Workers read the inputs and write the files themselves: on a real cluster the input paths and `out_dir` must
  be on storage every worker can reach (a shared file system), as with `dask.bag.read_text` / `to_textfiles`.
- `format="parquet"` also writes `part-00000.parquet` ... beside them: each partition's events as the flat table
  of `khabar export --format parquet` (the JSON lines stay: they carry the rejects, and `load` reads them).
- `load` reads the part files into the SQLite store through the store writer, one run like `khabar run`.

Client memory, one 200 MB JSONL file (400,000 templated articles, 2 local workers, the pipeline replaced by an
identity stage so that only reading and shipping are measured; benchmarks/bench_scale.py): peak RSS of the client
process 5,436 MB when it read every article itself (before), 77 MB now, flat from 20 MB (76 MB after start-up;
the workers at most 162 MB each).

dask is imported lazily: the default install runs without it (K904 when it is missing, K905 when the scheduler
cannot be reached).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from khabar.errors import KhabarError
from khabar.records import Article, Extraction, Reject
from khabar.runner import RunResult, extraction_line, reject_line, store_run
from khabar.scale_inputs import DEFAULT_BLOCKSIZE, Unit, parse_blocksize, plan, read_units
from khabar.store import duplicates, write_batch
from khabar.store.codec import from_json

PART_GLOB = "part-*.jsonl"
#: jsonl: the part files only; parquet: also part-NNNNN.parquet beside each, the partition's events as the flat
#: table of `khabar export --format parquet` (the JSON lines stay: they hold the rejects and are what `load` reads)
FORMATS = ("jsonl", "parquet")
CONNECT_TIMEOUT = "10s"  # how long to wait for a scheduler address before K905
LOAD_BATCH = 64  # lines per store transaction, as khabar.runner.STORE_BATCH
CHUNK = 256  # articles a worker extracts and writes at a time: its memory does not grow with the partition
MAX_BYTES = 20_000_000  # ingest's limit per file (per line for JSONL), as khabar.ingest.read

Item = Article | Reject


@dataclass(slots=True)
class PartStats:
    """What one partition wrote (returned by the worker: small, unlike the records)."""

    path: str
    articles: int = 0
    extracted: int = 0
    events: int = 0
    rejects_by_code: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class ScaleResult:
    files: list[str]
    articles: int = 0
    extracted: int = 0
    events: int = 0
    rejects_by_code: dict[str, int] = field(default_factory=dict)

    @property
    def rejects(self) -> int:
        return sum(self.rejects_by_code.values())


# ---------------------------------------------------------------- on the workers


@cache
def _worker_nlp(model: str | None):
    """One pipeline per worker process and model, built on first use and kept for every later partition."""
    from khabar.pipeline import build_nlp

    return build_nlp(model)


Pair = tuple[Article | None, Item | Extraction]  # (the input article, or None for an ingest reject; its output)


def _extract_pairs(items: Iterable[Item], model: str | None, batch_size: int) -> list[Pair]:
    """(input article or None, output) per item: ingest rejects pass through, articles go through the pipeline
    (which yields exactly one Extraction or Reject per article, in order)."""
    from khabar.pipeline import extract

    items = list(items)
    articles = [a for a in items if isinstance(a, Article)]
    # run to the end (not lazily): extract's gc.freeze is undone when its generator finishes
    outputs = iter(list(extract(articles, nlp=_worker_nlp(model), batch_size=batch_size)) if articles else [])
    pairs: list[Pair] = []
    for item in items:
        pairs.append((item, next(outputs)) if isinstance(item, Article) else (None, item))
    return pairs


def _extract_partition(
    items: Iterable[Item], model: str | None = None, batch_size: int = 32
) -> list[Extraction | Reject]:
    return [out for _, out in _extract_pairs(items, model, batch_size)]


def _line(article: Article | None, out: Extraction | Reject) -> str:
    if isinstance(out, Extraction):
        return extraction_line(out)
    if article is None:  # an ingest reject: no article
        return reject_line(out)
    d = json.loads(reject_line(out))  # a stage reject: keep the article it is about
    d["article"] = json.loads(extraction_line(Extraction(article=article)))["article"]
    return json.dumps(d, ensure_ascii=False)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    articles = 0
    for item in items:
        chunk.append(item)
        articles += isinstance(item, Article)
        if articles >= size:
            yield chunk
            chunk, articles = [], 0
    if chunk:
        yield chunk


def _write_partition(
    units: list[Unit], blocks: list[bytes], path: str, model: str | None, batch_size: int, fmt: str = "jsonl",
    max_bytes: int = MAX_BYTES,
) -> PartStats:
    """On a worker: read the partition's units, extract them CHUNK articles at a time, write its part file(s)."""
    from khabar.export import export
    from khabar.store import EventFilter, connect, iter_events

    stats = PartStats(path)
    # parquet: the partition's events through a store in memory, so the flat event table (place, article
    # metadata) is exactly that of `khabar export --format parquet`
    conn = connect(":memory:") if fmt == "parquet" else None
    try:
        with open(path, "w", encoding="utf-8") as fh:
            for chunk in _chunks(read_units(units, blocks, max_bytes), CHUNK):
                pairs = _extract_pairs(chunk, model, batch_size)
                if conn is not None:
                    write_batch(conn, [out for _, out in pairs if isinstance(out, Extraction)])
                for article, out in pairs:
                    stats.articles += article is not None
                    if isinstance(out, Reject):
                        stats.rejects_by_code[out.code] = stats.rejects_by_code.get(out.code, 0) + 1
                    else:
                        stats.extracted += 1
                        stats.events += len(out.events)
                    fh.write(_line(article, out) + "\n")
        if conn is not None:
            with open(path.removesuffix(".jsonl") + ".parquet", "wb") as fh:
                export("parquet", iter_events(conn, EventFilter(limit=None)), fh)
    finally:
        if conn is not None:
            conn.close()
    return stats


# ---------------------------------------------------------------- on the client


def _dask():
    try:
        import dask
        import dask.bag
    except ImportError as exc:
        raise KhabarError("no_dask", f"{exc}; install the extra: pip install 'khabar[scale]'") from exc
    return dask


def extract_bag(bag: Any, *, model: str | None = None, batch_size: int = 32) -> Any:
    """A dask.bag of Articles (and ingest Rejects) -> a bag of Extractions and Rejects, one per item, in order."""
    _dask()
    return bag.map_partitions(_extract_partition, model=model, batch_size=batch_size)


def _scheduler(client: Any) -> tuple[Any, Any]:
    """(what dask.compute takes as scheduler, what to close afterwards). None: dask's local processes
    scheduler; "local": a LocalCluster on this machine; an address: a running scheduler; a Client: itself."""
    _dask()
    if client is None:
        return "processes", None
    if not isinstance(client, str):
        return client, None
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise KhabarError("no_dask", f"{exc}; install the extra: pip install 'khabar[scale]'") from exc
    if client == "local":
        # one single-threaded worker process per core: spaCy holds the GIL; quiet logs (the CLI's stderr)
        cluster = LocalCluster(
            processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=logging.WARNING
        )
        made = Client(cluster)
        return made, (made, cluster)
    try:
        made = Client(client, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:  # distributed raises OSError on a timeout
        raise KhabarError("no_scheduler", f"{client}: {type(exc).__name__}: {exc}") from exc
    return made, (made,)


def extract_to_files(
    inputs: Sequence[str | Path], out_dir: str | Path, client: Any = None, *, partitions: int = 8,
    format: str = "jsonl", model: str | None = None, batch_size: int = 32,
    blocksize: int | str = DEFAULT_BLOCKSIZE,
) -> ScaleResult:
    """Extract `inputs` on Dask in about `partitions` parts (more when the input is over `partitions` x
    `blocksize` bytes), the workers reading the files; one part file each in `out_dir` (created; earlier part
    files there are replaced). `client`: see `_scheduler`; `blocksize`: bytes or a string like "64 MiB"."""
    if format not in FORMATS:
        raise KhabarError("bad_option", f"format {format!r}: one of {', '.join(FORMATS)}")
    if isinstance(partitions, bool) or not isinstance(partitions, int) or partitions < 1:
        raise KhabarError("bad_option", f"partitions must be a positive integer, not {partitions!r}")
    dask = _dask()
    size = parse_blocksize(blocksize)
    if isinstance(inputs, str | Path):
        inputs = [inputs]  # a lone path is one path, as in ingest.read
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob(PART_GLOB), *out.glob("part-*.parquet")]:  # no stale parts from a bigger rerun
        old.unlink()
    scheduler, owned = _scheduler(client)
    try:
        work = plan(inputs, partitions, size, lambda *tasks: dask.compute(*tasks, scheduler=scheduler))
        tasks = [
            dask.delayed(_write_partition)(
                units, blocks, str((out / f"part-{i:05d}.jsonl").resolve()), model, batch_size, format
            )
            for i, (units, blocks) in enumerate(zip(work.partitions, work.blocks, strict=True))
        ]
        stats: Sequence[PartStats] = dask.compute(*tasks, scheduler=scheduler) if tasks else ()
    finally:
        for thing in owned or ():
            thing.close()
    result = ScaleResult(files=[s.path for s in stats])
    for s in stats:
        result.articles += s.articles
        result.extracted += s.extracted
        result.events += s.events
        for code, k in s.rejects_by_code.items():
            result.rejects_by_code[code] = result.rejects_by_code.get(code, 0) + k
    return result


# ---------------------------------------------------------------- loading on one machine


def parse_line(line: str) -> list[Article | Reject | Extraction]:
    """The records one part-file line stands for (a stage reject line gives its article and the reject)."""
    d = json.loads(line)
    if "reject" not in d:
        return [from_json(Extraction, d)]
    items: list[Article | Reject | Extraction] = []
    if d.get("article"):
        items.append(from_json(Article, d["article"]))
    items.append(from_json(Reject, d["reject"]))
    return items


def load(
    out_dir: str | Path, conn: sqlite3.Connection, *, command: str = "load",
    dedupe: float | None = duplicates.DEFAULT_THRESHOLD,
) -> RunResult:
    """Store every part file in `out_dir` (articles, extractions, rejects) as one run, like `khabar run`."""
    files = sorted(Path(out_dir).glob(PART_GLOB))
    if not files:
        raise KhabarError("bad_option", f"{out_dir}: no {PART_GLOB} files to load")
    return store_run(conn, _records(files), command, dedupe, LOAD_BATCH)


def _records(files: list[Path]) -> Iterator[Article | Reject | Extraction]:
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield from parse_line(line)
