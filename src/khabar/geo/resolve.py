"""Toponym resolution: pick one gazetteer record per mention, using the whole article as context.

Scores add up evidence a reader would use (weights set by hand on the geoparsing dev sets, see
benchmarks/bench_geoparsing.py):

* the article's countries: counted from unambiguous country names and demonyms ("Iraqi"), then from
  the places resolved in a first pass (a mention's own first choice is no evidence for itself); a
  candidate in a bordering country (GeoNames neighbours) gets a smaller share;
* a neighbour name: "Springfield, Illinois" / "Baabda, east of Beirut, Lebanon" restricts the first name;
* other places: a city or county inside an admin1 region the article names or holds cities of
  ("Georgia" with Atlanta is the US state), or near an unambiguous place;
* the name: a pinned alias ("Washington" -> the capital) > GeoNames' own name or khabar's alias >
  an alternate spelling; a capital's name usually means the capital (Moscow, Paris);
* the level: a cue word ("governorate", "province") asks for a region; a bare name that is both a city
  and its region (Kirkuk, Tehran) is the city; a country name is the country;
* population, as the tie-breaker it is in every geoparser.
A name with no candidate stays unresolved; a demonym given as a span ("Sudanese") stands for its country.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from khabar.geo.gazetteer import ALTERNATE, OFFICIAL, PREFERRED, GazEntry, Gazetteer, normalise, strip_admin_words

_REGIONS = ("admin1", "admin2", "other")
# "eastern Germany", "Northeast Georgia": a part of a place, resolved as the place
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest",
               "southeast", "southwest", "upper", "lower", "greater"}


@dataclass(slots=True)
class Mention:
    """A toponym candidate found in the text, before resolution."""

    start: int
    end: int
    text: str
    source: str  # text, dateline, gold (benchmarks)
    level_hint: str | None = None  # admin1 / city when a cue word says so
    next_text: str | None = None  # the name after a comma ("Springfield, Illinois")
    candidates: tuple[GazEntry, ...] = ()
    choice: GazEntry | None = None
    reason: str | None = None


@dataclass(slots=True)
class Context:
    countries: Counter[str] = field(default_factory=Counter)  # ISO2 -> evidence count
    admin1: set[str] = field(default_factory=set)  # admin1 codes named in the article
    admin1_of_places: set[str] = field(default_factory=set)  # admin1 codes of the article's cities
    neighbours: set[str] = field(default_factory=set)  # countries bordering the article's countries
    anchors: list[GazEntry] = field(default_factory=list)  # unambiguous non-country places


def candidates_for(gaz: Gazetteer, text: str) -> tuple[tuple[GazEntry, ...], str | None]:
    """Gazetteer candidates for a mention's text, and a level hint from a generic word in it."""
    found = gaz.lookup(text)
    if found:
        return found, None
    key = normalise(text)
    for prefix in ("the ", "city of ", "province of ", "state of "):
        if key.startswith(prefix):
            found = gaz.lookup(key[len(prefix):])
            if found:
                return found, "city" if prefix == "city of " else None
    stripped = strip_admin_words(key)
    if stripped and stripped != key:
        found = gaz.lookup(stripped)
        regions = tuple(e for e in found if e.level in _REGIONS)
        if regions:  # "Kirkuk governorate"; but "Douglas County" is no admin1 called Douglas
            return regions, "admin1"
        if found:
            return found, None
    words = key.split()
    if len(words) > 1 and words[0] in _DIRECTIONS:  # "eastern Germany", "northern Iraq"
        return candidates_for(gaz, " ".join(words[1:]))
    # a demonym given as a toponym span ("Sudanese", "Americans") stands for its country
    cc = gaz.demonym(text) or (gaz.demonym(text[:-1]) if text.endswith("s") else None)
    country = gaz.country(cc) if cc else None
    return ((country,), None) if country else ((), None)


def _km(a: GazEntry, b: GazEntry) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _score(m: Mention, e: GazEntry, ctx: Context, neighbour: tuple[GazEntry, ...], own: str | None) -> tuple[float, str]:
    score = 0.5 * math.log10(e.population + 1)
    why = "population"
    if e.name_kind == ALTERNATE:
        score -= 3.0
    elif e.name_kind == OFFICIAL:
        score += 0.5
    elif e.name_kind == PREFERRED:
        score += 3.0
    if e.feature_code == "PPLC":
        score += 1.5  # a capital's name usually means the capital (Moscow, Paris)
    if e.level == "country":
        score += 4.0
    elif e.level in _REGIONS:
        score += 1.0 if e.level != "admin2" else 0.5
        # a bare name that is also a city of the region (Kirkuk, Tehran) means the city
        if m.level_hint != "admin1" and any(
            c.level == "city" and c.name_kind != ALTERNATE and c.admin1_code == e.admin1_code and c.admin1_code
            for c in m.candidates
        ):
            score -= 3.0
        if e.level == "admin1" and e.admin1_code in ctx.admin1_of_places:
            score += 2.0  # "Georgia" in a story that names Atlanta
    if m.level_hint == "admin1":
        score += 5.0 if e.level in _REGIONS else -2.0
    elif m.level_hint == "city":
        score += 2.0 if e.level == "city" else -2.0
    if neighbour and any(
        (n.level == "country" and n.country_iso2 == e.country_iso2)
        or (n.level == "admin1" and n.admin1_code == e.admin1_code)
        or (n.level != "country" and n.id != e.id and _km(n, e) < 50)
        for n in neighbour
    ):
        score += 6.0
        why = "neighbour"
    # the mention's own first-pass choice is no evidence for itself
    total = sum(ctx.countries.values()) - (1 if own else 0)
    count = ctx.countries.get(e.country_iso2, 0) - (1 if own and own == e.country_iso2 else 0)
    if total > 0 and count > 0:
        share = count / total
        score += 0.5 + 4.0 * share
        why = "context_country" if why == "population" else why
    elif e.country_iso2 in ctx.neighbours:
        score += 1.0
        why = "neighbour_country" if why == "population" else why
    if e.level in ("city", "admin2") and e.admin1_code and (
        e.admin1_code in ctx.admin1 or e.admin1_code in ctx.admin1_of_places
    ):
        score += 2.0
        why = "context_admin1" if why == "population" else why
    if e.level != "country" and any(a.id != e.id and _km(a, e) < 150 for a in ctx.anchors):
        score += 1.5
        why = "near_other_places" if why == "population" else why
    if e.name_kind in (OFFICIAL, PREFERRED) and why == "population":
        why = "alias"
    return score, why


def _unambiguous(m: Mention) -> GazEntry | None:
    primary = [c for c in m.candidates if c.name_kind != ALTERNATE]
    if len(primary) == 1:
        return primary[0]
    countries = [c for c in primary if c.level == "country"]
    if len(countries) == 1 and not any(c.level == "admin1" for c in primary):  # not Georgia (US state)
        return countries[0]
    return None


def resolve(gaz: Gazetteer, mentions: list[Mention], demonyms: list[str]) -> None:
    """Choose `m.choice` for every mention in place (None when nothing fits)."""
    ctx = Context()
    for cc in demonyms:
        ctx.countries[cc] += 1
    by_text: dict[str, Mention] = {}
    for m in mentions:
        if not m.candidates:
            m.candidates, hint = candidates_for(gaz, m.text)
            m.level_hint = m.level_hint or hint
        by_text.setdefault(normalise(m.text), m)
        sure = _unambiguous(m)
        if sure is not None and sure.country_iso2:
            ctx.countries[sure.country_iso2] += 1
            if sure.level == "admin1" and sure.admin1_code:
                ctx.admin1.add(sure.admin1_code)
            elif sure.level != "country":
                ctx.anchors.append(sure)
                if sure.admin1_code:
                    ctx.admin1_of_places.add(sure.admin1_code)
    for cc in list(ctx.countries):
        ctx.neighbours |= gaz.neighbours(cc)
    # two passes: the first resolution's countries and regions become context for the second
    own: dict[int, str] = {}  # mention -> the country it chose in the first pass
    for rounds in range(2):
        chosen: Counter[str] = Counter()
        for m in mentions:
            neighbour: tuple[GazEntry, ...] = ()
            if m.next_text:
                nxt = by_text.get(normalise(m.next_text))
                neighbour = nxt.candidates if nxt else candidates_for(gaz, m.next_text)[0]
                neighbour = tuple(n for n in neighbour if n.level in ("country", "admin1") or n.name_kind != ALTERNATE)
            best, best_score, best_why = None, -math.inf, None
            for e in m.candidates:
                s, why = _score(m, e, ctx, neighbour, own.get(id(m)))
                if s > best_score:
                    best, best_score, best_why = e, s, why
            if best is not None and best.name_kind == ALTERNATE and best_score < 1.0:
                best = None  # only a weak alternate spelling: better unresolved than wrong
            m.choice, m.reason = best, (best_why if best else "no_candidate")
            if best is not None and best.country_iso2:
                chosen[best.country_iso2] += 1
                if rounds == 0:
                    own[id(m)] = best.country_iso2
                if best.level == "admin1" and best.admin1_code:
                    ctx.admin1.add(best.admin1_code)
                elif best.level == "city" and best.admin1_code and best.population < 1_000_000:
                    ctx.admin1_of_places.add(best.admin1_code)
        if rounds == 0:
            ctx.countries.update(chosen)
            for cc in list(ctx.countries):
                ctx.neighbours |= gaz.neighbours(cc)
