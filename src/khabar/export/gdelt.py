"""GDELT-style TSV: one row per event, the 61 columns of the GDELT 2.0 event table, tab-separated, with a header.

Filled where khabar has the field: dates (SQLDATE as YYYYMMDD, MonthYear, Year, FractionDate), actor names,
countries (ISO alpha-3, which CAMEO country codes mostly equal) and type codes (PLOVER sectors), Actor1Code as
country + sector the way CAMEO actor codes read, EventCode/EventBaseCode/EventRootCode from the CAMEO root,
QuadClass, NumMentions/NumSources/NumArticles = 1 (one article), the action's geography and SOURCEURL. Columns
khabar does not produce (GoldsteinScale, AvgTone, ethnic/religion codes, actor geography) are empty.
ActionGeo_CountryCode is the FIPS 10-4 country code GDELT uses (Iraq IZ, Lebanon LE, Germany GM), from the
ISO alpha-3 of the event's place through khabar/data/fips_countries.tsv (Palestine by part: Gaza Strip GZ,
West Bank WE); ADM1Code is that code + the GeoNames admin1 code, which GeoNames mostly takes from FIPS 10-4
itself ("IZ07"; a few countries, such as the Philippines, use national codes there). Kept deliberately:
GlobalEventID is a 60-bit hash of the article id and event id.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TextIO

import pycountry

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


@cache
def _fips_table() -> dict[str, str]:
    table = {}
    with resources.files("khabar.data").joinpath("fips_countries.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                iso3, fips = line.split("\t")[:2]
                table[iso3] = fips
    return table


def fips_code(iso3: str | None) -> str:
    """The FIPS 10-4 code of an ISO alpha-3 country ("IRQ" -> "IZ"); "" for none or an unknown code (an ISO
    code there would read as some other FIPS country: "AU" is Austria in FIPS, not Australia)."""
    return _fips_table().get((iso3 or "").upper(), "")


# FIPS 10-4 codes two ISO countries' parts as countries of their own: GeoNames admin1 -> that FIPS code
_SPLIT = {"PSE": {"GZ": "GZ", "WE": "WE"}}


def geo_fips(iso3: str | None, admin1: str | None) -> str:
    """The FIPS country of a place: its country's code, or the part's own (Gaza Strip GZ, West Bank WE)."""
    part = _SPLIT.get((iso3 or "").upper(), {}).get((admin1 or "").split(".")[-1])
    return part or fips_code(iso3)


def _iso3(iso2: str | None) -> str | None:
    country = pycountry.countries.get(alpha_2=iso2) if iso2 else None
    return country.alpha_3 if country else None


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


def _adm1(fips: str, admin1: str | None) -> str:
    """GDELT's ADM1 form, FIPS country + code ("KE05"), from a GeoNames code with or without its country."""
    if not fips:
        return ""
    return f"{fips}{admin1.split('.')[-1]}" if admin1 else fips


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
        admin1 = place.admin1_code if place is not None else None
        fips = geo_fips(country_of(hit) or _iso3(place.country_iso2 if place is not None else None), admin1)
        cols.update(
            ActionGeo_Type=_GEO_TYPE.get(level or "", 4),
            ActionGeo_FullName=", ".join(
                p for p in (place_name(hit), place.admin1_name if place else None, country_of(hit)) if p
            ),
            ActionGeo_CountryCode=fips,
            ActionGeo_ADM1Code=fips if fips in ("GZ", "WE") else _adm1(fips, admin1),
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
