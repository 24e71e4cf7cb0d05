"""The one catalogue of user-facing errors and rejects, with stable codes.

A failure on one document is data: it becomes a `Reject` with a code from here and the run goes on.
A bad option (unknown format, missing database) raises `KhabarError` with a code from here.
Codes never change meaning; new ones are appended.
"""

from __future__ import annotations

from dataclasses import dataclass

from khabar.records import Origin, Reject


@dataclass(frozen=True, slots=True)
class ErrorKind:
    code: str
    reason: str
    summary: str


_KINDS = [
    # -- input: one document or file could not become an article (K1xx)
    ErrorKind("K100", "not_found", "the path does not exist or matches no file"),
    ErrorKind("K101", "unreadable", "the file could not be read (permissions, I/O error)"),
    ErrorKind("K102", "empty", "the file or document holds no text"),
    ErrorKind("K103", "binary_file", "the file is binary, not text, HTML, a feed or JSONL"),
    ErrorKind("K104", "too_large", "the document is larger than the size limit"),
    ErrorKind("K105", "bad_encoding", "the bytes could not be decoded as text"),
    ErrorKind("K106", "truncated_gzip", "the gzip stream is corrupt or ends early"),
    ErrorKind("K107", "bad_html", "no article text could be extracted from the HTML"),
    ErrorKind("K108", "bad_feed", "the RSS/Atom feed could not be parsed"),
    ErrorKind("K109", "bad_json", "the JSONL line is not valid JSON"),
    ErrorKind("K110", "bad_record", "the JSON record lacks a required field or has a wrong type"),
    ErrorKind("K111", "no_text", "the entry has no text after cleaning"),
    ErrorKind("K112", "unsupported", "the file type is not one khabar reads"),
    # -- extraction: a stage failed on one article (K2xx)
    ErrorKind("K200", "nlp_failed", "the language pipeline failed on this article"),
    ErrorKind("K201", "stage_failed", "an extraction stage failed on this article"),
    # -- web API: the canonical error body's codes for `khabar serve` (K3xx)
    ErrorKind("K300", "no_such_record", "no article, actor or page with that id"),
    ErrorKind("K301", "bad_parameter", "a query parameter has an invalid value"),
    ErrorKind("K302", "bad_search", "the full-text search query is not valid FTS5 syntax"),
    ErrorKind("K303", "read_only", "the database is served read-only: writes are refused"),
    ErrorKind("K304", "bad_method", "the HTTP method is not allowed on this path"),
    # -- options and environment: raised, not stored (K9xx)
    ErrorKind("K900", "bad_option", "an option has an invalid value"),
    ErrorKind("K901", "no_model", "no English spaCy pipeline is installed"),
    ErrorKind("K902", "bad_database", "the database cannot be opened or has a newer schema"),
    ErrorKind("K903", "no_gazetteer", "the gazetteer could not be built"),
    ErrorKind("K904", "no_dask", "dask[distributed] is not installed (pip install 'khabar[scale]')"),
    ErrorKind("K905", "no_scheduler", "the Dask scheduler cannot be reached"),
]

CATALOGUE: dict[str, ErrorKind] = {k.reason: k for k in _KINDS}
BY_CODE: dict[str, ErrorKind] = {k.code: k for k in _KINDS}


class KhabarError(Exception):
    """A bad option or broken environment: the CLI prints it and exits non-zero."""

    def __init__(self, reason: str, detail: str = "") -> None:
        kind = CATALOGUE[reason]
        self.kind = kind
        self.detail = detail
        super().__init__(f"{kind.code} {kind.reason}: {detail or kind.summary}")


def reject(reason: str, origin: Origin, detail: str = "") -> Reject:
    """Build a Reject for one document from the catalogue entry `reason`."""
    kind = CATALOGUE[reason]
    message = f"{kind.summary}: {detail}" if detail else kind.summary
    return Reject(code=kind.code, reason=kind.reason, message=message, origin=origin)
