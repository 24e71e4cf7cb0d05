"""Helpers the exporters share: one calendar day for an event, country names, the place an event happened."""

from __future__ import annotations

import datetime as dt

import pycountry

from khabar.store.codec import first_day
from khabar.store.queries import EventHit


def event_day(hit: EventHit) -> tuple[dt.date | None, str | None]:
    """(day, precision): the event's own date, else the article's publication date (as khabar flags it)."""
    date = hit.event.date
    if date is not None and first_day(date.value) is not None:
        return first_day(date.value), date.precision
    published = first_day(hit.published)
    return published, ("day" if published and len(hit.published or "") >= 10 else "month" if published else None)


def country_name(iso3: str | None) -> str:
    if not iso3:
        return ""
    country = pycountry.countries.get(alpha_3=iso3)
    return country.name if country else iso3


def country_numeric(iso3: str | None) -> str:
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return str(int(country.numeric)) if country else ""


def coords(hit: EventHit) -> tuple[float | None, float | None]:
    """Latitude, longitude of the event: its location's, else its resolved place's."""
    loc = hit.event.location
    if loc is not None and loc.lat is not None and loc.lon is not None:
        return loc.lat, loc.lon
    if hit.place is not None and hit.place.lat is not None and hit.place.lon is not None:
        return hit.place.lat, hit.place.lon
    return None, None


def country_of(hit: EventHit) -> str | None:
    loc = hit.event.location
    if loc is not None and loc.country_iso3:
        return loc.country_iso3
    return hit.place.country_iso3 if hit.place else None


def place_name(hit: EventHit) -> str:
    if hit.place is not None and hit.place.name:
        return hit.place.name
    loc = hit.event.location
    return (loc.text or "") if loc is not None else ""


def magnitude(hit: EventHit, key: str) -> int:
    return int(hit.event.magnitude.get(key, 0) or 0)


def global_id(hit: EventHit) -> str:
    """A data-set-wide id: article content hash + the event's id in it."""
    return f"{hit.article_id}-{hit.event.id}"
