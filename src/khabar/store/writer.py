"""Writing records: one transaction per batch, idempotent ingest, replace-on-re-extract.

- An article's id is a content hash, so `INSERT OR IGNORE` makes re-ingesting the same input a no-op; a reject
  is unique by (origin path, position, code, message) for the same reason.
- Re-extracting an article deletes its extraction rows and writes the new ones in the same transaction
  (event_actors go with their events by ON DELETE CASCADE).
- With `dedupe` (a Jaccard threshold), each newly stored article is indexed and linked to an earlier near-copy
  (khabar.store.duplicates) in the same transaction.
- `write_batch` is all-or-nothing: an exception anywhere rolls the whole batch back, so a crash never leaves
  an article without its extraction rows, or half of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cache
from itertools import islice

from khabar.records import (
    Actor,
    ActorRef,
    Article,
    DateMention,
    Entity,
    Event,
    Extraction,
    Place,
    Quote,
    Reject,
)
from khabar.store import duplicates
from khabar.store.codec import first_day, flat_names, flatten

Item = Article | Reject | Extraction

#: table -> (record type, fields stored elsewhere); the tables an article's extraction fills, in write order
EXTRACTION_TABLES: dict[str, tuple[type, tuple[str, ...]]] = {
    "entities": (Entity, ()),
    "actors": (Actor, ()),
    "dates": (DateMention, ()),
    "places": (Place, ()),
    "quotes": (Quote, ()),
    "events": (Event, ("actors", "recipients")),
}
EVENT_ACTOR_EXTRA = ("article_id", "event_id", "role", "position")


@dataclass(slots=True)
class WriteCounts:
    """What one batch (or a whole run) wrote. `articles` counts articles seen, `new_articles` those stored."""

    articles: int = 0
    new_articles: int = 0
    rejects: int = 0
    new_rejects: int = 0
    extracted: int = 0
    events: int = 0
    duplicates: int = 0  # new articles linked to an earlier near-copy

    def add(self, other: WriteCounts) -> WriteCounts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


@cache
def _insert_sql(table: str, names: tuple[str, ...], verb: str = "INSERT") -> str:
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join(f":{n}" for n in names)
    return f"{verb} INTO {table} ({cols}) VALUES ({marks})"


def _article_row(article: Article, run_id: int | None) -> dict:
    row = flatten(article)
    row["run_id"] = run_id
    return row


def _insert_article(conn: sqlite3.Connection, article: Article, run_id: int | None) -> int | None:
    """The new row's rowid, or None when the article was stored already."""
    row = _article_row(article, run_id)
    cur = conn.execute(_insert_sql("articles", tuple(row), "INSERT OR IGNORE"), row)
    return cur.lastrowid if cur.rowcount == 1 else None


def _store_article(
    conn: sqlite3.Connection, article: Article, run_id: int | None, dedupe: float | None, counts: WriteCounts
) -> None:
    counts.articles += 1
    seq = _insert_article(conn, article, run_id)
    if seq is None:
        return
    counts.new_articles += 1
    if dedupe is not None:
        counts.duplicates += duplicates.link(conn, seq, article.id, article.text, dedupe) is not None


def _insert_reject(conn: sqlite3.Connection, reject: Reject, run_id: int | None) -> bool:
    row = flatten(reject)
    row["run_id"] = run_id
    cur = conn.execute(_insert_sql("rejects", tuple(row), "INSERT OR IGNORE"), row)
    return cur.rowcount == 1


def _ref_row(ref: ActorRef, article_id: str, event_id: str, role: str, position: int) -> dict:
    row = flatten(ref)
    row.update(article_id=article_id, event_id=event_id, role=role, position=position)
    return row


def _replace_extraction(conn: sqlite3.Connection, ex: Extraction, run_id: int | None) -> int:
    article_id = ex.article.id
    for table in reversed(EXTRACTION_TABLES):  # events first: nothing references the others by key
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    for table, (cls, skip) in EXTRACTION_TABLES.items():
        records = getattr(ex, table)
        if not records:
            continue
        names = ("article_id", *flat_names(cls, skip))
        rows = [{"article_id": article_id, **flatten(r, skip=skip)} for r in records]
        if table == "events":
            names += ("day",)
            for row, event in zip(rows, records, strict=True):
                row["day"] = _event_day(event, ex.article)
        conn.executemany(_insert_sql(table, names), rows)
    refs = [
        _ref_row(ref, article_id, event.id, role, i)
        for event in ex.events
        for role, group in (("actor", event.actors), ("recipient", event.recipients))
        for i, ref in enumerate(group)
    ]
    if refs:
        conn.executemany(_insert_sql("event_actors", (*EVENT_ACTOR_EXTRA, *flat_names(ActorRef))), refs)
    conn.execute(
        "UPDATE articles SET extracted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), extract_run_id = ? WHERE id = ?",
        (run_id, article_id),
    )
    return len(ex.events)


def _event_day(event: Event, article: Article) -> str | None:
    day = first_day(event.date.value if event.date else None) or first_day(article.published)
    return day.isoformat() if day else None


def write_batch(
    conn: sqlite3.Connection, items: Sequence[Item], run_id: int | None = None, dedupe: float | None = None
) -> WriteCounts:
    """Store articles, rejects and extractions in one transaction (all of them, or none on error). `dedupe`:
    link each new article to an earlier one whose estimated Jaccard similarity reaches this threshold."""
    if dedupe is not None:
        duplicates.check_threshold(dedupe)
    counts = WriteCounts()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for item in items:
            if isinstance(item, Reject):
                counts.rejects += 1
                counts.new_rejects += _insert_reject(conn, item, run_id)
            elif isinstance(item, Extraction):
                _store_article(conn, item.article, run_id, dedupe, counts)
                counts.events += _replace_extraction(conn, item, run_id)
                counts.extracted += 1
            elif isinstance(item, Article):
                _store_article(conn, item, run_id, dedupe, counts)
            else:
                raise TypeError(f"cannot store {type(item).__name__}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return counts


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, max(1, size))):
        yield chunk


def write_all(
    conn: sqlite3.Connection, items: Iterable[Item], run_id: int | None = None, batch_size: int = 200,
    dedupe: float | None = None,
) -> WriteCounts:
    """Store a stream in batches of `batch_size` (each its own transaction); returns the totals."""
    total = WriteCounts()
    for chunk in batched(items, batch_size):
        total.add(write_batch(conn, chunk, run_id, dedupe))
    return total


def start_run(conn: sqlite3.Connection, command: str) -> int:
    cur = conn.execute("INSERT INTO runs (command) VALUES (?)", (command,))
    return int(cur.lastrowid)


def finish_run(conn: sqlite3.Connection, run_id: int, counts: WriteCounts, status: str = "ok") -> None:
    conn.execute(
        "UPDATE runs SET finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), status = ?, articles = ?,"
        " new_articles = ?, extracted = ?, events = ?, rejects = ? WHERE id = ?",
        (status, counts.articles, counts.new_articles, counts.extracted, counts.events, counts.rejects, run_id),
    )

