"""Every export format, written from the store and parsed back with its own reader (csv, json, pyarrow)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pyarrow.parquet as pq
import pytest
from record_samples import full_extraction

from khabar.errors import KhabarError
from khabar.export import FORMATS, acled, export, flat, gdelt
from khabar.records import Event
from khabar.store import EventFilter, connect, iter_events, write_batch
from khabar.store.codec import first_day, from_json


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    conn = connect(tmp_path_factory.mktemp("export") / "k.db")
    ex = full_extraction()
    write_batch(conn, [ex])
    yield conn, ex
    conn.close()


def run_export(conn, fmt: str, flt: EventFilter | None = None) -> tuple[bytes, dict]:
    out = io.BytesIO()
    stats = export(fmt, iter_events(conn, flt or EventFilter(limit=None)), out)
    return out.getvalue(), stats


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-03", dt.date(2025, 6, 3)),
        ("2025-06", dt.date(2025, 6, 1)),
        ("2025", dt.date(2025, 1, 1)),
        ("2025-W22", dt.date(2025, 5, 26)),
        ("2025-06-03T10:00", dt.date(2025, 6, 3)),
        ("199X", None),
        ("P3D", None),
        (None, None),
        ("2025-13-01", None),
    ],
)
def test_first_day(value, expected):
    assert first_day(value) == expected


def test_acled_csv(store):
    conn, ex = store
    data, stats = run_export(conn, "acled-csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert stats == {"written": 1, "skipped": 1}  # the CONSULT event has no ACLED type
    assert list(rows[0]) == list(acled.COLUMNS)
    row = rows[0]
    assert row["event_date"] == "2025-05-26" and row["year"] == "2025" and row["time_precision"] == "2"
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == (
        "Strategic developments", "Arrests", "Strategic developments",
    )
    assert row["actor1"] == "Jordanian police" and row["inter1"] == "1" and row["actor2"] == ""
    assert row["interaction"] == "10"  # a sole state-forces actor
    assert (row["country"], row["iso"], row["admin1"], row["location"]) == ("Jordan", "400", "Irbid", "Ar Ramtha")
    assert float(row["latitude"]) == pytest.approx(32.5592) and row["geo_precision"] == "1"
    assert row["fatalities"] == "0" and "arrested=3" in row["tags"]
    assert row["notes"] == ex.events[1].sentence.text and row["source"] == "Example Daily"


def test_gdelt_tsv(store):
    conn, ex = store
    data, stats = run_export(conn, "gdelt-tsv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter="\t"))
    assert stats["written"] == 2 and len(gdelt.COLUMNS) == 61
    assert list(rows[0]) == list(gdelt.COLUMNS)
    consult = next(r for r in rows if r["EventRootCode"] == "04")
    assert consult["SQLDATE"] == "20250602" and consult["MonthYear"] == "202506" and consult["Year"] == "2025"
    assert consult["Actor1Name"] == "AYMAN SAFADI" and consult["Actor1Code"] == "JORGOV"
    assert consult["Actor2CountryCode"] == "SYR" and consult["QuadClass"] == "1"
    assert consult["ActionGeo_Type"] == "4" and consult["ActionGeo_FeatureID"] == "250441"
    assert consult["ActionGeo_CountryCode"] == "JO" and consult["ActionGeo_ADM1Code"] == "JO11"
    assert float(consult["ActionGeo_Lat"]) == pytest.approx(31.95522)
    assert consult["SOURCEURL"] == ex.article.url
    assert consult["GlobalEventID"].isdigit() and len({r["GlobalEventID"] for r in rows}) == 2


def test_plover_json(store):
    conn, ex = store
    data, _ = run_export(conn, "plover-json")
    records = json.loads(data)
    assert len(records) == 2
    by_type = {r["event"][0]: r for r in records}
    consult, coerce = by_type["CONSULT"], by_type["COERCE"]
    for rec in records:
        assert {"id", "date", "source", "recipient", "event", "event_loc", "mode", "context", "quad_code"} <= set(rec)
    assert consult["date"] == "2025-06-02" and consult["mode"] == ["visit"] and consult["quad_code"] == 1
    assert consult["source"][0]["code"] == "JOR" and consult["source"][0]["sector"] == "GOV"
    assert consult["recipient"][0]["actor_text"] == "Syrian"
    assert consult["event_loc"]["geonameid"] == 250441 and consult["event_loc"]["cc3"] == "JOR"
    assert "historical" in coerce["context"] and coerce["arrested"] == 3 and coerce["injured"] == 1
    assert "dead" not in coerce
    start, end = coerce["text_info"]["start"], coerce["text_info"]["end"]
    assert ex.article.text[start:end] == coerce["text"]


def test_geojson(store):
    conn, _ = store
    data, stats = run_export(conn, "geojson")
    doc = json.loads(data)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 2 and stats["skipped"] == 0
    amman = next(f for f in doc["features"] if f["properties"]["type"] == "CONSULT")
    assert amman["geometry"] == {"type": "Point", "coordinates": [35.94503, 31.95522]}  # lon, lat
    assert amman["properties"]["location"] == "Amman"


def test_parquet(store):
    conn, ex = store
    data, _ = run_export(conn, "parquet")
    table = pq.read_table(io.BytesIO(data))
    assert table.schema.equals(flat.SCHEMA) and table.num_rows == 2
    for row in table.to_pylist():
        assert ex.article.text[row["trigger_start"] : row["trigger_end"]] == row["trigger"]
        assert ex.article.text[row["sentence_start"] : row["sentence_end"]] == row["sentence"]
    coerce = next(r for r in table.to_pylist() if r["type"] == "COERCE")
    assert coerce["arrested"] == 3 and coerce["actors"] == ["Jordanian police"] and coerce["context"] == ["crime"]


def test_jsonl_round_trips_events(store):
    conn, ex = store
    data, _ = run_export(conn, "jsonl")
    lines = [json.loads(line) for line in data.decode().splitlines()]
    events = {line["event"]["id"]: from_json(Event, line["event"]) for line in lines}
    assert events == {e.id: e for e in ex.events}
    assert all(line["article_id"] == ex.article.id for line in lines)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_empty_exports_still_parse(store, fmt):
    conn, _ = store
    data, stats = run_export(conn, fmt, EventFilter(type="PROTEST", limit=None))
    assert stats["written"] == 0
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(data)).num_rows == 0
    elif fmt in ("plover-json", "geojson"):
        parsed = json.loads(data)
        assert parsed == [] or parsed["features"] == []
    elif fmt == "jsonl":
        assert data == b""
    else:
        assert len(list(csv.reader(io.StringIO(data.decode()), delimiter="\t" if "tsv" in fmt else ","))) == 1


def test_filters_reach_the_export(store):
    conn, _ = store
    data, _ = run_export(conn, "jsonl", EventFilter(actor="police", limit=None))
    assert [json.loads(line)["event"]["type"] for line in data.decode().splitlines()] == ["COERCE"]


def test_unknown_format_is_a_bad_option(store):
    conn, _ = store
    with pytest.raises(KhabarError, match="K900"):
        run_export(conn, "xml")


@pytest.mark.parametrize(
    ("iso3", "fips"),
    [
        ("IRQ", "IZ"), ("LBN", "LE"), ("DEU", "GM"), ("GBR", "UK"), ("AUS", "AS"), ("AUT", "AU"), ("JOR", "JO"),
        ("ISR", "IS"), ("PSE", "WE"), ("SYR", "SY"), ("RUS", "RS"), ("UKR", "UP"), ("CHN", "CH"), ("XKX", "KV"),
        ("SSD", "OD"), ("COD", "CG"), ("COG", "CF"), ("irq", "IZ"), (None, ""), ("ZZZ", ""),
    ],
)
def test_fips_codes(iso3, fips):
    assert gdelt.fips_code(iso3) == fips


@pytest.mark.parametrize(
    ("iso3", "admin1", "fips"),
    [("PSE", "PS.GZ", "GZ"), ("PSE", "WE", "WE"), ("PSE", None, "WE"), ("IRQ", "IQ.07", "IZ"), (None, "GZ", "")],
)
def test_fips_splits_palestine_as_fips_does(iso3, admin1, fips):
    assert gdelt.geo_fips(iso3, admin1) == fips


def test_fips_table_covers_every_iso_country():
    import pycountry

    table = gdelt._fips_table()
    assert {c.alpha_3 for c in pycountry.countries} <= set(table)
    assert all(len(code) == 2 and code.isalpha() and code.isupper() for code in table.values())
    # distinct countries keep distinct codes (only territories filed under their sovereign share one)
    sovereign = [code for iso3, code in table.items() if iso3 not in {"ALA", "BES"}]
    assert len(sovereign) == len(set(sovereign))


def test_gdelt_geo_codes_are_fips(tmp_path):
    """An event in Iraq: ActionGeo_CountryCode IZ (ISO would say IQ) and a FIPS-prefixed ADM1 code."""
    import dataclasses

    ex = full_extraction()
    ex.places = [dataclasses.replace(p, country_iso2="IQ", country_iso3="IRQ", admin1_code="IQ.07") for p in ex.places]
    ex.events = [dataclasses.replace(e, location=dataclasses.replace(e.location, country_iso3="IRQ")) for e in ex.events]
    conn = connect(tmp_path / "k.db")
    write_batch(conn, [ex])
    data, _ = run_export(conn, "gdelt-tsv")
    conn.close()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter="\t"))
    assert {(r["ActionGeo_CountryCode"], r["ActionGeo_ADM1Code"]) for r in rows} == {("IZ", "IZ07")}


def test_every_modality_but_asserted_has_a_plover_context():
    # a modality added to records.Modality must show in PLOVER's context, or an export reader takes it as done
    from typing import get_args

    from khabar.export.plover import _MODALITY_CONTEXT
    from khabar.records import Modality

    assert set(_MODALITY_CONTEXT) == set(get_args(Modality)) - {"asserted"}
