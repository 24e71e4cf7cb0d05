"""The SQLite store: round trips, idempotence, transactions, migrations and the shared queries."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from record_samples import TEXT, article, full_extraction, reject, span

from khabar.errors import KhabarError
from khabar.records import ActorRef, Article, Reject
from khabar.store import (
    SCHEMA_VERSION,
    EventFilter,
    connect,
    duplicates,
    get_article,
    get_extraction,
    list_articles,
    list_events,
    list_rejects,
    queries,
    quotes,
    quotes_by_speaker,
    summary,
    write_all,
    write_batch,
    writer,
)
from khabar.store.codec import flat_names
from khabar.store import schema
from khabar.store.schema import columns

TABLES = ("articles", "rejects", "entities", "actors", "dates", "places", "quotes", "events", "event_actors")


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def other(ex, n: int):
    """The same extraction under another article id (a different article as far as the store knows)."""
    ex.article.id = f"{n:016x}"
    return ex


@pytest.fixture
def db(tmp_path):
    conn = connect(tmp_path / "k.db")
    yield conn
    conn.close()


def test_connect_sets_wal_foreign_keys_and_version(tmp_path):
    conn = connect(tmp_path / "k.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    # reopening an up-to-date database changes nothing
    conn = connect(tmp_path / "k.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_every_record_field_has_a_column(db):
    """A field added to records.py without a migration fails here, not at the first write."""
    expected = {
        "articles": flat_names(Article),
        "rejects": flat_names(Reject),
        "event_actors": [*writer.EVENT_ACTOR_EXTRA, *flat_names(ActorRef)],
    }
    for table, (cls, skip) in writer.EXTRACTION_TABLES.items():
        expected[table] = ["article_id", *flat_names(cls, skip)]
    for table, names in expected.items():
        missing = set(names) - set(columns(db, table))
        assert not missing, f"{table} lacks columns {sorted(missing)}: add a migration in store/schema.py"


def test_extraction_round_trips_exactly(db):
    ex = full_extraction()
    write_batch(db, [ex])
    back = get_extraction(db, ex.article.id)
    for name in ("article", "entities", "actors", "events", "quotes", "dates", "places"):
        assert getattr(back, name) == getattr(ex, name), name
    assert back == ex
    assert get_article(db, ex.article.id[:5]) == ex.article  # a unique prefix is enough
    assert get_extraction(db, "ffffffffffffffff") is None


def test_reingest_adds_no_rows(db):
    items = [article(), reject(), full_extraction(TEXT + "\n\nA later paragraph.")]
    first = write_batch(db, items)
    before = counts(db)
    second = write_batch(db, items)
    assert counts(db) == before
    assert (first.new_articles, first.new_rejects) == (2, 1)
    assert (second.new_articles, second.new_rejects, second.articles) == (0, 0, 2)


def test_reextract_replaces_the_article_rows(db):
    ex = full_extraction()
    write_batch(db, [ex])
    ex.events = [dataclasses.replace(ex.events[1], id="v9", type="ASSAULT", actors=[])]
    ex.quotes = []
    write_batch(db, [ex])
    back = get_extraction(db, ex.article.id)
    assert [(e.id, e.type) for e in back.events] == [("v9", "ASSAULT")]
    assert back.quotes == [] and back.events[0].actors == [] and back.events[0].recipients == []
    assert counts(db)["event_actors"] == 0  # the old events' participants went with them
    assert counts(db)["articles"] == 1


def test_a_failed_batch_leaves_nothing_half_written(db, monkeypatch):
    write_batch(db, [other(full_extraction(), 1)])
    before = counts(db)
    calls = 0
    real = writer._replace_extraction

    def crash_on_second(conn, ex, run_id):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("disk on fire")
        return real(conn, ex, run_id)

    monkeypatch.setattr(writer, "_replace_extraction", crash_on_second)
    batch = [other(full_extraction(), 2), reject(), other(full_extraction(), 3)]
    with pytest.raises(RuntimeError):
        write_batch(db, batch)
    assert counts(db) == before  # neither the first article, nor the reject, nor the third's article row
    # the connection is usable afterwards and a good batch commits
    monkeypatch.setattr(writer, "_replace_extraction", real)
    write_batch(db, batch)
    assert counts(db)["articles"] == 3


def test_an_unstorable_item_rolls_back_its_batch(db):
    with pytest.raises(TypeError):
        write_batch(db, [article(), object()])
    assert counts(db)["articles"] == 0


def test_write_all_commits_batch_by_batch(db):
    totals = write_all(db, [other(full_extraction(), i) for i in range(5)] + [reject()], batch_size=2)
    assert (totals.articles, totals.extracted, totals.events, totals.rejects) == (5, 5, 10, 1)
    assert counts(db)["events"] == 10


def test_migration_from_version_1(tmp_path):
    path = tmp_path / "old.db"
    old = connect(path, target=1)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "articles_fts" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    write_batch(old, [article(), reject()])
    old.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # rows written before the FTS index existed are searchable, and the filter indexes exist
    assert list_articles(conn, q="crossing").total == 1
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_events_type", "idx_events_day", "idx_event_actors_name", "idx_quotes_kind"} <= indexes
    write_batch(conn, [full_extraction()])  # the upgraded database takes today's records
    assert get_extraction(conn, article().id) == full_extraction()


def _upgraded_bare_quote(tmp_path, version: int):
    """A store at `version` holding an article and one quote with only the columns every version has, upgraded."""
    old = connect(tmp_path / "old.db", target=version)
    ex = full_extraction()
    write_batch(old, [ex.article])
    old.execute(
        "INSERT INTO quotes (article_id, id, content_start, content_end, content_text, direct)"
        " VALUES (?, 'q1', ?, ?, ?, 1)",
        (ex.article.id, ex.quotes[0].content.start, ex.quotes[0].content.end, ex.quotes[0].content.text),
    )
    old.close()
    conn = connect(tmp_path / "old.db")
    (quote,) = get_extraction(conn, ex.article.id).quotes
    return conn, ex, quote


def test_migration_3_gives_old_quotes_a_kind(tmp_path):
    _, ex, quote = _upgraded_bare_quote(tmp_path, 2)
    assert quote.kind == "speech" and quote.content == ex.quotes[0].content and quote.speaker is None


def test_migration_7_leaves_old_quotes_without_a_confidence(tmp_path):
    conn, ex, quote = _upgraded_bare_quote(tmp_path, 6)
    assert quote.confidence is None  # found before learned steps gave one: unknown, not zero
    write_batch(conn, [ex])
    assert get_extraction(conn, ex.article.id).quotes[0].confidence == 0.74


def test_newer_or_broken_databases_are_refused(tmp_path):
    newer = tmp_path / "newer.db"
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}").connection.close()
    with pytest.raises(KhabarError) as err:
        connect(newer)
    assert err.value.kind.code == "K902" and "newer" in str(err.value)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just text" * 100)
    with pytest.raises(KhabarError, match="K902"):
        connect(junk)
    with pytest.raises(KhabarError, match="no such database"):
        connect(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


@pytest.fixture
def filled(db):
    write_batch(db, [other(full_extraction(), 1), other(full_extraction(), 2), reject()])
    return db


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), 4),
        (EventFilter(type="consult"), 2),
        (EventFilter(modality="historical"), 2),
        (EventFilter(country="JOR"), 4),
        (EventFilter(country="jo"), 4),  # alpha-2 is accepted
        (EventFilter(country="Syria"), 2),  # and an English name
        (EventFilter(country="SYR"), 2),  # a recipient's country counts
        (EventFilter(country="FRA"), 0),
        (EventFilter(actor="police"), 2),
        (EventFilter(actor="Safadi"), 2),
        (EventFilter(place="ramtha"), 2),  # the resolved place name "Ar Ramtha" or the location text
        (EventFilter(since="2025-06-01"), 2),
        (EventFilter(since="2025-06"), 2),
        (EventFilter(until="2025-06-01"), 2),  # week 22 of 2025 starts on May 26
        (EventFilter(until="2025-06"), 4),
        (EventFilter(since="2025-05-26", until="2025-05-26"), 2),
        (EventFilter(quad_class=4), 2),
        (EventFilter(min_confidence=0.7), 2),
        (EventFilter(article_id=f"{1:016x}"), 2),
        (EventFilter(q="Ramtha"), 4),
        (EventFilter(q="Kirkuk"), 0),
        (EventFilter(type="CONSULT", actor="Safadi", country="SYR"), 2),
    ],
)
def test_event_filters(filled, flt, expected):
    page = list_events(filled, flt)
    assert page.total == expected
    assert len(page.items) == expected
    for hit in page.items:
        if flt.type:
            assert hit.event.type == flt.type.upper()


def test_event_hits_carry_article_and_place(filled):
    hits = list_events(filled, EventFilter(type="COERCE")).items
    hit = hits[0]
    assert hit.url == "https://news.example.org/jordan-syria" and hit.published == "2025-06-03"
    assert hit.place is not None and hit.place.name == "Ar Ramtha"
    assert [r.name for r in hit.event.actors] == ["Jordanian police"]


def test_pagination_is_disjoint_and_complete(db):
    write_batch(db, [other(full_extraction(), i) for i in range(5)])
    seen = []
    for offset in (0, 3, 6, 9):
        page = list_events(db, EventFilter(limit=3, offset=offset))
        assert page.total == 10
        seen += [(h.article_id, h.event.id) for h in page.items]
    assert len(seen) == len(set(seen)) == 10
    assert len(list(queries.iter_events(db, EventFilter(limit=None)))) == 10


def test_quotes_rejects_summary_and_articles(filled):
    said = quotes_by_speaker(filled, "safadi")
    assert said.total == 2 and said.items[0].quote.content.text.startswith("We agreed")
    assert quotes_by_speaker(filled, "nobody").total == 0
    rejects = list_rejects(filled, code="K103")
    assert rejects.total == 1 and rejects.items[0].reject == reject()
    assert list_rejects(filled, code="binary_file").total == 1
    s = summary(filled)
    assert (s.articles, s.extracted, s.events, s.rejects) == (2, 2, 4, 1)
    assert s.events_by_type == {"COERCE": 2, "CONSULT": 2} and s.rejects_by_code == {"K103": 1}
    page = list_articles(filled, limit=1)
    assert page.total == 2 and len(page.items) == 1 and page.items[0].events == 2
    assert list_articles(filled, q="nonexistentword").total == 0
    for bad in ('"unbalanced', "AND AND"):
        with pytest.raises(KhabarError, match="K302"):
            list_articles(filled, q=bad)
        with pytest.raises(KhabarError, match="K302"):
            list_events(filled, EventFilter(q=bad))
    with pytest.raises(KhabarError, match="ambiguous"):
        get_article(filled, "0000")
    assert [a.id for a in queries.iter_articles(filled)] == [f"{1:016x}", f"{2:016x}"]


def test_real_pipeline_extractions_round_trip(db, nlp):
    """Whatever the stages produce today, the store gives back equal records."""
    from conftest import make_article

    from khabar.pipeline import extract

    texts = [
        "Turkish troops shelled positions of Kurdish fighters near Kobani on Friday, killing four, the monitor said."
        "\n\nAnkara said it would not stop the operation.",
        "The European Union agreed on Monday to send 50 million euros in aid to Sudan, officials in Brussels said.",
    ]
    outs = list(extract([make_article(t, "2025-02-14") for t in texts], nlp=nlp))
    write_batch(db, outs)
    for out in outs:
        assert get_extraction(db, out.article.id) == out


def test_search_survives_delete_and_vacuum(db):
    """The FTS index is keyed on an explicit rowid: VACUUM cannot renumber articles under it."""
    write_batch(db, [other(full_extraction(), i) for i in range(3)])
    db.execute("DELETE FROM articles WHERE id = ?", (f"{0:016x}",))
    assert counts(db)["events"] == 4  # the article's extraction rows went with it
    db.execute("VACUUM")
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    assert [a.id for a in list_articles(db, q="Ramtha").items] == [f"{1:016x}", f"{2:016x}"]


# ---------------------------------------------------------------- near-duplicates (schema v5)

STORY = (
    "Flood waters rose across the southern delta on Thursday after three days of heavy rain, forcing thousands"
    " of families to leave their villages, the regional governor said. Rescue teams in boats reached farms cut"
    " off by the river, and the army opened schools in the provincial capital as shelters. Officials warned that"
    " more rain was expected over the weekend and asked residents near the embankments to move to higher ground."
)
COPY = STORY.replace("the army", "soldiers") + " Aid groups sent food."
ANOTHER_COPY = STORY.replace("thousands", "tens of thousands")
UNRELATED = (
    "The national football team won its qualifying match on Saturday with two late goals, sending fans into the"
    " streets of the capital to celebrate until the early hours. The coach praised his young defenders and said"
    " the squad would rest before travelling to the next round, where it meets the champions of the region."
)


def stored_article(text: str, source: str):
    from khabar.ingest import from_text

    return from_text(text, published="2025-03-06", source=source)


def duplicate_links(conn) -> dict[str, str | None]:
    return {r["source"]: r["duplicate_of"] for r in conn.execute("SELECT source, duplicate_of FROM articles")}


def test_near_copies_link_to_the_first_stored_article(tmp_path):
    conn = connect(tmp_path / "k.db")
    items = [stored_article(t, s) for t, s in ((STORY, "wire"), (UNRELATED, "sport"), (COPY, "daily"))]
    first = write_batch(conn, items, dedupe=0.7)
    assert (first.new_articles, first.duplicates) == (3, 1)
    root = items[0].id
    assert duplicate_links(conn) == {"wire": None, "sport": None, "daily": root}
    conn.close()
    # a later run on a new connection: the LSH index persisted in the file
    conn = connect(tmp_path / "k.db")
    later = write_batch(conn, [stored_article(ANOTHER_COPY, "weekly"), stored_article(COPY, "daily")], dedupe=0.7)
    assert (later.new_articles, later.duplicates) == (1, 1)  # the daily's copy is stored already: no new link
    assert duplicate_links(conn)["weekly"] == root
    sim = conn.execute("SELECT duplicate_similarity FROM articles WHERE source = 'weekly'").fetchone()[0]
    assert 0.7 <= sim < 1.0
    assert [d.article_id for d in duplicates.duplicates_of(conn, root)] == sorted(
        [items[2].id, stored_article(ANOTHER_COPY, "weekly").id],
        key=lambda i: -conn.execute("SELECT duplicate_similarity FROM articles WHERE id = ?", (i,)).fetchone()[0],
    )
    assert summary(conn).duplicates == 2
    conn.close()


def test_duplicates_keep_their_events_and_filters_skip_them(db):
    one, two = full_extraction(), full_extraction(TEXT + "\n\nMore talks are planned for next week.")
    counts_ = write_batch(db, [one, two], dedupe=0.7)
    assert counts_.duplicates == 1 and counts_.events == 4
    assert list_events(db, EventFilter(limit=None)).total == 4
    kept = list_events(db, EventFilter(limit=None, skip_duplicates=True))
    assert kept.total == 2 and {h.article_id for h in kept.items} == {one.article.id}
    assert list_articles(db, skip_duplicates=True).total == 1
    assert [a.duplicate_of for a in list_articles(db).items if a.id == two.article.id] == [one.article.id]
    assert quotes_by_speaker(db, "safadi").total == 2
    assert quotes_by_speaker(db, "safadi", skip_duplicates=True).total == 1


def test_linking_off_by_default_and_short_texts_never_link(db):
    assert write_batch(db, [stored_article(STORY, "wire"), stored_article(COPY, "daily")]).duplicates == 0
    assert set(duplicate_links(db).values()) == {None}
    stub = "Talks resume today."
    assert write_batch(db, [stored_article(stub, "a"), stored_article(stub + " ", "b")], dedupe=0.7).duplicates == 0
    with pytest.raises(KhabarError, match="K9"):
        write_batch(db, [], dedupe=1.5)


def test_backfill_indexes_a_version_4_store(tmp_path):
    """Articles stored before schema v5 (or with linking off) are indexed oldest first, then new ones match."""
    old = connect(tmp_path / "old.db", target=4)
    write_batch(old, [stored_article(STORY, "wire"), stored_article(COPY, "daily"), stored_article(UNRELATED, "x")])
    old.close()
    conn = connect(tmp_path / "old.db")
    assert {"duplicate_of", "duplicate_similarity"} <= set(columns(conn, "articles"))
    assert duplicates.backfill(conn) == 1
    assert duplicate_links(conn)["daily"] == stored_article(STORY, "wire").id
    assert duplicates.backfill(conn) == 0  # everything indexed: nothing to redo
    assert write_batch(conn, [stored_article(ANOTHER_COPY, "weekly")], dedupe=0.7).duplicates == 1
    n_sigs = conn.execute("SELECT count(*) FROM article_minhash").fetchone()[0]
    assert n_sigs == 4 and conn.execute("SELECT count(*) FROM article_lsh").fetchone()[0] == 4 * 25


def test_migration_5_is_idempotent_and_deleting_an_original_unlinks_its_copies(tmp_path):
    path = tmp_path / "k.db"
    conn = connect(path, target=4)
    conn.execute("ALTER TABLE articles ADD COLUMN duplicate_of TEXT")  # as if half of v5 were there already
    conn.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "duplicate_similarity" in columns(conn, "articles")
    conn.close()
    conn = connect(tmp_path / "new.db")
    items = [stored_article(STORY, "wire"), stored_article(COPY, "daily")]
    write_batch(conn, items, dedupe=0.7)
    conn.execute("DELETE FROM articles WHERE id = ?", (items[0].id,))
    assert duplicate_links(conn) == {"daily": None}
    assert conn.execute("SELECT count(*) FROM article_minhash").fetchone()[0] == 1
    # the deleted article's band rows are stale but match nothing: a new copy links to the survivor
    assert write_batch(conn, [stored_article(ANOTHER_COPY, "weekly")], dedupe=0.7).duplicates == 1
    assert duplicate_links(conn)["weekly"] == items[1].id


def test_quotes_match_speaker_mentions_article_and_kind(db):
    ex = full_extraction()
    safadi = ex.actors[0]
    safadi.mentions.append(span(ex.article.text, "Jordan's foreign minister"))
    ex.quotes[0].speaker_name = None  # only the actor's mentions can find it now
    write_batch(db, [ex, other(full_extraction(), 7)])
    assert quotes_by_speaker(db, "JORDAN'S FOREIGN").total == 1
    assert quotes_by_speaker(db, "ayman").total == 2  # the actor's canonical name
    assert quotes_by_speaker(db, "safadi", article_id=ex.article.id[:6]).total == 1
    assert quotes_by_speaker(db, None, kind="stance").total == 0


def test_duplicate_lookup_never_scans_a_table(db):
    """At 50k articles a scan per new article would cost seconds; the candidate query must only search."""
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + duplicates.candidates_sql(25), [0] * 25 + [9])]
    assert plan and not [step for step in plan if step.startswith("SCAN")], plan


# ---------------------------------------------------------------- speaker search index (schema v6)

# the pre-v6 predicate, tested quote by quote: the index must give exactly its answers
_OLD_SPEAKER = (
    "SELECT q.article_id, q.id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE (q.speaker_name LIKE :p"
    " OR q.speaker_text LIKE :p OR EXISTS (SELECT 1 FROM actors ac WHERE ac.article_id = q.article_id"
    " AND ac.id = q.speaker_actor_id AND (ac.name LIKE :p OR EXISTS (SELECT 1 FROM json_each(ac.mentions) m"
    " WHERE json_extract(m.value, '$.text') LIKE :p))))"
    " ORDER BY a.published IS NULL, a.published DESC, a.rowid, q.rowid"
)
_NAMES = ["Lina Haddad", "Omar Tal", "the Élysée spokeswoman", "Kenji Mori", "100% Relief", "Haddad_Group"]
_MENTIONS = ["he", "she", "the minister", "the prime minister's office", 'the "hawk"', "Ms Haddad", "Mori", "TAL"]
_PATTERNS = ["haddad", "HADDAD", "minister", "he", "e", "Mori", "élysée", "Élysée", "100%", "_", "Haddad_G",
             "ms h", '"hawk', "prime minister's", "nobody at all", "  tal ", "l%d"]


def _speaker_article(rng, n: int, *, edited: bool = False):
    """An article with 4 quotes and 3 actors whose names and mentions come from small shared lists."""
    ex = full_extraction()
    ex.article = dataclasses.replace(ex.article, id=f"{n:016x}", published=None if n % 7 == 0 else f"2025-0{n % 9 + 1}-10")
    text = ex.article.text
    ex.actors = [
        dataclasses.replace(ex.actors[0], id=f"a{i}", name=rng.choice(_NAMES),
                            mentions=[dataclasses.replace(span(text, "Safadi"), text=m) for m in rng.sample(_MENTIONS, 2)])
        for i in range(1, 4)
    ]
    template = ex.quotes[0]
    ex.quotes = [
        dataclasses.replace(
            template, id=f"q{i}",
            speaker=None if rng.random() < 0.2 else dataclasses.replace(template.speaker, text=rng.choice(_MENTIONS)),
            speaker_actor_id=rng.choice(["a1", "a2", "a3", "a9", None]),  # a9: an id no actor has
            speaker_name=None if rng.random() < 0.3 else rng.choice(_NAMES) + (" Jr" if edited else ""),
        )
        for i in range(1, 5)
    ]
    ex.events = []
    return ex


def _same_as_scan(conn: sqlite3.Connection) -> None:
    for pattern in _PATTERNS:
        expected = [tuple(r) for r in conn.execute(_OLD_SPEAKER, {"p": f"%{pattern.strip()}%"})]
        page = quotes_by_speaker(conn, pattern, limit=1000)
        assert [(h.article_id, h.quote.id) for h in page.items] == expected, pattern
        assert page.total == len(expected), pattern
    assert any(quotes_by_speaker(conn, p).total for p in _PATTERNS)


@pytest.mark.parametrize("by_key_max", [20_000, 0])  # 0: every search takes the broad plan (walk the newest)
def test_speaker_search_index_gives_the_scan_answers(tmp_path, monkeypatch, by_key_max):
    import random

    monkeypatch.setattr(quotes, "_BY_KEY_MAX", by_key_max)

    rng = random.Random(5)
    conn = connect(tmp_path / "k.db")
    write_batch(conn, [_speaker_article(rng, n) for n in range(40)])
    _same_as_scan(conn)
    # re-extraction replaces an article's quotes: the index follows (links cascade, new ones are added)
    write_batch(conn, [_speaker_article(rng, n, edited=True) for n in range(0, 40, 3)])
    _same_as_scan(conn)
    assert quotes_by_speaker(conn, "Jr").total > 0
    conn.execute("DELETE FROM articles WHERE id = ?", (f"{1:016x}",))
    _same_as_scan(conn)
    exact = quotes_by_speaker(conn, "h")
    assert not exact.total_is_lower_bound and exact.total > 10
    # filters combine with the speaker test in either plan (the old predicate plus the filter, by hand)
    stance = conn.execute("UPDATE quotes SET kind = 'stance' WHERE id IN ('q1', 'q3')").rowcount
    assert 0 < quotes_by_speaker(conn, "h", kind="stance").total < stance
    one = quotes_by_speaker(conn, "h", article_id=f"{2:016x}")
    assert {h.article_id for h in one.items} == {f"{2:016x}"} and one.total <= 4
    # the quotes are read by key from the matching terms' links, never scanned one by one
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    quotes_by_speaker(conn, "haddad")
    conn.set_trace_callback(None)
    for sql in statements:
        plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql.replace("'%haddad%'", "?"), ["%haddad%"])]
        allowed = ("SCAN s", "SCAN a USING INDEX idx_articles_newest", "SCAN (subquery-")
        assert not [step for step in plan if step.startswith("SCAN") and not step.startswith(allowed)], plan


def test_broad_speaker_total_stops_at_the_cap(tmp_path, monkeypatch):
    import random

    monkeypatch.setattr(quotes, "_BY_KEY_MAX", 0)
    conn = connect(tmp_path / "k.db")
    write_batch(conn, [_speaker_article(random.Random(n), n) for n in range(30)])
    exact = quotes_by_speaker(conn, "e", limit=5)
    capped = quotes_by_speaker(conn, "e", limit=5, count_cap=10)
    assert exact.total > 11 and not exact.total_is_lower_bound
    assert capped.total == 11 and capped.total_is_lower_bound and capped.items == exact.items
    few = quotes_by_speaker(conn, "Kenji", count_cap=1000)
    assert not few.total_is_lower_bound and few.total == quotes_by_speaker(conn, "Kenji").total


def test_migration_6_indexes_the_quotes_a_v5_store_holds(tmp_path):
    import random

    rng = random.Random(11)
    conn = connect(tmp_path / "old.db", target=5)
    conn.executescript(schema._V7)  # the column today's writer fills; migration 7 skips it when present
    write_batch(conn, [_speaker_article(rng, n) for n in range(15)])
    assert "speaker_terms" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    conn = connect(tmp_path / "old.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    _same_as_scan(conn)
    links = conn.execute("SELECT count(*) FROM quote_speaker_terms").fetchone()[0]
    conn.executescript(f"BEGIN;\n{schema._V6}\nCOMMIT;")  # re-running the step adds nothing
    assert conn.execute("SELECT count(*) FROM quote_speaker_terms").fetchone()[0] == links > 0
    conn.close()
