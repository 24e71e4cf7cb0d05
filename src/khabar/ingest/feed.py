"""RSS and Atom feeds (feedparser): one article per entry, its HTML content stripped to paragraphs.

Each entry becomes an Article as soon as it is reached (the feed file itself is bounded by `max_bytes`).
An entry with no text after cleaning is a K111 reject with its entry number; the others go on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import feedparser
import ftfy
import lxml.html
from lxml import etree

from khabar.errors import reject
from khabar.ingest import datelines
from khabar.ingest.article import Piece, build
from khabar.ingest.sources import _FIX, Input
from khabar.records import Article, Reject

#: elements after which the text breaks into a new paragraph
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
              "table", "section", "article", "figure", "figcaption", "pre", "hr"}  # fmt: skip
DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed")
_TAG = re.compile(r"<[a-zA-Z!/?][^>]*>")


def html_to_paragraphs(fragment: str) -> list[str]:
    """Paragraph texts of an HTML fragment (or plain text, split on blank lines)."""
    if not _TAG.search(fragment):
        chunks = re.split(r"\n\s*\n", fragment)
        return [" ".join(c.split()) for c in chunks if c.strip()]
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    for bad in root.xpath("|".join(f"//{t}" for t in DROP_TAGS)):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCK_TAGS:
            el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    return [" ".join(c.split()) for c in re.split(r"\n\s*\n", text) if c.strip()]


def _content(entry: Any) -> str:
    """The fullest body an entry has: its longest `content` value, else its summary."""
    contents = [c.get("value", "") for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def read_feed(inp: Input, max_bytes: int) -> Iterator[Article | Reject]:
    data, problem = inp.read_all(max_bytes)
    if problem is not None:
        yield problem
        return
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception") or "no entries"
        yield reject("bad_feed", inp.origin(reader="feed"), f"{inp.path}: {why}")
        return
    outlet = (parsed.get("feed") or {}).get("title") or None
    for n, entry in enumerate(entries, 1):
        origin = inp.origin(n, "feed")
        title = ftfy.fix_text(" ".join(html_to_paragraphs(entry.get("title") or "")), _FIX) or None
        paragraphs = [ftfy.fix_text(p, _FIX) for p in html_to_paragraphs(_content(entry))]
        if not paragraphs:
            yield reject("no_text", origin, f"{inp.path}: entry {n} ({title or 'untitled'}) has no text")
            continue
        published = datelines.struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        pieces = ([Piece("title", title)] if title else []) + [Piece("paragraph", p) for p in paragraphs]
        yield build(
            pieces,
            origin,
            published=published,
            date_source="metadata",
            source=ftfy.fix_text(outlet, _FIX) if outlet else None,
            url=entry.get("link") or None,
            author=entry.get("author") or None,
            external_id=entry.get("id") or None,
        )
