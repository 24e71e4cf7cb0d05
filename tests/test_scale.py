"""Scaling out on Dask (khabar.scale): a real LocalCluster of worker processes gives the same lines as
`khabar extract` and, loaded into SQLite, the same store as `khabar run`."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from khabar import cli, runner
from khabar.errors import KhabarError
from khabar.store import connect

pytest.importorskip("distributed")

# six short articles written for this test, plus inputs ingest rejects (a bad JSONL line, an empty file)
ARTICLES = [
    ("s1", "2025-03-04", "Police in Nairobi arrested twelve protesters outside parliament on Monday, a spokesman"
                         " said."),
    ("s2", "2025-03-05", "The foreign minister of Chile met his Argentine counterpart in Santiago on Tuesday to discuss"
                         " trade.\n\nBoth sides agreed to reopen the border crossing next week."),
    ("s3", "2025-03-06", "Rebels attacked an army convoy near Goma, killing four soldiers, the military said on"
                         " Wednesday."),
    ("s4", "2025-03-07", "Thousands of nurses marched through Madrid on Thursday to demand higher wages."),
    ("s5", "2025-03-08", "\"We will not accept this deal,\" the opposition leader told reporters in Ankara."),
    ("s6", "2025-03-09", "Japan and South Korea signed a fisheries agreement in Tokyo on Friday."),
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scale_in")
    lines = [json.dumps({"id": i, "published": p, "source": "Scale Wire", "text": t}) for i, p, t in ARTICLES]
    lines.insert(3, "{not json at all")
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "blank.txt").write_text("", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def scaled(inputs, cluster_client, tmp_path_factory):
    from khabar.scale import extract_to_files

    out = tmp_path_factory.mktemp("scale_out")
    result = extract_to_files([str(inputs)], out, cluster_client, partitions=3, format="parquet")
    return out, result


def _by_key(lines: list[str]) -> list[dict]:
    def key(d: dict) -> str:
        if "reject" in d:
            r = d["reject"]
            return f"r:{r['code']}:{r['origin']['path']}:{r['origin'].get('position')}"
        return "a:" + d["article"]["id"]

    return sorted((json.loads(line) for line in lines if line.strip()), key=key)


def test_part_files_equal_khabar_extract(inputs, scaled, nlp):
    out_dir, result = scaled
    out, err = io.StringIO(), io.StringIO()
    rejects = runner.extract_lines([str(inputs)], out, err, nlp=nlp)
    expected = _by_key(out.getvalue().splitlines() + err.getvalue().splitlines())
    got_lines = [line for f in sorted(out_dir.glob("part-*.jsonl")) for line in f.read_text("utf-8").splitlines()]
    got = _by_key(got_lines)
    assert len(result.files) == 3 and all(Path(f).is_file() for f in result.files)
    assert len(got) == len(expected) == len(ARTICLES) + 2
    assert got == expected  # the same extractions (events, quotes, places ...) and the same rejects
    assert {d["reject"]["code"] for d in got if "reject" in d} == {"K102", "K109"}
    assert result.rejects == rejects == 2 and result.extracted == len(ARTICLES)
    assert result.events == sum(len(d["events"]) for d in got if "reject" not in d)


def test_parquet_parts_hold_the_events(scaled):
    import pyarrow.parquet as pq

    out_dir, result = scaled
    tables = [pq.read_table(f) for f in sorted(out_dir.glob("part-*.parquet"))]
    assert len(tables) == 3
    rows = [r for t in tables for r in t.to_pylist()]
    assert len(rows) == result.events > 0
    lines = [json.loads(x) for f in out_dir.glob("part-*.jsonl") for x in f.read_text("utf-8").splitlines()]
    events = sorted((d["article"]["id"], e["type"]) for d in lines if "reject" not in d for e in d["events"])
    assert sorted((r["article_id"], r["type"]) for r in rows) == events


def test_load_gives_the_same_store_as_khabar_run(inputs, scaled, nlp, tmp_path):
    from khabar.scale import load

    out_dir, _ = scaled
    with connect(tmp_path / "run.db") as a, connect(tmp_path / "load.db") as b:
        ran = runner.run(a, [str(inputs)], nlp=nlp)
        loaded = load(out_dir, b)
        assert loaded.counts == ran.counts
        assert loaded.rejects_by_code == ran.rejects_by_code and loaded.events_by_type == ran.events_by_type
        for table in ("articles", "rejects", "events", "event_actors", "entities", "actors", "quotes", "places"):
            q = f"SELECT count(*) FROM {table}"
            assert b.execute(q).fetchone()[0] == a.execute(q).fetchone()[0], table
        q = "SELECT article_id, type, trigger_text FROM events ORDER BY 1, 2, 3"
        assert b.execute(q).fetchall() == a.execute(q).fetchall()


def test_extract_bag_keeps_one_record_per_item(inputs, cluster_client):
    import dask.bag

    from khabar.ingest import read
    from khabar.records import Extraction, Reject
    from khabar.scale import extract_bag

    items = list(read([str(inputs)]))
    records = extract_bag(dask.bag.from_sequence(items, npartitions=2)).compute(scheduler=cluster_client)
    assert len(records) == len(items)
    assert [type(r) for r in records] == [Reject if isinstance(i, Reject) else Extraction for i in items]
    ids = [i.id for i in items if not isinstance(i, Reject)]
    assert [r.article.id for r in records if isinstance(r, Extraction)] == ids


def test_unreachable_scheduler_is_k905(inputs, tmp_path, monkeypatch):
    from khabar import scale

    monkeypatch.setattr(scale, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(KhabarError) as info:
        scale.extract_to_files([str(inputs)], tmp_path, "tcp://127.0.0.1:9", partitions=2)
    assert info.value.kind.code == "K905"


def test_without_dask_is_k904(inputs, tmp_path, monkeypatch):
    import sys

    from khabar import scale

    for name in ("dask", "dask.bag", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)  # an import of a None entry raises ImportError
    with pytest.raises(KhabarError) as info:
        scale.extract_to_files([str(inputs)], tmp_path, "local")
    assert info.value.kind.code == "K904"


def test_bad_options(inputs, tmp_path):
    from khabar.scale import extract_to_files, load

    with pytest.raises(KhabarError, match="K900"):
        extract_to_files([str(inputs)], tmp_path, partitions=0)
    with pytest.raises(KhabarError, match="K900"):
        load(tmp_path / "nothing-here", sqlite3.connect(":memory:"))


def test_cli_extract_dask_then_load(inputs, scaled, tmp_path, capsys):
    out_dir, _ = scaled
    db = tmp_path / "k.db"
    assert cli.main(["load", str(out_dir), "--db", str(db)]) == 1  # rejects were loaded: exit 1, as `run`
    assert "6 extracted" in capsys.readouterr().out
    code = cli.main(["extract", str(inputs), "--dask", "tcp://127.0.0.1:9", "--out", str(tmp_path / "o")])
    assert code == 2 and "K905" in capsys.readouterr().err
    assert cli.main(["extract", str(inputs), "--dask", "local"]) == 2  # --dask needs --out
    assert "K900" in capsys.readouterr().err
    code = cli.main(["extract", str(inputs), "--dask", "local", "--out", str(tmp_path / "o"), "--blocksize", "lots"])
    assert code == 2 and "K900" in capsys.readouterr().err  # checked before a cluster is started


def test_a_stage_reject_keeps_its_article_through_load(tmp_path):
    """A K201 line carries the article it is about, so `load` stores both, as `khabar run` does."""
    from conftest import make_article

    from khabar.errors import reject
    from khabar.records import Article, Reject
    from khabar.scale import _line, load, parse_line

    article = make_article("Ministers met in Lisbon on Monday.", published="2025-05-05")
    failed = reject("stage_failed", article.origin, f"article {article.id}: ValueError: boom")
    line = _line(article, failed)
    assert json.loads(line)["reject"]["code"] == "K201"
    back = parse_line(line)
    assert [type(x) for x in back] == [Article, Reject] and back[0] == article and back[1] == failed
    (tmp_path / "part-00000.jsonl").write_text(line + "\n", encoding="utf-8")
    with connect(tmp_path / "k.db") as conn:
        result = load(tmp_path, conn)
        assert (result.counts.new_articles, result.counts.rejects, result.counts.extracted) == (1, 1, 0)
        assert conn.execute("SELECT id FROM articles").fetchone()[0] == article.id


# a folder of mixed inputs written for this test: a raw dump, an HTML page, an RSS feed and a JSONL file that
# the workers read in byte ranges (a small blocksize), its bad line where a cut falls
DUMP = """Ferry Service Resumes Between Two Islands

Ferry Service Resumes Between Two Islands

The coast guard in Manila said on Saturday that ferries between Cebu and Bohol would sail again after a storm.

Operators said tickets sold before the storm would be honoured.
"""
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Strike Ends at Port</title>
<meta property="article:published_time" content="2025-02-11T09:00:00Z"></head>
<body><article><h1>Strike Ends at Port</h1>
<p>Dock workers in Antwerp ended their strike on Tuesday after the port authority raised wages.</p>
<p>Cargo ships waiting offshore began to unload in the afternoon, a union official said.</p></article></body></html>
"""
FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Mixed Wire</title>
<item><title>Talks in Doha</title><guid>m-1</guid><pubDate>Mon, 10 Feb 2025 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Negotiators from Sudan's warring parties met in Doha on Monday, mediators said.&lt;/p&gt;
</description></item>
<item><title>No body</title><guid>m-2</guid><description>&lt;img src="x.png"/&gt;</description></item>
</channel></rss>
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scale_mixed")
    (folder / "a_dump.txt").write_text(DUMP, encoding="utf-8")
    (folder / "b_page.html").write_text(PAGE, encoding="utf-8")
    (folder / "c_feed.rss").write_text(FEED, encoding="utf-8")
    lines = [json.dumps({"id": i, "published": p, "text": t}) for i, p, t in ARTICLES[:4]]
    lines.insert(2, "{broken")  # line 3
    (folder / "d_wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_mixed_folder_in_byte_ranges_equals_khabar_extract(mixed, cluster_client, nlp, tmp_path):
    """Every reader runs on the workers; the JSONL file is read in ranges cut inside its bad line 3, which is
    still one K109 for line 3; read in part order, the files hold `khabar extract`'s lines in its order."""
    from khabar.scale import extract_to_files

    import dask

    from khabar.scale_inputs import RangeUnit, plan

    # 644 bytes cut into 644 // 40 = 16 ranges of 40.25: the 9th cut, at byte 362, falls inside line 3 (bytes
    # 358-365), which goes whole to the range its newline is in; the next range starts at line 4
    blocksize = 40
    work = plan([str(mixed)], 2, blocksize, lambda *tasks: dask.compute(*tasks, scheduler="sync"))
    starts = [u.first_line for p in work.partitions for u in p if isinstance(u, RangeUnit)]
    assert (mixed / "d_wire.jsonl").stat().st_size == 644 and len(starts) == 16 and 4 in starts
    out, err = io.StringIO(), io.StringIO()
    runner.extract_lines([str(mixed)], out, err, nlp=nlp)
    result = extract_to_files([str(mixed)], tmp_path, cluster_client, partitions=2, blocksize=blocksize)
    lines = [line for f in result.files for line in Path(f).read_text("utf-8").splitlines()]
    assert [x for x in lines if not x.startswith('{"reject"')] == out.getvalue().splitlines()
    assert [x for x in lines if x.startswith('{"reject"')] == err.getvalue().splitlines()
    rejects = [json.loads(x)["reject"] for x in lines if x.startswith('{"reject"')]
    assert [(r["code"], Path(r["origin"]["path"]).name, r["origin"]["position"]) for r in rejects] == [
        ("K111", "c_feed.rss", 2), ("K109", "d_wire.jsonl", 3)
    ]
    readers = [json.loads(x)["article"]["origin"]["reader"] for x in lines if not x.startswith('{"reject"')]
    assert readers == ["dump", "html", "feed", "jsonl", "jsonl", "jsonl", "jsonl"]
    assert len(result.files) == 19 and result.extracted == 7 and result.rejects == 2  # 3 files + 16 ranges
