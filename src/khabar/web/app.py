"""`khabar serve`: the web UI (events map + timeline + table, article view, actors, network, quotes by speaker)
and the JSON API.

    create_app(db_path, read_only=True) -> FastAPI      serve(db_path, host, port)

Offline by construction: the pages are static files here, their map libraries come from npm at install time
(`make web-assets` -> static/vendor/, git-ignored), and the API docs are our own page over /openapi.json
(FastAPI's Swagger/ReDoc pages load from a CDN, so they are off). Article text is untrusted: the pages build
DOM with textContent only, and every response carries a Content-Security-Policy that forbids inline script.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from khabar import __version__
from khabar.errors import CATALOGUE, KhabarError
from khabar.store.schema import upgrade_file
from khabar.web import queries as webq
from khabar.web.api import ResultCache, WebError, raise_for_khabar, router

STATIC = Path(__file__).with_name("static")
VENDOR_PROBE = STATIC / "vendor" / "leaflet" / "leaflet.js"

# no inline script or style anywhere; tiles from OpenStreetMap only when the user turns them on
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https://tile.openstreetmap.org",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class SecurityHeaders:
    """Plain ASGI middleware: adds the headers above to every response, streamed ones included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error_body(reason: str, message: str) -> dict[str, Any]:
    kind = CATALOGUE[reason]
    return {"error": {"code": kind.code, "reason": kind.reason, "message": message}}


def _error(reason: str, message: str, status: int) -> JSONResponse:
    return JSONResponse(error_body(reason, message), status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(_request: Request, exc: WebError) -> JSONResponse:
        return _error(exc.reason, exc.message, exc.status)

    @app.exception_handler(KhabarError)
    async def khabar_error(_request: Request, exc: KhabarError) -> JSONResponse:
        err = raise_for_khabar(exc)
        return _error(err.reason, err.message, err.status)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}" for e in exc.errors()]
        return _error("bad_parameter", "; ".join(parts) or "invalid request", 422)

    @app.exception_handler(sqlite3.OperationalError)
    async def sqlite_error(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        text = str(exc)
        if "readonly" in text:
            return _error("read_only", text, 403)
        if request.query_params.get("q") and "no such table" not in text:  # FTS5 parses `q` at run time
            return _error("bad_search", f"search {request.query_params['q']!r}: {text}", 400)
        return _error("bad_database", text, 500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 405 and request.method in WRITE_METHODS and app.state.read_only:
            return _error("read_only", f"{request.method} {request.url.path}: the database is served read-only", 405)
        if exc.status_code == 405:
            return _error("bad_method", f"{request.method} is not allowed on {request.url.path}", 405)
        if exc.status_code == 404:
            return _error("no_such_record", f"nothing at {request.url.path}", 404)
        return _error("bad_parameter", str(exc.detail), exc.status_code)


def _page(name: str):
    path = STATIC / name

    async def page() -> FileResponse:
        return FileResponse(path, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    return page


async def _no_icon() -> Response:
    return Response(status_code=204)


def create_app(db_path: str, read_only: bool = True) -> FastAPI:
    """The ASGI app over one SQLite store. Fails early (K902) when the database is missing or unreadable."""
    webq.open_db(db_path, read_only).close()
    app = FastAPI(
        title="khabar",
        version=__version__,
        description="Political event data extracted from news: events, articles, actors. Read-only JSON API;"
        " every event field points at character offsets in its article's text.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: our own /docs reads /openapi.json instead
        redoc_url=None,
    )
    app.state.db_path = str(db_path)
    app.state.read_only = read_only
    app.state.map_assets = VENDOR_PROBE.is_file()
    app.state.cache = ResultCache(str(db_path))
    _install_error_handlers(app)
    app.include_router(router)
    for path, name in (
        ("/", "index.html"),
        ("/article/{article_id}", "article.html"),
        ("/actors", "actors.html"),
        ("/actor/{name}", "actor.html"),
        ("/quotes", "quotes.html"),
        ("/docs", "docs.html"),
    ):
        app.add_api_route(path, _page(name), methods=["GET"], include_in_schema=False)
    app.add_api_route("/favicon.ico", _no_icon, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders)
    return app


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """`khabar serve` without the CLI: upgrades an older store once (store.schema.upgrade_file), then serves
    it read-only."""
    import uvicorn  # the server only: the app itself imports without it

    upgrade_file(db_path)
    uvicorn.run(create_app(db_path), host=host, port=port, log_level="info")
