"""End to end in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright): the events page
draws markers, a filter narrows the table, a click opens the article with its highlights, the hostile article
runs no script; an actor's page lists the quotes they said, and "hide near-copies" (dedupe=true) leaves a
planted near-copy out. Screenshots go to test-artifacts/ (git-ignored) for a person to look at.

Two stores: the hand-built one of tests/test_web_api.py (exact answers known), and one built by the pipeline
(`khabar run` over a JSONL file of stories written for these tests, one a lightly edited copy of another).

Needs `apt-get install -y chromium` and the `test` extra (playwright); skipped with the reason otherwise.
The map checks also need `make web-assets`; without them the page must say how to build them.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not Path(CHROMIUM).is_file():
    pytest.skip("Debian chromium is absent: apt-get update && apt-get install -y chromium", allow_module_level=True)

from test_web_api import build_web_db  # noqa: E402 -- after the skips: same hand-built store as the API tests

from khabar.web.app import create_app  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(path: Path):
    """`khabar serve` over the store at `path` in a thread; yields the base URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(str(path)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "web.db"
    ids = build_web_db(path)
    with _serving(path) as base:
        yield base, ids, create_app.__module__


# Stories written for these tests. COPY is AMMAN lightly edited (as a second outlet reposts a wire story): the
# writer links it to AMMAN as a near-copy, and dedupe=true must leave its events and quotes out.
AMMAN_TITLE = "Jordan and Egypt reject displacement plan"
AMMAN = (
    "Jordanian Foreign Minister Karim Nassar met Egyptian Foreign Minister Samir Fawzi in Amman on Sunday "
    "to discuss the war in Gaza and the crossings into the strip.\n\n"
    '"We reject any plan to push Palestinians out of their land," Nassar told reporters after the meeting.\n\n'
    "Nassar said that Jordan would keep sending aid convoys to Gaza through the Karameh crossing. "
    "Fawzi praised the Jordanian effort and urged Israel to open more crossings for trucks."
)
COPY = AMMAN.replace("on Sunday", "on Sunday evening") + "\n\nThe two ministers agreed to meet again in Cairo."
NAIROBI = (
    "Kenyan police fired tear gas at thousands of protesters in Nairobi on Tuesday as demonstrators marched "
    "against a new finance bill.\n\n"
    '"The bill will make bread and fuel more expensive for every family," said opposition leader Joseph Kamau.'
)
# quoted words and a title that carry markup: the quote lists must show them as text, never run them
HOSTILE_TITLE = 'Organisers <img src=x onerror="document.body.dataset.pwned=1"> vow to return'
HOSTILE = (
    "Students marched through Cairo on Friday for a second week.\n\n"
    '"<img src=x onerror=alert(5)> We will be back every Friday," said student organiser Amina Saleh.'
)
SPEAKER = "Karim Nassar"
QUOTE = "We reject any plan to push Palestinians out of their land"


@pytest.fixture(scope="module")
def pipeline_server(tmp_path_factory, nlp):
    """A store built the way `khabar run` builds one (ingest, the spaCy pipeline, near-duplicate linking)."""
    from khabar.runner import run
    from khabar.store import connect

    folder = tmp_path_factory.mktemp("browser-pipeline")
    rows = [{"id": "amman", "title": AMMAN_TITLE, "text": AMMAN, "published": "2025-05-12", "source": "Desert Courier"},
            {"id": "nairobi", "title": "Police fire tear gas at protesters in Nairobi", "text": NAIROBI,
             "published": "2025-06-25", "source": "Lakeside Post"},
            {"id": "amman-copy", "title": AMMAN_TITLE, "text": COPY, "published": "2025-05-13", "source": "Gulf Wire"},
            {"id": "hostile", "title": HOSTILE_TITLE, "text": HOSTILE, "published": "2025-04-04", "source": "<i>Wire</i>"}]
    (folder / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    path = folder / "pipeline.db"
    conn = connect(path)
    result = run(conn, [str(folder / "news.jsonl")], nlp=nlp)
    stored = conn.execute("SELECT external_id, id, duplicate_of FROM articles").fetchall()
    conn.close()
    ids = {r[0]: r[1] for r in stored}
    links = {r[0]: r[2] for r in stored if r[2]}
    assert result.counts.duplicates == 1 and links == {"amman-copy": ids["amman"]}, "the planted near-copy was not linked"
    with _serving(path) as base:
        yield base, ids


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.dialogs = []  # any alert() from article text lands here
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def _ready(pg) -> None:
    pg.wait_for_selector("body[data-ready='1']", timeout=15000)


def test_events_page_map_timeline_table(server, page):
    base, _ids, _ = server
    page.goto(f"{base}/")
    _ready(page)
    shot(page, "events")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == 5
    assert page.locator("#timeline svg rect").count() >= 4
    map_assets = (Path(__file__).resolve().parents[1] / "src/khabar/web/static/vendor/leaflet/leaflet.js").is_file()
    if map_assets:
        # 4 located events: single markers or clusters. Wait for them: under load the clusters are still being
        # re-drawn after the map's zoom-to-fit when the page says it is ready
        # (polled from Python: the page's CSP forbids the string eval that wait_for_function uses)
        markers = page.locator(".leaflet-marker-icon")
        for _ in range(60):
            if markers.count() >= 2:
                break
            page.wait_for_timeout(250)
        assert markers.count() >= 2
        assert page.locator(".leaflet-overlay-pane path").count() > 50  # country outlines, no tile server
        assert "4 located events" in page.locator("#map-note").inner_text()
    else:
        assert "make web-assets" in page.locator("#map").inner_text()
    assert page.console_errors == []


def test_without_map_assets_the_page_says_how_to_build_them(server, page):
    base, _ids, _ = server

    def no_assets(route):  # the server answers as a plain `pip install` would (no static/vendor/)
        body = route.fetch().json()
        route.fulfill(json={**body, "map_assets": False})

    page.route("**/api/summary", no_assets)
    page.goto(f"{base}/")
    _ready(page)
    assert "make web-assets" in page.locator("#map").inner_text()
    assert page.locator(".leaflet-container").count() == 0
    assert page.locator("#events-table tbody tr").count() == 5 and page.locator("#timeline svg rect").count() >= 4
    assert page.console_errors == []


def test_filter_narrows_table_and_is_in_the_url(server, page):
    base, _ids, _ = server
    page.goto(f"{base}/")
    _ready(page)
    page.select_option("#f-type", "CONSULT")
    page.fill("#f-country", "LBN")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?type=CONSULT&country=LBN")
    _ready(page)
    assert page.locator("#events-table tbody tr").count() == 1
    assert "Beirut" in page.locator("#events-table tbody").inner_text()
    assert page.locator("#f-type").input_value() == "CONSULT"  # the form shows the URL's filters
    export = page.locator("a.export", has_text="geojson").get_attribute("href")
    assert "type=CONSULT" in export and "country=LBN" in export
    shot(page, "events-filtered")


def test_click_opens_article_with_highlights(server, page):
    base, ids, _ = server
    page.goto(f"{base}/?type=ASSAULT")
    _ready(page)
    page.locator("#events-table a.article-link").first.click()
    page.wait_for_url(f"**/article/{ids['kirkuk']}#v1")
    _ready(page)
    text = page.locator("#text")
    assert text.inner_text().startswith("Army shells militant hideouts near Kirkuk")
    trigger = page.locator("#trigger-v1")
    assert trigger.inner_text() == "shelled" and "hl-event" in trigger.get_attribute("class")
    assert page.locator("#text .hl-place", has_text="Kirkuk").count() >= 1
    assert page.locator("#text .hl-quote").count() >= 1 and page.locator("#text .hl-date", has_text="Monday").count() == 1
    assert page.locator("tr#row-v1.selected").count() == 1
    page.locator("#text .hl-place", has_text="Erbil").hover()
    assert '"name": "Erbil"' in page.locator("#record").inner_text()
    shot(page, "article")
    if page.locator(".leaflet-marker-icon").count():  # (not on this page) keep the map check above
        pytest.fail("article page should have no map")


def test_map_marker_popup_links_to_article(server, page):
    base, ids, _ = server
    if not (Path(__file__).resolve().parents[1] / "src/khabar/web/static/vendor/leaflet/leaflet.js").is_file():
        pytest.skip("map assets not built (make web-assets)")
    page.goto(f"{base}/?type=PROTEST")
    _ready(page)
    page.locator(".event-marker").first.click()
    link = page.locator(".leaflet-popup-content a.article-link")
    link.wait_for(timeout=5000)
    assert link.get_attribute("href") == f"/article/{ids['hostile']}#v1"


def test_hostile_article_runs_no_script(server, page):
    base, ids, _ = server
    page.goto(f"{base}/article/{ids['hostile']}")
    _ready(page)
    page.wait_for_timeout(300)  # give any injected handler a chance to fire
    text = page.locator("#text").inner_text()
    assert "<script>" in text and 'onerror="alert(2)"' in text  # shown as text...
    assert page.locator("#text script, #text img, #text a, #text b").count() == 0  # ...never as elements
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.dialogs == []
    assert page.locator("img").count() == 0
    # the article's javascript: URL is not a link target
    source = page.locator("#meta a")
    assert source.get_attribute("href") == "#"
    assert "<img" in page.locator("h1#title").inner_text()
    page.locator("#text .hl-event").first.hover()
    shot(page, "article-hostile")
    page.goto(f"{base}/")
    _ready(page)
    assert page.evaluate("document.body.dataset.pwned") is None and page.dialogs == []
    page.goto(f"{base}/actors")
    _ready(page)
    assert page.locator("svg.network a.node").count() >= 4
    assert page.evaluate("document.body.dataset.pwned") is None and page.dialogs == []
    shot(page, "actors")


def test_actor_page(server, page):
    base, _ids, _ = server
    page.goto(f"{base}/actor/{'Iran%27s%20foreign%20minister'}")
    _ready(page)
    assert page.locator("h1#name").inner_text() == "Iran's foreign minister"
    assert "THREATEN" in page.locator("#by-type").inner_text()
    assert page.locator("#targets li").count() == 2
    assert page.locator("#events li").count() == 2
    shot(page, "actor")


def test_api_docs_page_offline(server, page):
    base, _ids, _ = server
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/docs")
    _ready(page)
    assert page.locator(".endpoint").count() >= 8
    assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]
    shot(page, "docs")


# ---------------------------------------------------------------- quotes by speaker, near-copies


def _api(page, base: str, path: str, **params) -> dict:
    return page.request.get(f"{base}/api{path}", params=params).json()


def test_actor_page_lists_quotes_and_opens_them_highlighted(server, page):
    """Hand-built store: the one quote of the Iraqi prime minister, with its cue and kind, opens highlighted."""
    base, ids, _ = server
    page.goto(f"{base}/actor/Iraqi%20prime%20minister")
    _ready(page)
    items = page.locator("#quotes li.quote-item")
    assert items.count() == 1
    item = items.first
    assert item.locator(".cue").inner_text() == "said" and item.locator(".kind").inner_text() == "speech"
    assert item.locator("a.quote-link").inner_text() == "“We will not allow the cells to return,”"
    assert item.locator("a.article-link").get_attribute("href") == f"/article/{ids['kirkuk']}"
    assert page.locator("#quote-count").inner_text() == "(1 by “Iraqi prime minister”)"
    shot(page, "actor-quotes")
    item.locator("a.quote-link").click()
    page.wait_for_url(f"**/article/{ids['kirkuk']}#q1")
    _ready(page)
    marked = page.locator("#text .hl-selected-quote")
    assert "".join(marked.all_inner_texts()) == "We will not allow the cells to return,"
    assert page.locator("#quote-q1").count() == 1 and page.locator("tr#qrow-q1.selected").count() == 1
    assert '"speaker_name": "Iraqi prime minister"' in page.locator("#record").inner_text()
    assert page.locator("#near-copies").is_hidden()  # not a copy, and no copies of it
    shot(page, "article-quote")
    assert page.console_errors == []


def test_actor_page_quotes_from_the_pipeline_store(pipeline_server, page):
    """Pipeline store: the speaker's quotes are exactly what /api/quotes answers for the name; the planted
    near-copy's quotes go when the page's "hide near-copies" box is ticked."""
    base, ids = pipeline_server
    page.goto(f"{base}/actor/{SPEAKER.replace(' ', '%20')}")
    _ready(page)
    want = _api(page, base, "/quotes", speaker=SPEAKER, limit=50)
    items = page.locator("#quotes li.quote-item")
    shown = [(li.get_attribute("data-article"), li.get_attribute("data-quote")) for li in items.all()]
    assert shown == [(h["article_id"], h["quote"]["id"]) for h in want["items"]]
    assert {a for a, _q in shown} == {ids["amman"], ids["amman-copy"]}  # both outlets quoted him
    direct = items.filter(has_text=QUOTE)
    assert direct.count() == 2 and all(t == "told" for t in direct.locator(".cue").all_inner_texts())
    assert all(t == SPEAKER for t in items.locator("a.actor-link").all_inner_texts())
    shot(page, "actor-quotes-pipeline")

    page.check("#f-dedupe")
    page.wait_for_url("**/actor/*?dedupe=true")
    _ready(page)
    articles = {li.get_attribute("data-article") for li in page.locator("#quotes li.quote-item").all()}
    assert articles == {ids["amman"]}
    assert page.locator("#f-dedupe").is_checked()
    events = [a.get_attribute("href") for a in page.locator("#events a.article-link").all()]
    assert events and all(h.startswith(f"/article/{ids['amman']}#") for h in events)
    assert page.locator("#all-quotes").get_attribute("href") == f"/quotes?speaker={SPEAKER.replace(' ', '+')}&dedupe=true"

    page.locator("#quotes a.quote-link", has_text=QUOTE).click()
    page.wait_for_url(f"**/article/{ids['amman']}#q*")
    _ready(page)
    assert QUOTE in "".join(page.locator("#text .hl-selected-quote").all_inner_texts())
    assert page.console_errors == []


def test_hide_near_copies_checkbox(pipeline_server, page):
    base, ids = pipeline_server
    page.goto(f"{base}/")
    _ready(page)
    rows = page.locator("#events-table tbody tr")
    before = {r.get_attribute("data-article") for r in rows.all()}
    assert ids["amman-copy"] in before and ids["amman"] in before
    n_before = rows.count()
    assert n_before == _api(page, base, "/events")["total"]
    # with copies shown, only the copy's rows carry the "copy" mark, a link to the article it repeats
    marks = page.locator("#events-table tbody tr a.copy-mark")
    assert {m.locator("xpath=ancestor::tr").get_attribute("data-article") for m in marks.all()} == {ids["amman-copy"]}
    assert marks.first.text_content() == "copy" and ids["amman"] in marks.first.get_attribute("href")
    assert not page.locator("#f-dedupe").is_checked()

    requests: list[str] = []
    page.on("request", lambda r: "/api/" in r.url and requests.append(unquote(r.url)))
    page.check("#f-dedupe")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?dedupe=true")
    _ready(page)
    shot(page, "events-dedupe")
    after = {r.get_attribute("data-article") for r in rows.all()}
    assert ids["amman-copy"] not in after and after == before - {ids["amman-copy"]}
    assert rows.count() == _api(page, base, "/events", dedupe="true")["total"] < n_before
    assert page.locator("#f-dedupe").is_checked()  # the form shows the URL's state
    # every event request of the page carries the filter, and so do its export, timeline and navigation links
    event_calls = [u for u in requests if any(f"/api/{p}?" in u for p in ("events", "map", "timeline"))]
    assert {"events", "timeline"} <= {u.split("/api/")[1].split("?")[0] for u in event_calls}
    assert all("dedupe=true" in u for u in event_calls), event_calls
    assert "dedupe=true" in page.locator("a.export", has_text="geojson").get_attribute("href")
    assert all("dedupe=true" in (a.get_attribute("href") or "") for a in page.locator("#buckets a").all())
    assert page.locator("nav.topnav a", has_text="Actors").get_attribute("href") == "/actors?dedupe=true"
    # a filter on top keeps it
    page.select_option("#f-type", "AGREE")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?type=AGREE&dedupe=true")
    _ready(page)
    assert page.locator("#events-table tbody tr").count() == 0  # the only AGREE is in the copy
    page.uncheck("#f-dedupe")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?type=AGREE")
    _ready(page)
    assert {r.get_attribute("data-article") for r in rows.all()} == {ids["amman-copy"]}
    assert page.console_errors == []


def test_article_view_says_near_copy_of(pipeline_server, page):
    base, ids = pipeline_server
    page.goto(f"{base}/article/{ids['amman-copy']}")
    _ready(page)
    note = page.locator("#near-copies")
    assert note.is_visible() and note.inner_text().startswith(f"near-copy of {AMMAN_TITLE} (")
    assert note.locator("a.article-link").get_attribute("href") == f"/article/{ids['amman']}"
    assert "% similar" in note.inner_text()
    links = _api(page, base, f"/articles/{ids['amman-copy']}")["near_copies"]
    assert links["duplicate_of"]["id"] == ids["amman"] and links["duplicate_of"]["title"] == AMMAN_TITLE
    assert 0.7 <= links["duplicate_of"]["similarity"] <= 1 and links["copies"] == []
    shot(page, "article-near-copy")
    note.locator("a.article-link").click()
    page.wait_for_url(f"**/article/{ids['amman']}")
    _ready(page)
    back = page.locator("#near-copies .copies a.article-link")
    assert back.count() == 1 and back.get_attribute("href") == f"/article/{ids['amman-copy']}"
    assert "near-copy of" not in page.locator("#near-copies").inner_text()
    assert page.console_errors == []


def test_quotes_search_is_in_the_url(pipeline_server, page):
    base, ids = pipeline_server
    page.goto(f"{base}/quotes")
    _ready(page)
    everyone = page.locator("#quote-list li.quote-item").count()
    assert everyone == _api(page, base, "/quotes")["total"] > 0
    page.fill("#f-speaker", "nassar")
    page.click("#quote-filters button[type=submit]")
    page.wait_for_url("**/quotes?speaker=nassar")
    _ready(page)
    speakers = set(page.locator("#quote-list a.actor-link").all_inner_texts())
    assert speakers == {SPEAKER} and page.locator("#f-speaker").input_value() == "nassar"
    n = page.locator("#quote-list li").count()
    page.select_option("#f-kind", "speech")
    page.check("#f-dedupe")
    page.click("#quote-filters button[type=submit]")
    page.wait_for_url("**/quotes?speaker=nassar&kind=speech&dedupe=true")
    _ready(page)
    kinds = set(page.locator("#quote-list .kind").all_inner_texts())
    arts = {li.get_attribute("data-article") for li in page.locator("#quote-list li").all()}
    assert kinds == {"speech"} and arts == {ids["amman"]} and page.locator("#quote-list li").count() < n
    assert page.locator("nav.topnav a.active").inner_text() == "Quotes"
    shot(page, "quotes")
    page.goto(f"{base}/quotes?speaker=Kamau")
    _ready(page)
    assert page.locator("#quote-list a.quote-link").first.inner_text().startswith("“The bill will make bread")
    page.goto(f"{base}/quotes?speaker=Saleh")
    _ready(page)
    page.wait_for_timeout(300)  # give any injected handler a chance to fire
    item = page.locator("#quote-list li.quote-item")
    assert item.count() == 1 and "<img src=x onerror=alert(5)>" in item.locator("a.quote-link").inner_text()
    assert HOSTILE_TITLE in item.locator("a.article-link").inner_text()
    assert page.locator("img").count() == 0 and page.dialogs == []
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.console_errors == []


def test_speaker_in_no_event_still_has_a_page(pipeline_server, page):
    """A speaker the event coder never made a participant still gets a page listing what they said."""
    base, _ids = pipeline_server
    speakers = {h["quote"]["speaker_name"] for h in _api(page, base, "/quotes", limit=500)["items"]}
    quiet = sorted(s for s in speakers if s and page.request.get(f"{base}/api/actors/{s}").status == 404)
    assert quiet, f"every speaker is an event participant here: {speakers}"
    page.goto(f"{base}/actor/{quiet[0]}")
    _ready(page)
    assert page.locator("#meta").inner_text() == "No events name this actor."
    assert page.locator("#quotes li.quote-item").count() == _api(page, base, "/quotes", speaker=quiet[0])["total"] > 0
    assert page.locator("p.error").count() == 0  # the profile's 404 is expected: the browser logs it, the page does not
    assert all("404" in e for e in page.console_errors), page.console_errors


def test_timex_values_read_as_words(server, page):
    """Display only: the table shows "2025-05-11 evening" for the stored TIMEX3 value 2025-05-11TEV."""
    base, _ids, _ = server
    page.goto(f"{base}/")
    _ready(page)
    values = ["2025-05-11TEV", "2025-05-11TMO", "2025-05-11T14:30", "2025-W23", "2025-SU", "2025-Q2", "199X",
              "PRESENT_REF", "2025-06", "2025-06-03", "XXXX-06-03", "not a date", None]
    readable = "async (values) => values.map((await import('/static/js/common.js')).readableDate)"
    shown = page.evaluate(readable, values)
    assert shown == ["2025-05-11 evening", "2025-05-11 morning", "2025-05-11 14:30", "week 23 of 2025",
                     "summer 2025", "Q2 2025", "1990s", "now", "2025-06", "2025-06-03", "06-03 (year unknown)",
                     "not a date", ""]
    # the table's date cells: the readable form, the stored value in the title
    cells = [(c.get_attribute("title"), c.text_content()) for c in page.locator("#events-table tbody td:first-child").all()]
    titled = [(raw, text) for raw, text in cells if raw]
    assert titled and [text for _, text in titled] == page.evaluate(readable, [raw for raw, _ in titled])
