"""The `khabar` command line: verbs through `main([...])`, one real subprocess, exit codes 0 / 1 / 2."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest
from record_samples import full_extraction

from khabar import cli
from khabar.export import FORMATS
from khabar.schema import extract_schema
from khabar.store import connect, write_batch

ARTICLES = [
    {
        "id": "n1",
        "title": "Border talks resume",
        "published": "2025-04-02",
        "source": "Test Wire",
        "text": "Kenya and Uganda resumed talks on the disputed border in Nairobi on Tuesday, the foreign ministry"
        " said."
        "\n\nThe two delegations agreed to meet again next month.",
    },
    {
        "id": "n2",
        "title": "Protest in Lima",
        "published": "2025-04-03",
        "text": "Thousands of teachers protested outside Congress in Lima on Wednesday to demand higher pay.",
    },
]


def write_inputs(folder: Path, bad_line: bool = True) -> Path:
    folder.mkdir(exist_ok=True)
    lines = [json.dumps(a) for a in ARTICLES] + (["{this is not json"] if bad_line else [])
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "rejects", "events", "entities", "runs")
        }
    finally:
        conn.close()


@pytest.fixture
def patched_nlp(nlp, monkeypatch):
    """`khabar run` / `extract` reuse the session's spaCy pipeline instead of loading another."""
    monkeypatch.setattr("khabar.pipeline.build_nlp", lambda model=None: nlp)
    return nlp


def test_ingest_is_idempotent_and_reports_rejects(tmp_path, capsys):
    inputs, db = write_inputs(tmp_path / "in"), tmp_path / "k.db"
    assert cli.main(["ingest", str(inputs), "--db", str(db), "-q"]) == 1  # one bad JSONL line
    first = table_counts(db)
    assert (first["articles"], first["rejects"]) == (2, 1)
    assert "2 articles (2 new)" in capsys.readouterr().out
    assert cli.main(["ingest", str(inputs), "--db", str(db), "-q"]) == 1
    second = table_counts(db)
    assert {**second, "runs": 0} == {**first, "runs": 0} and second["runs"] == 2
    assert "2 articles (0 new)" in capsys.readouterr().out


def test_clean_input_exits_0(tmp_path):
    inputs = write_inputs(tmp_path / "in", bad_line=False)
    assert cli.main(["ingest", str(inputs / "news.jsonl"), "--db", str(tmp_path / "k.db"), "-q"]) == 0


def test_articles_table_jsonl_and_show(tmp_path, capsys):
    db = tmp_path / "k.db"
    cli.main(["ingest", str(write_inputs(tmp_path / "in")), "--db", str(db), "-q"])
    capsys.readouterr()
    assert cli.main(["articles", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Border talks resume" in out and "Protest in Lima" in out and "(2 of 2 articles)" in out
    assert cli.main(["articles", "--db", str(db), "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(a["title"] for a in lines) == ["Border talks resume", "Protest in Lima"]
    assert cli.main(["articles", "--db", str(db), "--format", "jsonl", "--limit", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    some_id = lines[0]["id"]
    assert cli.main(["articles", "--db", str(db), some_id[:8]]) == 0
    assert lines[0]["text"] in capsys.readouterr().out
    assert cli.main(["articles", "--db", str(db), "--q", "teachers"]) == 0
    assert "(1 of 1 articles)" in capsys.readouterr().out
    assert cli.main(["articles", "--db", str(db), "--q", "teachers", "--format", "jsonl"]) == 0
    assert [json.loads(x)["title"] for x in capsys.readouterr().out.splitlines()] == ["Protest in Lima"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--format", "xml"], "error K900 bad_option"),
        (["articles", "nosuchid"], "error K900 bad_option"),
        (["articles", "--db", "{tmp}/missing.db"], "error K902 bad_database"),
        (["export", "--format", "jsonl", "--db", "{tmp}/missing.db"], "error K902"),
        (["run"], "the following arguments are required"),
        (["extract", "x.jsonl", "--batch-size", "0"], "must be an integer, at least 1"),
        (["articles", "--limit", "ten"], "must be an integer, at least 1"),
        (["frobnicate"], "invalid choice"),
        (["export", "--format", "jsonl", "--modality", "maybe"], "invalid choice"),
    ],
)
def test_bad_options_exit_2(tmp_path, capsys, argv, message):
    db = tmp_path / "k.db"
    connect(db).close()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "--db" not in argv and argv[0] in ("export", "articles"):
        argv += ["--db", str(db)]
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_newer_database_exits_2(tmp_path, capsys):
    db = tmp_path / "k.db"
    connect(db).close()
    sqlite3.connect(db).execute("PRAGMA user_version = 999").connection.close()
    assert cli.main(["ingest", str(write_inputs(tmp_path / "in")), "--db", str(db)]) == 2
    assert "K902" in capsys.readouterr().err


def test_run_stores_everything_and_skips_done_articles(tmp_path, capsys, patched_nlp):
    inputs, db = write_inputs(tmp_path / "in"), tmp_path / "k.db"
    assert cli.main(["run", str(inputs), "--db", str(db), "-q"]) == 1
    out = capsys.readouterr().out
    assert "2 articles (2 new), 2 extracted" in out and "rejects by code: K109 1" in out
    counts = table_counts(db)
    assert counts["articles"] == 2 and counts["rejects"] == 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles WHERE extracted_at IS NOT NULL").fetchone()[0] == 2
    assert conn.execute("SELECT status FROM runs").fetchone()[0] == "ok"
    conn.close()
    # a stored article comes back as the same line `khabar extract` prints
    conn = sqlite3.connect(db)
    (some_id,) = conn.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()
    conn.close()
    capsys.readouterr()
    assert cli.main(["articles", some_id, "--db", str(db), "--format", "jsonl"]) == 0
    line = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(extract_schema()).validate(line)
    assert line["article"]["id"] == some_id
    # again: nothing new, nothing re-extracted
    assert cli.main(["run", str(inputs), "--db", str(db), "-q"]) == 1
    assert "0 extracted, 2 already extracted" in capsys.readouterr().out
    assert {**table_counts(db), "runs": 0} == {**counts, "runs": 0}
    # --reextract redoes them and replaces (not adds) their rows
    assert cli.main(["run", str(inputs), "--db", str(db), "-q", "--reextract"]) == 1
    assert "2 extracted" in capsys.readouterr().out
    assert {**table_counts(db), "runs": 0} == {**counts, "runs": 0}


def test_run_crash_keeps_only_whole_batches(tmp_path, patched_nlp, monkeypatch):
    import khabar.pipeline

    real_extract = khabar.pipeline.extract

    def extract_then_crash(articles, **kwargs):
        stream = real_extract(articles, **{**kwargs, "batch_size": 1})
        yield next(stream)
        raise RuntimeError("power cut")

    monkeypatch.setattr(cli, "STORE_BATCH", 1)
    monkeypatch.setattr(khabar.pipeline, "extract", extract_then_crash)
    db = tmp_path / "k.db"
    conn = connect(db)
    with pytest.raises(RuntimeError, match="power cut"):
        cli.run(conn, [str(write_inputs(tmp_path / "in", bad_line=False))], nlp=patched_nlp)
    rows = conn.execute("SELECT id, extracted_at FROM articles").fetchall()
    assert len(rows) == 1 and rows[0]["extracted_at"] is not None  # the first article, whole
    assert conn.execute("SELECT status FROM runs").fetchone()[0] == "failed"
    conn.close()


def test_extract_lines_and_rejects(tmp_path, patched_nlp):
    inputs = write_inputs(tmp_path / "in")
    out, err = io.StringIO(), io.StringIO()
    assert cli.extract_lines([str(inputs)], out, err, nlp=patched_nlp) == 1
    validator = jsonschema.Draft202012Validator(extract_schema())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["article"]["title"] for line in lines] == ["Border talks resume", "Protest in Lima"]
    for line in lines:
        validator.validate(line)
    (bad,) = [json.loads(line) for line in err.getvalue().splitlines()]
    assert bad["reject"]["code"] == "K109" and bad["reject"]["origin"]["position"] == 3


def test_extract_subprocess_stdin_to_stdout(tmp_path):
    """The installed console script, end to end: JSONL on stdin, JSON lines out, the reject on stderr, exit 1."""
    script = Path(sys.executable).with_name("khabar")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "khabar.cli"]
    stdin = "\n".join([json.dumps(ARTICLES[1]), "[broken"]) + "\n"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.run(
        [*cmd, "extract", "-", "-q"], input=stdin, capture_output=True, text=True, timeout=180, env=env
    )
    assert proc.returncode == 1, proc.stderr
    (line,) = [json.loads(x) for x in proc.stdout.splitlines()]
    jsonschema.Draft202012Validator(extract_schema()).validate(line)
    assert line["article"]["title"] == "Protest in Lima"
    assert '"code": "K109"' in proc.stderr


@pytest.fixture
def stored(tmp_path):
    db = tmp_path / "k.db"
    conn = connect(db)
    write_batch(conn, [full_extraction()])
    conn.close()
    return db


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_every_format_to_a_file(stored, tmp_path, capsys, fmt):
    target = tmp_path / f"out{FORMATS[fmt].suffix}"
    assert cli.main(["export", "--format", fmt, "--db", str(stored), "-o", str(target)]) == 0
    assert f"as {fmt} to {target}" in capsys.readouterr().err
    data = target.read_bytes()
    if fmt == "parquet":
        assert pq.read_table(target).num_rows == 2
    elif fmt == "acled-csv":
        assert len(list(csv.DictReader(io.StringIO(data.decode())))) == 1
    elif fmt == "gdelt-tsv":
        assert len(list(csv.DictReader(io.StringIO(data.decode()), delimiter="\t"))) == 2
    elif fmt == "jsonl":
        assert len(data.decode().splitlines()) == 2
    else:
        parsed = json.loads(data)
        assert len(parsed if isinstance(parsed, list) else parsed["features"]) == 2


def test_export_filters_to_stdout(stored, capsysbinary):
    argv = ["export", "--format", "jsonl", "--db", str(stored), "--type", "consult", "--country", "SYR", "-q"]
    assert cli.main(argv) == 0
    captured = capsysbinary.readouterr()
    (line,) = captured.out.decode().splitlines()
    assert json.loads(line)["event"]["type"] == "CONSULT" and captured.err == b""


def test_serve_without_the_web_app_says_so(stored, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "khabar.web.app", None)  # import fails as if the module were absent
    assert cli.main(["serve", "--db", str(stored)]) == 2
    assert "web UI is not available" in capsys.readouterr().err


def test_version_and_help_exit_0(capsys):
    assert cli.main(["--version"]) == 0
    assert cli.main(["export", "--help"]) == 0
    assert "plover-json" in capsys.readouterr().out
