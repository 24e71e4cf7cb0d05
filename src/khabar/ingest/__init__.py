"""Ingest: any news a user has -> a stream of clean `Article` records (or `Reject`s, never exceptions).

    from khabar.ingest import read
    for item in read(["sample/", "more/*.jsonl.gz", "-"]):
        ...  # Article or Reject

Paths may be files, folders (walked recursively, by file type), globs, `.gz` files and `-` for stdin.
Each input's type is sniffed from its first bytes (the extension breaks ties) and handed to its reader:
`dump` (raw scraped text), `html` (trafilatura), `feed` (RSS/Atom), `jsonl` / `json`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from khabar.errors import KhabarError, reject
from khabar.ingest.dump import read_dump
from khabar.ingest.feed import read_feed
from khabar.ingest.html import read_html
from khabar.ingest.jsonl import read_json, read_jsonl, record_to_article
from khabar.ingest.sources import Input, expand, open_input
from khabar.records import Article, Origin, Reject

__all__ = ["read", "from_text", "READERS"]

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
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise KhabarError("bad_option", f"max_bytes must be a positive integer, not {max_bytes!r}")
    for item in expand(paths):
        if isinstance(item, Reject):
            yield item
            continue
        inp = open_input(item, max_bytes)
        if isinstance(inp, Reject):
            yield inp
            continue
        try:
            yield from READERS[inp.kind](inp, max_bytes)
        except Exception as exc:  # noqa: BLE001 -- a failure on one file is a Reject; the next files still run
            yield reject("unreadable", inp.origin(), f"{inp.path}: {type(exc).__name__}: {exc}")
        finally:
            inp.stream.close()


def from_text(text: str, *, published: str | None = None, title: str | None = None, source: str | None = None,
              ref: str = "text", origin: Origin | None = None) -> Article:
    """One Article from a text in memory, exactly as a JSONL line with these fields would give it (the text kept
    byte-for-byte, paragraphs split on blank lines). Raises KhabarError for a record JSONL would reject."""
    record = {"id": ref, "text": text, "published": published, "title": title, "source": source}
    article = record_to_article(record, origin or Origin(path="-", position=1, reader="text"))
    if isinstance(article, Reject):
        raise KhabarError("bad_option", article.message)
    return article
