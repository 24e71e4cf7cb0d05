"""Work units for khabar.scale: the client lists them without reading the input, the workers read them.

The client walks the inputs as `khabar.ingest.read` does (`expand`: folders by file type, globs sorted) but only
`stat`s the files. A JSONL file larger than the partition size is cut into byte ranges on line boundaries by
`dask.bytes.read_bytes` (delimiter b"\\n"; the bytes of a range are read by the task that needs them, on a
worker); every other file is one unit, read whole by `khabar.ingest.read_file` on a worker. Then:

1. line numbers: a JSONL origin (and a bad line's reject) carries its line number in the whole file, so before
   extraction the workers count the newlines of each range but the last (`count_lines`, a quick pass over the
   bytes that keeps nothing) and the client adds the counts up into each range's first line number;
2. partitions: units are packed in input order into partitions of about `total bytes / partitions` (a range
   is one partition of its own, files are grouped up to that size), one part file each; a range is never
   longer than `blocksize`, so a huge input gives more partitions than asked for, never bigger ones.

What stays on the client grows with the number of files and ranges (their paths and offsets), not with
their content.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from khabar.errors import KhabarError
from khabar.ingest import read_block, read_file
from khabar.ingest.sources import expand, kind_from_name
from khabar.records import Article, Reject

DEFAULT_BLOCKSIZE = 64 * 2**20  # the longest byte range one task reads (dask.bag.read_text uses 64-128 MiB)
DELIMITER = b"\n"  # what read_jsonl splits lines on (readline)
SLACK = 1.05  # a partition may run this much over its share before a new one starts (block sizes are rounded)


@dataclass(frozen=True, slots=True)
class FileUnit:
    """A whole file: `label` is the path as the user gave it (shown in origins), `path` the one workers open."""

    label: str
    path: str
    size: int


@dataclass(frozen=True, slots=True)
class RangeUnit:
    """Lines of a JSONL file: the `index`-th byte range (its bytes come with the task, from read_bytes)."""

    label: str
    path: str
    size: int  # nominal: the range's share of the file before it is moved to line boundaries
    index: int
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class Listed:
    """A reject found while listing (no such path, unknown file type): passed on as it is."""

    reject: Reject
    size: int = 0


Unit = FileUnit | RangeUnit | Listed


@dataclass(slots=True)
class Plan:
    """Partitions of units, and the delayed bytes of each partition's ranges (in its RangeUnits' order)."""

    partitions: list[list[Unit]]
    blocks: list[list[Any]]


def parse_blocksize(blocksize: int | str) -> int:
    """Bytes from an int or a size string like "64 MiB" or "1MB" (dask's parse_bytes)."""
    from dask.utils import parse_bytes

    try:
        value = parse_bytes(blocksize) if isinstance(blocksize, str) else blocksize
    except (ValueError, TypeError) as exc:
        raise KhabarError("bad_option", f"blocksize {blocksize!r}: {exc}") from exc
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise KhabarError("bad_option", f"blocksize must be a positive number of bytes, not {blocksize!r}")
    return value


def list_files(inputs: Iterable[str | os.PathLike[str]]) -> list[Unit]:
    """Every file the inputs name, as `read` would take them, with its size on disk; nothing is opened."""
    units: list[Unit] = []
    for item in expand(inputs):
        if isinstance(item, Reject):
            units.append(Listed(item))
            continue
        if item == "-":
            raise KhabarError("bad_option", "Dask workers read files and folders, not - (stdin)")
        label = str(item)
        try:
            size = os.stat(label).st_size
        except OSError:
            size = 0  # the worker's open gives the reject, with the same message `read` gives
        units.append(FileUnit(label, os.path.abspath(label), size))
    return units


def splittable(unit: Unit, share: float) -> bool:
    """A JSONL file by name, not compressed, bigger than a partition's share. (The worker still sniffs it: one
    that is not JSONL inside is read whole by its first range.) HTML and feeds are one document; a dump is
    segmented on its whole text (repeated headlines, chrome repeated across articles), so it is never cut."""
    return (
        isinstance(unit, FileUnit) and unit.size > share and kind_from_name(unit.label) == "jsonl"
        and not unit.label.lower().endswith(".gz")
    )


def byte_ranges(unit: FileUnit, blocksize: int) -> tuple[list[RangeUnit], list[Any]] | None:
    """The file's ranges and their delayed bytes, from dask.bytes.read_bytes; None if it cannot split it."""
    from dask.bytes import read_bytes

    # escaped: read_bytes expands glob characters even in a list of paths ("a[1].jsonl" would match "a1.jsonl")
    _, blocks, paths = read_bytes(
        [glob.escape(unit.path)], delimiter=DELIMITER, blocksize=blocksize, sample=False, include_path=True
    )
    if len(blocks) != 1 or len(blocks[0]) < 2 or os.path.abspath(paths[0]) != unit.path:
        return None
    n = len(blocks[0])
    return [RangeUnit(unit.label, unit.path, unit.size / n, i) for i in range(n)], blocks[0]


def count_lines(data: bytes) -> int:
    """The newlines in one range: the line numbers of the ranges after it start that much later."""
    return data.count(DELIMITER)


def plan(inputs: Iterable[str | os.PathLike[str]], partitions: int, blocksize: int, compute: Any) -> Plan:
    """List the units and pack them into partitions. `compute(*delayed)` runs the line count on the workers."""
    from dask import delayed

    files = list_files(inputs)
    total = sum(u.size for u in files)
    share = min(float(blocksize), total / partitions)
    units: list[Unit] = []
    blocks: dict[tuple[str, int], Any] = {}
    counted: list[tuple[RangeUnit, Any]] = []
    for unit in files:
        # a file that cannot be read is left whole: its worker gives the reject `read` gives (K101), where a
        # failed range read would fail the whole computation
        ok = splittable(unit, share) and os.access(unit.path, os.R_OK)  # type: ignore[union-attr]
        split = byte_ranges(unit, max(1, int(share))) if ok else None  # type: ignore[arg-type]
        if split is None:
            units.append(unit)
            continue
        ranges, delayed_bytes = split
        units.extend(ranges)
        blocks.update({(r.path, r.index): b for r, b in zip(ranges, delayed_bytes, strict=True)})
        counted.extend(zip(ranges[:-1], delayed_bytes[:-1], strict=True))
    counts = compute(*[delayed(count_lines)(b) for _, b in counted]) if counted else ()
    starts: dict[tuple[str, int], int] = {}
    for (r, _), n in zip(counted, counts, strict=True):
        starts[(r.path, r.index + 1)] = starts.get((r.path, r.index), 1) + n
    units = [
        RangeUnit(u.label, u.path, u.size, u.index, starts.get((u.path, u.index), 1)) if isinstance(u, RangeUnit)
        else u
        for u in units
    ]
    parts = pack(units, share)
    return Plan(parts, [[blocks[(u.path, u.index)] for u in p if isinstance(u, RangeUnit)] for p in parts])


def pack(units: Sequence[Unit], share: float) -> list[list[Unit]]:
    """Consecutive units into partitions of about `share` bytes (a unit is never split here)."""
    parts: list[list[Unit]] = []
    current: list[Unit] = []
    size = 0.0
    for unit in units:
        if current and size + unit.size > share * SLACK:
            parts.append(current)
            current, size = [], 0.0
        current.append(unit)
        size += unit.size
    if current:
        parts.append(current)
    return parts


def read_units(units: Sequence[Unit], blocks: Sequence[bytes], max_bytes: int) -> Iterator[Article | Reject]:
    """On a worker: the records of a partition's units, in order, as `khabar.ingest.read` gives them."""
    data = iter(blocks)
    for unit in units:
        if isinstance(unit, Listed):
            yield unit.reject
        elif isinstance(unit, FileUnit):
            yield from read_file(unit.path, label=unit.label, max_bytes=max_bytes)
        else:
            yield from read_block(
                unit.path, next(data), first_line=unit.first_line, first=unit.index == 0, label=unit.label,
                max_bytes=max_bytes,
            )
