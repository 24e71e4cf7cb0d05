"""Records <-> table rows, driven by the dataclass fields of records.py (no per-table hand mapping).

`flatten(record)` gives `{column: value}`: a nested record becomes prefixed columns (`trigger_start`,
`location_lat`), lists and dicts become JSON text, booleans 0/1. `build(cls, row)` inverts it using the type
hints, so a stored Event comes back equal to the one written. Fields listed in `skip` (an event's actors and
recipients, which live in their own table) are left to the caller.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from functools import cache
from typing import Any

_NESTED_SEP = "_"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    """(X, True) for `X | None`; (tp, False) otherwise."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _is_record(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def _is_json(tp: Any) -> bool:
    return typing.get_origin(tp) in (list, dict)


def flatten(record: Any, skip: tuple[str, ...] = (), prefix: str = "") -> dict[str, Any]:
    """One table row for `record` (a dataclass instance)."""
    row: dict[str, Any] = {}
    for fname, kind, column, detail in _plan(type(record), prefix):
        if fname in skip:
            continue
        value = getattr(record, fname)
        if kind == "record":
            if value is None:
                row.update(dict.fromkeys(detail[2]))
            else:
                row.update(flatten(value, prefix=column))
        elif kind == "json":
            row[column] = json.dumps(_jsonable(value), ensure_ascii=False)
        elif isinstance(value, bool):
            row[column] = int(value)
        else:
            row[column] = value
    return row


def _flat_names(cls: type, prefix: str) -> list[str]:
    names = []
    for f in dataclasses.fields(cls):
        tp, _ = _unwrap_optional(_hints(cls)[f.name])
        if _is_record(tp):
            names.extend(_flat_names(tp, prefix + f.name + _NESTED_SEP))
        else:
            names.append(prefix + f.name)
    return names


def flat_names(cls: type, skip: tuple[str, ...] = ()) -> list[str]:
    """The column names `flatten` produces for records of `cls`."""
    names = []
    for f in dataclasses.fields(cls):
        if f.name in skip:
            continue
        tp, _ = _unwrap_optional(_hints(cls)[f.name])
        names.extend(_flat_names(tp, f.name + _NESTED_SEP) if _is_record(tp) else [f.name])
    return names


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@cache
def _plan(cls: type, prefix: str) -> tuple[tuple[str, str, str, Any], ...]:
    """(field, kind, column, detail) per field of `cls`, worked out once per type: reading is the hot path."""
    steps = []
    for f in dataclasses.fields(cls):
        tp, optional = _unwrap_optional(_hints(cls)[f.name])
        name = prefix + f.name
        if _is_record(tp):
            sub = name + _NESTED_SEP
            steps.append((f.name, "record", sub, (tp, optional, tuple(_flat_names(tp, sub)))))
        elif _is_json(tp):
            steps.append((f.name, "json", name, tp))
        else:
            steps.append((f.name, "bool" if tp is bool else "plain", name, None))
    return tuple(steps)


def build(cls: type, row: typing.Mapping[str, Any], prefix: str = "", **extra: Any) -> Any:
    """The record of type `cls` stored in `row` (a dict or sqlite3.Row); `extra` sets skipped fields."""
    return _build(cls, row, prefix, frozenset(row.keys()), extra)


def _build(cls: type, row: typing.Mapping[str, Any], prefix: str, keys: frozenset, extra: dict) -> Any:
    kwargs: dict[str, Any] = {}
    for fname, kind, column, detail in _plan(cls, prefix):
        if fname in extra:
            kwargs[fname] = extra[fname]
        elif kind == "record":
            tp, optional, columns = detail
            if optional and all(row[k] is None for k in columns if k in keys):
                kwargs[fname] = None
            else:
                kwargs[fname] = _build(tp, row, column, keys, {})
        elif column not in keys:
            continue  # a column this database lacks: the dataclass default applies
        elif kind == "json":
            raw = row[column]
            kwargs[fname] = from_json(detail, json.loads(raw) if raw else None)
        elif kind == "bool":
            kwargs[fname] = None if row[column] is None else bool(row[column])
        else:
            kwargs[fname] = row[column]
    return cls(**kwargs)


def from_json(tp: Any, value: Any) -> Any:
    """A JSON value (from `to_dict` or a JSON column) as the typed value `tp` describes."""
    tp, _ = _unwrap_optional(tp)
    if value is None:
        return [] if typing.get_origin(tp) is list else {} if typing.get_origin(tp) is dict else None
    if _is_record(tp):
        hints = _hints(tp)
        known = [f.name for f in dataclasses.fields(tp) if f.name in value]
        return tp(**{name: from_json(hints[name], value[name]) for name in known})
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        return [from_json(item, v) for v in value]
    return value


def first_day(value: str | None) -> dt.date | None:
    """The first calendar day of an ISO value as precise as khabar stores it (2025-06-03, 2025-06, 2025, 2025-W22)."""
    if not value:
        return None
    try:
        if "-W" in value:
            year, week = value.split("-W")
            return dt.date.fromisocalendar(int(year), int(week[:2]), 1)
        parts = value[:10].split("-")
        if len(parts) == 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        if len(parts[0]) == 4 and parts[0].isdigit():
            return dt.date(int(parts[0]), 1, 1)
    except ValueError:
        return None
    return None
