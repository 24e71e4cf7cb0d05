"""JSONL (one article per line) and JSON arrays of the same records.

Fields: `id` and `text` (required), `title`, `published`, `url`, `source`, `author`, `language` (optional).
The text is kept byte for byte as `article.text` (later stages give character offsets into it): no ftfy,
no stripping; it is split into paragraph blocks on blank lines. Lines are read one at a time, so memory
does not grow with the file; a bad line is a K109/K110 reject with its line number and the rest go on.
A line longer than `max_bytes` is skipped without being held in memory (K104).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from khabar.errors import reject
from khabar.ingest import datelines
from khabar.ingest.article import content_id, detect_language
from khabar.ingest.sources import CHUNK, GZIP_ERRORS, Input
from khabar.records import Article, Block, Origin, Reject

_CHUNK = re.compile(r"(?:[^\n]|\n(?![ \t\r\f\v]*\n))+")  # a run of text without a blank line in it
_OPTIONAL_STR = ("title", "url", "source", "author", "language", "published")


def paragraph_blocks(text: str) -> list[Block]:
    """One paragraph block per run of text between blank lines, trimmed of surrounding whitespace."""
    blocks = []
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        if chunk.strip():
            start = m.start() + len(chunk) - len(chunk.lstrip())
            blocks.append(Block("paragraph", start, m.start() + len(chunk.rstrip())))
    return blocks


def record_to_article(record: Any, origin: Origin) -> Article | Reject:
    """One decoded JSON value as an Article, or a K110/K111 reject saying what is wrong."""
    unit = "line" if origin.reader == "jsonl" else "item"
    where = f"{origin.path} {unit} {origin.position}"
    if not isinstance(record, dict):
        return reject("bad_record", origin, f"{where}: a {type(record).__name__}, not an object")
    text = record.get("text")
    if not isinstance(text, str):
        return reject("bad_record", origin, f"{where}: 'text' is missing or not a string")
    rid = record.get("id")
    if rid is None or isinstance(rid, bool) or not isinstance(rid, str | int):
        return reject("bad_record", origin, f"{where}: 'id' is missing or not a string/number")
    for name in _OPTIONAL_STR:
        if record.get(name) is not None and not isinstance(record[name], str):
            return reject("bad_record", origin, f"{where}: '{name}' is not a string")
    if not text.strip():
        return reject("no_text", origin, f"{where}: 'text' is empty")
    title = record.get("title") or None
    published = datelines.iso_date(record["published"]) if record.get("published") else None
    return Article(
        id=content_id(title, text),
        text=text,
        title=title,
        blocks=paragraph_blocks(text),
        published=published[0] if published else None,
        date_precision=published[1] if published else None,
        date_source="metadata" if published else "none",
        source=record.get("source") or None,
        url=record.get("url") or None,
        author=record.get("author") or None,
        language=record.get("language") or detect_language(text),
        origin=origin,
        external_id=str(rid),
    )


def _parse_line(raw: bytes, origin: Origin) -> Article | Reject:
    try:
        line = raw.decode("utf-8-sig" if origin.position == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return reject("bad_encoding", origin, f"{origin.path} line {origin.position}: not UTF-8 ({exc.reason})")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return reject("bad_json", origin, f"{origin.path} line {origin.position}: {exc.msg} at column {exc.colno}")
    return record_to_article(record, origin)


def read_jsonl(inp: Input, max_bytes: int, first_line: int = 1) -> Iterator[Article | Reject]:
    """`first_line`: the line number of the stream's first line (a byte range of a larger file, `read_block`)."""
    stream = inp.stream
    n = first_line - 1
    try:
        while True:
            raw = stream.readline(max_bytes + 1)
            if not raw:
                break
            n += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while (rest := stream.readline(CHUNK)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the oversized line without keeping it
                yield reject("too_large", inp.origin(n, "jsonl"), f"{inp.path} line {n}: over {max_bytes:,} bytes")
                continue
            if not raw.strip():
                continue
            yield _parse_line(raw, inp.origin(n, "jsonl"))
    except GZIP_ERRORS as exc:
        yield reject("truncated_gzip", inp.origin(n + 1, "jsonl"), f"{inp.path}: stream broke after line {n}: {exc}")
    except OSError as exc:
        yield reject("unreadable", inp.origin(n + 1, "jsonl"), f"{inp.path}: {exc}")
    finally:
        stream.close()


def read_json(inp: Input, max_bytes: int) -> Iterator[Article | Reject]:
    """A JSON array of records (position = item number); anything else is read as JSONL."""
    data, problem = inp.read_all(max_bytes)
    if problem is not None:
        yield problem
        return
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield reject("bad_encoding", inp.origin(reader="json"), f"{inp.path}: not UTF-8 ({exc.reason})")
        return
    except json.JSONDecodeError as exc:
        yield reject("bad_json", inp.origin(reader="json"), f"{inp.path}: {exc.msg} at line {exc.lineno}")
        return
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items, 1):
        yield record_to_article(item, inp.origin(i, "json"))
