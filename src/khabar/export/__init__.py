"""Exports of stored events: pure functions from query results (`EventHit`s) to a file format.

    plover-json  PLOVER manual's JSON record (plover.py)     acled-csv  ACLED codebook columns (acled.py)
    gdelt-tsv    GDELT 2.0 event table columns (gdelt.py)   geojson    FeatureCollection of points (geojson.py)
    parquet      flat Arrow schema (flat.py)                 jsonl      one nested Event per line (flat.py)
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from khabar.errors import KhabarError
from khabar.export import acled, flat, gdelt, geojson, plover
from khabar.store.queries import EventHit


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    write: Callable[..., dict[str, int]]
    binary: bool = False
    suffix: str = ""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("plover-json", plover.write, suffix=".json"),
        Format("acled-csv", acled.write, suffix=".csv"),
        Format("gdelt-tsv", gdelt.write, suffix=".tsv"),
        Format("geojson", geojson.write, suffix=".geojson"),
        Format("parquet", flat.write_parquet, binary=True, suffix=".parquet"),
        Format("jsonl", flat.write_jsonl, suffix=".jsonl"),
    )
}


def export(fmt: str, hits: Iterable[EventHit], out: BinaryIO) -> dict[str, int]:
    """Write `hits` as `fmt` to the binary stream `out`; returns {'written': n, 'skipped': m}."""
    if fmt not in FORMATS:
        raise KhabarError("bad_option", f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    spec = FORMATS[fmt]
    if spec.binary:
        return spec.write(hits, out)
    # newline='' lets the csv module choose line endings; UTF-8 regardless of the locale
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        return spec.write(hits, text)
    finally:
        text.flush()
        text.detach()  # leave `out` open for the caller
