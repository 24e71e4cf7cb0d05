"""The web UI's own read queries: aggregates for the map, the timeline, actor pages and the actor network.

Everything filters with the store's `EventFilter` and its WHERE clause (`khabar.store.queries`, which exports
and the CLI use), so a filtered map, timeline, table and export agree. Three of its tests (country, actor,
place) are re-planned here to go through indexes, and the event page is picked through the day index before
rows are read: at 1M events that is the difference between seconds and a few hundred milliseconds (see
benchmarks/bench_web.py). Every value reaches SQLite as a parameter; the only text spliced into SQL is fixed
here (bucket expressions, joins, placeholder lists).

The database is opened read-only (`mode=ro` URI) unless asked otherwise: the UI can browse a store that
`khabar run` is writing (WAL), and a bug here can never change it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

import pycountry

from khabar.errors import KhabarError
from khabar.store.queries import EventFilter, EventHit, Page
# the store's filter grammar and row hydration, shared so that the web and `khabar export` agree
from khabar.store.queries import EVENT_COLS, EVENT_FROM, event_where, hydrate_events
from khabar.store.schema import SCHEMA_VERSION, connect, user_version

# period expressions over `events.day` (an ISO day): fixed strings, never user text
BUCKETS: dict[str, str] = {
    "day": "e.day",
    "week": "date(e.day, '-6 days', 'weekday 1')",  # the Monday that starts the ISO week
    "month": "substr(e.day, 1, 7)",
    "year": "substr(e.day, 1, 4)",
}
NETWORK_SOURCES = 200  # at most this many busiest participants start an unfiltered network (2 x edges)
MAP_LIMIT = 5000  # markers sent to the browser at most; the total says how many more match


def open_db(path: str | Path, read_only: bool = True) -> sqlite3.Connection:
    """A connection for one request. Read-only: SQLite's mode=ro, so any write fails in SQLite itself."""
    if not read_only:
        return connect(path, create=False)
    path = Path(path)
    if not path.is_file():
        raise KhabarError("bad_database", f"{path}: no such database (run `khabar run` first)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 5000")
        version = user_version(conn)
    except sqlite3.Error as exc:
        raise KhabarError("bad_database", f"{path}: {exc}") from exc
    if version != SCHEMA_VERSION:
        conn.close()
        if version > SCHEMA_VERSION:
            why = f"newer than this khabar's {SCHEMA_VERSION}: upgrade khabar"
        else:  # the app never migrates: `khabar serve` (store.schema.upgrade_file) does, once, before it starts
            why = f"older than {SCHEMA_VERSION}: `khabar serve` upgrades it on start, as does `khabar articles --db`"
        raise KhabarError("bad_database", f"{path}: schema version {version} is {why}")
    return conn


def _alpha3(code: str) -> str:
    code = code.strip().upper()
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return country.alpha_3 if country else code


_MAX_LISTED = 500  # matching names passed as parameters at most
COUNT_CAP = 10_000  # a broad filter's total is counted up to here: counting every match would test every event
_BROAD_ACTOR = (" AND EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = e.article_id"
                " AND x.event_id = e.id AND x.name LIKE ?)")
_MAX_ROWS = 20_000  # rows the names index points at, at most, for the by-index plan


def _matching(conn: sqlite3.Connection, column: str, table: str, pattern: str) -> list[str] | None:
    """The distinct values of an indexed text column that contain `pattern` (one pass over a covering index,
    done once instead of inside every query that uses the filter), or None when so many rows match that
    reading them one by one through the index would cost more than testing each event in turn."""
    values = [r[0] for r in conn.execute(
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} LIKE ? LIMIT ?", (f"%{pattern}%", _MAX_LISTED + 1)
    )]
    if len(values) > _MAX_LISTED:
        return None
    marks = ",".join("?" * len(values)) or "NULL"
    rows = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} COLLATE NOCASE IN ({marks}) LIMIT ?)",
        [*values, _MAX_ROWS + 1],
    ).fetchone()[0]
    return values if rows <= _MAX_ROWS else None


def _from_where(conn: sqlite3.Connection, flt: EventFilter) -> tuple[str, list]:
    """FROM + WHERE for a filter: the store's conditions, with the country, actor and place tests rewritten as
    rowid sets read through indexes instead of a correlated subquery per event (1M events: seconds -> a few
    hundred ms) whenever they are selective; the articles join is made only when a condition needs it."""
    clause, params = event_where(replace(flt, country=None, actor=None, place=None, limit=None, offset=0))
    if flt.actor:
        # participant names, not mention text ("he", "the minister"): that column has no index
        names = _matching(conn, "name", "event_actors", flt.actor)
        if names is None:  # broad: test each event (the page query still stops after `limit` rows)
            clause += _BROAD_ACTOR
            params.append(f"%{flt.actor}%")
        else:
            clause += (
                " AND e.rowid IN (SELECT y.rowid FROM event_actors x JOIN events y ON y.article_id = x.article_id"
                f" AND y.id = x.event_id WHERE x.name COLLATE NOCASE IN ({','.join('?' * len(names)) or 'NULL'}))"
            )
            params += names
    if flt.place:
        texts = _matching(conn, "location_text", "events", flt.place)
        names = _matching(conn, "name", "places", flt.place)
        if texts is None or names is None:
            clause += (" AND (e.location_text LIKE ? OR EXISTS (SELECT 1 FROM places p WHERE p.article_id = e.article_id"
                       " AND p.id = e.location_place_id AND p.name LIKE ?))")
            params += [f"%{flt.place}%"] * 2
        else:
            clause += (
                f" AND e.rowid IN (SELECT rowid FROM events WHERE location_text COLLATE NOCASE IN"
                f" ({','.join('?' * len(texts)) or 'NULL'}) UNION SELECT y.rowid FROM places p JOIN events y"
                " ON y.article_id = p.article_id AND y.location_place_id = p.id"
                f" WHERE p.name COLLATE NOCASE IN ({','.join('?' * len(names)) or 'NULL'}))"
            )
            params += texts + names
    if flt.country:
        code = _alpha3(flt.country)
        clause += (
            " AND e.rowid IN (SELECT rowid FROM events WHERE location_country_iso3 = ? UNION"
            " SELECT y.rowid FROM event_actors x JOIN events y ON y.article_id = x.article_id AND y.id = x.event_id"
            " WHERE x.country = ?)"
        )
        params += [code, code]
    join = " JOIN articles a ON a.id = e.article_id" if "a." in clause else ""
    return f"FROM events e{join} WHERE {clause}", params


# newest first; e.rowid breaks ties so pages are stable, and both columns are in idx_events_day (day, rowid)
_ORDER = "ORDER BY e.day DESC, e.rowid DESC"  # SQLite sorts NULL lowest: undated events come last


def list_events(conn: sqlite3.Connection, flt: EventFilter) -> Page[EventHit]:
    """`store.queries.list_events`, planned for a large store: pick one page of rowids through the day index,
    then read and hydrate just those rows with the store's own code. Same filters, same records; ties within
    a day are ordered by insertion here (the store's export orders them by article)."""
    base, params = _from_where(conn, flt)
    if _BROAD_ACTOR in base:  # "10,000+": the page itself still comes from the day index and stops early
        total = conn.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT ?)", [*params, COUNT_CAP + 1]).fetchone()[0]
    else:
        total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    capped = total > COUNT_CAP and _BROAD_ACTOR in base
    limit = -1 if flt.limit is None else flt.limit
    keys = [r[0] for r in conn.execute(f"SELECT e.rowid {base} {_ORDER} LIMIT ? OFFSET ?", [*params, limit, flt.offset])]
    if not keys:
        return Page([], total, limit, flt.offset, capped)
    marks = ",".join("?" * len(keys))
    rows = conn.execute(f"SELECT e.rowid AS _rowid, {EVENT_COLS} {EVENT_FROM} WHERE e.rowid IN ({marks})", keys).fetchall()
    rank = {k: i for i, k in enumerate(keys)}
    rows.sort(key=lambda r: rank[r["_rowid"]])
    return Page(hydrate_events(conn, rows), total, limit, flt.offset, capped)


def near_copies(conn: sqlite3.Connection, article_id: str) -> dict:
    """An article's near-duplicate links for its page: the earlier article it copies (id, title, estimated
    similarity) and the stored copies of it, each with its title (store/duplicates.py makes the links)."""
    row = conn.execute(
        "SELECT a.duplicate_of, a.duplicate_similarity, o.title FROM articles a"
        " LEFT JOIN articles o ON o.id = a.duplicate_of WHERE a.id = ?", (article_id,),
    ).fetchone()
    copies = conn.execute(
        "SELECT id, title, duplicate_similarity FROM articles WHERE duplicate_of = ?"
        " ORDER BY duplicate_similarity DESC, seq", (article_id,),
    ).fetchall()
    original = None
    if row is not None and row["duplicate_of"]:
        original = {"id": row["duplicate_of"], "title": row["title"], "similarity": row["duplicate_similarity"]}
    return {"duplicate_of": original,
            "copies": [{"id": r["id"], "title": r["title"], "similarity": r["duplicate_similarity"]} for r in copies]}


# ---------------------------------------------------------------- map and timeline


@dataclass(slots=True)
class MapPoints:
    """Located events as compact rows: [article_id, event_id, lat, lon, type, quad_class, day]."""

    points: list[list]
    located: int  # located events matching the filter (points holds the most recent `limit` of them)
    limit: int


def map_points(conn: sqlite3.Connection, flt: EventFilter, limit: int = MAP_LIMIT) -> MapPoints:
    base, params = _from_where(conn, flt)
    base += " AND e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL"
    located = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT e.article_id, e.id, e.location_lat, e.location_lon, e.type, e.quad_class, e.day {base}"
        f" {_ORDER} LIMIT ?",
        [*params, limit],
    ).fetchall()
    return MapPoints([list(r) for r in rows], located, limit)


@dataclass(slots=True)
class Timeline:
    bucket: str
    periods: list[str]
    series: dict[str, list[int]]  # quad class ("1".."4", "0" for uncoded) -> count per period
    undated: int = 0


def _has_index(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> bool:
    """Whether some index on `table` starts with `columns` (so a query on them never reads the table)."""
    for index in conn.execute(f"PRAGMA index_list({table})").fetchall():
        cols = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{index[1]}")'))
        if cols[: len(columns)] == columns:
            return True
    return False


def _rollup(day: str, bucket: str) -> str:
    if bucket == "week":
        d = dt.date.fromisoformat(day[:10])
        return (d - dt.timedelta(days=d.weekday())).isoformat()
    return {"day": day, "month": day[:7], "year": day[:4]}[bucket]


def timeline(conn: sqlite3.Connection, flt: EventFilter, bucket: str = "week") -> Timeline:
    if bucket not in BUCKETS:
        raise KhabarError("bad_option", f"bucket must be one of {', '.join(BUCKETS)}, not {bucket!r}")
    base, params = _from_where(conn, flt)
    # with an index on (day, quad_class) the per-day counts come from the index alone and Python rolls them up
    # (1M events: ~0.15 s); without one, grouping by the period expression in one table scan is the cheaper plan
    # (only unfiltered: with a filter, grouping in index order would tempt SQLite to walk that index and test
    # the filter row by row instead of using the filter's own index)
    by_day = base.endswith("WHERE 1=1") and _has_index(conn, "events", ("day", "quad_class"))
    period = "e.day" if by_day else BUCKETS[bucket]
    # plain columns in GROUP BY, so the index order serves the grouping (no temporary b-tree)
    rows = conn.execute(
        f"SELECT {period} AS period, e.quad_class AS quad, count(*) AS n {base} GROUP BY {period}, e.quad_class",
        params,
    ).fetchall()
    counts: dict[tuple[str | None, int], int] = {}
    for r in rows:
        key = (_rollup(r["period"], bucket) if by_day and r["period"] else r["period"], r["quad"] or 0)
        counts[key] = counts.get(key, 0) + r["n"]
    undated = sum(n for (p, _q), n in counts.items() if p is None)
    periods = sorted({p for p, _q in counts if p is not None})
    index = {p: i for i, p in enumerate(periods)}
    series = {str(q): [0] * len(periods) for q in range(5)}
    for (p, q), n in counts.items():
        if p is not None:
            series[str(q)][index[p]] += n
    return Timeline(bucket, periods, series, undated)


def facets(conn: sqlite3.Connection) -> dict[str, list]:
    """The values the filter form offers: event types and modalities present in the store, with counts."""
    types = conn.execute("SELECT type, count(*) FROM events GROUP BY type ORDER BY type").fetchall()
    modalities = conn.execute("SELECT modality, count(*) FROM events GROUP BY modality ORDER BY modality").fetchall()
    return {"types": [list(r) for r in types], "modalities": [list(r) for r in modalities]}


# ---------------------------------------------------------------- actors


@dataclass(slots=True)
class ActorCount:
    name: str
    events: int
    as_actor: int
    as_recipient: int
    country: str | None = None


def list_actors(conn: sqlite3.Connection, q: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[ActorCount], int]:
    """Participants by number of events (names compared case-insensitively); `q` is a name prefix.
    Ranking reads only the name index; roles and country are then looked up for the page's names alone."""
    where, params = "1=1", []
    if q:
        # a prefix LIKE on a NOCASE index is a range scan; escape the LIKE wildcards in the user's text
        where, params = "name LIKE ? ESCAPE '\\'", [_like_escape(q) + "%"]
    total = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM event_actors WHERE {where} GROUP BY name COLLATE NOCASE)", params
    ).fetchone()[0]
    top = conn.execute(
        f"""SELECT min(name) AS name, count(*) AS events FROM event_actors WHERE {where}
            GROUP BY name COLLATE NOCASE ORDER BY events DESC, name LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    ).fetchall()
    out = []
    for row in top:
        roles = {r["role"]: r for r in conn.execute(
            "SELECT role, count(*) AS n, max(country) AS country FROM event_actors WHERE name = ? COLLATE NOCASE"
            " GROUP BY role", (row["name"],),
        )}
        country = max((r["country"] for r in roles.values() if r["country"]), default=None)
        out.append(ActorCount(row["name"], row["events"], roles["actor"]["n"] if "actor" in roles else 0,
                              roles["recipient"]["n"] if "recipient" in roles else 0, country))
    return out, total


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(slots=True)
class ActorProfile:
    """One participant across the store: counts by role, type and month, who they act on and who acts on them."""

    name: str
    events: int = 0
    countries: dict[str, int] = field(default_factory=dict)
    sectors: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)  # role -> type -> n
    by_month: list[list] = field(default_factory=list)  # [month, role, n]
    targets: list[list] = field(default_factory=list)  # [recipient name, n] for events as actor
    sources: list[list] = field(default_factory=list)  # [actor name, n] for events as recipient


def actor_profile(conn: sqlite3.Connection, name: str, top: int = 20) -> ActorProfile | None:
    rows = conn.execute(
        """SELECT x.role, e.type, substr(e.day, 1, 7) AS month, x.country, x.sector, count(*) AS n
           FROM event_actors x JOIN events e ON e.article_id = x.article_id AND e.id = x.event_id
           WHERE x.name = ? COLLATE NOCASE GROUP BY x.role, e.type, month, x.country, x.sector""",
        (name,),
    ).fetchall()
    if not rows:
        return None
    prof = ActorProfile(name=conn.execute(
        "SELECT name FROM event_actors WHERE name = ? COLLATE NOCASE LIMIT 1", (name,)
    ).fetchone()[0])
    months: dict[tuple[str, str], int] = {}
    for r in rows:
        n = r["n"]
        prof.events += n
        if r["country"]:
            prof.countries[r["country"]] = prof.countries.get(r["country"], 0) + n
        if r["sector"]:
            prof.sectors[r["sector"]] = prof.sectors.get(r["sector"], 0) + n
        by_role = prof.by_type.setdefault(r["role"], {})
        by_role[r["type"]] = by_role.get(r["type"], 0) + n
        key = (r["month"] or "", r["role"])
        months[key] = months.get(key, 0) + n
    prof.by_month = [[m, role, n] for (m, role), n in sorted(months.items())]
    pair = """SELECT o.name AS other, count(*) AS n FROM event_actors x
              JOIN event_actors o ON o.article_id = x.article_id AND o.event_id = x.event_id AND o.role = ?
              WHERE x.name = ? COLLATE NOCASE AND x.role = ? GROUP BY o.name COLLATE NOCASE
              ORDER BY n DESC, other LIMIT ?"""
    prof.targets = [list(r) for r in conn.execute(pair, ("recipient", name, "actor", top))]
    prof.sources = [list(r) for r in conn.execute(pair, ("actor", name, "recipient", top))]
    return prof


@dataclass(slots=True)
class Network:
    nodes: list[dict]  # {name, events, country}
    edges: list[dict]  # {source, target, n} (indexes into nodes), actor -> recipient


def network(conn: sqlite3.Connection, flt: EventFilter, limit: int = 60) -> Network:
    """Who acts on whom among the matching events: the `limit` heaviest actor -> recipient pairs."""
    base, params = _from_where(conn, flt)
    if base.endswith("WHERE 1=1"):
        # nothing narrows the events: pairing every participant row with every other takes ~20 s at 1M events,
        # so pairs start from the 2 x `limit` busiest names (ranked from the name index alone); the
        # heaviest pairs are among them unless activity is spread very evenly
        top = [r[0] for r in conn.execute(
            "SELECT min(name) FROM event_actors GROUP BY name COLLATE NOCASE ORDER BY count(*) DESC LIMIT ?",
            (min(NETWORK_SOURCES, 2 * limit),),
        )]
        within = f"AND s.name COLLATE NOCASE IN ({','.join('?' * len(top))})" if top else "AND 0"
        params = top
    else:
        within = f"AND (s.article_id, s.event_id) IN (SELECT e.article_id, e.id {base})"
    rows = conn.execute(
        f"""SELECT s.name AS src, t.name AS dst, max(s.country) AS src_country, max(t.country) AS dst_country,
                   count(*) AS n
            FROM event_actors s
            JOIN event_actors t ON t.article_id = s.article_id AND t.event_id = s.event_id AND t.role = 'recipient'
            WHERE s.role = 'actor' {within}
            GROUP BY s.name COLLATE NOCASE, t.name COLLATE NOCASE ORDER BY n DESC, src, dst LIMIT ?""",
        [*params, limit],
    ).fetchall()
    nodes: list[dict] = []
    index: dict[str, int] = {}

    def node(name: str, country: str | None, n: int) -> int:
        key = name.casefold()
        if key not in index:
            index[key] = len(nodes)
            nodes.append({"name": name, "events": 0, "country": country})
        nodes[index[key]]["events"] += n
        return index[key]

    edges = [
        {"source": node(r["src"], r["src_country"], r["n"]), "target": node(r["dst"], r["dst_country"], r["n"]), "n": r["n"]}
        for r in rows
    ]
    return Network(nodes, edges)
