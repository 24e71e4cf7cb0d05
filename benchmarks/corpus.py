"""Corpora for the speed and scale benchmarks.

`stories()` cycles the synthetic PLOVER stories of ../shared/bench (news-like, ~200 words each), giving each
copy a distinct dateline so content hashes differ; `templated()` writes short news items from slot templates
written for khabar, for corpora of any size without any data.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

from khabar.records import Article, Block, Origin

_ACTORS = [
    ("Iraqi security forces", "Iraqi"), ("the Lebanese army", "Lebanese"), ("Syrian government troops", "Syrian"),
    ("Nigerian police", "Nigerian"), ("the Kenyan interior ministry", "Kenyan"), ("Colombian soldiers", "Colombian"),
    ("the French foreign minister", "French"), ("Indian police officers", "Indian"), ("the Turkish military", "Turkish"),
]
_TARGETS = ["ISIS fighters", "armed men", "protesters", "opposition supporters", "a rebel group", "smugglers"]
_PLACES = ["Kirkuk", "Mosul", "Beirut", "Aleppo", "Maiduguri", "Nairobi", "Cali", "Srinagar", "Diyarbakir", "Tripoli"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_TEMPLATES = [
    "{actor} launched an operation against {target} near {place} on {day}, officials said.",
    "{actor} arrested {n} people in {place} on {day} after clashes with {target}.",
    "At least {n} people were killed when {actor} opened fire on {target} in {place}.",
    "{actor} met local leaders in {place} on {day} to discuss security and reconstruction.",
    "The {demonym} government accused {target} of attacking civilians in {place} last week.",
    "{actor} said it would send more troops to {place} next month.",
    "Hundreds of people protested in {place} on {day} against rising prices, witnesses said.",
    "A spokesman said {actor} had not agreed to the ceasefire proposed in {place}.",
    "Officials in {place} said aid convoys reached {n} villages on {day}.",
    "{actor} threatened to impose sanctions if {target} did not leave {place}.",
]


def _article(i: int, title: str, body: str, published: str) -> Article:
    text = f"{title}\n\n{body}"
    blocks = [Block("title", 0, len(title))]
    pos = len(title) + 2
    for para in body.split("\n\n"):
        blocks.append(Block("paragraph", pos, pos + len(para)))
        pos += len(para) + 2
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16], text=text, title=title, blocks=blocks,
        published=published, date_precision="day", date_source="metadata", origin=Origin("corpus", i + 1, "bench"),
    )


def stories(bench_dir: Path, n: int) -> Iterator[Article]:
    """n articles from the synthetic PLOVER stories, cycled with distinct datelines."""
    with open(bench_dir / "plover_synthetic" / "stories.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["text"].strip()]
    for i in range(n):
        row = rows[i % len(rows)]
        city = _PLACES[(i // len(rows)) % len(_PLACES)]
        body = "\n\n".join(p.strip() for p in row["text"].replace("\r", "").split("\n\n") if p.strip())
        if i >= len(rows):
            body = f"{city.upper()} (copy {i // len(rows)}) - " + body
        yield _article(i, row["title"].replace("{country_1}", "the country"), body, f"2025-{1 + i % 12:02d}-15")


def templated(n: int, seed: int = 7, sentences: int = 4) -> Iterator[Article]:
    """n short templated news items (~15 words a sentence), reproducible from `seed`."""
    rng = random.Random(seed)
    for i in range(n):
        lines = []
        for _ in range(sentences):
            actor, demonym = rng.choice(_ACTORS)
            line = rng.choice(_TEMPLATES).format(
                actor=actor, demonym=demonym, target=rng.choice(_TARGETS), place=rng.choice(_PLACES),
                day=rng.choice(_DAYS), n=rng.randint(2, 60),
            )
            lines.append(line[0].upper() + line[1:])
        title = f"Report {i + 1}: events in {rng.choice(_PLACES)}"
        yield _article(i, title, " ".join(lines[:2]) + "\n\n" + " ".join(lines[2:]), f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}")


def write_jsonl(articles: Iterator[Article], path: Path) -> int:
    """Write articles as khabar JSONL input (id, title, text, published); returns the count."""
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": a.published}) + "\n")
            count += 1
    return count
