"""Paths, sniffing, decoding and every kind of bad input: each becomes a Reject and the run goes on."""

from __future__ import annotations

import gzip
import io
import json
import sys
import tracemalloc

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252, to make mojibake)
import pytest

from khabar.errors import BY_CODE, KhabarError
from khabar.ingest import read
from khabar.ingest.sources import decode, sniff
from khabar.records import Article, Reject

DUMP = (
    "Ministers Meet in Rabat\n\nMinisters Meet in Rabat\n\n"
    "The foreign ministers of Morocco and Mauritania met in Rabat on Thursday, the ministry said.\n\n"
    "They signed an agreement on border trade.\n"
)


def codes(items) -> list[str]:
    return [x.code if isinstance(x, Reject) else "article" for x in items]


def test_bad_inputs_become_rejects_and_the_run_goes_on(tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_text("  \n\n ")
    (tmp_path / "good.txt").write_text(DUMP)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    items = list(read([tmp_path / "binary.txt", tmp_path / "empty.txt", tmp_path / "blank.html",
                       tmp_path / "missing.txt", str(tmp_path / "*.nothing"), tmp_path / "photo.png",
                       tmp_path / "good.txt"]))  # fmt: skip
    assert codes(items) == ["K103", "K102", "K102", "K100", "K100", "K103", "article"]
    for r in items[:-1]:
        assert r.reason == BY_CODE[r.code].reason and r.origin.path and r.message
    # in a folder, an unknown file type is reported (K112), not silently skipped
    assert sorted(codes(read([tmp_path]))) == sorted(["K103", "K102", "K102", "article", "K112", "K112"])


def test_too_large_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.write(DUMP.encode() * 500)  # text well past the sniffed head
        f.seek(50_000_000)  # a sparse 50 MB file: nothing is written in between
        f.write(b"\n")
    tracemalloc.start()
    items = list(read([path, tmp_path / "huge.txt"], max_bytes=20_000_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert codes(items) == ["K104", "K104"]
    assert peak < 2_000_000, "the file must not be read into memory"


def test_too_large_gzip_stops_reading(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(DUMP.encode() + b"word " * 400_000))
    assert codes(read([path], max_bytes=100_000)) == ["K104"]


def test_truncated_gzip_jsonl_keeps_lines_before_the_break(tmp_path):
    lines = "".join(json.dumps({"id": i, "text": f"Line number {i} of the file " * 20}) + "\n" for i in range(400))
    blob = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(blob[: len(blob) // 2])
    items = list(read([path]))
    assert codes(items)[-1] == "K106"
    good = [a for a in items if isinstance(a, Article)]
    assert len(good) > 50 and [a.external_id for a in good] == [str(i) for i in range(len(good))]


def test_truncated_gzip_dump_and_html(tmp_path):
    dump = "\n\n\n".join(DUMP.replace("Rabat", f"Rabat {n}") for n in range(60))
    blob = gzip.compress(dump.encode(), compresslevel=1)
    (tmp_path / "cut.txt.gz").write_bytes(blob[: int(len(blob) * 0.8)])
    items = list(read([tmp_path / "cut.txt.gz"]))
    assert codes(items)[-1] == "K106" and "article" in codes(items)
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(b"<html><body>" + b"<p>text here</p>" * 9000)[:300])
    assert codes(read([tmp_path / "cut.html.gz"])) == ["K106"]
    (tmp_path / "head.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert codes(read([tmp_path / "head.txt.gz"])) == ["K106"]


def test_encodings(tmp_path):
    text = DUMP.replace("Rabat", "Rabat’s Café") + "The envoy said: “we agree.”\n"
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "mojibake.txt").write_text(text.encode("utf-8").decode("sloppy-windows-1252"), encoding="utf-8")
    # a file whose lines were saved in two encodings
    mixed = text.encode("utf-8") + "Officials in Médéa confirmed it.\n".encode("latin-1")
    (tmp_path / "mixed.txt").write_bytes(mixed)
    for name in ("cp1252.txt", "utf16.txt", "mojibake.txt", "mixed.txt"):
        (a,) = list(read([tmp_path / name]))
        assert isinstance(a, Article), (name, a)
        assert a.title == "Ministers Meet in Rabat’s Café", name
        assert "“we agree.”" in a.text, name
    assert "Médéa" in a.text


@pytest.mark.parametrize(
    ("data", "text"),
    [("plain".encode(), "plain"), ("\ufeffBOM".encode(), "BOM"), ("Café".encode("latin-1"), "Café"),
     ("Ã©tÃ© déjà".encode(), "été déjà")],
)  # fmt: skip
def test_decode(data, text):
    assert decode(data)[0] == text


@pytest.mark.parametrize(
    ("head", "hint", "kind"),
    [(b"<?xml version='1.0'?><rss>", None, "feed"), (b"<feed xmlns='http://www.w3.org/2005/Atom'>", None, "feed"),
     (b"<!DOCTYPE html><html>", "dump", "html"), (b'{"id": 1}\n', None, "jsonl"), (b"[{}]", None, "json"),
     (b"Headline\n\nBody.", None, "dump"), (b"{city} Mayor Quits\n\nBody.", None, "dump"), (b"not json", "jsonl", "jsonl"), (b"\x00\x01\x02", None, None),
     (b"%PDF-1.4", "dump", None), (b"\xef\xbb\xbf<html><body>", None, "html")],
)  # fmt: skip
def test_sniff(head, hint, kind):
    assert sniff(head, hint) == kind


def test_stdin_is_sniffed(monkeypatch):
    feed = b"<?xml version='1.0'?><rss><channel><item><title>A</title><description>Body text.</description></item></channel></rss>"
    for data, reader in [(DUMP.encode(), "dump"), (feed, "feed"), (gzip.compress(DUMP.encode()), "dump")]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        (a,) = list(read(["-"]))
        assert isinstance(a, Article) and a.origin.path == "-" and a.origin.reader == reader


def test_folders_and_globs(tmp_path):
    (tmp_path / "x" / "deep").mkdir(parents=True)
    (tmp_path / "x" / "deep" / "b.txt").write_text(DUMP.replace("Rabat", "Nouakchott"))
    (tmp_path / "x" / "a.jsonl.gz").write_bytes(gzip.compress(b'{"id": "j", "text": "From a gzip."}\n'))
    (tmp_path / "x" / ".hidden.txt").write_text(DUMP)
    got = list(read([tmp_path / "x"]))
    assert [(a.origin.reader, a.origin.path.rsplit("/", 1)[-1]) for a in got] == [("jsonl", "a.jsonl.gz"), ("dump", "b.txt")]
    assert codes(read([str(tmp_path / "**" / "*.txt")])) == ["article"]
    assert codes(read([str(tmp_path / "x" / "*.jsonl.gz")])) == ["article"]


def test_bad_option():
    with pytest.raises(KhabarError):
        list(read(["-"], max_bytes=0))


def test_jsonl_streams_with_flat_memory(tmp_path):
    """Peak memory reading JSONL does not grow with the number of lines."""

    def peak(n: int) -> int:
        path = tmp_path / f"{n}.jsonl"
        with open(path, "w") as f:
            for i in range(n):
                f.write(json.dumps({"id": i, "text": f"Paragraph {i}. " * 30}) + "\n")
        tracemalloc.start()
        count = sum(1 for _ in read([path]))
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count == n
        return result

    small, large = peak(200), peak(2000)
    assert large < small * 2 + 200_000


def test_reader_failure_is_a_reject(tmp_path, monkeypatch):
    """A reader that breaks on one file yields a Reject for it; the next file is still read."""
    import khabar.ingest as ingest

    def broken(inp, max_bytes):
        raise KeyError("boom")

    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "b.txt").write_text(DUMP)
    monkeypatch.setitem(ingest.READERS, "html", broken)
    assert codes(read([tmp_path])) == ["K101", "article"]
