"""ACLED-style CSV: one row per event that has an ACLED event type, columns named as ACLED's codebook names them.

ACLED codes political violence, demonstrations and strategic developments only, so events without an
`acled_type` (talks, agreements, ...) are left out; `skipped` in the result says how many. Codes follow the
codebook: `time_precision` 1 day / 2 week / 3 month or coarser; `geo_precision` 1 town / 2 region part /
3 province or country; `inter1`/`inter2` are the numeric actor types (1 state forces, 2 rebels, 3 political
militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other), mapped from khabar's
PLOVER sector codes; `interaction` joins the two, lower first. `iso` is the ISO 3166 numeric code. Three
trailing `khabar_*` columns keep every row traceable to its article and sentence.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from khabar.export.common import (
    coords,
    country_name,
    country_numeric,
    country_of,
    event_day,
    global_id,
    magnitude,
    place_name,
)
from khabar.records import ActorRef
from khabar.store.queries import EventHit

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp", "khabar_article_id", "khabar_event_id", "khabar_url",
)

_INTER = {
    "GOV": 1, "MIL": 1, "COP": 1, "JUD": 1, "SPY": 1, "LEG": 1,
    "REB": 2, "INS": 2, "UAF": 3, "ETH": 4, "REL": 4,
    "RIO": 5, "PRO": 6, "OPP": 6, "CVL": 7, "JRN": 7, "EDU": 7, "BUS": 7, "IGO": 8, "NGO": 8,
}
_TIME_PRECISION = {"day": 1, "time": 1, "week": 2}
_GEO_PRECISION = {"city": 1, "other": 1, "admin1": 3, "country": 3}


def disorder_type(event_type: str) -> str:
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def _inter(refs: list[ActorRef]) -> int | str:
    return _INTER.get(refs[0].sector or "", "") if refs else ""


def row(hit: EventHit) -> dict[str, object]:
    ev = hit.event
    day, precision = event_day(hit)
    lat, lon = coords(hit)
    iso3 = country_of(hit)
    inter1, inter2 = _inter(ev.actors), _inter(ev.recipients)
    codes = sorted(c for c in (inter1, inter2) if c != "")
    level = hit.place.level if hit.place is not None else None
    return {
        "event_id_cnty": global_id(hit),
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": _TIME_PRECISION.get(precision or "", 3),
        "disorder_type": disorder_type(ev.acled_type or ""),
        "event_type": ev.acled_type or "",
        "sub_event_type": ev.acled_subtype or "",
        "actor1": ev.actors[0].name if ev.actors else "",
        "assoc_actor_1": "; ".join(r.name for r in ev.actors[1:]),
        "inter1": inter1,
        "actor2": ev.recipients[0].name if ev.recipients else "",
        "assoc_actor_2": "; ".join(r.name for r in ev.recipients[1:]),
        "inter2": inter2,
        "interaction": int(f"{codes[0]}{codes[1] if len(codes) > 1 else 0}") if codes else "",  # sole actor: X0
        "civilian_targeting": "Civilian targeting" if ev.acled_type == "Violence against civilians" else "",
        "iso": country_numeric(iso3),
        "region": "",
        "country": country_name(iso3),
        "admin1": (hit.place.admin1_name or "") if hit.place else "",
        "admin2": "",
        "admin3": "",
        "location": place_name(hit),
        "latitude": "" if lat is None else lat,
        "longitude": "" if lon is None else lon,
        "geo_precision": _GEO_PRECISION.get(level or "", 3) if lat is not None else "",
        "source": hit.source or "",
        "source_scale": "",
        "notes": ev.sentence.text,
        "fatalities": magnitude(hit, "killed"),
        "tags": "; ".join(f"{k}={v}" for k, v in sorted(ev.magnitude.items()) if k != "killed"),
        "timestamp": "",
        "khabar_article_id": hit.article_id,
        "khabar_event_id": ev.id,
        "khabar_url": hit.url or "",
    }


def write(hits: Iterable[EventHit], out: TextIO) -> dict[str, int]:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = skipped = 0
    for hit in hits:
        if not hit.event.acled_type:
            skipped += 1
            continue
        writer.writerow(row(hit))
        written += 1
    return {"written": written, "skipped": skipped}
