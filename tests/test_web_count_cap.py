"""A broad actor filter on a large store: the page is exact, the total is counted up to a cap ("10,000+")."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from khabar.store.queries import EventFilter
from khabar.web import queries as webq

BENCH_WEB = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_web.py"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("bench_web_for_tests", BENCH_WEB)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path_factory.mktemp("big") / "big.db"
    module.build_store(path, 20_000)
    conn = webq.open_db(path)
    yield conn
    conn.close()


def test_broad_actor_total_stops_at_the_cap(big_store, monkeypatch):
    monkeypatch.setattr(webq, "COUNT_CAP", 500)
    page = webq.list_events(big_store, EventFilter(actor="Actor 1", limit=20))
    assert page.total == 501 and page.total_is_lower_bound
    assert len(page.items) == 20
    for hit in page.items:
        names = [r.name for r in hit.event.actors + hit.event.recipients]
        assert any("Actor 1" in n for n in names)


def test_selective_filter_total_is_exact(big_store, monkeypatch):
    monkeypatch.setattr(webq, "COUNT_CAP", 500)
    page = webq.list_events(big_store, EventFilter(type="ASSAULT", limit=5))
    exact = big_store.execute("SELECT count(*) FROM events WHERE type = 'ASSAULT'").fetchone()[0]
    assert page.total == exact > 500 and not page.total_is_lower_bound


def test_broad_speaker_quotes_total_stops_at_the_cap(big_store, monkeypatch):
    from khabar.store import quotes

    monkeypatch.setattr(quotes, "_BY_KEY_MAX", 1000)  # the 20k-event store has 6,000 quotes
    exact = quotes.quotes_by_speaker(big_store, "he", limit=10)
    capped = quotes.quotes_by_speaker(big_store, "he", limit=10, count_cap=500)
    assert exact.total > 1000 and not exact.total_is_lower_bound
    assert capped.total == 501 and capped.total_is_lower_bound and capped.items == exact.items
    # a selective speaker goes by key: its total is exact under any cap
    name = big_store.execute("SELECT speaker_name FROM quotes WHERE speaker_name IS NOT NULL LIMIT 1").fetchone()[0]
    few = quotes.quotes_by_speaker(big_store, name, count_cap=500)
    scan = big_store.execute(
        "SELECT count(*) FROM quotes q WHERE q.speaker_name LIKE :p OR q.speaker_text LIKE :p OR EXISTS (SELECT 1"
        " FROM actors ac WHERE ac.article_id = q.article_id AND ac.id = q.speaker_actor_id AND (ac.name LIKE :p"
        " OR EXISTS (SELECT 1 FROM json_each(ac.mentions) m WHERE json_extract(m.value, '$.text') LIKE :p)))",
        {"p": f"%{name}%"},
    ).fetchone()[0]
    assert few.total == scan > 0 and not few.total_is_lower_bound
