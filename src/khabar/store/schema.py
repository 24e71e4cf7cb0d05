"""The SQLite schema, as numbered migrations, and opening a database.

One file, WAL journal (readers never block the writer: the web UI can browse while `khabar run` writes),
foreign keys on. The schema version lives in `PRAGMA user_version`; `connect()` applies every migration above
it, each in its own transaction, and refuses a database written by a newer khabar (K902 bad_database).
`upgrade_file()` does the same once for a reader that then opens the file read-only (`khabar serve`).

Column names follow records.py: a nested record is flattened with its field name as prefix
(`Event.trigger.start` -> `trigger_start`, `Event.location.lat` -> `location_lat`); lists and dicts that
nobody filters on (blocks, mentions, context, magnitude) are JSON text. `tests/test_store.py` checks that
every record field has its column, so a new field in records.py needs a migration here.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from khabar.errors import KhabarError

# `seq` is the rowid, made explicit so VACUUM keeps it: the external-content FTS index is keyed on it.
_ARTICLE_COLUMNS = """
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    title TEXT,
    blocks TEXT NOT NULL DEFAULT '[]',
    captions TEXT NOT NULL DEFAULT '[]',
    published TEXT,
    date_precision TEXT,
    date_source TEXT NOT NULL DEFAULT 'none',
    source TEXT,
    url TEXT,
    author TEXT,
    language TEXT,
    origin_path TEXT NOT NULL DEFAULT '-',
    origin_position INTEGER NOT NULL DEFAULT 1,
    origin_reader TEXT NOT NULL DEFAULT '',
    external_id TEXT,
    run_id INTEGER REFERENCES runs(id),
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    extracted_at TEXT,
    extract_run_id INTEGER REFERENCES runs(id)
"""

# Extraction rows are keyed by (article_id, record id): ids such as "v1" are unique within one article only.
_V1 = f"""
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    finished TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    articles INTEGER NOT NULL DEFAULT 0,
    new_articles INTEGER NOT NULL DEFAULT 0,
    extracted INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    rejects INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles ({_ARTICLE_COLUMNS});
CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    origin_path TEXT NOT NULL,
    origin_position INTEGER NOT NULL DEFAULT 1,
    origin_reader TEXT NOT NULL DEFAULT '',
    run_id INTEGER REFERENCES runs(id),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (origin_path, origin_position, code, message)
);
CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    label TEXT NOT NULL,
    actor_id TEXT,
    PRIMARY KEY (article_id, id)
);
CREATE TABLE actors (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    title TEXT,
    mentions TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, id)
);
CREATE TABLE dates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT,
    precision TEXT,
    resolved INTEGER NOT NULL DEFAULT 1,
    relative TEXT,
    anchor TEXT,
    PRIMARY KEY (article_id, id)
);
CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0,
    name TEXT, geonameid INTEGER, lat REAL, lon REAL,
    feature_class TEXT, feature_code TEXT, level TEXT,
    admin1_code TEXT, admin1_name TEXT, country_iso2 TEXT, country_iso3 TEXT,
    population INTEGER, reason TEXT,
    PRIMARY KEY (article_id, id)
);
CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content_text TEXT NOT NULL,
    direct INTEGER NOT NULL,
    speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT,
    speaker_actor_id TEXT,
    speaker_name TEXT,
    cue_start INTEGER, cue_end INTEGER, cue_text TEXT,
    addressee_start INTEGER, addressee_end INTEGER, addressee_text TEXT,
    medium TEXT,
    PRIMARY KEY (article_id, id)
);
CREATE TABLE events (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger_text TEXT NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, sentence_text TEXT NOT NULL,
    mode TEXT,
    context TEXT NOT NULL DEFAULT '[]',
    cameo TEXT,
    quad_class INTEGER,
    acled_type TEXT,
    acled_subtype TEXT,
    modality TEXT NOT NULL DEFAULT 'asserted',
    magnitude TEXT NOT NULL DEFAULT '{{}}',
    date_value TEXT, date_precision TEXT, date_source TEXT, date_date_id TEXT,
    location_place_id TEXT, location_text TEXT, location_reason TEXT,
    location_lat REAL, location_lon REAL, location_country_iso3 TEXT,
    speaker_actor_id TEXT,
    quote_id TEXT,
    confidence REAL NOT NULL DEFAULT 0.5,
    day TEXT,  -- first calendar day of date_value, else of the article's publication date: sorts and filters
    PRIMARY KEY (article_id, id)
);
CREATE TABLE event_actors (
    article_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    position INTEGER NOT NULL,
    actor_id TEXT,
    name TEXT NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    PRIMARY KEY (article_id, event_id, role, position),
    FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, id) ON DELETE CASCADE
);
"""

# v2: what the web UI and `khabar export` filter on, and free-text search over articles. External-content
# FTS5 keeps one copy of the text; triggers keep it in step, and 'rebuild' indexes rows a v1 database holds.
_V2 = """
CREATE INDEX idx_articles_published ON articles(published);
CREATE INDEX idx_articles_source ON articles(source);
CREATE INDEX idx_rejects_code ON rejects(code);
CREATE INDEX idx_rejects_run ON rejects(run_id);
CREATE INDEX idx_events_type ON events(type);
CREATE INDEX idx_events_day ON events(day);
CREATE INDEX idx_events_modality ON events(modality);
CREATE INDEX idx_events_country ON events(location_country_iso3);
CREATE INDEX idx_events_place ON events(location_text COLLATE NOCASE);
CREATE INDEX idx_event_actors_name ON event_actors(name COLLATE NOCASE);
CREATE INDEX idx_event_actors_country ON event_actors(country);
CREATE INDEX idx_actors_name ON actors(name COLLATE NOCASE);
CREATE INDEX idx_quotes_speaker ON quotes(speaker_name COLLATE NOCASE);
CREATE INDEX idx_places_name ON places(name COLLATE NOCASE);
CREATE INDEX idx_places_country ON places(country_iso3);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
"""


# v3: records.Quote gained `kind` ("speech" or "stance").
_V3 = """
ALTER TABLE quotes ADD COLUMN kind TEXT NOT NULL DEFAULT 'speech';
CREATE INDEX idx_quotes_kind ON quotes(kind);
"""


# v4: indexes the web UI's heaviest queries need at 1M events (timeline by day and quad class; actor names).
_V4 = """
CREATE INDEX IF NOT EXISTS idx_events_day_quad ON events(day, quad_class);
CREATE INDEX IF NOT EXISTS idx_event_actors_name_event ON event_actors(name COLLATE NOCASE, article_id, event_id);
"""


# v5: near-duplicate links and the persistent MinHash LSH index (khabar.store.duplicates). A duplicate keeps its
# own events; `duplicate_of` names the first-stored article of its story, so filters can leave copies out.
# Band rows carry no foreign key (a cascade would need a second index on them): a lookup joins the signatures,
# which do cascade, so the bands of a deleted article match nothing.
_V5 = """
ALTER TABLE articles ADD COLUMN duplicate_of TEXT REFERENCES articles(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN duplicate_similarity REAL;
CREATE INDEX IF NOT EXISTS idx_articles_duplicate_of ON articles(duplicate_of);
CREATE TABLE IF NOT EXISTS article_minhash (
    seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS article_lsh (
    key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (key, seq)
) WITHOUT ROWID;
"""


# v7: quotes.confidence, the probability a learned step gave a quote (NULL: found by the rules)
_V7 = """
ALTER TABLE quotes ADD COLUMN confidence REAL;
"""


# v6: a speaker search index. `khabar quotes --speaker` and /api/quotes match a substring of the speaker's name,
# span, actor name or any actor mention; testing that per quote (JSON mentions included) costs seconds at 300k
# quotes. The distinct strings (far fewer than quotes: names repeat across articles) go to `speaker_terms`,
# linked to their quotes, so a search scans the small table and reads its quotes through an index. An insert
# trigger keeps it in step with any writer (the quote's actor row is written before it: writer.EXTRACTION_TABLES);
# the links cascade with their quote. Terms no quote uses any more stay behind: they match nothing. The articles'
# listing order as an index lets a broad search or a plain listing stop after one page of the newest articles.
_SPEAKER_TERMS = """SELECT {q}.article_id AS article_id, {q}.id AS quote_id, {q}.speaker_name AS t
    UNION SELECT {q}.article_id, {q}.id, {q}.speaker_text
    UNION SELECT {q}.article_id, {q}.id, ac.name FROM actors ac
        WHERE ac.article_id = {q}.article_id AND ac.id = {q}.speaker_actor_id
    UNION SELECT {q}.article_id, {q}.id, json_extract(m.value, '$.text') FROM actors ac, json_each(ac.mentions) m
        WHERE ac.article_id = {q}.article_id AND ac.id = {q}.speaker_actor_id"""
_BACKFILL_TERMS = """SELECT q.article_id, q.id AS quote_id, q.speaker_name AS t FROM quotes q
    UNION ALL SELECT q.article_id, q.id, q.speaker_text FROM quotes q
    UNION ALL SELECT q.article_id, q.id, ac.name FROM quotes q
        JOIN actors ac ON ac.article_id = q.article_id AND ac.id = q.speaker_actor_id
    UNION ALL SELECT q.article_id, q.id, json_extract(m.value, '$.text') FROM quotes q
        JOIN actors ac ON ac.article_id = q.article_id AND ac.id = q.speaker_actor_id, json_each(ac.mentions) m"""
_V6 = f"""
CREATE TABLE IF NOT EXISTS speaker_terms (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS quote_speaker_terms (
    article_id TEXT NOT NULL,
    quote_id TEXT NOT NULL,
    term_id INTEGER NOT NULL,
    PRIMARY KEY (article_id, quote_id, term_id),
    FOREIGN KEY (article_id, quote_id) REFERENCES quotes(article_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_quote_speaker_terms_term ON quote_speaker_terms(term_id);
CREATE INDEX IF NOT EXISTS idx_articles_newest ON articles(published IS NULL, published DESC, seq);
CREATE TRIGGER IF NOT EXISTS quotes_speaker_terms AFTER INSERT ON quotes BEGIN
    INSERT OR IGNORE INTO speaker_terms (text)
        SELECT t FROM ({_SPEAKER_TERMS.format(q="new")}) WHERE t IS NOT NULL;
    INSERT OR IGNORE INTO quote_speaker_terms (article_id, quote_id, term_id)
        SELECT new.article_id, new.id, s.id FROM speaker_terms s
        WHERE s.text IN (SELECT t FROM ({_SPEAKER_TERMS.format(q="new")}));
END;
INSERT OR IGNORE INTO speaker_terms (text) SELECT DISTINCT t FROM ({_BACKFILL_TERMS}) WHERE t IS NOT NULL;
INSERT OR IGNORE INTO quote_speaker_terms (article_id, quote_id, term_id)
    SELECT p.article_id, p.quote_id, s.id FROM ({_BACKFILL_TERMS}) p JOIN speaker_terms s ON s.text = p.t;
"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    summary: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables for every record in records.py", _V1),
    Migration(2, "filter indexes and FTS5 over article title and text", _V2),
    Migration(3, "quotes.kind", _V3),
    Migration(4, "indexes for the web timeline and actor filters", _V4),
    Migration(5, "near-duplicate links and the MinHash LSH index", _V5),
    Migration(6, "speaker search terms for quotes", _V6),
    Migration(7, "quotes.confidence", _V7),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


_ADD_COLUMN = re.compile(r"ALTER TABLE (\w+) ADD COLUMN (\w+)[^;]*;\n?")


def _idempotent(conn: sqlite3.Connection, sql: str) -> str:
    """The migration without the ADD COLUMNs a table already has (SQLite has no ADD COLUMN IF NOT EXISTS), so
    a step re-run on a database that got part of it some other way still applies."""

    def keep(m: re.Match) -> str:
        return "" if m.group(2) in columns(conn, m.group(1)) else m.group(0)

    return _ADD_COLUMN.sub(keep, sql)


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations above the database's version up to `target`; returns the new version."""
    current = user_version(conn)
    if current > SCHEMA_VERSION:
        raise KhabarError(
            "bad_database",
            f"schema version {current} is newer than this khabar's {SCHEMA_VERSION}: upgrade khabar",
        )
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            # executescript commits first; BEGIN inside the script makes the step all-or-nothing
            conn.executescript(
                f"BEGIN;\n{_idempotent(conn, migration.sql)}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
            )
            current = migration.version
    return current


def connect(path: str | Path, create: bool = True, target: int = SCHEMA_VERSION) -> sqlite3.Connection:
    """Open (and create or upgrade) a khabar database. Bad files and newer schemas raise K902."""
    path = str(path)
    if not create and path != ":memory:" and not Path(path).is_file():
        raise KhabarError("bad_database", f"{path}: no such database (run `khabar ingest` or `khabar run` first)")
    try:
        # isolation_level=None: khabar issues BEGIN/COMMIT itself, so a batch is exactly one transaction
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise KhabarError("bad_database", f"{path}: {exc}") from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        if path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, target)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise KhabarError("bad_database", f"{path}: {exc}") from exc
    except KhabarError:
        conn.close()
        raise
    return conn


def file_version(path: str | Path) -> int:
    """The schema version of the store at `path`, read without writing anything (K902 when it is no database)."""
    path = Path(path)
    if not path.is_file():
        raise KhabarError("bad_database", f"{path}: no such database (run `khabar ingest` or `khabar run` first)")
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)) as conn:
            return user_version(conn)
    except sqlite3.Error as exc:
        raise KhabarError("bad_database", f"{path}: {exc}") from exc


_REFUSED = re.compile(r"readonly|read-only|unable to open", re.IGNORECASE)  # SQLite's words for "cannot write"


def upgrade_file(path: str | Path) -> tuple[int, int]:
    """Bring an older store up to SCHEMA_VERSION before a reader opens it read-only (`khabar serve`): opened
    read-write once, only when it needs a migration. Returns (version before, version after). K902 when the
    file is missing or newer, or older and not writable (a read-only reader could not use it)."""
    before = file_version(path)
    if before >= SCHEMA_VERSION:  # current, or newer: the reader's own check says so
        return before, before
    not_writable = KhabarError(
        "bad_database",
        f"{path}: schema version {before} is older than this khabar's {SCHEMA_VERSION} and the file is not"
        " writable here, so it cannot be upgraded: make it writable for one start, or open it once with"
        f" `khabar articles --db {path}` as a user who can write it",
    )
    if not os.access(path, os.W_OK):
        raise not_writable
    try:
        connect(path, create=False).close()
    except KhabarError as exc:  # write access can still be refused by SQLite (read-only mount, locked folder)
        if isinstance(exc.__cause__, sqlite3.OperationalError) and _REFUSED.search(str(exc.__cause__)):
            raise not_writable from exc
        raise
    return before, file_version(path)


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
