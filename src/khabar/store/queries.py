"""Reading the store: the functions the CLI, the exporters and the web UI share.

Everything returns records (records.py types, or the small result types below), never sqlite3 rows, so callers
do not depend on the table layout. Lists are paginated (`Page`), except the `iter_*` generators that exports
stream through in chunks. Quotes by speaker are searched in `store/quotes.py` (its own index, schema v6).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pycountry

from khabar.errors import KhabarError
from khabar.records import ActorRef, Article, Event, Extraction, Place, Reject
from khabar.store.codec import build
from khabar.store.writer import EXTRACTION_TABLES

_CHUNK = 500


@dataclass(slots=True)
class Page[T]:
    items: list[T]
    total: int
    limit: int
    offset: int
    total_is_lower_bound: bool = False  # a broad filter's count stopped at a cap ("10,000+")


@dataclass(slots=True)
class ArticleSummary:
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    origin_path: str
    origin_position: int
    chars: int
    events: int
    extracted: bool
    duplicate_of: str | None = None  # the article this one is a near-copy of (schema v5)


@dataclass(slots=True)
class EventFilter:
    """Filters shared by `khabar export` and the web UI; None means 'any'. Text matches are case-insensitive."""

    type: str | None = None  # PLOVER type, e.g. ASSAULT
    modality: str | None = None
    country: str | None = None  # ISO alpha-3 (alpha-2 or name accepted): event location or any participant
    actor: str | None = None  # substring of a participant's name or mention
    place: str | None = None  # substring of the location text or resolved place name
    article_id: str | None = None
    since: str | None = None  # ISO date or prefix, inclusive: the event's first day (else publication day)
    until: str | None = None
    quad_class: int | None = None
    min_confidence: float | None = None
    q: str | None = None  # FTS5 query over article title + text
    skip_duplicates: bool = False  # leave out events of articles that are near-copies of an earlier one
    limit: int | None = 50  # None: no limit (exports)
    offset: int = 0


@dataclass(slots=True)
class EventHit:
    """An event with what a listing or an export row needs about its article and its place."""

    article_id: str
    event: Event
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    place: Place | None = None
    duplicate_of: str | None = None  # the article's earlier near-copy, when it is one (schema v5)


@dataclass(slots=True)
class StoredReject:
    id: int
    reject: Reject
    run_id: int | None
    created: str


@dataclass(slots=True)
class RunInfo:
    id: int
    command: str
    started: str
    finished: str | None
    status: str
    articles: int
    new_articles: int
    extracted: int
    events: int
    rejects: int


@dataclass(slots=True)
class Summary:
    articles: int = 0
    extracted: int = 0
    events: int = 0
    rejects: int = 0
    duplicates: int = 0  # articles that are near-copies of an earlier one
    events_by_type: dict[str, int] = field(default_factory=dict)
    rejects_by_code: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- articles


def _check_fts(conn: sqlite3.Connection, q: str) -> None:
    """A bad FTS5 query (`"unbalanced`, `AND AND`) is the user's mistake: K302, not a crash."""
    try:
        conn.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (q,)).fetchall()
    except sqlite3.OperationalError as exc:
        raise KhabarError("bad_search", f"{q!r}: {exc}") from exc


def list_articles(
    conn: sqlite3.Connection, limit: int = 50, offset: int = 0, q: str | None = None, source: str | None = None,
    skip_duplicates: bool = False,
) -> Page[ArticleSummary]:
    where, params = ["1=1"], []
    if skip_duplicates:
        where.append("a.duplicate_of IS NULL")
    if q:
        _check_fts(conn, q)
        where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(q)
    if source:
        where.append("a.source = ? COLLATE NOCASE")
        params.append(source)
    clause = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM articles a WHERE {clause}", params).fetchone()[0]
    rows = conn.execute(
        f"""SELECT a.id, a.title, a.published, a.source, a.url, a.origin_path, a.origin_position,
                   length(a.text) AS chars, a.extracted_at IS NOT NULL AS extracted, a.duplicate_of,
                   (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events
            FROM articles a WHERE {clause}
            ORDER BY a.published IS NULL, a.published DESC, a.rowid LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    ).fetchall()
    items = [ArticleSummary(**{k: r[k] for k in r.keys()} | {"extracted": bool(r["extracted"])}) for r in rows]
    return Page(items, total, limit, offset)


def resolve_article_id(conn: sqlite3.Connection, id_or_prefix: str) -> str | None:
    """The full id for an id or a unique prefix of one (as `git` does); None when nothing matches."""
    rows = conn.execute(
        "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (id_or_prefix, id_or_prefix + "\uffff")
    ).fetchall()
    if not rows:
        return None
    if len(rows) > 1 and rows[0]["id"] != id_or_prefix:
        raise KhabarError("bad_option", f"article id prefix {id_or_prefix!r} is ambiguous")
    return rows[0]["id"]


def get_article(conn: sqlite3.Connection, id_or_prefix: str) -> Article | None:
    article_id = resolve_article_id(conn, id_or_prefix)
    if article_id is None:
        return None
    row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    return build(Article, row)


def is_extracted(conn: sqlite3.Connection, article_id: str) -> bool:
    row = conn.execute("SELECT extracted_at IS NOT NULL FROM articles WHERE id = ?", (article_id,)).fetchone()
    return bool(row and row[0])


def iter_articles(conn: sqlite3.Connection) -> Iterator[Article]:
    """Every stored article, in ingest order (streamed: the whole table is never in memory)."""
    last = 0
    while rows := conn.execute(
        "SELECT rowid AS _rowid, * FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, _CHUNK)
    ).fetchall():
        for row in rows:
            yield build(Article, row)
        last = rows[-1]["_rowid"]


def get_extraction(conn: sqlite3.Connection, id_or_prefix: str) -> Extraction | None:
    """The article and everything extracted from it, as `khabar extract` printed it."""
    article = get_article(conn, id_or_prefix)
    if article is None:
        return None
    parts: dict[str, list] = {}
    for table, (cls, _skip) in EXTRACTION_TABLES.items():
        rows = conn.execute(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY rowid", (article.id,)).fetchall()
        if table == "events":
            refs = _event_refs(conn, [article.id])
            parts[table] = [_event(row, refs) for row in rows]
        else:
            parts[table] = [build(cls, row) for row in rows]
    return Extraction(article=article, **parts)


# ---------------------------------------------------------------- events


def _alpha3(code: str) -> str:
    """ISO alpha-3 for an alpha-3, alpha-2 or English country name ('JOR', 'jo', 'Jordan'); else as given."""
    try:
        return pycountry.countries.lookup(code.strip()).alpha_3
    except LookupError:
        return code.strip().upper()


def event_where(flt: EventFilter, conn: sqlite3.Connection | None = None) -> tuple[str, list]:
    """The WHERE clause (over `events e` joined to `articles a`) and its parameters for a filter.

    Shared with the web UI's aggregates so a map, a table and an export of one filter always agree. With
    `conn`, a bad FTS5 query raises K302 here rather than when the statement runs.
    """
    where, params = ["1=1"], []
    if flt.type:
        where.append("e.type = ?")
        params.append(flt.type.upper())
    if flt.modality:
        where.append("e.modality = ?")
        params.append(flt.modality.lower())
    if flt.country:
        code = _alpha3(flt.country)
        where.append(
            "(e.location_country_iso3 = ? OR EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = e.article_id"
            " AND x.event_id = e.id AND x.country = ?))"
        )
        params += [code, code]
    if flt.actor:
        where.append(
            "EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = e.article_id AND x.event_id = e.id"
            " AND (x.name LIKE ? OR x.text LIKE ?))"
        )
        params += [f"%{flt.actor}%"] * 2
    if flt.place:
        where.append(
            "(e.location_text LIKE ? OR EXISTS (SELECT 1 FROM places p WHERE p.article_id = e.article_id"
            " AND p.id = e.location_place_id AND p.name LIKE ?))"
        )
        params += [f"%{flt.place}%"] * 2
    if flt.article_id:
        where.append("e.article_id = ?")
        params.append(flt.article_id)
    # `day` is an ISO day, so prefixes compare: since='2025-06' keeps June on, until='2025-06' keeps June back
    if flt.since:
        where.append("e.day >= ?")
        params.append(flt.since)
    if flt.until:
        where.append("substr(e.day, 1, length(?)) <= ?")
        params += [flt.until, flt.until]
    if flt.quad_class is not None:
        where.append("e.quad_class = ?")
        params.append(flt.quad_class)
    if flt.min_confidence is not None:
        where.append("e.confidence >= ?")
        params.append(flt.min_confidence)
    if flt.skip_duplicates:
        where.append("a.duplicate_of IS NULL")
    if flt.q:
        if conn is not None:
            _check_fts(conn, flt.q)
        where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(flt.q)
    return " AND ".join(where), params



EVENT_FROM = "FROM events e JOIN articles a ON a.id = e.article_id"
_EVENT_ORDER = "ORDER BY e.day IS NULL, e.day DESC, a.rowid, e.rowid"
EVENT_COLS = ("e.*, a.published AS a_published, a.source AS a_source, a.url AS a_url, a.title AS a_title,"
              " a.duplicate_of AS a_duplicate_of")


def _event_refs(conn: sqlite3.Connection, article_ids: list[str]) -> dict[tuple[str, str], dict[str, list[ActorRef]]]:
    refs: dict[tuple[str, str], dict[str, list[ActorRef]]] = defaultdict(lambda: {"actor": [], "recipient": []})
    marks = ",".join("?" * len(article_ids))
    for row in conn.execute(
        f"SELECT * FROM event_actors WHERE article_id IN ({marks}) ORDER BY article_id, event_id, role, position",
        article_ids,
    ):
        refs[(row["article_id"], row["event_id"])][row["role"]].append(build(ActorRef, row))
    return refs


def _event(row: sqlite3.Row, refs: dict) -> Event:
    mine = refs.get((row["article_id"], row["id"]), {"actor": [], "recipient": []})
    return build(Event, row, actors=mine["actor"], recipients=mine["recipient"])


def hydrate_events(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[EventHit]:
    if not rows:
        return []
    article_ids = sorted({r["article_id"] for r in rows})
    refs = _event_refs(conn, article_ids)
    marks = ",".join("?" * len(article_ids))
    places = {
        (p["article_id"], p["id"]): build(Place, p)
        for p in conn.execute(f"SELECT * FROM places WHERE article_id IN ({marks})", article_ids)
    }
    return [
        EventHit(
            article_id=r["article_id"],
            event=_event(r, refs),
            published=r["a_published"],
            source=r["a_source"],
            url=r["a_url"],
            title=r["a_title"],
            place=places.get((r["article_id"], r["location_place_id"])),
            duplicate_of=r["a_duplicate_of"],
        )
        for r in rows
    ]


def list_events(conn: sqlite3.Connection, flt: EventFilter | None = None) -> Page[EventHit]:
    flt = flt or EventFilter()
    clause, params = event_where(flt, conn)
    total = conn.execute(f"SELECT count(*) {EVENT_FROM} WHERE {clause}", params).fetchone()[0]
    limit = -1 if flt.limit is None else flt.limit
    rows = conn.execute(
        f"SELECT {EVENT_COLS} {EVENT_FROM} WHERE {clause} {_EVENT_ORDER} LIMIT ? OFFSET ?",
        [*params, limit, flt.offset],
    ).fetchall()
    return Page(hydrate_events(conn, rows), total, limit, flt.offset)


def iter_events(conn: sqlite3.Connection, flt: EventFilter | None = None) -> Iterator[EventHit]:
    """Every matching event (limit/offset honoured when set), fetched in chunks for exports."""
    flt = flt or EventFilter(limit=None)
    clause, params = event_where(flt, conn)
    limit = -1 if flt.limit is None else flt.limit
    cursor = conn.execute(
        f"SELECT {EVENT_COLS} {EVENT_FROM} WHERE {clause} {_EVENT_ORDER} LIMIT ? OFFSET ?",
        [*params, limit, flt.offset],
    )
    while rows := cursor.fetchmany(_CHUNK):
        yield from hydrate_events(conn, rows)


# ---------------------------------------------------------------- rejects, runs, summary


def list_rejects(
    conn: sqlite3.Connection, code: str | None = None, run_id: int | None = None, limit: int = 50, offset: int = 0
) -> Page[StoredReject]:
    where, params = ["1=1"], []
    if code:
        where.append("(code = ? OR reason = ?)")
        params += [code, code]
    if run_id is not None:
        where.append("run_id = ?")
        params.append(run_id)
    clause = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM rejects WHERE {clause}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT * FROM rejects WHERE {clause} ORDER BY id LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    items = [StoredReject(r["id"], build(Reject, r), r["run_id"], r["created"]) for r in rows]
    return Page(items, total, limit, offset)


def list_runs(conn: sqlite3.Connection, limit: int = 20) -> list[RunInfo]:
    rows = conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [RunInfo(**{k: r[k] for k in r.keys()}) for r in rows]


def _counts(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> dict[str, int]:
    return {row[0]: row[1] for row in conn.execute(sql, params)}


def summary(conn: sqlite3.Connection) -> Summary:
    """Totals for the whole store: what `khabar run` prints and the web UI's front page shows."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return Summary(
        articles=one("SELECT count(*) FROM articles"),
        extracted=one("SELECT count(*) FROM articles WHERE extracted_at IS NOT NULL"),
        events=one("SELECT count(*) FROM events"),
        rejects=one("SELECT count(*) FROM rejects"),
        duplicates=one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        events_by_type=_counts(conn, "SELECT type, count(*) n FROM events GROUP BY type ORDER BY n DESC, type"),
        rejects_by_code=_counts(conn, "SELECT code, count(*) n FROM rejects GROUP BY code ORDER BY n DESC, code"),
        countries=_counts(
            conn,
            "SELECT location_country_iso3, count(*) n FROM events WHERE location_country_iso3 IS NOT NULL"
            " GROUP BY location_country_iso3 ORDER BY n DESC",
        ),
    )
