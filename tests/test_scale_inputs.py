"""Work units for Dask (khabar.scale_inputs, khabar.ingest.read_block): a file cut into byte ranges on line
boundaries, each range read on its own, gives exactly what `khabar.ingest.read` gives for the whole file, line
numbers included, wherever the cuts fall. Run with dask's synchronous scheduler: no cluster needed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from khabar.errors import KhabarError
from khabar.ingest import read
from khabar.records import Article, Reject

dask = pytest.importorskip("dask")

from khabar.scale_inputs import FileUnit, Listed, RangeUnit, pack, parse_blocksize, plan, read_units  # noqa: E402

WIDTH = 128  # every line of the test file is padded to this many bytes, so a cut can be put exactly anywhere
STORIES = [
    "Farmers blocked a motorway near Lyon on Monday to protest against fuel taxes.",
    "The central bank of Peru raised its main interest rate by half a point.",
    "Firefighters evacuated two villages in Attica as a wildfire spread overnight.",
    "Election officials in Ghana began counting ballots after polls closed.",
    "Dock workers in Rotterdam ended a three-day strike after a pay offer.",
    "Police in Quito detained a former minister on corruption charges.",
]


def padded(text: str, width: int = WIDTH) -> bytes:
    raw = text.encode("utf-8")
    assert len(raw) < width, text
    return raw + b" " * (width - 1 - len(raw)) + b"\n"


def record(i: int) -> str:
    return json.dumps({"id": f"n{i}", "text": STORIES[i % len(STORIES)][:40], "published": f"2025-04-0{1 + i % 9}"})


def jsonl_lines() -> list[bytes]:
    """Good records with, in between: a line that is not JSON, a blank line, a record without text, and a
    line that is not UTF-8; the first line starts with a byte-order mark (only line 1 may have one)."""
    lines = [b"\xef\xbb\xbf" + padded(record(0))[:-4] + b"\n"]  # the BOM's 3 bytes replace padding: still WIDTH
    lines += [padded(record(i)) for i in range(1, 4)]
    lines.append(padded("{this line is not json"))
    lines.append(padded(""))  # blank: skipped, but it is a line
    lines.append(padded(record(4)))
    lines.append(padded(json.dumps({"id": "n99", "title": "No text here"})))  # K110
    lines.append(b"\xff\xfe not utf-8" + b" " * (WIDTH - 13) + b"\n")  # K105
    lines += [padded(record(i)) for i in range(5, 12)]
    assert all(len(x) == WIDTH for x in lines)
    return lines


def sync(*tasks):
    return dask.compute(*tasks, scheduler="sync")


def read_planned(paths: list[str], partitions: int, blocksize: int) -> tuple[list, list]:
    """What the workers would read, partition after partition, and the partitions' units."""
    work = plan(paths, partitions, blocksize, sync)
    items = []
    for units, blocks in zip(work.partitions, work.blocks, strict=True):
        items.extend(read_units(units, sync(*blocks), 20_000_000))
    return items, work.partitions


@pytest.fixture()
def jsonl(tmp_path) -> Path:
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b"".join(jsonl_lines()))
    return path


def test_the_whole_file_reads_as_expected(jsonl):
    items = list(read([str(jsonl)]))
    rejects = [(r.code, r.origin.position) for r in items if isinstance(r, Reject)]
    assert rejects == [("K109", 5), ("K110", 8), ("K105", 9)]
    articles = [a for a in items if isinstance(a, Article)]
    assert [a.external_id for a in articles] == [f"n{i}" for i in range(12)]
    assert [a.origin.position for a in articles] == [1, 2, 3, 4, 7, *range(10, 17)]


@pytest.mark.parametrize(
    "blocksize", [1, 5, WIDTH // 2, WIDTH - 1, WIDTH, WIDTH + 1, 3 * WIDTH // 2, 2 * WIDTH, 300, 5 * WIDTH, 16 * WIDTH]
)
def test_ranges_give_the_same_records_as_one_read(jsonl, blocksize):
    """Cuts at every line start (WIDTH), in the middle of lines, one byte either side, one range per byte, and
    none (the file is 16 lines): the same Articles and Rejects, with the same line numbers, in the same order."""
    expected = list(read([str(jsonl)]))
    got, parts = read_planned([str(jsonl)], 1, blocksize)
    assert got == expected
    ranges = [u for p in parts for u in p if isinstance(u, RangeUnit)]
    assert len(ranges) == (jsonl.stat().st_size // blocksize if blocksize < jsonl.stat().st_size else 0)


@pytest.mark.parametrize(
    ("blocksize", "starts"),
    [
        (512, [1, 6, 10, 14]),  # cuts exactly where lines 5, 9, 13 start: each ends the range before
        (409, [1, 5, 8, 11, 14]),  # 4 cuts of 409.6 bytes, the first inside line 4: bad line 5 starts a range
        (292, [1, 4, 6, 8, 11, 13, 15]),  # 7 cuts, the second inside the bad line 5: it ends a range, whole
    ],
)
def test_a_bad_line_on_a_block_boundary_is_one_reject(jsonl, blocksize, starts):
    """read_bytes cuts the 2,048-byte file into size // blocksize ranges of equal length; a line belongs to the
    range its newline falls in. Wherever the cut falls, the bad line 5 is one K109 with its line number."""
    got, parts = read_planned([str(jsonl)], 1, blocksize)
    assert [u.first_line for p in parts for u in p if isinstance(u, RangeUnit)] == starts
    bad = [(r.code, r.origin.position, r.message) for r in got if isinstance(r, Reject) and r.code == "K109"]
    assert bad == [("K109", 5, f"the JSONL line is not valid JSON: {jsonl} line 5: Expecting property name enclosed"
                               " in double quotes at column 2")]  # fmt: skip
    assert got == list(read([str(jsonl)]))


def test_partitions_pack_files_and_ranges(tmp_path, jsonl):
    """A folder: small files grouped in order, the big JSONL cut into ranges of its own; same records as read."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.jsonl").write_bytes(jsonl.read_bytes())
    for name in ("a.txt", "c.txt"):
        (folder / name).write_text(f"{STORIES[0]}\n\n{STORIES[1]}\n", encoding="utf-8")
    (folder / "d.pdf").write_bytes(b"%PDF-1.4")  # unknown type: a listing reject
    (folder / "e.jsonl.gz").write_bytes(gzip.compress(jsonl.read_bytes()))  # compressed: never cut
    missing = str(tmp_path / "nowhere")
    expected = list(read([str(folder), missing]))
    got, parts = read_planned([str(folder), missing], 4, 10_000)
    assert got == expected
    # 2,750 bytes in 4 partitions of ~690: b.jsonl (16 lines) is cut in two at byte 1,024, where line 9 starts
    # (a line goes with the range its newline is in: line 9 ends the first range)
    kinds = [[(type(u).__name__, getattr(u, "first_line", None)) for u in p] for p in parts]
    assert kinds == [
        [("FileUnit", None)], [("RangeUnit", 1)], [("RangeUnit", 10)],
        [("FileUnit", None), ("Listed", None), ("FileUnit", None), ("Listed", None)],
    ]
    assert sum(isinstance(r, Reject) and r.code == "K112" for r in got) == 1  # d.pdf
    assert sum(isinstance(r, Reject) and r.code == "K100" for r in got) == 1  # nowhere


def test_a_jsonl_name_over_other_content_is_read_whole_once(tmp_path):
    """The worker sniffs as read does: HTML in a .jsonl file is one page, read by the first range only; an
    empty-looking head is one K102 from the first range, not a reject per range."""
    page = "<html><body><article><h1>Harbour Reopens</h1>" + "".join(
        f"<p>{s}</p>\n" for s in STORIES
    ) + "</article></body></html>\n"
    html = tmp_path / "page.jsonl"
    html.write_text(page, encoding="utf-8")
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n" * 70_000)  # over the 64 KiB head: the head is blank, the file is "empty"
    for path in (html, blank):
        expected = list(read([str(path)]))
        got, parts = read_planned([str(path)], 1, 100)
        assert len(parts) > 3 and got == expected
    assert [r.code for r in read_planned([str(blank)], 1, 10_000)[0]] == ["K102"]


def test_pack_and_options():
    units = [FileUnit("a", "/a", 10), FileUnit("b", "/b", 10), RangeUnit("c", "/c", 30, 0),
             FileUnit("d", "/d", 0), FileUnit("e", "/e", 25)]  # fmt: skip
    assert [[u.label for u in p] for p in pack(units, 30)] == [["a", "b"], ["c", "d"], ["e"]]
    listed = Listed(Reject("K100", "not_found", "nowhere: no such file or folder"))
    assert pack([listed, listed], 0) == [[listed, listed]]  # rejects weigh nothing
    assert parse_blocksize("64 MiB") == 64 * 2**20 and parse_blocksize(1000) == 1000
    for bad in (0, -5, "lots", 1.5, True):
        with pytest.raises(KhabarError, match="K900"):
            parse_blocksize(bad)  # type: ignore[arg-type]
    with pytest.raises(KhabarError, match="K900"):
        plan(["-"], 2, 100, sync)
