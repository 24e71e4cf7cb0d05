"""The main job end to end: `khabar run` on the seed into SQLite, then what a GDELT/ACLED user would query.

Stage tests check each stage alone; this one checks that their outputs meet in the store: events carry their
actors' codes, dates resolved by the dates stage, places geocoded by the places stage, speakers from quotes.
"""

from __future__ import annotations

import sqlite3

import pytest

from khabar.cli import main


@pytest.fixture(scope="module")
def seed_db(seed_path, tmp_path_factory):
    db = tmp_path_factory.mktemp("e2e") / "seed.db"
    assert main(["run", str(seed_path), "--db", str(db), "--quiet"]) == 0
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def _events(conn, **where):
    sql = "SELECT e.*, a.title FROM events e JOIN articles a ON a.id = e.article_id"
    rows = [dict(r) for r in conn.execute(sql)]
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def _participants(conn, article_id, event_id, role):
    return [dict(r) for r in conn.execute(
        "SELECT * FROM event_actors WHERE article_id = ? AND event_id = ? AND role = ?", (article_id, event_id, role))]


def test_two_clean_articles_with_the_caption_date(seed_db):
    rows = {r["title"][:4]: dict(r) for r in seed_db.execute("SELECT * FROM articles")}
    assert set(rows) == {"Iraq", "Iran"}
    assert rows["Iran"]["published"] == "2025-06-03" and rows["Iraq"]["published"] is None
    for row in rows.values():
        assert "\nTT\n" not in row["text"] and row["text"].count(row["title"]) == 1


def test_summons_is_coded_with_codes_date_and_place(seed_db):
    [summon] = [e for e in _events(seed_db) if e["trigger_text"] == "summoned"]
    assert summon["type"] in ("ACCUSE", "SANCTION") and summon["date_value"] == "2025-04"
    actor = _participants(seed_db, summon["article_id"], summon["id"], "actor")[0]
    recipient = _participants(seed_db, summon["article_id"], summon["id"], "recipient")[0]
    assert (actor["country"], actor["sector"]) == ("LBN", "GOV")
    assert recipient["country"] == "IRN"
    assert summon["location_country_iso3"] == "LBN" and summon["location_lat"] is not None


def test_iraqi_operation_against_isis_is_located_in_kirkuk(seed_db):
    iraq = [e for e in _events(seed_db) if e["title"].startswith("Iraq") and e["type"] in ("ASSAULT", "MOBILIZE")]
    assert iraq, "no operation against ISIS"
    kirkuk = [e for e in iraq if (e["location_text"] or "").startswith("Kirkuk")]
    assert kirkuk and all(abs(e["location_lat"] - 35.5) < 1.0 for e in kirkuk)
    targets = {p["name"] for e in iraq for p in _participants(seed_db, e["article_id"], e["id"], "recipient")}
    assert any("Islamic State" in t or "ISIS" in t for t in targets)


def test_historical_air_strike_and_the_february_block(seed_db):
    events = _events(seed_db)
    strike = [e for e in events if e["type"] == "ASSAULT" and e["date_value"] == "2024-09"]
    assert strike and strike[0]["modality"] == "historical"
    block = [e for e in events if e["trigger_text"] == "blocked"]
    assert block and block[0]["type"] in ("COERCE", "SANCTION") and block[0]["date_value"] == "2025-02"


def test_quotes_are_stored_with_resolved_speakers(seed_db):
    speakers = {r["speaker_name"] for r in seed_db.execute("SELECT speaker_name FROM quotes")}
    for name in ("Mustafa al-Kadhimi", "Yahya Rasool", "Myles Caggins", "Fadel Abu Ragheef", "Abbas Araqchi"):
        assert name in speakers, name
    medium = {r["medium"] for r in seed_db.execute("SELECT medium FROM quotes WHERE speaker_name = 'Myles Caggins'")}
    assert "twitter" in medium


def test_every_stored_span_is_exact(seed_db):
    texts = {r["id"]: r["text"] for r in seed_db.execute("SELECT id, text FROM articles")}
    for table, prefix in (("events", "trigger"), ("events", "sentence"), ("places", ""), ("dates", ""), ("entities", "")):
        start, end, text = (f"{prefix}_start", f"{prefix}_end", f"{prefix}_text") if prefix else ("start", "end", "text")
        for row in seed_db.execute(f'SELECT article_id, "{start}" AS s, "{end}" AS e, "{text}" AS t FROM {table}'):
            assert texts[row["article_id"]][row["s"]:row["e"]] == row["t"], (table, row["t"])


def test_rerun_adds_nothing(seed_path, seed_db, tmp_path):
    db = tmp_path / "again.db"
    assert main(["run", str(seed_path), "--db", str(db), "--quiet"]) == 0
    assert main(["run", str(seed_path), "--db", str(db), "--quiet"]) == 0
    conn = sqlite3.connect(db)
    counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "quotes")]
    first = [seed_db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "quotes")]
    assert counts == first
