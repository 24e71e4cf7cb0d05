"""Near-duplicate links in the store: each article stored is checked against every article stored before it.

An article whose MinHash Jaccard estimate with an earlier one reaches the threshold gets `duplicate_of` = that
article's original (the first-stored article of the story, so copies of copies point at one root) and
`duplicate_similarity`. Both articles keep their events; filters (`skip_duplicates`) leave the copies out.

The index persists in two tables (schema v5): `article_minhash` (one signature blob per article) and
`article_lsh` (its LSH band keys). A lookup is one indexed query on the new article's 25 keys plus a Jaccard
estimate per candidate, so its cost does not grow with the store. Linking runs inside the writer's transaction:
an article and its link are stored together or not at all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from khabar.errors import KhabarError

DEFAULT_THRESHOLD = 0.7  # estimated Jaccard of word 3-shingles: the same text with light edits


@dataclass(slots=True)
class DuplicateLink:
    article_id: str
    duplicate_of: str
    similarity: float


def check_threshold(threshold: float) -> float:
    if not isinstance(threshold, int | float) or not 0.0 < threshold <= 1.0:
        raise KhabarError("bad_option", f"duplicate threshold must be in (0, 1], not {threshold!r}")
    return float(threshold)


def candidates_sql(n_keys: int) -> str:
    """Earlier articles sharing an LSH band key (only earlier: an old article is never the copy of a newer one).
    Every step is an index search, so its cost does not grow with the store (tests/test_store.py checks)."""
    return f"""SELECT a.seq, a.id, a.duplicate_of, m.signature FROM articles a JOIN article_minhash m ON m.seq = a.seq
        WHERE a.seq IN (SELECT DISTINCT seq FROM article_lsh WHERE key IN ({",".join("?" * n_keys)})) AND a.seq < ?"""


def link(
    conn: sqlite3.Connection, seq: int, article_id: str, text: str, threshold: float = DEFAULT_THRESHOLD
) -> DuplicateLink | None:
    """Index one stored article (rowid `seq`) and link it to the best earlier match; the caller's transaction."""
    from khabar.dedupe import MIN_SHINGLES, band_keys, estimate, pack, shingles, signature_of, unpack

    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None  # too short to index: a stub never is, nor has, a duplicate
    sig = signature_of(grams)
    values = unpack(pack(sig))
    keys = band_keys(values)
    rows = conn.execute(candidates_sql(len(keys)), [*keys, seq]).fetchall()
    best: tuple[float, int, str] | None = None
    for row in rows:
        score = estimate(values, unpack(row["signature"]))
        if score >= threshold and (best is None or (score, -row["seq"]) > (best[0], -best[1])):
            best = (score, row["seq"], row["duplicate_of"] or row["id"])
    conn.execute("INSERT OR REPLACE INTO article_minhash (seq, signature) VALUES (?, ?)", (seq, pack(sig)))
    conn.executemany("INSERT OR IGNORE INTO article_lsh (key, seq) VALUES (?, ?)", [(k, seq) for k in keys])
    if best is None:
        return None
    score, _, original = best
    conn.execute(
        "UPDATE articles SET duplicate_of = ?, duplicate_similarity = ? WHERE seq = ?", (original, round(score, 4), seq)
    )
    return DuplicateLink(article_id, original, round(score, 4))


def backfill(conn: sqlite3.Connection, threshold: float = DEFAULT_THRESHOLD, batch: int = 200) -> int:
    """Index the stored articles that have no signature yet (a database from before v5, or articles written
    with linking off), oldest first, so later runs compare against them; returns the links made."""
    check_threshold(threshold)
    made, last = 0, 0
    while rows := conn.execute(
        """SELECT a.seq, a.id, a.text FROM articles a WHERE a.seq > ?
           AND NOT EXISTS (SELECT 1 FROM article_minhash m WHERE m.seq = a.seq) ORDER BY a.seq LIMIT ?""",
        (last, batch),
    ).fetchall():
        conn.execute("BEGIN IMMEDIATE")
        try:
            for row in rows:
                made += link(conn, row["seq"], row["id"], row["text"], threshold) is not None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        last = rows[-1]["seq"]
    return made


def duplicates_of(conn: sqlite3.Connection, article_id: str) -> list[DuplicateLink]:
    """The stored copies of an article (those whose `duplicate_of` is it), most similar first."""
    rows = conn.execute(
        "SELECT id, duplicate_of, duplicate_similarity FROM articles WHERE duplicate_of = ?"
        " ORDER BY duplicate_similarity DESC, seq",
        (article_id,),
    ).fetchall()
    return [DuplicateLink(r["id"], r["duplicate_of"], r["duplicate_similarity"]) for r in rows]


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
