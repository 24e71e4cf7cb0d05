"""Run the benchmarks on the public data and regenerate docs/benchmarks.md.

    python benchmarks/run.py ../shared/bench [--quick] [--only NAME ...] [--no-write]

Each `benchmarks/bench_<name>.py` exposes `run(bench_dir: Path, quick: bool = False) -> list[dict]`, one dict
per figure: dataset, task, metric, value, items, seconds. This runner prints one table. Unless --no-write or
--quick, it stores each benchmark's figures with the exact command, date and machine in
`benchmarks/results/<name>.json`, then regenerates docs/benchmarks.md from every stored result, so a slow
benchmark can be re-run alone (`--only scale`) and the document stays whole and never hand-edited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DOC = HERE.parent / "docs" / "benchmarks.md"
PROFILE = HERE / "profile.md"
COLUMNS = ("dataset", "task", "metric", "value", "items", "seconds")


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"bench_{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in a benchmark module look themselves up there
    spec.loader.exec_module(module)
    return module


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(fmt(row.get(c, "")) for c in COLUMNS) + " |")
    return "\n".join(lines)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}, Python {platform.python_version()}"


def save(name: str, module, rows: list[dict], command: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    record = {"name": name, "command": command, "date": dt.date.today().isoformat(), "machine": machine(),
              "how": (module.__doc__ or "").strip(), "rows": rows}
    (RESULTS / f"{name}.json").write_text(json.dumps(record, indent=1, default=float) + "\n")


# (benchmark, dataset | task | metric, what it is measured against) for the summary at the top of the doc
HEADLINES = [
    ("article_extraction", "article_extraction | body extraction: khabar | shingle_f1", "trafilatura default 0.951"),
    ("ingest", "plover_synthetic | ingest jsonl | articles_per_s", "not the bottleneck"),
    ("ner", "conll2003/valid | NER overall (khabar entities) | span F1", "spaCy md alone ~0.66"),
    ("plover", "PLOVER GSR dev | event type (top-1) | accuracy", "bar 0.85"),
    ("plover", "PLOVER GSR dev | actor country | accuracy", "bar 0.80"),
    ("plover", "PLOVER GSR dev | recipient country | accuracy", "bar 0.80"),
    ("case2021", "CASE 2021 task 2 dev | ACLED sub-type | weighted F1", "best team 0.839 (test, RoBERTa)"),
    ("timebank", "TimeBank (TempEval-3) | TIMEX3 extraction + normalisation | value F1", "HeidelTime 0.776; aim 0.82"),
    ("polnear", "polnear/dev | quote content | f1 (token, Citron)", "Citron (PARC3) 0.833, the same metric"),
    ("polnear", "polnear/dev | quote source | f1 (token, Citron)", "Citron (PARC3) 0.853, the same metric"),
    ("polnear", "polnear/dev | quote content | f1 (token, linked)", "strict word count, one-to-one"),
    ("polnear", "polnear/dev | quote source | f1 (token, linked)", "strict word count, one-to-one"),
    ("polnear", "polnear/dev | quote content | f1 (overlap)", "relations matched, one-to-one"),
    ("polnear", "polnear/dev | quote source | f1 (overlap)", "relations matched, one-to-one"),
    ("polnear", "polnear multi-annotated | quote content: khabar vs annotator | f1 (overlap)",
     "annotators vs each other, next row"),
    ("polnear", "polnear multi-annotated | quote content: annotator vs annotator | f1 (overlap)", "ceiling of the data"),
    ("polnear", "polnear multi-annotated | quote source: khabar vs annotator | f1 (overlap)",
     "annotators vs each other, next row"),
    ("polnear", "polnear multi-annotated | quote source: annotator vs annotator | f1 (overlap)", "ceiling of the data"),
    ("polnear", "polnear multi-annotated | quote source: khabar vs annotator | f1 (token, linked)",
     "annotators vs each other, next row"),
    ("polnear", "polnear multi-annotated | quote source: annotator vs annotator | f1 (token, linked)",
     "ceiling of the data"),
    ("geoparsing", "lgl | toponym recognition | F1_exact", ""),
    ("geoparsing", "lgl | toponym resolution | exact geonameid accuracy", "Mordecai3 79-93%"),
    ("geoparsing", "lgl | toponym resolution | Acc@161km", "Mordecai3 83-98%"),
    ("geoparsing", "GeoVirus | toponym resolution | Acc@161km", "Mordecai3 83-98%"),
    ("event_location", "event_location dev | event location | overall accuracy (overlap)", ""),
    ("news_similarity", "news_similarity dev | khabar similarity | Pearson r", ""),
    ("throughput", "plover_synthetic | khabar / spaCy ratio, 1 process | ratio", "bar 0.8"),
    ("throughput", "plover_synthetic | khabar / spaCy ratio, 2 processes | ratio", "bar 0.8"),
    ("throughput", "plover_synthetic | khabar / spaCy with khabar's memo fronts, 1 process | ratio",
     "khabar's stages alone"),
    ("scale", "templated | khabar run, 50000 articles | peak RSS MB", "1k and 10k rows: see the scale table"),
]


def _summary(records: list[dict]) -> str:
    lines = ["| benchmark | figure | value | against |", "|---|---|---|---|"]
    by_name = {r["name"]: r for r in records}
    for name, key, against in HEADLINES:
        for row in by_name.get(name, {}).get("rows", []):
            row_key = f"{row['dataset']} | {row['task']} | {row['metric']}"
            if row_key == key or row_key.split(" (")[0] + row_key[row_key.find(")") + 1:] == key:
                lines.append(f"| {name} | {row['dataset']}: {row['task']}: {row['metric']} | {fmt(row['value'])} | {against} |")
                break
    return "\n".join(lines)


def write_doc() -> None:
    records = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))]
    parts = [
        "# Benchmarks\n",
        "Re-generated by `python benchmarks/run.py BENCH_DIR [--only NAME]` from `benchmarks/results/*.json`; "
        "do not edit by hand. Data: `../shared/bench` (see its README). Each section gives the exact command, "
        "date and machine of its figures; the machine is shared and busy during development, so speeds are "
        "conservative.\n",
        "## Summary\n\n" + _summary(records) + "\n",
    ]
    for rec in records:
        parts.append(f"## {rec['name']}\n\n- command: `{rec['command']}`\n- date: {rec['date']}\n"
                     f"- machine: {rec['machine']}\n\n{table(rec['rows'])}\n\n{rec['how']}\n")
    if PROFILE.exists():
        parts.append(PROFILE.read_text())
    DOC.write_text("\n".join(parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_dir", type=Path)
    parser.add_argument("--quick", action="store_true", help="small subsets (the CI gate's size); writes nothing")
    parser.add_argument("--only", nargs="*", default=None, help="benchmark names (bench_<name>.py)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results and docs alone")
    args = parser.parse_args(argv)
    names = args.only or sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))
    write = not (args.no_write or args.quick)
    rows, failed = [], []
    for name in names:
        module = load(name)
        start = time.perf_counter()
        try:
            figures = module.run(args.bench_dir, quick=args.quick)
        except Exception as exc:  # noqa: BLE001 -- one broken benchmark is reported, the rest still run
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        print(f"# {name}: {time.perf_counter() - start:.1f}s", file=sys.stderr)
        rows.extend(figures)
        if write:
            save(name, module, figures, f"python benchmarks/run.py {args.bench_dir} --only {name}")
    print(table(rows))
    for line in failed:
        print(f"FAILED {line}", file=sys.stderr)
    if write:
        write_doc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
