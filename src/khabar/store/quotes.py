"""Quotes by speaker: the search `khabar quotes` and the web UI's /api/quotes share.

It reads the speaker search index of schema v6 (`speaker_terms` and their links to quotes, kept by an insert
trigger: store/schema.py) and picks, per search, between reading the matching links by key and walking the
newest articles; `_BY_KEY_MAX` is where one starts to cost more than the other.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from khabar.records import Quote
from khabar.store.codec import build
from khabar.store.queries import Page, resolve_article_id


@dataclass(slots=True)
class QuoteHit:
    article_id: str
    quote: Quote
    published: str | None = None
    source: str | None = None
    title: str | None = None


_QUOTE_ORDER = "ORDER BY a.published IS NULL, a.published DESC, a.rowid, q.rowid"  # idx_articles_newest
_TERMS = "SELECT s.id FROM speaker_terms s WHERE s.text LIKE ?"
# a quote's speaker matches: by key from the matching terms' links (selective), or tested per quote while the
# newest articles are walked (broad: the page fills within a few articles). `+term_id` keeps the test on the
# links' primary key (a few rows per quote) instead of a seek per matching term.
_BY_KEY = ("(q.article_id, q.id) IN (SELECT t.article_id, t.quote_id FROM quote_speaker_terms t"
           f" WHERE t.term_id IN ({_TERMS}))")
_PER_QUOTE = ("EXISTS (SELECT 1 FROM quote_speaker_terms t WHERE t.article_id = q.article_id AND t.quote_id = q.id"
              f" AND +t.term_id IN ({_TERMS}))")
_BY_KEY_MAX = 5_000  # links read by key (then sorted) at most; past that, walking the newest articles is cheaper
_FREE = "FROM quotes q JOIN articles a ON a.id = q.article_id"
_WALK = "FROM articles a CROSS JOIN quotes q ON q.article_id = a.id"  # articles newest first, via the index


def quotes_by_speaker(
    conn: sqlite3.Connection, speaker: str | None = None, limit: int = 50, offset: int = 0, *,
    article_id: str | None = None, kind: str | None = None, skip_duplicates: bool = False,
    count_cap: int | None = None,
) -> Page[QuoteHit]:
    """Quotes, newest article first. `speaker`: a case-insensitive substring of the speaker's canonical name
    (the quote's or its actor's) or of any mention of that actor ("Araqchi" finds "Abbas Araqchi", "the Iranian
    foreign minister" when the text called him that); `article_id`: an id or unique prefix. `count_cap`: a
    broad speaker's total is counted up to there (the web's "10,000+"); None counts every match.

    The LIKE runs over the distinct speaker strings of the search index (schema v6), never over each quote's
    JSON mentions: at 300k quotes that is tens of milliseconds instead of seconds."""
    where, params = ["1=1"], []
    if article_id:
        where.append("q.article_id = ?")
        params.append(resolve_article_id(conn, article_id) or article_id)
    if kind:
        where.append("q.kind = ?")
        params.append(kind)
    if skip_duplicates:
        where.append("a.duplicate_of IS NULL")
    pattern = f"%{speaker.strip()}%" if speaker else None
    walk, count_sql, count_params, capped = not kind and not article_id, None, [], False
    if pattern is not None:
        links = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM quote_speaker_terms WHERE term_id IN ({_TERMS}) LIMIT ?)",
            (pattern, _BY_KEY_MAX + 1),
        ).fetchone()[0]
        walk = walk and links > _BY_KEY_MAX
        if walk and not skip_duplicates:
            # every link's quote exists (they cascade), so the distinct linked quotes are the total
            count_sql = ("SELECT count(*) FROM (SELECT DISTINCT article_id, quote_id FROM quote_speaker_terms"
                         f" WHERE term_id IN ({_TERMS}) LIMIT ?)")
            count_params, capped = [pattern, -1 if count_cap is None else count_cap + 1], count_cap is not None
        where.append(_PER_QUOTE if walk or article_id else _BY_KEY)
        params.append(pattern)
    clause = " AND ".join(where)
    if count_sql is None:  # the order does not matter to a count: the planner picks the join order
        capped = walk and pattern is not None and count_cap is not None
        count_sql = f"SELECT count(*) FROM (SELECT 1 {_FREE} WHERE {clause} LIMIT ?)"
        count_params = [*params, count_cap + 1 if capped else -1]
    base = f"{_WALK if walk else _FREE} WHERE {clause}"
    total = conn.execute(count_sql, count_params).fetchone()[0]
    lower_bound = capped and total > count_cap
    rows = conn.execute(
        f"SELECT q.*, a.published AS a_published, a.source AS a_source, a.title AS a_title {base}"
        f" {_QUOTE_ORDER} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    items = [
        QuoteHit(r["article_id"], build(Quote, r), r["a_published"], r["a_source"], r["a_title"]) for r in rows
    ]
    return Page(items, total, limit, offset, lower_bound)
