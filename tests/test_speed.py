"""The speed measures keep the output and the measurement honest: extraction freezes the heap only while
it runs, and the throughput benchmark times both sides over the same articles."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from khabar.pipeline import extract
from khabar.records import Extraction

from conftest import make_article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def test_extract_freezes_the_heap_only_while_it_runs(nlp):
    articles = [make_article("Kenyan police arrested 12 protesters in Nairobi on Monday.", "2025-03-04")]
    stream = extract(articles, nlp)
    before = gc.get_freeze_count()
    first = next(stream)
    assert gc.get_freeze_count() > before  # the pipeline is out of the collector's walks
    assert isinstance(first, Extraction) and first.events and first.actors
    assert list(stream) == []
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_extract_unfreezes_when_abandoned(nlp):
    articles = [make_article(f"Talks were held in Cairo on day {n}.", "2025-03-04") for n in range(3)]
    stream = extract(articles, nlp, batch_size=1)
    next(stream)
    stream.close()
    assert gc.get_freeze_count() == 0


def test_throughput_times_both_sides_over_the_same_chunks(bench_dir, monkeypatch):
    import bench_throughput

    monkeypatch.setattr(bench_throughput, "CHUNK", 8)
    rows = {r["task"] + "|" + r["metric"]: r for r in bench_throughput.run(bench_dir, quick=True, n=20)}
    bare = rows["spaCy nlp.pipe, 1 process|articles/s"]
    full = rows["khabar extract, 1 process|articles/s"]
    ratio = rows["khabar / spaCy ratio, 1 process|ratio"]
    assert bare["items"] == full["items"] == 20
    assert abs(ratio["value"] - bare["seconds"] / full["seconds"]) < 1e-9
    assert abs(ratio["seconds"] - (bare["seconds"] + full["seconds"])) < 1e-9
