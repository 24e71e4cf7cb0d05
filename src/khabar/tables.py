"""khabar's data tables (`khabar/data/*.tsv`), read one way for every stage that uses them.

The country table (`countries_demonyms.tsv`: ISO3, demonyms, other names) is read by the actors stage
(country codes of mentions) and by the gazetteer (demonyms as place evidence); both take its rows from
`country_rows()`, so a row means the same thing to each.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def rows(name: str) -> list[list[str]]:
    """The rows of a tab-separated table in khabar/data, without blank and `#` comment lines."""
    with resources.files("khabar.data").joinpath(name).open(encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t") if row and not row[0].startswith("#")]


def is_acronym(word: str) -> bool:
    """"US", "U.K.", "CAR": a name, never a common word ("car", "us")."""
    return word.replace(".", "").isupper()


@dataclass(frozen=True)
class CountryRow:
    iso3: str
    demonyms: tuple[str, ...]  # in the table's order; the first country listing a demonym keeps it
    names: tuple[str, ...]  # short, former and metonymic names


def _split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split(",") if v.strip())


@lru_cache(maxsize=1)
def country_rows() -> tuple[CountryRow, ...]:
    out = []
    for row in rows("countries_demonyms.tsv"):
        iso3, demonyms, names = (row + ["", ""])[:3]
        out.append(CountryRow(iso3.strip(), _split(demonyms), _split(names)))
    return tuple(out)
