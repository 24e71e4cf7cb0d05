"""What the CLI prints: the run summary, one article shown in full, the quotes table. Plain functions over the
store's records, so anything else that wants the same text (a notebook, a script) can call them."""

from __future__ import annotations

import json
import sqlite3
from typing import IO, TYPE_CHECKING

from khabar.errors import KhabarError
from khabar.records import Extraction, to_dict
from khabar.store import duplicates, queries, quotes

if TYPE_CHECKING:
    from khabar.runner import RunResult


def summary_text(conn: sqlite3.Connection, result: RunResult) -> str:
    """What `khabar ingest` and `khabar run` print when they finish."""
    c = result.counts
    lines = [
        f"run {result.run_id}: {c.articles} articles ({c.new_articles} new), {c.extracted} extracted"
        + (f", {result.skipped} already extracted" if result.skipped else "")
        + f", {c.events} events, {c.rejects} rejects"
        + (f", {c.duplicates} near-duplicates" if c.duplicates else ""),
    ]
    if result.backfilled:
        lines.append(f"indexed the earlier articles for near-duplicates: {result.backfilled} linked")
    if result.events_by_type:
        lines.append("events by type: " + ", ".join(f"{t} {n}" for t, n in result.events_by_type.most_common()))
    if result.rejects_by_code:
        lines.append("rejects by code: " + ", ".join(f"{k} {n}" for k, n in sorted(result.rejects_by_code.items())))
    total = queries.summary(conn)
    lines.append(
        f"store: {total.articles} articles ({total.duplicates} near-duplicates), {total.events} events,"
        f" {total.rejects} rejects"
    )
    return "\n".join(lines)


def duplicate_note(conn: sqlite3.Connection, article_id: str) -> str | None:
    row = conn.execute("SELECT duplicate_of, duplicate_similarity FROM articles WHERE id = ?", (article_id,)).fetchone()
    copies = duplicates.duplicates_of(conn, article_id)
    if row is not None and row["duplicate_of"]:
        return f"near-copy of {row['duplicate_of']} (similarity {row['duplicate_similarity']:.2f})"
    if copies:
        return f"{len(copies)} near-copies: " + ", ".join(c.article_id for c in copies[:5])
    return None


def show(ex: Extraction, duplicate: str | None = None) -> str:
    a = ex.article
    lines = [
        f"id:        {a.id}",
        f"title:     {a.title or ''}",
        f"published: {a.published or '-'} ({a.date_precision or '?'}, from {a.date_source})",
        f"source:    {a.source or '-'}  {a.url or ''}",
        f"origin:    {a.origin.path}:{a.origin.position} ({a.origin.reader})",
        f"counts:    {len(ex.events)} events, {len(ex.actors)} actors, {len(ex.quotes)} quotes,"
        f" {len(ex.dates)} dates, {len(ex.places)} places",
        *([f"duplicate: {duplicate}"] if duplicate else []),
        "",
    ]
    for ev in ex.events:
        who = ", ".join(r.name for r in ev.actors) or "?"
        whom = ", ".join(r.name for r in ev.recipients) or "-"
        where = ev.location.text if ev.location and ev.location.text else "-"
        when = ev.date.value if ev.date and ev.date.value else "-"
        lines.append(f"  {ev.id:4} {ev.type:10} {who} -> {whom}  [{when}, {where}, {ev.modality}]")
        lines.append(f"       {ev.sentence.text}")
    lines += ["", a.text]
    return "\n".join(lines)


def quote_lines(
    conn: sqlite3.Connection, out: IO[str], *, speaker: str | None = None, article: str | None = None,
    kind: str | None = None, fmt: str = "table", limit: int | None = None, skip_duplicates: bool = False,
) -> int:
    """`khabar quotes`: matching quotes on `out` as a table or JSON lines; returns how many were written."""
    if article and queries.resolve_article_id(conn, article) is None:
        raise KhabarError("bad_option", f"no article with id {article!r}")
    page = quotes.quotes_by_speaker(
        conn, speaker, limit=-1 if limit is None else limit, article_id=article, kind=kind,
        skip_duplicates=skip_duplicates,
    )
    if fmt == "jsonl":
        for hit in page.items:
            out.write(json.dumps(to_dict(hit), ensure_ascii=False) + "\n")
        return len(page.items)
    out.write(f"{'published':10}  {'article':16}  {'speaker':24}  {'kind':6}  quote\n")
    for hit in page.items:
        q = hit.quote
        who = q.speaker_name or (q.speaker.text if q.speaker else "?")
        text = " ".join(q.content.text.split())
        text = text if len(text) <= 90 else text[:89] + "…"
        out.write(f"{hit.published or '':10.10}  {hit.article_id:16}  {who[:24]:24}  {q.kind[:6]:6}  {text}\n")
    out.write(f"({len(page.items)} of {page.total} quotes)\n")
    return len(page.items)
