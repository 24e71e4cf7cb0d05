"""`khabar serve` on stores an older khabar wrote: upgraded once on start when the file is writable, then served
read-only; a clear K902 when it is not writable (and the file left as it was)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from record_samples import full_extraction, reject

from khabar import cli
from khabar.errors import KhabarError
from khabar.store import SCHEMA_VERSION, connect, write_batch
from khabar.store import schema as store_schema
from khabar.store.schema import file_version, upgrade_file
from khabar.web import app as web_app
from khabar.web.app import create_app


def old_store(path: Path, version: int) -> Path:
    """A real store as khabar wrote it at schema `version`: the migrations up to there, then a batch of records."""
    conn = connect(path, target=version)
    if version < 7:  # today's writer fills quotes.confidence (v7); the migration skips a column already there
        conn.executescript(store_schema._V7)
    write_batch(conn, [full_extraction(), reject()])
    conn.close()
    assert file_version(path) == version
    return path


@pytest.fixture
def served(monkeypatch) -> list:
    """uvicorn.run replaced by a recorder: each call's app lands in the list instead of a server starting."""
    import uvicorn

    apps: list = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_kw: apps.append(app))
    return apps


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """`path` made read-only to this process. Root writes through mode bits, so there the file is made
    immutable (chattr +i), and the test skips where that is not allowed."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root and cannot make a file immutable here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


@pytest.mark.parametrize("version", [4, 5])
def test_serve_upgrades_a_writable_old_store_then_serves_it(tmp_path, served, capsys, version):
    path = old_store(tmp_path / f"v{version}.db", version)
    assert cli.main(["serve", "--db", str(path)]) == 0
    assert f"from schema version {version} to {SCHEMA_VERSION}" in capsys.readouterr().err
    assert file_version(path) == SCHEMA_VERSION
    (app,) = served
    assert app.state.read_only is True
    api = TestClient(app)
    summary = api.get("/api/summary").json()
    assert summary["articles"] == 1 and summary["events"] == len(full_extraction().events) and summary["rejects"] == 1
    # the v6 speaker index was built from the quotes the old store held
    quotes = api.get("/api/quotes", params={"speaker": "safadi"}).json()
    assert quotes["total"] == 1 and quotes["items"][0]["quote"]["speaker_name"] == "Ayman Safadi"
    assert api.post("/api/articles").json()["error"]["reason"] == "read_only"


def test_a_current_store_is_served_without_being_written(tmp_path, served, capsys):
    path = old_store(tmp_path / "now.db", SCHEMA_VERSION)
    with unwritable(path):  # a write would fail: serving a current store needs none
        assert cli.main(["serve", "--db", str(path), "-q"]) == 0
    assert len(served) == 1 and capsys.readouterr().err == ""


@pytest.mark.parametrize("ask_first", [True, False], ids=["os-access", "sqlite-refuses"])
def test_an_old_store_that_cannot_be_written_gets_a_clear_error(tmp_path, served, capsys, monkeypatch, ask_first):
    path = old_store(tmp_path / "v5.db", 5)
    before = path.read_bytes()
    if not ask_first:  # as where access() cannot tell (a read-only mount, ACLs): SQLite's refusal says it instead
        monkeypatch.setattr(os, "access", lambda *_a, **_k: True)
    with unwritable(path):
        assert cli.main(["serve", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "K902" in err and "schema version 5 is older" in err and "not writable" in err
    assert f"khabar articles --db {path}" in err
    assert served == [] and path.read_bytes() == before and file_version(path) == 5


def test_newer_or_missing_store_is_refused_before_serving(tmp_path, served, capsys):
    newer = tmp_path / "newer.db"
    connect(newer).close()
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}").connection.close()
    assert cli.main(["serve", "--db", str(newer)]) == 2
    assert "newer than this khabar's" in capsys.readouterr().err
    assert cli.main(["serve", "--db", str(tmp_path / "absent.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    assert served == [] and not (tmp_path / "absent.db").exists()


def test_the_app_alone_never_migrates_and_says_how(tmp_path):
    path = old_store(tmp_path / "v4.db", 4)
    with pytest.raises(KhabarError, match="schema version 4 is older than .*`khabar serve` upgrades it"):
        create_app(str(path))
    assert file_version(path) == 4
    assert upgrade_file(path) == (4, SCHEMA_VERSION)
    assert upgrade_file(path) == (SCHEMA_VERSION, SCHEMA_VERSION)  # nothing left to do: not opened for writing
    create_app(str(path))


def test_web_serve_upgrades_too(tmp_path, served):
    path = old_store(tmp_path / "v5.db", 5)
    web_app.serve(str(path))
    assert file_version(path) == SCHEMA_VERSION and len(served) == 1
