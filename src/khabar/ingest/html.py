"""HTML pages: the article body and its metadata (title, date, author, url, site name) via trafilatura.

`favor_precision=True` and no comments: on the article-extraction benchmark this keeps less page chrome
for almost no lost body text (see benchmarks/bench_article_extraction.py for the measured figures).
The date is trafilatura's metadata date (htmldate over meta tags and markup), searched without its
"extensive" text heuristics, so a date in a sidebar is not taken for the publication date.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import ftfy
import trafilatura
from lxml import etree

from khabar.errors import reject
from khabar.ingest import datelines
from khabar.ingest.article import Piece, build
from khabar.ingest.sources import _FIX, Input, decode
from khabar.records import Article, Reject

# trafilatura logs every page it finds too short at WARNING; those pages become K107 rejects here instead
logging.getLogger("trafilatura").setLevel(logging.ERROR)

#: the options khabar extracts with; the benchmark compares them with trafilatura's defaults
OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]{2,}")
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


def extract(html: str, url: str | None = None) -> dict[str, Any] | None:
    """trafilatura's result as a dict (text plus metadata), or None when no body text was found."""
    try:
        doc = trafilatura.bare_extraction(html, url=url, **OPTIONS)
    except (ValueError, TypeError, etree.LxmlError) as exc:  # malformed markup lxml could not repair
        logging.getLogger(__name__).debug("trafilatura failed: %s", exc)
        return None
    if doc is None:
        return None
    result = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    # a word or two ("Menu", stray markup) is what trafilatura keeps from a page with no article
    return result if len(_WORD.findall(result.get("text") or "")) >= MIN_WORDS else None


def page_to_article(html: str, inp_origin, url: str | None = None) -> Article | Reject:
    """One HTML page as an Article (or a K107 Reject when no article text is found)."""
    result = extract(html, url)
    if result is None:
        return reject("bad_html", inp_origin, f"{inp_origin.path}: no article text found in the page")
    title = ftfy.fix_text((result.get("title") or "").strip(), _FIX) or None
    paragraphs = [ftfy.fix_text(p.strip(), _FIX) for p in result["text"].split("\n") if p.strip()]
    if title and paragraphs and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]  # some pages repeat the headline as the first body line
    pieces = ([Piece("title", title)] if title else []) + [Piece("paragraph", p) for p in paragraphs]
    published = datelines.iso_date(result["date"]) if result.get("date") else None
    return build(
        pieces,
        inp_origin,
        published=published,
        date_source="metadata",
        source=(result.get("sitename") or result.get("hostname") or None),
        url=result.get("url") or url,
        author=result.get("author") or None,
    )


def _declared(data: bytes) -> str | None:
    """The page decoded with the charset its <meta> declares, when it is not UTF-8 and that works."""
    m = _CHARSET.search(data[:4096])
    if not m or m.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8"):
        return None
    try:
        return data.decode(m.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None  # an unknown or wrong label: guess from the bytes instead


def read_html(inp: Input, max_bytes: int) -> Iterator[Article | Reject]:
    data, problem = inp.read_all(max_bytes)
    if problem is not None:
        yield problem  # a cut page is not parsed: its body would be silently incomplete
        return
    try:
        html = _declared(data) or decode(data, repair=False)[0]  # ftfy runs on the extracted text only
    except UnicodeDecodeError as exc:
        yield reject("bad_encoding", inp.origin(reader="html"), f"{inp.path}: {exc.reason}")
        return
    yield page_to_article(html, inp.origin(1, "html"))
