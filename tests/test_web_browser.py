"""End to end in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright): the events page
draws markers, a filter narrows the table, a click opens the article with its highlights, the hostile article
runs no script. Screenshots go to test-artifacts/ (git-ignored) for a person to look at.

Needs `apt-get install -y chromium` and the `test` extra (playwright); skipped with the reason otherwise.
The map checks also need `make web-assets`; without them the page must say how to build them.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    path = tmp_path_factory.mktemp("browser") / "web.db"
    ids = build_web_db(path)
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
    yield f"http://127.0.0.1:{port}", ids, create_app.__module__
    srv.should_exit = True
    thread.join(timeout=10)


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
        markers = page.locator(".leaflet-marker-icon")
        assert markers.count() >= 2  # 4 located events: single markers or clusters
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
