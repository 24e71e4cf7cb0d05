"""The `khabar extract` output contract: the JSON Schema matches records.py, and real output matches both."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import typing
from pathlib import Path

import jsonschema
import pytest
from record_samples import full_extraction, reject

from khabar import records
from khabar.records import to_dict
from khabar.schema import extract_schema

GOLDEN = Path(__file__).parent / "golden" / "extract_line.json"

#: schema $defs that are not a record type of their own
NOT_RECORDS = {"RejectLine"}


@pytest.fixture(scope="module")
def validator():
    schema = extract_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def record_types() -> dict[str, type]:
    return {
        name: obj
        for name, obj in vars(records).items()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == records.__name__
    }


def test_schema_defs_match_records_field_for_field():
    defs = extract_schema()["$defs"]
    types = record_types()
    assert set(types) - {"Extraction"} == set(defs) - NOT_RECORDS, "a record type and the schema's $defs differ"
    for name, cls in types.items():
        expected = [f.name for f in dataclasses.fields(cls)] + (["paragraphs"] if cls is records.Article else [])
        spec = extract_schema() if cls is records.Extraction else defs[name]
        assert list(spec["properties"]) == expected, name
        assert spec["required"] == expected, name  # to_dict always writes every field
        assert spec["additionalProperties"] is False, name


def test_literal_fields_have_the_same_values_in_the_schema():
    """Fields typed with a Literal (modality, date precision, block kind ...) list exactly its values."""
    defs = extract_schema()["$defs"]
    checked = 0
    for name, cls in record_types().items():
        if cls is records.Extraction:
            continue
        for fname, hint in typing.get_type_hints(cls).items():
            args = typing.get_args(hint)
            literal = next((a for a in (hint, *args) if typing.get_origin(a) is typing.Literal), None)
            if literal is None:
                continue
            allowed = set(typing.get_args(literal)) | ({None} if type(None) in args else set())
            assert set(defs[name]["properties"][fname]["enum"]) == allowed, f"{name}.{fname}"
            checked += 1
    assert checked >= 5


def test_every_record_with_every_field_validates(validator):
    line = to_dict(full_extraction())
    validator.validate(line)
    for kind in ("entities", "actors", "events", "quotes", "dates", "places"):
        assert line[kind], f"the sample sets no {kind}"
    reject_schema = {**extract_schema(), "$ref": "#/$defs/RejectLine"}
    for key in ("properties", "required", "additionalProperties", "type"):
        reject_schema.pop(key)
    jsonschema.Draft202012Validator(reject_schema).validate({"reject": to_dict(reject())})


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("events", 0, "modality"), "probably"),
        (("events", 0, "quad_class"), 5),
        (("events", 0, "trigger", "start"), -1),
        (("events", 0, "actors", 0, "country"), "Jordan"),
        (("events", 0, "confidence"), 1.5),
        (("article", "date_source"), "guess"),
        (("places", 0, "lat"), 123.0),
        (("quotes", 0, "direct"), "yes"),
        (("dates", 0, "type"), "WHEN"),
        (("article", "origin", "position"), 0),
    ],
)
def test_schema_rejects_bad_values(validator, path, value):
    line = copy.deepcopy(to_dict(full_extraction()))
    target = line
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(line)


def test_schema_rejects_missing_and_unknown_fields(validator):
    line = to_dict(full_extraction())
    del line["events"][0]["sentence"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(line)
    line = to_dict(full_extraction())
    line["events"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(line)


def test_golden_extract_line():
    """The exact JSON of a fully set Extraction. KHABAR_UPDATE_GOLDEN=1 rewrites it after a deliberate change."""
    line = json.loads(json.dumps(to_dict(full_extraction())))
    if os.environ.get("KHABAR_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(line, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert line == json.loads(GOLDEN.read_text(encoding="utf-8"))


def spans(value, path=""):
    """Every (path, start, end, text) in a JSON value: dicts holding start, end and text are spans."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= set(value) and isinstance(value["start"], int):
            yield path, value["start"], value["end"], value["text"]
        for key, sub in value.items():
            yield from spans(sub, f"{path}.{key}")
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from spans(sub, f"{path}[{i}]")


def test_sample_spans_are_true(validator):
    line = to_dict(full_extraction())
    found = list(spans(line))
    assert len(found) > 20
    for path, start, end, text in found:
        assert line["article"]["text"][start:end] == text, path


SMALL = (
    "Egypt's foreign minister met his Jordanian counterpart in Amman on Monday to discuss the war in Gaza, "
    "the ministry said.\n\n"
    '"We will not accept the displacement of Palestinians," the minister told reporters after the talks.\n\n'
    "Police arrested 12 protesters in Cairo on Sunday, witnesses said."
)


def test_real_extract_output_matches_schema_and_offsets(nlp, validator, tmp_path):
    """A small article through the real pipeline: valid against the schema, and every span is exact."""
    from khabar.ingest import read
    from khabar.pipeline import extract

    source = tmp_path / "small.jsonl"
    source.write_text(json.dumps({"id": "s1", "title": "Talks in Amman", "published": "2025-03-10",
                                  "text": SMALL}) + "\n", encoding="utf-8")
    articles = [a for a in read([source]) if isinstance(a, records.Article)]
    assert len(articles) == 1
    (out,) = list(extract(articles, nlp=nlp))
    assert isinstance(out, records.Extraction), out
    line = json.loads(json.dumps(to_dict(out)))
    validator.validate(line)
    text = line["article"]["text"]
    for path, start, end, span_text in spans(line):
        assert text[start:end] == span_text, path


def test_seed_extract_offsets(nlp, validator, seed_path):
    """The real scraped sample (two articles): every line valid, every span exact."""
    from khabar.ingest import read
    from khabar.pipeline import extract

    articles = [a for a in read([seed_path]) if isinstance(a, records.Article)]
    assert articles
    for out in extract(articles, nlp=nlp):
        assert isinstance(out, records.Extraction), out
        line = json.loads(json.dumps(to_dict(out)))
        validator.validate(line)
        for path, start, end, span_text in spans(line):
            assert line["article"]["text"][start:end] == span_text, path
