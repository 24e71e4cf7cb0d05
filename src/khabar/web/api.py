"""The JSON API under /api: the same queries as the CLI (`khabar.store.queries`), paginated, plus exports.

Every list answers {"items": [...], "total": n, "limit": l, "offset": o}; every error answers
{"error": {"code": "K3xx", "reason": ..., "message": ...}} (see app.py). Event filters are query parameters
with the names `khabar export` uses, so a page's URL, its API calls and its export links share one grammar.
"""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from khabar.errors import KhabarError
from khabar.export import FORMATS, export
from khabar.records import to_dict
from khabar.store import queries as store
from khabar.store.quotes import quotes_by_speaker
from khabar.store.queries import EventFilter
from khabar.web import queries as webq

MAX_LIMIT = 500
MEDIA_TYPES = {
    "plover-json": "application/json",
    "acled-csv": "text/csv; charset=utf-8",
    "gdelt-tsv": "text/tab-separated-values; charset=utf-8",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
    "jsonl": "application/x-ndjson",
}

router = APIRouter(prefix="/api")


class WebError(Exception):
    """An API failure with a catalogue reason and an HTTP status; app.py renders the canonical body."""

    def __init__(self, reason: str, message: str, status: int) -> None:
        super().__init__(message)
        self.reason, self.message, self.status = reason, message, status


class ResultCache:
    """Answers of recent GET requests, valid while the database files are unchanged (size and mtime of the
    file and its WAL): a writer's commit changes the stamp, so nothing stale is ever served. The front page's
    unfiltered aggregates cost a scan on a large store; a second visit costs nothing."""

    def __init__(self, db_path: str, size: int = 256) -> None:
        self.files = [Path(db_path), Path(db_path + "-wal")]
        self.size = size
        self.entries: OrderedDict[str, tuple[tuple, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def stamp(self) -> tuple:
        out = []
        for f in self.files:
            try:
                st = f.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                out.append(None)
        return tuple(out)

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        stamp = self.stamp()
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None and hit[0] == stamp:
                self.entries.move_to_end(key)
                return hit[1]
        value = compute()
        with self.lock:
            self.entries[key] = (stamp, value)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value


def cached(request: Request, compute: Callable[[], Any]) -> Any:
    return request.app.state.cache.get(str(request.url.path) + "?" + str(request.url.query), compute)


def db(request: Request) -> Iterator[sqlite3.Connection]:
    """One connection per request (sqlite3 connections are cheap; a read-only one never blocks the writer)."""
    conn = webq.open_db(request.app.state.db_path, request.app.state.read_only)
    try:
        yield conn
    finally:
        conn.close()


Conn = Annotated[sqlite3.Connection, Depends(db)]


class Filters(BaseModel):
    """Event filters, the same as `khabar export`'s options; empty means 'any'."""

    type: str | None = Field(None, description="PLOVER event type, e.g. ASSAULT")
    modality: str | None = Field(None, description="asserted, negated, hypothetical, future, historical, alleged")
    country: str | None = Field(None, description="ISO 3166 alpha-3 or alpha-2: the event's place or a participant")
    actor: str | None = Field(None, description="text in a participant's name (case-insensitive substring)")
    place: str | None = Field(None, description="text in the event's place name")
    article: str | None = Field(None, description="one article id")
    since: str | None = Field(None, description="first day, ISO (2025-06-01 or a prefix such as 2025-06)")
    until: str | None = Field(None, description="last day, ISO (or a prefix)")
    quad_class: int | None = Field(None, ge=1, le=4, description="1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict")
    min_confidence: float | None = Field(None, ge=0, le=1)
    q: str | None = Field(None, description="full-text search over the articles (SQLite FTS5 syntax)")
    dedupe: bool = Field(False, description="leave out events of articles that are near-copies of an earlier one")

    def to_filter(self, limit: int | None = None, offset: int = 0) -> EventFilter:
        values = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in self.model_dump().items()}
        article, dedupe = values.pop("article"), values.pop("dedupe")
        return EventFilter(**values, article_id=article, skip_duplicates=bool(dedupe), limit=limit, offset=offset)


FilterQuery = Annotated[Filters, Query()]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    total: int = Field(description="rows matching, over all pages")
    limit: int
    offset: int
    total_is_lower_bound: bool = Field(False, description="true when a broad filter's count stopped at a cap")


def _page(items: list, total: int, limit: int, offset: int, lower_bound: bool = False) -> dict:
    return {"items": items, "total": total, "limit": limit, "offset": offset, "total_is_lower_bound": lower_bound}


def _hit(hit: store.EventHit) -> dict:
    return to_dict(hit)


@router.get("/summary", summary="Store totals and the filter form's choices")
def get_summary(conn: Conn, request: Request) -> dict[str, Any]:
    return cached(request, lambda: {
        **asdict(store.summary(conn)),
        **webq.facets(conn),
        "read_only": request.app.state.read_only,
        "map_assets": request.app.state.map_assets,
        "export_formats": list(FORMATS),
    })


@router.get("/events", response_model=PageOut, summary="Events matching the filters, newest first")
def get_events(request: Request, conn: Conn, filters: FilterQuery, limit: Limit = 50, offset: Offset = 0) -> dict:
    def compute() -> dict:
        page = webq.list_events(conn, filters.to_filter(limit, offset))
        return _page([_hit(h) for h in page.items], page.total, limit, offset, page.total_is_lower_bound)

    return cached(request, compute)


@router.get("/map", summary="Located events as compact rows for the map")
def get_map(
    request: Request, conn: Conn, filters: FilterQuery,
    limit: Annotated[int, Query(ge=1, le=50_000, description="most recent located events to send")] = webq.MAP_LIMIT,
) -> dict[str, Any]:
    columns = ["article_id", "event_id", "lat", "lon", "type", "quad_class", "day"]
    return cached(request, lambda: {"columns": columns, **asdict(webq.map_points(conn, filters.to_filter(), limit))})


@router.get("/timeline", summary="Events per period by quad class")
def get_timeline(
    request: Request, conn: Conn, filters: FilterQuery,
    bucket: Annotated[str, Query(pattern="^(day|week|month|year)$", description="day, week, month or year")] = "week",
) -> dict[str, Any]:
    return cached(request, lambda: asdict(webq.timeline(conn, filters.to_filter(), bucket)))


Dedupe = Annotated[bool, Query(description="leave out articles that are near-copies of an earlier one")]


@router.get("/articles", response_model=PageOut, summary="Stored articles, newest first")
def get_articles(
    conn: Conn, limit: Limit = 50, offset: Offset = 0,
    q: Annotated[str | None, Query(description="full-text search (FTS5 syntax)")] = None,
    source: Annotated[str | None, Query(description="outlet name")] = None,
    dedupe: Dedupe = False,
) -> dict:
    page = store.list_articles(
        conn, limit=limit, offset=offset, q=q or None, source=source or None, skip_duplicates=dedupe
    )
    return _page([asdict(a) for a in page.items], page.total, limit, offset)


@router.get("/quotes", response_model=PageOut, summary="Stored quotes by speaker or article, newest first")
def get_quotes(
    conn: Conn, limit: Limit = 50, offset: Offset = 0,
    speaker: Annotated[str | None, Query(description="text in the speaker's name or any mention of them")] = None,
    article: Annotated[str | None, Query(description="one article id (or a unique prefix)")] = None,
    kind: Annotated[str | None, Query(pattern="^(speech|stance)$", description="speech or stance")] = None,
    dedupe: Dedupe = False,
) -> dict:
    page = quotes_by_speaker(
        conn, (speaker or "").strip() or None, limit=limit, offset=offset, article_id=(article or "").strip() or None,
        kind=kind, skip_duplicates=dedupe, count_cap=webq.COUNT_CAP,
    )
    return _page([to_dict(h) for h in page.items], page.total, limit, offset, page.total_is_lower_bound)


@router.get("/articles/{article_id}", summary="One article with everything extracted from it")
def get_article(conn: Conn, article_id: str) -> dict[str, Any]:
    extraction = store.get_extraction(conn, article_id)
    if extraction is None:
        raise WebError("no_such_record", f"no article with id {article_id!r}", 404)
    # near-duplicate links live on the articles row, not in the Extraction record: the page shows "near-copy of"
    return {**to_dict(extraction), "near_copies": webq.near_copies(conn, extraction.article.id)}


@router.get("/actors", response_model=PageOut, summary="Participants by number of events")
def get_actors(
    request: Request, conn: Conn, limit: Limit = 50, offset: Offset = 0,
    q: Annotated[str | None, Query(description="name prefix")] = None,
) -> dict:
    def compute() -> dict:
        items, total = webq.list_actors(conn, q or None, limit, offset)
        return _page([asdict(a) for a in items], total, limit, offset)

    return cached(request, compute)


@router.get("/actors/{name}", summary="One participant: events by role, type and month; counterparts")
def get_actor(conn: Conn, name: str) -> dict[str, Any]:
    profile = webq.actor_profile(conn, name)
    if profile is None:
        raise WebError("no_such_record", f"no events with a participant named {name!r}", 404)
    return asdict(profile)


@router.get("/network", summary="Who acts on whom: the heaviest actor -> recipient pairs")
def get_network(
    request: Request, conn: Conn, filters: FilterQuery,
    limit: Annotated[int, Query(ge=1, le=500, description="edges at most")] = 60,
) -> dict[str, Any]:
    return cached(request, lambda: asdict(webq.network(conn, filters.to_filter(), limit)))


@router.get(
    "/export",
    summary="The filtered events as a file (the same bytes as `khabar export --format ...`)",
    responses={200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}}},
)
def get_export(
    conn: Conn, filters: FilterQuery,
    format: Annotated[str, Query(description=", ".join(FORMATS))] = "geojson",  # noqa: A002 -- the CLI's name
    limit: Annotated[int | None, Query(ge=1, description="events at most (default: all)")] = None,
) -> StreamingResponse:
    if format not in FORMATS:
        raise WebError("bad_parameter", f"unknown export format {format!r}; one of {', '.join(FORMATS)}", 422)
    # spooled: small exports stay in memory, a million-event one goes to a temporary file, never whole in RAM
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    export(format, store.iter_events(conn, filters.to_filter(limit)), spool)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(256 * 1024):
                yield block

    name = f"khabar-events{FORMATS[format].suffix}"
    return StreamingResponse(
        chunks(), media_type=MEDIA_TYPES[format], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def raise_for_khabar(exc: KhabarError) -> WebError:
    """A KhabarError from a query (bad option, bad database) as an API error."""
    status = {"bad_database": 503, "bad_search": 400}.get(exc.kind.reason, 422)
    return WebError(exc.kind.reason, exc.detail or exc.kind.summary, status)
