"""Flat event rows (one column per field, lists kept as lists) for Parquet and GeoJSON, and nested JSONL.

Parquet gets an explicit Arrow schema, so an export with no events still has its columns and types, and every
row's `trigger_start`/`trigger_end` and `sentence_start`/`sentence_end` point into the stored article text.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any, BinaryIO, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from khabar.export.common import coords, country_of, event_day, magnitude, place_name
from khabar.records import to_dict
from khabar.store.queries import EventHit

_STR, _INT, _FLOAT, _STRS = pa.string(), pa.int64(), pa.float64(), pa.list_(pa.string())
SCHEMA = pa.schema(
    [
        ("article_id", _STR), ("event_id", _STR), ("type", _STR), ("mode", _STR), ("context", _STRS),
        ("cameo", _STR), ("quad_class", _INT), ("acled_type", _STR), ("acled_subtype", _STR),
        ("modality", _STR), ("confidence", _FLOAT), ("date", _STR), ("date_precision", _STR),
        ("date_source", _STR), ("actors", _STRS), ("actor_countries", _STRS), ("actor_sectors", _STRS),
        ("recipients", _STRS), ("recipient_countries", _STRS), ("recipient_sectors", _STRS),
        ("location", _STR), ("location_reason", _STR), ("admin1", _STR), ("country_iso3", _STR),
        ("lat", _FLOAT), ("lon", _FLOAT), ("killed", _INT), ("injured", _INT), ("arrested", _INT),
        ("trigger", _STR), ("trigger_start", _INT), ("trigger_end", _INT),
        ("sentence", _STR), ("sentence_start", _INT), ("sentence_end", _INT),
        ("speaker_actor_id", _STR), ("quote_id", _STR),
        ("published", _STR), ("source", _STR), ("url", _STR), ("title", _STR),
    ]
)


def flat_row(hit: EventHit) -> dict[str, Any]:
    ev = hit.event
    day, precision = event_day(hit)
    lat, lon = coords(hit)
    return {
        "article_id": hit.article_id,
        "event_id": ev.id,
        "type": ev.type,
        "mode": ev.mode,
        "context": list(ev.context),
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        "acled_type": ev.acled_type,
        "acled_subtype": ev.acled_subtype,
        "modality": ev.modality,
        "confidence": ev.confidence,
        "date": ev.date.value if ev.date and ev.date.value else (day.isoformat() if day else None),
        "date_precision": precision,
        "date_source": ev.date.source if ev.date else "published",
        "actors": [r.name for r in ev.actors],
        "actor_countries": [r.country or "" for r in ev.actors],
        "actor_sectors": [r.sector or "" for r in ev.actors],
        "recipients": [r.name for r in ev.recipients],
        "recipient_countries": [r.country or "" for r in ev.recipients],
        "recipient_sectors": [r.sector or "" for r in ev.recipients],
        "location": place_name(hit) or None,
        "location_reason": ev.location.reason if ev.location else None,
        "admin1": hit.place.admin1_name if hit.place else None,
        "country_iso3": country_of(hit),
        "lat": lat,
        "lon": lon,
        "killed": magnitude(hit, "killed"),
        "injured": magnitude(hit, "injured"),
        "arrested": magnitude(hit, "arrested"),
        "trigger": ev.trigger.text,
        "trigger_start": ev.trigger.start,
        "trigger_end": ev.trigger.end,
        "sentence": ev.sentence.text,
        "sentence_start": ev.sentence.start,
        "sentence_end": ev.sentence.end,
        "speaker_actor_id": ev.speaker_actor_id,
        "quote_id": ev.quote_id,
        "published": hit.published,
        "source": hit.source,
        "url": hit.url,
        "title": hit.title,
    }


def write_parquet(hits: Iterable[EventHit], out: BinaryIO, chunk: int = 5000) -> dict[str, int]:
    """Row groups of `chunk` events; Parquet needs a seekable-free sink, so it is built in memory per export."""
    buffer = io.BytesIO()
    written = 0
    with pq.ParquetWriter(buffer, SCHEMA) as writer:
        rows: list[dict[str, Any]] = []
        for hit in hits:
            rows.append(flat_row(hit))
            if len(rows) >= chunk:
                writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
                written += len(rows)
                rows = []
        if rows or not written:
            writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
            written += len(rows)
    out.write(buffer.getvalue())
    return {"written": written, "skipped": 0}


def write_jsonl(hits: Iterable[EventHit], out: TextIO) -> dict[str, int]:
    """One JSON object per event: the full Event record plus its article's metadata and resolved place."""
    written = 0
    for hit in hits:
        line = {
            "article_id": hit.article_id,
            "published": hit.published,
            "source": hit.source,
            "url": hit.url,
            "title": hit.title,
            "event": to_dict(hit.event),
            "place": to_dict(hit.place) if hit.place else None,
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        written += 1
    return {"written": written, "skipped": 0}
