"""The web API through an ASGI client over a real SQLite store: filters, pagination, article and actor pages,
exports parsed back, the canonical error body, hostile article text, read-only serving.

The store is written by the store's own writer from hand-built records (text written for these tests), so the
expected answers are known exactly; one slow test also serves a store built by the pipeline from sample/.
`build_web_db` is shared with tests/test_web_browser.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from khabar.errors import KhabarError
from khabar.records import (
    Actor, ActorRef, Article, Block, DateMention, Entity, Event, EventDate, EventLocation, Extraction, Origin,
    Place, Quote, Span,
)
from khabar.store import EventFilter, connect, write_all
from khabar.store import queries as store_queries
from khabar.web.app import CSP, STATIC, create_app
from khabar.web.queries import open_db

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------- hand-built store

XSS_TITLE = 'Students <img src=x onerror="document.body.dataset.pwned=1"> rally'
XSS_TEXT = (
    f"{XSS_TITLE}\n\n"
    'Students <script>document.body.dataset.pwned="script"; alert(1)</script> protested in Cairo on Sunday. '
    '<img src=x onerror="alert(2)"> Organisers posted <a href="javascript:alert(3)">a link</a> and said '
    '"<b onmouseover=alert(4)>we will return</b>," according to a statement.'
)


def _span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


def _ref(text: str, needle: str, actor_id: str, country: str | None, sector: str | None = None) -> ActorRef:
    s = _span(text, needle)
    return ActorRef(actor_id, needle, s.start, s.end, s.text, country, sector)


def _article(text: str, published: str, source: str, url: str, path: str) -> Article:
    title_end = text.index("\n\n")
    blocks = [Block("title", 0, title_end), Block("paragraph", title_end + 2, len(text))]
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16], text=text, title=text[:title_end], blocks=blocks,
        published=published, date_precision="day", date_source="metadata", source=source, url=url,
        language="en", origin=Origin(path=path, position=1, reader="text"),
    )


CODES = {  # PLOVER type -> CAMEO root, ACLED (type, subtype) where ACLED codes it
    "ASSAULT": ("19", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    "CONSULT": ("04", None),
    "THREATEN": ("13", None),
    "PROTEST": ("14", ("Protests", "Peaceful protest")),
}


def _event(text: str, vid: str, etype: str, trigger: str, actors: list[ActorRef], recipients: list[ActorRef], *,
           quad: int, day: str | None, place: tuple | None, modality: str = "asserted", confidence: float = 0.8) -> Event:
    trig = _span(text, trigger)
    s_start = max(text.rfind(". ", 0, trig.start), text.rfind("\n\n", 0, trig.start)) + 2
    s_end = text.find(". ", trig.end)
    s_end = len(text) if s_end < 0 else s_end + 1
    location = None
    if place:
        pid, name, lat, lon, iso3 = place
        location = EventLocation(pid, name, "locative_phrase", lat, lon, iso3)
    cameo, acled = CODES[etype]
    return Event(
        id=vid, type=etype, cameo=cameo, acled_type=acled[0] if acled else None,
        acled_subtype=acled[1] if acled else None, trigger=trig, sentence=Span(s_start, s_end, text[s_start:s_end]), actors=actors,
        recipients=recipients, quad_class=quad, modality=modality, confidence=confidence,
        date=EventDate(day, "day", "text") if day else None, location=location,
        magnitude={"killed": 2} if etype == "ASSAULT" else {},
    )


def _place(text: str, pid: str, name: str, lat: float, lon: float, iso3: str, iso2: str) -> Place:
    s = _span(text, name)
    return Place(pid, s.start, s.end, s.text, True, name, 1, lat, lon, "P", "PPLA", "city", None, None, iso2, iso3, 1000, "test")


def kirkuk() -> Extraction:
    text = (
        "Army shells militant hideouts near Kirkuk\n\n"
        "The Iraqi army shelled militants hiding in orchards near Kirkuk on Monday, killing two, officials said. "
        "Later the Iraqi prime minister met Kurdish leaders in Erbil to discuss security. "
        '"We will not allow the cells to return," the prime minister said.'
    )
    art = _article(text, "2025-06-03", "Test Tribune", "https://tribune.example.org/kirkuk", "tests/kirkuk.txt")
    army, pm, kurds = (_ref(text, "Iraqi army", "a1", "IRQ", "MIL"), _ref(text, "Iraqi prime minister", "a2", "IRQ", "GOV"),
                       _ref(text, "Kurdish leaders", "a3", "IRQ", "GOV"))
    militants = _ref(text, "militants", "a4", None, "REB")
    k_place = _place(text, "p1", "Kirkuk", 35.4681, 44.3922, "IRQ", "IQ")
    e_place = _place(text, "p2", "Erbil", 36.19, 44.01, "IRQ", "IQ")
    quote_content = _span(text, "We will not allow the cells to return,")
    return Extraction(
        article=art,
        entities=[Entity("e1", army.start, army.end, army.text, "ORG", "a1"), Entity("e2", k_place.start, k_place.end, "Kirkuk", "GPE")],
        actors=[Actor("a1", "Iraqi army", "org", "IRQ", "MIL", None, [_span(text, "Iraqi army")]),
                Actor("a2", "Iraqi prime minister", "person", "IRQ", "GOV", "prime minister", [_span(text, "Iraqi prime minister")])],
        dates=[DateMention("t1", *_astuple(_span(text, "Monday")), "DATE", "2025-06-02", "day", True, None, "2025-06-03")],
        places=[k_place, e_place],
        quotes=[Quote("q1", quote_content, True, _span(text, "the prime minister", quote_content.end), "a2", "Iraqi prime minister",
                      _span(text, "said", quote_content.end))],
        events=[
            _event(text, "v1", "ASSAULT", "shelled", [army], [militants], quad=4, day="2025-06-02",
                   place=("p1", "Kirkuk", 35.4681, 44.3922, "IRQ")),
            _event(text, "v2", "CONSULT", "met", [pm], [kurds], quad=1, day="2025-06-03",
                   place=("p2", "Erbil", 36.19, 44.01, "IRQ")),
        ],
    )


def _astuple(s: Span) -> tuple[int, int, str]:
    return s.start, s.end, s.text


def beirut() -> Extraction:
    text = (
        "Iranian envoy holds talks in Beirut\n\n"
        "Iran's foreign minister met the Lebanese president in Beirut on Tuesday. "
        "He warned that Israel could face a response if strikes continued, an aide said."
    )
    art = _article(text, "2025-06-10", "Levant Post", "https://levant.example.org/beirut", "tests/beirut.txt")
    fm, pres, israel = (_ref(text, "Iran's foreign minister", "a1", "IRN", "GOV"),
                        _ref(text, "Lebanese president", "a2", "LBN", "GOV"), _ref(text, "Israel", "a3", "ISR", None))
    return Extraction(
        article=art,
        actors=[Actor("a1", "Iran's foreign minister", "person", "IRN", "GOV", "foreign minister", [_span(text, "Iran's foreign minister")])],
        places=[_place(text, "p1", "Beirut", 33.8938, 35.5018, "LBN", "LB")],
        events=[
            _event(text, "v1", "CONSULT", "met", [fm], [pres], quad=1, day="2025-06-10",
                   place=("p1", "Beirut", 33.8938, 35.5018, "LBN")),
            _event(text, "v2", "THREATEN", "warned", [fm], [israel], quad=3, day=None, place=None,
                   modality="hypothetical", confidence=0.4),
        ],
    )


def hostile() -> Extraction:
    """An article whose text, title, url and actor names carry HTML and script: it must only ever show as text."""
    art = _article(XSS_TEXT, "2025-05-18", "<i>Wire</i>", "javascript:alert(document.cookie)", "tests/xss.html")
    students = ActorRef("a1", '<b onmouseover=alert(4)>Students</b>', 0, 8, "Students", "EGY", "CVL")
    return Extraction(
        article=art,
        entities=[Entity("e1", *_astuple(_span(XSS_TEXT, "<script>")), "ORG")],
        places=[_place(XSS_TEXT, "p1", "Cairo", 30.0444, 31.2357, "EGY", "EG")],
        events=[_event(XSS_TEXT, "v1", "PROTEST", "protested", [students], [], quad=3, day="2025-05-18",
                       place=("p1", "Cairo", 30.0444, 31.2357, "EGY"))],
    )


def build_web_db(path: Path) -> dict[str, str]:
    """Write the three articles above to a new store at `path`; returns their ids by name."""
    items = {"kirkuk": kirkuk(), "beirut": beirut(), "hostile": hostile()}
    conn = connect(path)
    write_all(conn, list(items.values()))
    conn.close()
    return {name: ex.article.id for name, ex in items.items()}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    return path, build_web_db(path)


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(str(store[0])))


def ids(body: dict) -> set[tuple[str, str]]:
    return {(h["article_id"], h["event"]["id"]) for h in body["items"]}


# ---------------------------------------------------------------- events and filters


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"kirkuk:v1", "kirkuk:v2", "beirut:v1", "beirut:v2", "hostile:v1"}),
        ({"type": "ASSAULT"}, {"kirkuk:v1"}),
        ({"type": "consult"}, {"kirkuk:v2", "beirut:v1"}),
        ({"modality": "hypothetical"}, {"beirut:v2"}),
        ({"country": "IRQ"}, {"kirkuk:v1", "kirkuk:v2"}),
        ({"country": "lb"}, {"beirut:v1"}),  # alpha-2 works
        ({"country": "ISR"}, {"beirut:v2"}),  # a participant's country counts: v2 has no place
        ({"actor": "prime minister"}, {"kirkuk:v2"}),
        ({"actor": "iran"}, {"beirut:v1", "beirut:v2"}),
        ({"place": "beirut"}, {"beirut:v1"}),
        ({"since": "2025-06-03"}, {"kirkuk:v2", "beirut:v1", "beirut:v2"}),  # undated: publication day 06-10
        ({"until": "2025-06-02"}, {"kirkuk:v1", "hostile:v1"}),
        ({"since": "2025-06", "until": "2025-06"}, {"kirkuk:v1", "kirkuk:v2", "beirut:v1", "beirut:v2"}),
        ({"quad_class": "1"}, {"kirkuk:v2", "beirut:v1"}),
        ({"min_confidence": "0.5"}, {"kirkuk:v1", "kirkuk:v2", "beirut:v1", "hostile:v1"}),
        ({"q": "orchards"}, {"kirkuk:v1", "kirkuk:v2"}),
        ({"q": "Lebanese", "type": "THREATEN"}, {"beirut:v2"}),
        ({"article": "beirut"}, {"beirut:v1", "beirut:v2"}),
        ({"type": "ASSAULT", "country": "LBN"}, set()),
    ],
)
def test_event_filters(client, store, params, expected):
    names = {v: k for k, v in store[1].items()}
    if "article" in params:
        params = {**params, "article": store[1][params["article"]]}
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert {f"{names[a]}:{v}" for a, v in ids(body)} == expected
    assert body["total"] == len(expected)
    # the web's index-friendly rewrite returns exactly what the store's own query (and `khabar export`) does
    flt = {"article_id" if k == "article" else k: (int(v) if k == "quad_class" else float(v) if k == "min_confidence" else v)
           for k, v in params.items()}
    conn = open_db(store[0])
    page = store_queries.list_events(conn, EventFilter(**flt, limit=None))
    conn.close()
    assert {(h.article_id, h.event.id) for h in page.items} == ids(body)


@pytest.mark.parametrize("flt", [{"actor": "iran"}, {"actor": "ARMY"}, {"place": "beirut"}, {"place": "r"}, {"actor": "nobody"}])
def test_broad_and_selective_plans_agree(store, monkeypatch, flt):
    """A selective actor/place filter goes through the name indexes, a broad one tests each event: same rows."""
    from khabar.web import queries as webq

    conn = open_db(store[0])
    selective = webq.list_events(conn, EventFilter(**flt, limit=None))
    monkeypatch.setattr(webq, "_MAX_ROWS", 0)
    broad = webq.list_events(conn, EventFilter(**flt, limit=None))
    conn.close()
    key = lambda page: [(h.article_id, h.event.id) for h in page.items]  # noqa: E731
    assert key(selective) == key(broad) and selective.total == broad.total


def test_event_rows_point_into_their_article(client):
    body = client.get("/api/events").json()
    days = [(h["event"]["date"] or {}).get("value") or h["published"] for h in body["items"]]
    assert days == sorted(days, reverse=True) and days[0] == "2025-06-10"  # newest first (undated: publication day)
    for hit in body["items"]:
        text = client.get(f"/api/articles/{hit['article_id']}").json()["article"]["text"]
        trig = hit["event"]["trigger"]
        assert text[trig["start"]:trig["end"]] == trig["text"]


def test_pagination_covers_every_event_once(client):
    seen, totals = [], set()
    for offset in range(0, 6, 2):
        body = client.get("/api/events", params={"limit": 2, "offset": offset}).json()
        assert body["limit"] == 2 and body["offset"] == offset
        totals.add(body["total"])
        seen += sorted(ids(body))
    assert totals == {5}
    assert len(seen) == len(set(seen)) == 5
    assert client.get("/api/events", params={"limit": 2, "offset": 10}).json()["items"] == []


def test_map_and_timeline_agree_with_the_table(client):
    pts = client.get("/api/map").json()
    assert pts["located"] == 4 and len(pts["points"]) == 4  # the undated THREATEN has no place
    lat_lon = {(p[4], round(p[2], 2), round(p[3], 2)) for p in pts["points"]}
    assert ("ASSAULT", 35.47, 44.39) in lat_lon and ("CONSULT", 33.89, 35.5) in lat_lon
    assert client.get("/api/map", params={"type": "PROTEST"}).json()["located"] == 1
    tl = client.get("/api/timeline", params={"bucket": "day"}).json()
    assert tl["periods"] == ["2025-05-18", "2025-06-02", "2025-06-03", "2025-06-10"]
    assert tl["series"]["4"] == [0, 1, 0, 0] and tl["series"]["1"] == [0, 0, 1, 1] and tl["series"]["3"] == [1, 0, 0, 1]
    week = client.get("/api/timeline", params={"bucket": "week", "country": "IRQ"}).json()
    assert week["periods"] == ["2025-06-02"] and week["series"]["4"] == [1] and week["series"]["1"] == [1]
    assert client.get("/api/timeline", params={"bucket": "month"}).json()["periods"] == ["2025-05", "2025-06"]


def test_timeline_same_with_and_without_a_day_quad_index(store, tmp_path):
    import shutil

    from khabar.web.queries import timeline

    copy = tmp_path / "indexed.db"
    shutil.copy(store[0], copy)
    rw = sqlite3.connect(copy)
    rw.execute("CREATE INDEX idx_test_day_quad ON events(day, quad_class)")
    rw.commit()
    rw.close()
    plain, indexed = open_db(store[0]), open_db(copy)
    for bucket in ("day", "week", "month", "year"):
        for flt in (EventFilter(), EventFilter(country="IRQ"), EventFilter(modality="hypothetical")):
            assert timeline(plain, flt, bucket) == timeline(indexed, flt, bucket), (bucket, flt)
    plain.close()
    indexed.close()


def test_cached_answers_follow_new_writes(tmp_path):
    path = tmp_path / "live.db"
    conn = connect(path)
    write_all(conn, [kirkuk()])
    api = TestClient(create_app(str(path)))
    assert api.get("/api/summary").json()["events"] == 2
    assert api.get("/api/events").json()["total"] == 2
    write_all(conn, [beirut()])  # `khabar run` writing while the UI is open
    assert api.get("/api/summary").json()["events"] == 4
    assert api.get("/api/events").json()["total"] == 4
    assert api.get("/api/timeline", params={"bucket": "month"}).json()["series"]["1"] == [2]
    conn.close()


def test_summary_offers_the_filter_choices(client):
    s = client.get("/api/summary").json()
    assert s["events"] == 5 and s["articles"] == 3 and s["read_only"] is True
    assert ["CONSULT", 2] in s["types"] and ["hypothetical", 1] in s["modalities"]
    assert set(s["export_formats"]) >= {"plover-json", "acled-csv", "gdelt-tsv", "geojson", "parquet"}


# ---------------------------------------------------------------- articles and actors


def test_article_detail_has_text_and_every_record(client, store):
    kid = store[1]["kirkuk"]
    body = client.get(f"/api/articles/{kid[:8]}").json()  # a unique prefix works, as in `khabar articles`
    art = body["article"]
    assert art["id"] == kid and art["title"].startswith("Army shells")
    assert [e["id"] for e in body["events"]] == ["v1", "v2"]
    assert body["events"][0]["actors"][0]["name"] == "Iraqi army"
    q = body["quotes"][0]
    assert art["text"][q["content"]["start"]:q["content"]["end"]] == q["content"]["text"]
    for place in body["places"]:
        assert art["text"][place["start"]:place["end"]] == place["text"]
    listing = client.get("/api/articles", params={"q": "Beirut"}).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == store[1]["beirut"]
    assert client.get("/api/articles", params={"limit": 1}).json()["total"] == 3


def test_actor_profile_and_list(client):
    prof = client.get("/api/actors/iraqi army").json()  # names match case-insensitively
    assert prof["name"] == "Iraqi army" and prof["events"] == 1
    assert prof["by_type"] == {"actor": {"ASSAULT": 1}}
    assert prof["targets"] == [["militants", 1]] and prof["sources"] == []
    assert prof["countries"] == {"IRQ": 1} and prof["sectors"] == {"MIL": 1}
    fm = client.get("/api/actors/Iran's foreign minister").json()
    assert fm["by_type"]["actor"] == {"CONSULT": 1, "THREATEN": 1}
    assert sorted(fm["targets"]) == [["Israel", 1], ["Lebanese president", 1]]
    assert [m for m in fm["by_month"] if m[1] == "actor"] == [["2025-06", "actor", 2]]
    israel = client.get("/api/actors/Israel").json()
    assert israel["by_type"] == {"recipient": {"THREATEN": 1}} and israel["sources"] == [["Iran's foreign minister", 1]]
    top = client.get("/api/actors", params={"limit": 1}).json()
    assert top["items"][0] == {"name": "Iran's foreign minister", "events": 2, "as_actor": 2, "as_recipient": 0, "country": "IRN"}
    assert top["total"] == 8
    assert [a["name"] for a in client.get("/api/actors", params={"q": "iraq"}).json()["items"]] == [
        "Iraqi army", "Iraqi prime minister"]
    assert client.get("/api/actors", params={"q": "%"}).json()["total"] == 0  # LIKE wildcards are literal


def test_network_edges(client):
    net = client.get("/api/network").json()
    edges = {(net["nodes"][e["source"]]["name"], net["nodes"][e["target"]]["name"], e["n"]) for e in net["edges"]}
    assert ("Iraqi army", "militants", 1) in edges and ("Iran's foreign minister", "Israel", 1) in edges
    assert len(edges) == 4  # the protest has no recipient
    only = client.get("/api/network", params={"type": "THREATEN"}).json()
    assert [(only["nodes"][e["source"]]["name"], only["nodes"][e["target"]]["name"]) for e in only["edges"]] == [
        ("Iran's foreign minister", "Israel")]


# ---------------------------------------------------------------- exports


def _export(client, fmt: str, **params):
    r = client.get("/api/export", params={"format": fmt, **params})
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    return r


def test_every_export_format_parses_back(client):
    plover = json.loads(_export(client, "plover-json").content)
    assert len(plover) == 5 and {p["event_type"] for p in plover} >= {"ASSAULT", "CONSULT", "PROTEST"}
    assert {p["id"] for p in plover} == {f"{h['article_id']}-{h['event']['id']}" for h in client.get("/api/events").json()["items"]}
    rows = list(csv.DictReader(io.StringIO(_export(client, "acled-csv", country="IRQ").text)))
    assert [(r["event_type"], r["country"], r["latitude"][:5]) for r in rows] == [("Explosions/Remote violence", "Iraq", "35.46")]
    assert len(list(csv.DictReader(io.StringIO(_export(client, "acled-csv").text)))) == 2  # talks are not ACLED events
    tsv = [line.split("\t") for line in _export(client, "gdelt-tsv").text.splitlines() if line]
    assert tsv[0][0] == "GlobalEventID" and len(tsv) == 6 and len({len(r) for r in tsv}) == 1
    assert {r[tsv[0].index("EventRootCode")] for r in tsv[1:]} == {"19", "04", "13", "14"}
    geo = json.loads(_export(client, "geojson").content)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    assert {tuple(round(c, 2) for c in f["geometry"]["coordinates"]) for f in geo["features"]} >= {(44.39, 35.47), (31.24, 30.04)}
    r = _export(client, "parquet", type="CONSULT")
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 2 and set(table.column("type").to_pylist()) == {"CONSULT"}
    lines = _export(client, "jsonl", limit=3).text.splitlines()
    assert len(lines) == 3 and all(json.loads(line)["event"]["id"] for line in lines)


def test_export_matches_the_cli(client, store, tmp_path):
    from khabar.cli import main

    out = tmp_path / "cli.geojson"
    assert main(["export", "--db", str(store[0]), "--format", "geojson", "--type", "CONSULT", "-o", str(out), "-q"]) == 0
    assert json.loads(out.read_bytes()) == json.loads(_export(client, "geojson", type="CONSULT").content)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/articles/ffffffffffffffff", 404, "K300"),
        ("get", "/api/actors/Nobody%20Known", 404, "K300"),
        ("get", "/api/no-such-endpoint", 404, "K300"),
        ("get", "/api/events?limit=0", 422, "K301"),
        ("get", "/api/events?limit=abc", 422, "K301"),
        ("get", "/api/events?quad_class=9", 422, "K301"),
        ("get", "/api/timeline?bucket=decade", 422, "K301"),
        ("get", "/api/export?format=xlsx", 422, "K301"),
        ("get", "/api/events?q=%22unbalanced", 400, "K302"),
        ("post", "/api/events", 405, "K303"),
        ("delete", "/api/articles/abc", 405, "K303"),
    ],
)
def test_canonical_error_body(client, method, url, status, code):
    r = getattr(client, method)(url)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"] and body["error"]["reason"]


def test_missing_database_fails_early(tmp_path):
    with pytest.raises(KhabarError, match="K902"):
        create_app(str(tmp_path / "absent.db"))


# ---------------------------------------------------------------- safety


def test_hostile_article_is_data_not_markup(client, store):
    hid = store[1]["hostile"]
    r = client.get(f"/article/{hid}")
    assert r.status_code == 200 and r.headers["content-security-policy"] == CSP
    assert "<script>document" not in r.text and "onerror" not in r.text  # the page is a shell: text comes as JSON
    api = client.get(f"/api/articles/{hid}")
    assert api.headers["content-type"].startswith("application/json")
    assert api.json()["article"]["text"] == XSS_TEXT  # stored and served verbatim, escaped by the page
    for path in ("/", "/api/events", "/static/js/article.js", "/openapi.json"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_pages_have_no_inline_script_and_no_html_sinks():
    for page in STATIC.glob("*.html"):
        html = page.read_text()
        assert all('src="/static/' in tag for tag in re.findall(r"<script[^>]*>", html)), page.name
        assert not re.search(r"\son[a-z]+\s*=", html) and " style=" not in html, page.name
    for script in (STATIC / "js").glob("*.js"):
        code = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in code, f"{script.name} uses {sink}"


def test_served_read_only(store, client):
    path = store[0]
    before = path.stat().st_mtime_ns
    conn = open_db(path)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM events")
    conn.close()
    client.get("/api/events")
    assert path.stat().st_mtime_ns == before
    assert client.post("/api/articles").json()["error"]["reason"] == "read_only"


def test_docs_offline(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/articles/{article_id}", "/api/export", "/api/actors/{name}"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "modality", "country", "actor", "place", "since", "until", "q", "limit", "offset"} <= params
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower() and "/static/js/docs.js" in docs.text
    assert client.get("/redoc").status_code == 404


def test_quotes_by_speaker_and_article(client, store):
    r = client.get("/api/quotes", params={"speaker": "PRIME minister"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == 1 and body["items"][0]["article_id"] == store[1]["kirkuk"]
    quote = body["items"][0]["quote"]
    assert quote["speaker_name"] == "Iraqi prime minister" and quote["content"]["text"].startswith("We will not allow")
    assert body["items"][0]["source"] == "Test Tribune"
    assert client.get("/api/quotes", params={"speaker": "nobody"}).json()["total"] == 0
    assert client.get("/api/quotes", params={"article": store[1]["beirut"]}).json()["total"] == 0
    assert client.get("/api/quotes", params={"article": store[1]["kirkuk"][:6], "dedupe": "true"}).json()["total"] == 1
    assert client.get("/api/quotes?kind=rumour").json()["error"]["code"] == "K301"
    assert client.get("/api/quotes", params={"speaker": "minister"}).json()["total_is_lower_bound"] is False
    spec = client.get("/openapi.json").json()["paths"]["/api/quotes"]["get"]
    assert {"speaker", "article", "kind", "dedupe", "limit", "offset"} <= {p["name"] for p in spec["parameters"]}


def test_dedupe_leaves_near_copies_out(tmp_path):
    """A store with a copy of the Kirkuk story linked by the writer: `dedupe=true` hides the copy's events."""
    path = tmp_path / "dup.db"
    original = kirkuk()
    copy = kirkuk()
    copy.article = _article(original.article.text + " Roads were reopened.", "2025-06-04", "Other Wire",
                            "https://other.example.org/kirkuk", "tests/kirkuk-copy.txt")
    conn = connect(path)
    assert write_all(conn, [original, copy, beirut()], dedupe=0.7).duplicates == 1
    conn.close()
    api = TestClient(create_app(str(path)))
    assert api.get("/api/events").json()["total"] == 6
    body = api.get("/api/events", params={"dedupe": "true"}).json()
    assert body["total"] == 4 and copy.article.id not in {h["article_id"] for h in body["items"]}
    assert api.get("/api/timeline", params={"dedupe": "true", "bucket": "year"}).json()["series"]
    arts = api.get("/api/articles").json()["items"]
    assert {a["id"]: a["duplicate_of"] for a in arts}[copy.article.id] == original.article.id
    # with copies shown, each event row says whether its article is a near-copy (the table's "copy" mark)
    marks = {h["article_id"]: h["duplicate_of"] for h in api.get("/api/events").json()["items"]}
    assert marks == {copy.article.id: original.article.id, original.article.id: None, beirut().article.id: None}
    assert api.get("/api/articles", params={"dedupe": "true"}).json()["total"] == 2


# ---------------------------------------------------------------- a store built by the pipeline


@pytest.mark.slow
def test_pipeline_store_is_served(nlp, tmp_path):
    from khabar.runner import run

    path = tmp_path / "sample.db"
    conn = connect(path)
    run(conn, [str(ROOT / "sample")], nlp=nlp)
    conn.close()
    api = TestClient(create_app(str(path)))
    articles = api.get("/api/articles", params={"limit": 100}).json()
    assert articles["total"] >= 5
    events = api.get("/api/events", params={"limit": 500}).json()
    for hit in events["items"]:
        text = api.get(f"/api/articles/{hit['article_id']}").json()["article"]["text"]
        trig = hit["event"]["trigger"]
        assert text[trig["start"]:trig["end"]] == trig["text"]
    assert api.get("/api/map").json()["located"] == sum(
        1 for h in events["items"] if h["event"]["location"] and h["event"]["location"]["lat"] is not None)
