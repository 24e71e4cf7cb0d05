"""GeoJSON: a FeatureCollection with one Point feature per located event (RFC 7946: [longitude, latitude]).

Events without coordinates are left out (`skipped` says how many); properties are the flat event row that the
Parquet and JSONL exports share, so a map layer and a table agree column for column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from khabar.export.common import coords
from khabar.export.flat import flat_row
from khabar.store.queries import EventHit


def feature(hit: EventHit) -> dict[str, Any] | None:
    lat, lon = coords(hit)
    if lat is None or lon is None:
        return None
    return {
        "type": "Feature",
        "id": f"{hit.article_id}-{hit.event.id}",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": flat_row(hit),
    }


def write(hits: Iterable[EventHit], out: TextIO) -> dict[str, int]:
    written = skipped = 0
    out.write('{"type": "FeatureCollection", "features": [')
    for hit in hits:
        feat = feature(hit)
        if feat is None:
            skipped += 1
            continue
        out.write(",\n" if written else "\n")
        out.write(json.dumps(feat, ensure_ascii=False))
        written += 1
    out.write("\n]}\n")
    return {"written": written, "skipped": skipped}
