"""Ingest, run and extract over input paths: the plain functions the CLI verbs wrap (and anyone's: tests, scripts,
notebooks call them with an open store connection and, for extraction, a loaded pipeline).

- `ingest` stores articles and rejects; `run` also extracts, each stored batch holding whole articles with all
  their extraction rows; both record a run (`runs` table) and link new articles to earlier near-copies.
- `extract_lines` streams extractions as JSON lines without a store (`khabar extract`).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from khabar.records import Article, Extraction, Reject, to_dict
from khabar.store import duplicates, finish_run, queries, start_run, write_batch
from khabar.store.writer import WriteCounts

STORE_BATCH = 64  # items (articles with their extraction, rejects) per transaction


def _read(paths: Sequence[str]) -> Iterator[Article | Reject]:
    from khabar.ingest import read  # imported late: `khabar articles` need not load trafilatura

    return read(paths)


def _progress(items: Iterable, quiet: bool, desc: str) -> Iterable:
    """tqdm on stderr, only when stderr is a terminal and --quiet is off (logs and pipes stay clean)."""
    if quiet or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=" doc", file=sys.stderr, dynamic_ncols=True)


def reject_line(reject: Reject) -> str:
    return json.dumps({"reject": to_dict(reject)}, ensure_ascii=False)


def extraction_line(extraction: Extraction) -> str:
    """One line of `khabar extract` (and of `khabar extract --dask`'s part files), without its newline."""
    return json.dumps(to_dict(extraction), ensure_ascii=False)


@dataclass(slots=True)
class RunResult:
    run_id: int
    counts: WriteCounts
    skipped: int = 0  # articles already extracted (not redone without --reextract)
    backfilled: int = 0  # near-duplicate links made while indexing articles stored before linking existed
    events_by_type: Counter = field(default_factory=Counter)
    rejects_by_code: Counter = field(default_factory=Counter)


def ingest(
    conn: sqlite3.Connection, paths: Sequence[str], *, quiet: bool = True, command: str = "ingest",
    dedupe: float | None = duplicates.DEFAULT_THRESHOLD,
) -> RunResult:
    """Store every article and reject `read(paths)` yields, in transactions of STORE_BATCH items. `dedupe`: the
    near-duplicate threshold (None: no linking)."""
    return store_run(conn, _progress(_read(paths), quiet, "ingest"), command, dedupe, STORE_BATCH)


def store_run(
    conn: sqlite3.Connection, items: Iterable[Article | Reject | Extraction], command: str,
    dedupe: float | None, batch_size: int,
) -> RunResult:
    """Store ready records (articles, extractions, rejects) as one run, `batch_size` per transaction, counting
    rejects by code and events by type; the run is marked failed if anything raises."""
    run_id = start_run(conn, command)
    result = RunResult(run_id, WriteCounts())
    batch: list[Article | Reject | Extraction] = []
    status = "failed"
    try:
        _index_earlier(conn, dedupe, result)
        for item in items:
            if isinstance(item, Reject):
                result.rejects_by_code[item.code] += 1
            elif isinstance(item, Extraction):
                result.events_by_type.update(e.type for e in item.events)
            batch.append(item)
            if len(batch) >= batch_size:
                result.counts.add(write_batch(conn, batch, run_id, dedupe))
                batch = []
        if batch:
            result.counts.add(write_batch(conn, batch, run_id, dedupe))
        status = "ok"
    finally:
        finish_run(conn, run_id, result.counts, status)
    return result


def _index_earlier(conn: sqlite3.Connection, dedupe: float | None, result: RunResult) -> None:
    """Before a run links new articles, index those stored without a signature (a pre-v5 store)."""
    if dedupe is not None:
        result.backfilled = duplicates.backfill(conn, dedupe)


def run(
    conn: sqlite3.Connection,
    paths: Sequence[str],
    *,
    nlp=None,
    model: str | None = None,
    batch_size: int = 32,
    processes: int = 1,
    reextract: bool = False,
    quiet: bool = True,
    command: str = "run",
    dedupe: float | None = duplicates.DEFAULT_THRESHOLD,
) -> RunResult:
    """Ingest, extract and store: each stored batch holds whole articles with all their extraction rows.
    `dedupe`: link new articles to earlier near-copies at this threshold (None: no linking)."""
    from khabar.pipeline import build_nlp, extract

    run_id = start_run(conn, command)
    result = RunResult(run_id, WriteCounts())
    fed: deque[Article] = deque()  # articles handed to the pipeline, in order: extract yields one item each
    pending: list[Article | Reject | Extraction] = []
    # ids fed this run that the store does not yet show as extracted (in flight, or a stage reject): a stored
    # extraction leaves it, `is_extracted` answers for it from then on, so the set does not grow with the run
    seen: set[str] = set()

    def done_before(article_id: str) -> bool:
        if not reextract:
            return queries.is_extracted(conn, article_id)
        sql = "SELECT 1 FROM articles WHERE id = ? AND extract_run_id = ?"  # redone once, not twice per run
        return conn.execute(sql, (article_id, run_id)).fetchone() is not None

    def articles() -> Iterator[Article]:
        for item in _read(paths):
            if isinstance(item, Reject):
                result.rejects_by_code[item.code] += 1
                pending.append(item)
            elif item.id in seen or done_before(item.id):
                result.skipped += 1
                pending.append(item)  # still counted (and stored if new): only the extraction is skipped
            else:
                seen.add(item.id)
                fed.append(item)
                yield item

    def flush() -> None:
        if pending:
            result.counts.add(write_batch(conn, pending, run_id, dedupe))
            seen.difference_update(x.article.id for x in pending if isinstance(x, Extraction))
            pending.clear()

    status = "failed"
    try:
        _index_earlier(conn, dedupe, result)
        nlp = nlp or build_nlp(model)
        stream = extract(articles(), nlp=nlp, batch_size=batch_size, n_process=processes)
        for out in _progress(stream, quiet, "extract"):
            article = fed.popleft()
            if isinstance(out, Reject):  # a stage failed: keep the article, record why it has no events
                result.rejects_by_code[out.code] += 1
                pending.extend([article, out])
            else:
                result.events_by_type.update(e.type for e in out.events)
                pending.append(out)
            if len(pending) >= STORE_BATCH:
                flush()
        flush()
        status = "ok"
    except KeyboardInterrupt:
        status = "interrupted"  # committed batches stay; the half-built one is dropped whole
        raise
    finally:
        finish_run(conn, run_id, result.counts, status)
    return result


def extract_lines(
    paths: Sequence[str], out: IO[str], err: IO[str], *, nlp=None, model: str | None = None,
    batch_size: int = 32, processes: int = 1, quiet: bool = True,
) -> int:
    """`khabar extract`: JSON lines on `out`, reject lines on `err`; returns the number of rejects."""
    from khabar.pipeline import build_nlp, extract

    rejects = 0

    def articles() -> Iterator[Article]:
        nonlocal rejects
        for item in _read(paths):
            if isinstance(item, Reject):
                rejects += 1
                print(reject_line(item), file=err, flush=True)
            else:
                yield item

    nlp = nlp or build_nlp(model)
    for item in _progress(extract(articles(), nlp=nlp, batch_size=batch_size, n_process=processes), quiet, "extract"):
        if isinstance(item, Reject):
            rejects += 1
            print(reject_line(item), file=err, flush=True)
        else:
            out.write(extraction_line(item) + "\n")
    out.flush()
    return rejects
