"""PLOVER JSON: a JSON array with one record per event, using the field names of the PLOVER manual's
"PLOVER JSON" table (id, date, source, recipient, event, event_loc, event_text, quad_code, mode, context,
text, text_info, cite_info, coder, coded_date) and its actor (code, sector, actor_text, identifier_text),
location (GeoNames field names plus cc3) and size (dead, injured, arrested) objects.

khabar's modality goes where PLOVER puts it, into `context` ("historical", "future", "hypothetical",
"negation"); `event_type` repeats the single category for readers expecting the POLECAT-style name, and a
`khabar` object keeps confidence, CAMEO root, ACLED type and character offsets.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, TextIO

from khabar import __version__
from khabar.export.common import country_of, event_day, global_id
from khabar.records import ActorRef
from khabar.store.queries import EventHit

_MODALITY_CONTEXT = {
    "negated": "negation",
    "hypothetical": "hypothetical",
    "future": "future",
    "historical": "historical",
    "alleged": "alleged",
}


def _actor(ref: ActorRef) -> dict[str, Any]:
    return {
        "code": ref.country,
        "sector": ref.sector,
        "actor_text": ref.text,
        "identifier_text": ref.name,
        "start": ref.start,
        "end": ref.end,
    }


def _location(hit: EventHit) -> dict[str, Any] | None:
    loc, place = hit.event.location, hit.place
    if place is not None:
        return {
            "geonameid": place.geonameid,
            "name": place.name or place.text,
            "latitude": place.lat,
            "longitude": place.lon,
            "feature class": place.feature_class,
            "feature code": place.feature_code,
            "country code": place.country_iso2,
            "cc3": place.country_iso3,
            "admin1 code": place.admin1_code,
            "population": place.population,
        }
    if loc is not None and (loc.text or loc.lat is not None):
        return {"name": loc.text, "latitude": loc.lat, "longitude": loc.lon, "cc3": loc.country_iso3}
    return None


def record(hit: EventHit, coded: dt.date) -> dict[str, Any]:
    ev = hit.event
    day, precision = event_day(hit)
    context = list(ev.context)
    extra = _MODALITY_CONTEXT.get(ev.modality)
    if extra and extra not in context:
        context.append(extra)
    rec: dict[str, Any] = {
        "id": global_id(hit),
        "has_event": True,
        "date": day.isoformat() if day else None,
        "source": [_actor(r) for r in ev.actors],
        "recipient": [_actor(r) for r in ev.recipients],
        "event": [ev.type],
        "event_type": ev.type,
        "event_loc": _location(hit),
        "event_text": [ev.trigger.text],
        "quad_code": ev.quad_class,
        "mode": [ev.mode] if ev.mode else [],
        "context": context,
        "text": ev.sentence.text,
        "text_info": {"start": ev.sentence.start, "end": ev.sentence.end},
        "cite_info": {
            "url": hit.url,
            "title": hit.title,
            "publication": hit.source,
            "coder": f"khabar {__version__}",
            "codebook": "plover-2.0",
        },
        "coder": "khabar",
        "coded_date": coded.isoformat(),
        "khabar": {
            "article_id": hit.article_id,
            "event_id": ev.id,
            "date_precision": precision,
            "date_source": ev.date.source if ev.date else "published",
            "country": country_of(hit),
            "modality": ev.modality,
            "confidence": ev.confidence,
            "cameo": ev.cameo,
            "acled_type": ev.acled_type,
            "acled_subtype": ev.acled_subtype,
            "trigger": {"start": ev.trigger.start, "end": ev.trigger.end},
        },
    }
    for ours, theirs in (("killed", "dead"), ("injured", "injured"), ("arrested", "arrested")):
        if ours in ev.magnitude:
            rec[theirs] = ev.magnitude[ours]
    return rec


def write(hits: Iterable[EventHit], out: TextIO, coded: dt.date | None = None) -> dict[str, int]:
    """Stream the array: records are written one by one, never all held in memory."""
    coded = coded or dt.datetime.now(dt.UTC).date()
    written = 0
    out.write("[")
    for hit in hits:
        out.write(",\n" if written else "\n")
        out.write(json.dumps(record(hit, coded), ensure_ascii=False))
        written += 1
    out.write("\n]\n" if written else "]\n")
    return {"written": written, "skipped": 0}
