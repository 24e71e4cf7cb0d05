"""Raw scraped text dumps: several articles per file, with the page chrome a scraper copies along.

Scrapers that copy a page's visible text repeat things: the headline and the photo captions appear once
in the page header and again above the body, and UI widgets leave stray lines (`TT`, `20` from a font-size
control). We read a dump generically, from those repetitions, not from one outlet's layout:

1. lines become units (a hard-wrapped paragraph is re-joined); widget lines are dropped;
2. an article starts at a headline-like unit (short, no sentence-final full stop) that is repeated a few
   units later, or is followed by a credited photo caption; with no such headline, articles are split at
   runs of two or more blank lines;
3. inside an article each unit is kept once, in order: the headline becomes the title block, a line that
   ends in a parenthesised credit ("... . (Photo: AP)") in the header (or repeated, or with a photo-agency
   credit) becomes a caption block with its credit set apart, the rest are paragraphs;
4. dates come only from a date-only line, a dateline, or a caption, by strict patterns (`datelines`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from khabar.errors import reject
from khabar.ingest import datelines
from khabar.ingest.article import Piece, build, normalise
from khabar.ingest.sources import Input, decode
from khabar.records import Article, DatePrecision, DateSource, Reject

#: UI leftovers: font-size widgets ("TT", "A A", "20"), share buttons, ads
WIDGET = re.compile(
    r"^(?:t{1,2}|a{1,2}|a\s*a|a[+-]|[+-]|\d{1,3}|print|share|share this|e-?mail|tweet|whatsapp|facebook|twitter|"
    r"telegram|linkedin|copy link|font size|text size|read more|advertisement|subscribe|close|menu|"
    r"skip to (?:main )?content|listen|comments?)$",
    re.IGNORECASE,
)
#: a caption: sentence-final text, then a credit in parentheses closing the line
CREDITED = re.compile(r"^(?P<text>.*?[.!?'\"’”)])\s*\((?P<credit>[^()]{2,120})\)$")
#: credits that name a photo source (used for captions found inside the body)
PHOTO_CREDIT = re.compile(
    r"photo|picture|via\b|getty|handout|courtesy|file|afp|\bap\b|reuters|epa|anadolu|xinhua|press office|"
    r"official .*page|media office|twitter|x account|agency|\bsana\b|\birna\b|\bwafa\b|\bspa\b|\bina\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?:;,…][\"'’”)\]]*$")
HEADLINE_END = re.compile(r"[.:;,…)\]-][\"'’”)\]]*$")  # headlines may end in ? or !, never in a full stop
BYLINE = re.compile(r"^by\s+(?P<name>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|&|al-\w+|bin|de|van|von)){0,6})"
                    r"(?:\s*[,|–—-].{0,60})?$", re.IGNORECASE)  # fmt: skip
SOURCE_LINE = re.compile(r"^(?:source|via)\s*:\s*(?P<name>.{2,60})$", re.IGNORECASE)
WINDOW = 12  # a headline's repeat comes within this many units


@dataclass(slots=True)
class Unit:
    text: str
    key: str
    line: int  # 1-based line number in the file
    gap: int  # blank lines before it


@dataclass(slots=True)
class Parsed:
    """One article as read from a dump, before it becomes an Article."""

    pieces: list[Piece] = field(default_factory=list)
    published: tuple[str, DatePrecision] | None = None
    date_source: DateSource = "none"
    author: str | None = None
    source: str | None = None
    line: int = 1


def units_of(text: str) -> list[Unit]:
    """Non-blank lines (hard-wrapped paragraphs re-joined), whitespace-normalised, widgets dropped."""
    units: list[Unit] = []
    gap = 0
    prev_blank = True
    for n, raw in enumerate(text.splitlines(), 1):
        line = " ".join(raw.replace("\u00a0", " ").split())
        if not line:
            gap += 1
            prev_blank = True
            continue
        if WIDGET.match(line):
            continue  # a widget line is not a blank line either: captions around it stay one run
        last = units[-1] if units else None
        if last and not prev_blank and not SENTENCE_END.search(last.text) and line[0].islower():
            last.text = f"{last.text} {line}"  # the line wraps a paragraph
            last.key = normalise(last.text)
        else:
            units.append(Unit(line, normalise(line), n, gap))
        gap = 0
        prev_blank = False
    return units


def headline_like(text: str) -> bool:
    """Short, starts like a title, at least three words, no sentence-final full stop (a question may end it)."""
    words = text.split()
    return (
        2 <= len(words) <= 30
        and (text[0].isalnum() or text[0] in "'\"‘“") and not text[0].islower()
        and sum(1 for w in words if w[:1].isalpha()) >= 3
        and not HEADLINE_END.search(text)
        and not CREDITED.match(text)
    )


def segment(units: list[Unit]) -> list[list[Unit]]:
    """Split units into articles where a headline starts one; with no headline, at runs of blank lines.

    A headline-like unit starts an article when it is repeated a few units later (the page header was
    copied twice) or when a credited photo caption follows it. A lone start line is no article.
    """
    starts: list[int] = []
    header_end = -1
    for i, u in enumerate(units):
        if i <= header_end or not headline_like(u.text):
            continue
        # two stories may share a headline, so only the nearest repeat counts
        k = next((j for j in range(i + 1, min(len(units), i + WINDOW + 1)) if units[j].key == u.key), None)
        if k is not None:
            starts.append(i)
            header_end = k  # other repeats inside this article's header are captions, not new articles
        elif i + 1 < len(units) and CREDITED.match(units[i + 1].text):
            starts.append(i)
    if not starts:
        starts = [0] + [i for i, u in enumerate(units) if i and u.gap >= 2]
    elif starts[0] != 0:
        starts.insert(0, 0)  # text before the first headline: kept (as an article if it has paragraphs)
    # an article is more than its headline: a lone line between two starts stays with the text before it
    starts = [a for a, b in zip(starts, starts[1:] + [len(units) + 1], strict=True) if b - a > 1 or a == 0]
    bounds = starts + [len(units)]
    return [units[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def parse_article(seg: list[Unit]) -> Parsed:
    counts = Counter(u.key for u in seg)
    out = Parsed(line=seg[0].line)
    seen: set[str] = set()
    in_header = True
    caption_dates: list[tuple[str, DatePrecision]] = []
    for idx, u in enumerate(seg):
        if u.key in seen:
            continue  # the repeated headline, caption or paragraph: keep each once
        seen.add(u.key)
        if idx == 0 and headline_like(u.text):
            out.pieces.append(Piece("title", u.text))
            continue
        credited = CREDITED.match(u.text)
        if in_header:
            if (when := datelines.date_line(u.text)) is not None:
                out.published, out.date_source = out.published or when, "dateline"
                continue
            if (m := BYLINE.match(u.text)) and len(u.text) <= 100:
                out.author = m.group("name")
                continue
            if m := SOURCE_LINE.match(u.text):
                out.source = m.group("name").strip()
                continue
        if credited and (in_header or counts[u.key] > 1 or PHOTO_CREDIT.search(credited.group("credit"))):
            text = credited.group("text").strip()
            out.pieces.append(Piece("caption", text, credited.group("credit").strip()))
            if (when := datelines.caption_date(text)) is not None:
                caption_dates.append(when)
            continue
        if in_header and counts[u.key] == 1:  # a repeated line (a standfirst) is still the page header
            in_header = False
            when, credit = datelines.dateline(u.text)
            if when and out.published is None:
                out.published, out.date_source = when, "dateline"
            if credit and out.source is None:
                out.source = credit.strip()
        out.pieces.append(Piece("paragraph", u.text))
    if out.published is None and caption_dates:
        out.published, out.date_source = caption_dates[0], "caption"
    return out


def parse_dump(text: str) -> list[Parsed]:
    """All articles of a dump's text, in order (pure: no I/O)."""
    segments = segment(units_of(text))
    # short unpunctuated lines repeated in three or more articles are site chrome ("Most read", a newsletter box)
    spread = Counter(key for seg in segments for key in {u.key for u in seg})
    titles = {seg[0].key for seg in segments}
    chrome = {k for k, n in spread.items() if n >= 3 and len(k.split()) <= 8 and not SENTENCE_END.search(k)} - titles
    parsed = []
    for seg in segments:
        seg = [u for u in seg if u.key not in chrome]
        if seg:
            parsed.append(parse_article(seg))
    # a leading fragment without a title or paragraphs (menu text before the first headline) is chrome too
    if len(parsed) > 1 and not any(p.kind == "paragraph" for p in parsed[0].pieces):
        parsed.pop(0)
    return parsed


def read_dump(inp: Input, max_bytes: int) -> Iterator[Article | Reject]:
    data, problem = inp.read_all(max_bytes)
    if problem is not None and problem.code != "K106":
        yield problem
        return
    try:
        text, _ = decode(data)
    except UnicodeDecodeError as exc:
        yield reject("bad_encoding", inp.origin(reader="dump"), f"{inp.path}: {exc.reason}")
        return
    articles = parse_dump(text)
    if problem is not None:
        articles = articles[:-1]  # the stream broke: the last article may be cut short
    if not articles and problem is None:
        yield reject("no_text", inp.origin(reader="dump"), f"{inp.path}: no article text in the dump")
    for n, p in enumerate(articles, 1):
        origin = inp.origin(n, "dump")
        if not any(piece.kind != "title" for piece in p.pieces):
            yield reject("no_text", origin, f"{inp.path}: article {n} (line {p.line}) has a title but no text")
            continue
        yield build(p.pieces, origin, published=p.published, date_source=p.date_source, source=p.source,
                    author=p.author)  # fmt: skip
    if problem is not None:
        yield problem
