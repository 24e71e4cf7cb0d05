"""GDELT-style TSV: one row per event, the 61 columns of the GDELT 2.0 event table, tab-separated, with a header.

Filled where khabar has the field: dates (SQLDATE as YYYYMMDD, MonthYear, Year, FractionDate), actor names,
countries (ISO alpha-3, which CAMEO country codes mostly equal) and type codes (PLOVER sectors), Actor1Code as
country + sector the way CAMEO actor codes read, EventCode/EventBaseCode/EventRootCode from the CAMEO root,
QuadClass, NumMentions/NumSources/NumArticles = 1 (one article), the action's geography and SOURCEURL. Columns
khabar does not produce (GoldsteinScale, AvgTone, ethnic/religion codes, actor geography) are empty.
Differences from GDELT, kept deliberately: ActionGeo_CountryCode is ISO alpha-2 (GDELT uses FIPS 10-4), ADM1
codes are ISO2 + GeoNames admin1 code, and GlobalEventID is a 60-bit hash of the article id and event id.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TextIO

from khabar.export.common import coords, country_of, event_day, global_id, place_name
from khabar.records import ActorRef
from khabar.store.queries import EventHit

_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
    "Type1Code", "Type2Code", "Type3Code",
)
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS = (
    "GlobalEventID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
_GEO_TYPE = {"country": 1, "admin1": 5, "city": 4, "other": 4}


def numeric_id(hit: EventHit) -> int:
    return int(hashlib.sha256(global_id(hit).encode()).hexdigest()[:15], 16)


def _actor(prefix: str, refs: list[ActorRef]) -> dict[str, object]:
    cols: dict[str, object] = {f"{prefix}{f}": "" for f in _ACTOR_FIELDS}
    if refs:
        ref = refs[0]
        cols[f"{prefix}Code"] = f"{ref.country or ''}{ref.sector or ''}"
        cols[f"{prefix}Name"] = ref.name.upper()  # GDELT writes actor names in capitals
        cols[f"{prefix}CountryCode"] = ref.country or ""
        cols[f"{prefix}Type1Code"] = ref.sector or ""
    return cols


def _adm1(iso2: str, admin1: str | None) -> str:
    """GDELT's ADM1 form, country + code ("KE05"), from a GeoNames code with or without its country ("KE.05")."""
    return f"{iso2}{admin1.split('.')[-1]}" if admin1 else iso2


def row(hit: EventHit, added: dt.datetime) -> dict[str, object]:
    ev = hit.event
    day, _ = event_day(hit)
    lat, lon = coords(hit)
    place = hit.place
    cameo = ev.cameo or ""
    cols: dict[str, object] = {c: "" for c in COLUMNS}
    cols.update(_actor("Actor1", ev.actors))
    cols.update(_actor("Actor2", ev.recipients))
    cols.update(
        GlobalEventID=numeric_id(hit),
        SQLDATE=day.strftime("%Y%m%d") if day else "",
        MonthYear=day.strftime("%Y%m") if day else "",
        Year=day.year if day else "",
        FractionDate=round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else "",
        EventCode=cameo,
        EventBaseCode=cameo[:3],
        EventRootCode=cameo[:2],
        QuadClass=ev.quad_class or "",
        NumMentions=1,
        NumSources=1,
        NumArticles=1,
        DATEADDED=added.strftime("%Y%m%d%H%M%S"),
        SOURCEURL=hit.url or "",
    )
    if lat is not None:
        level = place.level if place is not None else None
        iso2 = place.country_iso2 if place is not None and place.country_iso2 else ""
        cols.update(
            ActionGeo_Type=_GEO_TYPE.get(level or "", 4),
            ActionGeo_FullName=", ".join(
                p for p in (place_name(hit), place.admin1_name if place else None, country_of(hit)) if p
            ),
            ActionGeo_CountryCode=iso2,
            ActionGeo_ADM1Code=_adm1(iso2, place.admin1_code if place is not None else None),
            ActionGeo_Lat=lat,
            ActionGeo_Long=lon,
            ActionGeo_FeatureID=place.geonameid if place is not None and place.geonameid else "",
        )
    return cols


def write(hits: Iterable[EventHit], out: TextIO, added: dt.datetime | None = None) -> dict[str, int]:
    added = added or dt.datetime.now(dt.UTC)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    written = 0
    for hit in hits:
        writer.writerow(row(hit, added))
        written += 1
    return {"written": written, "skipped": 0}
