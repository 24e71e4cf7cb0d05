"""khabar's SQLite store: schema + migrations, a transactional writer, and the queries CLI and web share."""

from khabar.store.queries import (
    ArticleSummary,
    EventFilter,
    EventHit,
    Page,
    RunInfo,
    StoredReject,
    Summary,
    get_article,
    get_extraction,
    iter_articles,
    iter_events,
    list_articles,
    list_events,
    list_rejects,
    list_runs,
    summary,
)
from khabar.store import duplicates, quotes
from khabar.store.quotes import QuoteHit, quotes_by_speaker
from khabar.store.schema import SCHEMA_VERSION, connect, migrate
from khabar.store.writer import WriteCounts, finish_run, start_run, write_all, write_batch

__all__ = [
    "SCHEMA_VERSION",
    "ArticleSummary",
    "EventFilter",
    "EventHit",
    "Page",
    "QuoteHit",
    "RunInfo",
    "StoredReject",
    "Summary",
    "WriteCounts",
    "connect",
    "duplicates",
    "finish_run",
    "get_article",
    "get_extraction",
    "iter_articles",
    "iter_events",
    "list_articles",
    "list_events",
    "list_rejects",
    "list_runs",
    "migrate",
    "quotes",
    "quotes_by_speaker",
    "start_run",
    "summary",
    "write_all",
    "write_batch",
]
