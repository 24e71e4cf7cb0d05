"""JSON Schemas of khabar's outputs. `extract.schema.json` describes one line of `khabar extract`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def extract_schema() -> dict[str, Any]:
    """The draft 2020-12 schema of one `khabar extract` stdout line (records.Extraction via to_dict)."""
    return json.loads(resources.files(__package__).joinpath("extract.schema.json").read_text(encoding="utf-8"))
