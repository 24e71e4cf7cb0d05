"""Walk the user's paths (files, folders, globs, `.gz`, `-` for stdin), sniff each input's type, decode bytes.

Everything is lazy: a folder is walked one directory at a time and a file is opened only when its turn
comes, so memory does not grow with the number or size of inputs. A path that cannot be used becomes a
`Reject` in the stream, never an exception.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

import charset_normalizer
import ftfy

from khabar.errors import reject
from khabar.records import Origin, Reject

Kind = Literal["dump", "html", "feed", "jsonl", "json"]

HEAD_BYTES = 64 * 1024
CHUNK = 64 * 1024
#: errors a corrupt or cut gzip stream raises while being read
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)

EXTENSIONS: dict[str, Kind] = {
    ".txt": "dump", ".text": "dump",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
}  # fmt: skip
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"BZh", b"\xfd7zXZ")
_FIX = ftfy.TextFixerConfig(uncurl_quotes=False)  # keep the original quote characters


class _Prefixed(io.RawIOBase):
    """A raw stream that first replays the bytes already read for sniffing, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO, raw: BinaryIO | None) -> None:
        self._head, self._rest, self._raw = head, rest, raw  # raw: the file to close (None for stdin)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if isinstance(self._rest, gzip.GzipFile | _Broken):
            self._rest.close()  # closing a GzipFile leaves the file under it open
        if self._raw is not None:  # never close stdin: the caller may still use it
            self._raw.close()
        super().close()


@dataclass(slots=True)
class Input:
    """One input file (or stdin), opened: `stream` yields its (decompressed) bytes from the start."""

    path: str  # as shown in Origins: the file path, or "-"
    kind: Kind
    head: bytes
    stream: io.BufferedReader
    gz: bool
    size: int | None  # on-disk size; None for stdin and .gz (unknown until read)

    def origin(self, position: int = 1, reader: str = "") -> Origin:
        return Origin(path=self.path, position=position, reader=reader or self.kind)

    def read_all(self, max_bytes: int) -> tuple[bytes, Reject | None]:
        """The whole content up to `max_bytes`: (bytes, None), or (bytes read so far, Reject K104/K106/K101).
        The stream is closed after: a reader that takes it whole has no further use for it."""
        parts, total = [], 0
        try:
            while True:
                chunk = self.stream.read1(CHUNK)  # one raw read at a time: a break loses no read bytes
                if not chunk:
                    return b"".join(parts), None
                total += len(chunk)
                if total > max_bytes:
                    return b"", reject("too_large", self.origin(), f"{self.path}: over {max_bytes:,} bytes")
                parts.append(chunk)
        except GZIP_ERRORS as exc:
            return b"".join(parts), reject("truncated_gzip", self.origin(), f"{self.path}: {exc}")
        except OSError as exc:
            return b"", reject("unreadable", self.origin(), f"{self.path}: {exc}")
        finally:
            self.stream.close()


def expand(paths: Iterable[str | Path]) -> Iterator[Path | str | Reject]:
    """Each file a path names, lazily: folders recursively (known types only), globs sorted, '-' as is."""
    for raw in paths:
        p = str(raw)
        if p == "-":
            yield "-"
        elif os.path.isdir(p):
            yield from _walk(Path(p))
        elif os.path.exists(p):
            yield Path(p)
        elif glob.has_magic(p):
            matches = sorted(glob.iglob(p, recursive=True))
            if not matches:
                yield reject("not_found", Origin(path=p, reader="sources"), f"{p}: the pattern matches no file")
            for m in matches:
                yield from _walk(Path(m)) if os.path.isdir(m) else iter([Path(m)])
        else:
            yield reject("not_found", Origin(path=p, reader="sources"), f"{p}: no such file or folder")


def _walk(folder: Path) -> Iterator[Path | Reject]:
    """Files of known types under `folder`, depth first in name order; others become K112 rejects."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        while errors:  # a sub-folder that cannot be listed is reported, not skipped in silence
            err = errors.pop(0)
            yield reject("unreadable", Origin(path=str(err.filename or root), reader="sources"), str(err))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if kind_from_name(name) or not Path(name.removesuffix(".gz")).suffix:
                yield path  # a known type, or no extension at all: sniff the content
            else:
                yield reject("unsupported", Origin(path=str(path), reader="sources"), f"{path}: unknown file type")
    for err in errors:
        yield reject("unreadable", Origin(path=str(err.filename or folder), reader="sources"), str(err))


def kind_from_name(name: str) -> Kind | None:
    return EXTENSIONS.get(Path(name.lower().removesuffix(".gz")).suffix)


def open_input(item: Path | str, max_bytes: int, label: str | None = None) -> Input | Reject:
    """Open one file (or stdin), sniff its type from the first bytes, check its size without reading it.
    `label`: the path Origins and messages show, when it differs from the path opened (default: `item`)."""
    label = label or str(item)
    origin = Origin(path=label, reader="sources")
    name = label.lower().removesuffix(".gz")
    try:
        if item == "-":
            raw: BinaryIO = sys.stdin.buffer
            size = None
        else:
            size = os.stat(item).st_size
            # checked before anything is read; JSONL holds many documents, so its limit applies per line
            if size > max_bytes and kind_from_name(name) != "jsonl":
                return reject("too_large", origin, f"{label}: {size:,} bytes, over the limit of {max_bytes:,}")
            raw = open(item, "rb")  # noqa: SIM115 -- closed by the reader that consumes the Input
    except OSError as exc:
        return reject("unreadable", origin, f"{label}: {exc}")
    if not hasattr(raw, "peek"):
        raw = io.BufferedReader(raw)  # type: ignore[arg-type]  # e.g. a BytesIO standing in for stdin
    try:
        gz = raw.peek(2)[:2] == b"\x1f\x8b"
        stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw
        head, broken = _read_head(stream)
    except OSError as exc:
        _close(item, raw)
        return reject("unreadable", origin, f"{label}: {exc}")
    if broken is not None and not head:
        _close(item, raw)
        return reject("truncated_gzip", origin, f"{label}: {broken}")
    if not head.strip():
        _close(item, raw)
        return reject("empty", origin, f"{label}: no content")
    kind = sniff(head, kind_from_name(name))
    if kind is None:
        _close(item, raw)
        return reject("binary_file", origin, f"{label}: binary content, not text")
    rest: BinaryIO = _Broken(broken) if broken is not None else stream  # type: ignore[assignment]
    buffered = io.BufferedReader(_Prefixed(head, rest, None if item == "-" else raw), buffer_size=CHUNK)
    return Input(path=label, kind=kind, head=head, stream=buffered, gz=gz, size=None if gz else size)


def _read_head(stream: BinaryIO) -> tuple[bytes, Exception | None]:
    """The first HEAD_BYTES, in small reads so that a gzip stream cut early still gives what came before."""
    parts: list[bytes] = []
    total = 0
    while total < HEAD_BYTES:
        try:
            chunk = stream.read(8192)
        except GZIP_ERRORS as exc:
            return b"".join(parts), exc
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts), None


class _Broken(io.RawIOBase):
    """What is left of a stream that broke while its head was read: reading it raises the error again."""

    def __init__(self, error: Exception) -> None:
        self._error = error

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        raise EOFError(str(self._error))


def _close(item: Path | str, raw: BinaryIO) -> None:
    if item != "-":
        raw.close()


def sniff(head: bytes, hint: Kind | None) -> Kind | None:
    """The input's type from its first bytes (the name's extension breaks ties); None when binary."""
    if head.startswith(_BINARY_MAGIC) or looks_binary(head):
        return None
    text = decode(head[:4096], repair=False)[0].lstrip("\ufeff \t\r\n").lower()
    if text.startswith("<"):
        start = text[:2048]
        if "<rss" in start or "<feed" in start or "<rdf:rdf" in start:
            return "feed"
        if "<html" in start or "<!doctype html" in start or "<head" in start or "<body" in start:
            return "html"
        return hint if hint in ("html", "feed") else "html"
    if re.match(r'\{\s*(?:"|\})', text):
        return "jsonl"
    if re.match(r'\[\s*(?:\{|\])', text):
        return "json"
    if hint in ("jsonl", "json"):
        return hint  # broken JSON still goes to the JSON reader, which rejects line by line
    return "dump" if hint in (None, "dump") else hint


def looks_binary(head: bytes) -> bool:
    """NUL bytes (outside UTF-16) or many control characters mean a binary file."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = head[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 50)


def decode(data: bytes, repair: bool = True) -> tuple[str, str]:
    """Bytes to text: UTF-8 (or UTF-16 by BOM), else line by line for mixed files, else charset-normalizer.

    `repair` runs ftfy over the result, which also undoes mojibake (UTF-8 read as cp1252 upstream).
    Returns (text, encoding label); raises UnicodeDecodeError when nothing fits.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _decode_fallback(data)
    if repair:
        text = ftfy.fix_text(text, _FIX)
    return text, enc


def _decode_fallback(data: bytes) -> tuple[str, str]:
    high = sum(1 for b in data if b > 127)
    if high <= max(2, len(data) // 10):
        # mostly ASCII with a few accented letters: a Western single-byte page (charset guessers misread
        # so little evidence as CJK); cp1252 is a superset of Latin-1's printable characters
        best, guess = None, "cp1252"
    else:
        best = charset_normalizer.from_bytes(data).best()
        guess = best.encoding if best is not None else "cp1252"
    lines = data.splitlines(keepends=True)
    utf8_lines = 0
    for line in lines:
        try:
            line.decode("utf-8")
            utf8_lines += any(b > 127 for b in line)
        except UnicodeDecodeError:
            pass
    if utf8_lines:  # a file that mixes UTF-8 lines with legacy-encoded ones: decode each line on its own
        out = []
        for line in lines:
            try:
                out.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(line.decode(guess if guess != "utf_8" else "cp1252", errors="replace"))
        return "".join(out), f"mixed(utf-8,{guess})"
    if guess == "cp1252":
        return data.decode("cp1252", errors="replace"), "cp1252"
    if best is None:
        raise UnicodeDecodeError("unknown", data[:1], 0, 1, "no character set fits")
    return str(best), best.encoding
