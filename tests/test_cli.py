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

from khabar import cli, runner
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
        (["quotes", "{tmp}/missing.db"], "error K902 bad_database"),
        (["quotes", "--article", "nosuchid"], "error K900 bad_option"),
        (["quotes", "--format", "csv"], "invalid choice"),
        (["ingest", "x.jsonl", "--duplicate-threshold", "1.5"], "must be a number in (0, 1]"),
    ],
)
def test_bad_options_exit_2(tmp_path, capsys, argv, message):
    db = tmp_path / "k.db"
    connect(db).close()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "--db" not in argv and argv[0] in ("export", "articles", "quotes") and "missing.db" not in " ".join(argv):
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

    monkeypatch.setattr(runner, "STORE_BATCH", 1)
    monkeypatch.setattr(khabar.pipeline, "extract", extract_then_crash)
    db = tmp_path / "k.db"
    conn = connect(db)
    with pytest.raises(RuntimeError, match="power cut"):
        runner.run(conn, [str(write_inputs(tmp_path / "in", bad_line=False))], nlp=patched_nlp)
    rows = conn.execute("SELECT id, extracted_at FROM articles").fetchall()
    assert len(rows) == 1 and rows[0]["extracted_at"] is not None  # the first article, whole
    assert conn.execute("SELECT status FROM runs").fetchone()[0] == "failed"
    conn.close()


def test_extract_lines_and_rejects(tmp_path, patched_nlp):
    inputs = write_inputs(tmp_path / "in")
    out, err = io.StringIO(), io.StringIO()
    assert runner.extract_lines([str(inputs)], out, err, nlp=patched_nlp) == 1
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


# ---------------------------------------------------------------- quotes and near-duplicates, through `khabar run`

PORT = (
    "Port minister Daniel Okoth said on Monday that the new container terminal at Kisumu would open in July."
    '\n\n"We will not accept any further delays from the contractors," Okoth told reporters at the harbour.'
    "\n\nOpposition leader Grace Wanjiru criticized the deal, saying it favoured foreign shipping firms."
)
FLOOD = (
    "Flood waters rose across the southern delta on Thursday after three days of heavy rain, forcing thousands"
    " of families to leave their villages, the regional governor said. Rescue teams in boats reached farms cut"
    " off by the river, and the army opened schools in the provincial capital as shelters. Police arrested four"
    " men for looting abandoned shops in the provincial capital on Friday."
)


@pytest.fixture
def quotes_db(tmp_path, patched_nlp):
    """A store built by `khabar run` from articles written for this test: a port story, a flood story, and a
    lightly edited copy of the flood story from another outlet."""
    records = [
        {"id": "p1", "title": "Kisumu terminal", "published": "2025-05-12", "source": "Lake Times", "text": PORT},
        {"id": "f1", "title": "Delta floods", "published": "2025-05-15", "source": "Wire", "text": FLOOD},
        {"id": "f2", "title": "Floods in the delta", "published": "2025-05-15", "source": "Daily",
         "text": FLOOD.replace("the army", "soldiers") + " More rain is expected."},
    ]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = tmp_path / "k.db"
    assert cli.main(["run", str(tmp_path / "news.jsonl"), "--db", str(db), "-q"]) == 0
    return db


def test_quotes_by_speaker_table_and_jsonl(quotes_db, capsys):
    capsys.readouterr()
    assert cli.main(["quotes", str(quotes_db)]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["published", "article", "speaker", "kind", "quote"]
    assert "Daniel Okoth" in table and "Grace Wanjiru" in table
    assert cli.main(["quotes", str(quotes_db), "--speaker", "OKOTH", "--format", "jsonl"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert hits and {h["quote"]["speaker_name"] for h in hits} == {"Daniel Okoth"}
    assert any("further delays" in h["quote"]["content"]["text"] for h in hits)
    article = hits[0]["article_id"]
    text = PORT
    for h in hits:  # every quote points into its article's text
        c = h["quote"]["content"]
        assert text[c["start"] : c["end"]] == c["text"] and h["source"] == "Lake Times"
    assert cli.main(["quotes", "--db", str(quotes_db), "--article", article[:7], "--limit", "1", "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert cli.main(["quotes", str(quotes_db), "--kind", "stance", "--format", "jsonl"]) == 0
    stances = [json.loads(line)["quote"] for line in capsys.readouterr().out.splitlines()]
    assert stances and {q["kind"] for q in stances} == {"stance"}
    # nothing matched: exit 1, as grep does, with an empty table
    assert cli.main(["quotes", str(quotes_db), "--speaker", "nobody at all"]) == 1
    assert "(0 of 0 quotes)" in capsys.readouterr().out


def test_run_links_near_copies_and_filters_skip_them(quotes_db, tmp_path, capsys):
    conn = sqlite3.connect(quotes_db)
    links = dict(conn.execute("SELECT source, duplicate_of FROM articles"))
    wire = conn.execute("SELECT id FROM articles WHERE source = 'Wire'").fetchone()[0]
    events = dict(conn.execute("SELECT a.source, count(e.id) FROM articles a LEFT JOIN events e ON"
                               " e.article_id = a.id GROUP BY a.source"))
    conn.close()
    assert links == {"Lake Times": None, "Wire": None, "Daily": wire}
    assert events["Daily"] > 0 and events["Wire"] > 0  # the copy keeps its own events
    capsys.readouterr()
    assert cli.main(["articles", "--db", str(quotes_db)]) == 0
    assert f"(copy of {wire})" in capsys.readouterr().out
    assert cli.main(["articles", "--db", str(quotes_db), wire]) == 0
    assert "duplicate: 1 near-copies: " in capsys.readouterr().out
    assert cli.main(["articles", "--db", str(quotes_db), "--skip-duplicates", "--format", "jsonl"]) == 0
    assert sorted(json.loads(x)["source"] for x in capsys.readouterr().out.splitlines()) == ["Lake Times", "Wire"]
    for flag, sources in (([], {"Lake Times", "Wire", "Daily"}), (["--skip-duplicates"], {"Lake Times", "Wire"})):
        assert cli.main(["export", "--format", "jsonl", "--db", str(quotes_db), "-q", *flag]) == 0
        assert {json.loads(x)["source"] for x in capsys.readouterr().out.splitlines()} == sources
    # a second run with one more copy: matched against the index stored by the first run
    (tmp_path / "more.jsonl").write_text(json.dumps(
        {"id": "f3", "source": "Weekly", "text": FLOOD.replace("thousands", "tens of thousands")}) + "\n")
    assert cli.main(["ingest", str(tmp_path / "more.jsonl"), "--db", str(quotes_db)]) == 0
    assert "1 new), 0 extracted, 0 events, 0 rejects, 1 near-duplicates" in capsys.readouterr().out
    assert cli.main(["ingest", str(tmp_path / "more.jsonl"), "--db", str(quotes_db), "--no-dedupe"]) == 0
    assert "store: 4 articles (2 near-duplicates)" in capsys.readouterr().out
