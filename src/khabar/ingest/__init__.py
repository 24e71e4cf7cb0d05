"""Ingest: any news a user has -> a stream of clean `Article` records (or `Reject`s, never exceptions).

    from khabar.ingest import read
    for item in read(["sample/", "more/*.jsonl.gz", "-"]):
        ...  # Article or Reject

Paths may be files, folders (walked recursively, by file type), globs, `.gz` files and `-` for stdin.
Each input's type is sniffed from its first bytes (the extension breaks ties) and handed to its reader:
`dump` (raw scraped text), `html` (trafilatura), `feed` (RSS/Atom), `jsonl` / `json`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from khabar.errors import KhabarError, reject
from khabar.ingest.dump import read_dump
from khabar.ingest.feed import read_feed
from khabar.ingest.html import read_html
from khabar.ingest.jsonl import read_json, read_jsonl, record_to_article
from khabar.ingest.sources import CHUNK, Input, expand, open_input
from khabar.records import Article, Origin, Reject

__all__ = ["read", "read_file", "read_block", "from_text", "READERS"]

READERS: dict[str, Callable[[Input, int], Iterator[Article | Reject]]] = {
    "dump": read_dump,
    "html": read_html,
    "feed": read_feed,
    "jsonl": read_jsonl,
    "json": read_json,
}


def read(paths: Iterable[str | Path], *, max_bytes: int = 20_000_000) -> Iterator[Article | Reject]:
    """Stream Articles and Rejects from `paths`, in order; a bad input is a Reject and the rest go on."""
    if isinstance(paths, str | Path):
        paths = [paths]  # a lone path is one path, not its characters
    _check_max_bytes(max_bytes)
    for item in expand(paths):
        if isinstance(item, Reject):
            yield item
            continue
        yield from read_file(item, max_bytes=max_bytes)


def read_file(item: Path | str, *, max_bytes: int = 20_000_000, label: str | None = None) -> Iterator[Article | Reject]:
    """One file (or "-") as `read` gives it. `label`: the path to show in Origins when `item` is another
    spelling of it (a Dask worker opens the absolute path; the records name the path the user gave)."""
    inp = open_input(item, max_bytes, label=label)
    if isinstance(inp, Reject):
        yield inp
        return
    yield from _read_input(inp, max_bytes)


def read_block(path: Path | str, data: bytes, *, first_line: int, first: bool, label: str | None = None,
               max_bytes: int = 20_000_000) -> Iterator[Article | Reject]:
    """The records of one byte range of a file, cut on line boundaries (as `dask.bytes.read_bytes` cuts with
    delimiter=b"\\n"): `data` holds its lines, `first_line` is the number in the whole file of its first line,
    `first` says whether it starts the file. A JSONL file's ranges together give exactly what `read` gives for
    the file, line numbers in rejects and origins included (a bad line is a reject, wherever the cut falls).

    The type is sniffed from the file's head, as `read` does, so every range agrees on it: a file that turns
    out not to be plain JSONL (HTML, a dump, gzip) cannot be read in pieces, and its first range reads it whole
    while the others give nothing; a file-level reject (empty, binary, unreadable) comes once, from the first.
    """
    _check_max_bytes(max_bytes)
    inp = open_input(path, max_bytes, label=label)
    if isinstance(inp, Reject):
        if first:
            yield inp
        return
    if inp.kind != "jsonl" or inp.gz:
        if first:
            yield from _read_input(inp, max_bytes)
        else:
            inp.stream.close()
        return
    inp.stream.close()
    inp.stream = io.BufferedReader(io.BytesIO(data), buffer_size=CHUNK)  # type: ignore[arg-type]
    inp.size = len(data)
    yield from _read_input(inp, max_bytes, partial(read_jsonl, first_line=first_line))


def _read_input(inp: Input, max_bytes: int, reader: Callable[[Input, int], Iterator[Article | Reject]] | None = None
                ) -> Iterator[Article | Reject]:  # fmt: skip
    try:
        yield from (reader or READERS[inp.kind])(inp, max_bytes)
    except Exception as exc:  # noqa: BLE001 -- a failure on one file is a Reject; the next files still run
        yield reject("unreadable", inp.origin(), f"{inp.path}: {type(exc).__name__}: {exc}")
    finally:
        inp.stream.close()


def _check_max_bytes(max_bytes: int) -> None:
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise KhabarError("bad_option", f"max_bytes must be a positive integer, not {max_bytes!r}")


def from_text(text: str, *, published: str | None = None, title: str | None = None, source: str | None = None,
              ref: str = "text", origin: Origin | None = None) -> Article:
    """One Article from a text in memory, exactly as a JSONL line with these fields would give it (the text kept
    byte-for-byte, paragraphs split on blank lines). Raises KhabarError for a record JSONL would reject."""
    record = {"id": ref, "text": text, "published": published, "title": title, "source": source}
    article = record_to_article(record, origin or Origin(path="-", position=1, reader="text"))
    if isinstance(article, Reject):
        raise KhabarError("bad_option", article.message)
    return article
