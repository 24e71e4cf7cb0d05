"""`khabar`: one verb per job, each a thin argparse wrapper over a plain function.

    khabar ingest PATH... [--db khabar.db]          store articles + rejects
    khabar extract PATH|- [--model] [--batch-size]   one JSON line per article on stdout, rejects on stderr
    khabar extract PATH... --dask ADDR|local --out DIR  the same lines, one part file per Dask partition
    khabar load DIR [--db khabar.db]                store those part files (as `run` would)
    khabar run PATH... [--db khabar.db]             ingest + extract + store, then a summary
    khabar articles [ID] [--format table|jsonl]     list, show one, or dump as JSONL
    khabar quotes [DB] [--speaker NAME] [--article ID]  stored quotes by speaker or article (table or JSONL)
    khabar export --format FMT [filters] [-o FILE]  plover-json, acled-csv, gdelt-tsv, geojson, parquet, jsonl
    khabar serve [--db] / khabar eval BENCH_DIR     the web UI / the benchmarks

`ingest` and `run` link each new article to an earlier near-copy in the store (MinHash LSH, see
khabar.store.duplicates); `articles`, `quotes` and `export` take `--skip-duplicates` to leave the copies out.

Exit codes: 0 ok, 1 some inputs were rejected (they are stored or reported all the same) or, for `quotes`, no
quote matched (as grep), 2 bad options or environment (a KhabarError, printed as "error K9xx reason: detail").
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import shlex
import sqlite3
import sys
import typing
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from khabar import __version__, display
from khabar.errors import KhabarError
from khabar.records import Modality, to_dict
from khabar.runner import extract_lines, ingest, run
from khabar.store import EventFilter, connect, duplicates, queries
from khabar.store.schema import upgrade_file

DEFAULT_DB = os.environ.get("KHABAR_DB", "khabar.db")


# ---------------------------------------------------------------- verbs (the plain functions: khabar.runner)


def cmd_ingest(args: argparse.Namespace) -> int:
    with _db(args) as conn:
        result = ingest(conn, args.paths, quiet=args.quiet, command=_command(args), dedupe=_dedupe(args))
        print(display.summary_text(conn, result))
    return 1 if result.counts.rejects else 0


def cmd_run(args: argparse.Namespace) -> int:
    with _db(args) as conn:
        result = run(
            conn, args.paths, model=args.model, batch_size=args.batch_size, processes=args.processes,
            reextract=args.reextract, quiet=args.quiet, command=_command(args), dedupe=_dedupe(args),
        )
        print(display.summary_text(conn, result))
    return 1 if result.counts.rejects else 0


def cmd_extract(args: argparse.Namespace) -> int:
    if args.dask or args.out:
        return _extract_dask(args)
    rejects = extract_lines(
        args.paths, sys.stdout, sys.stderr, model=args.model, batch_size=args.batch_size,
        processes=args.processes, quiet=args.quiet,
    )
    return 1 if rejects else 0


def _extract_dask(args: argparse.Namespace) -> int:
    """`khabar extract --dask SCHEDULER|local --out DIR`: one part file per partition (khabar.scale)."""
    from khabar.scale import extract_to_files

    if not args.out:
        raise KhabarError("bad_option", "--dask writes part files: give the folder with --out DIR")
    if "-" in args.paths:
        raise KhabarError("bad_option", "--dask reads files and folders, not - (stdin)")
    result = extract_to_files(
        args.paths, args.out, args.dask, partitions=args.partitions, format=args.out_format, model=args.model,
        batch_size=args.batch_size, blocksize=args.blocksize,
    )
    if not args.quiet:
        by_code = ", ".join(f"{k} {n}" for k, n in sorted(result.rejects_by_code.items()))
        print(
            f"{len(result.files)} part files in {args.out}: {result.extracted} extracted, {result.events} events,"
            f" {result.rejects} rejects" + (f" ({by_code})" if by_code else ""), file=sys.stderr,
        )
    return 1 if result.rejects else 0


def cmd_load(args: argparse.Namespace) -> int:
    from khabar.scale import load

    if not Path(args.dir).is_dir():
        raise KhabarError("bad_option", f"{args.dir}: no such folder of part files")
    with _db(args) as conn:
        result = load(args.dir, conn, command=_command(args), dedupe=_dedupe(args))
        print(display.summary_text(conn, result))
    return 1 if result.counts.rejects else 0


def cmd_articles(args: argparse.Namespace) -> int:
    with _db(args, create=False) as conn:
        if args.id:
            extraction = queries.get_extraction(conn, args.id)
            if extraction is None:
                raise KhabarError("bad_option", f"no article with id {args.id!r}")
            if args.format == "jsonl":
                print(json.dumps(to_dict(extraction), ensure_ascii=False))
            else:
                print(display.show(extraction, display.duplicate_note(conn, extraction.article.id)))
            return 0
        if args.format == "jsonl":
            if args.q or args.skip_duplicates:  # a selection: the matching articles, best-dated first
                hits = queries.list_articles(
                    conn, limit=args.limit or -1, q=args.q, skip_duplicates=args.skip_duplicates
                ).items
                articles = (queries.get_article(conn, h.id) for h in hits)
            else:
                articles = queries.iter_articles(conn)
            for i, article in enumerate(articles):
                if args.limit is not None and i >= args.limit:
                    break
                print(json.dumps(to_dict(article), ensure_ascii=False))
            return 0
        page = queries.list_articles(conn, limit=args.limit or 50, q=args.q, skip_duplicates=args.skip_duplicates)
        print(f"{'id':16}  {'published':10}  {'events':>6}  {'source':18}  title")
        for a in page.items:
            title = (a.title or "")[:70] + (f"  (copy of {a.duplicate_of})" if a.duplicate_of else "")
            print(f"{a.id:16}  {a.published or '':10.10}  {a.events:>6}  {(a.source or '')[:18]:18}  {title}")
        print(f"({len(page.items)} of {page.total} articles)")
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    args.db = args.database or args.db
    with _db(args, create=False) as conn:
        written = display.quote_lines(
            conn, sys.stdout, speaker=args.speaker, article=args.article, kind=args.kind, fmt=args.format,
            limit=args.limit, skip_duplicates=args.skip_duplicates,
        )
    sys.stdout.flush()
    return 0 if written else 1


def cmd_export(args: argparse.Namespace) -> int:
    from khabar.export import FORMATS, export

    if args.format not in FORMATS:
        raise KhabarError("bad_option", f"unknown export format {args.format!r}; one of {', '.join(FORMATS)}")
    flt = EventFilter(
        type=args.type, modality=args.modality, country=args.country, actor=args.actor, place=args.place,
        article_id=args.article, since=args.since, until=args.until, min_confidence=args.min_confidence,
        q=args.q, skip_duplicates=args.skip_duplicates, limit=args.limit,
    )
    with _db(args, create=False) as conn:
        hits = queries.iter_events(conn, flt)
        if args.output in (None, "-"):
            stats = export(args.format, hits, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            with open(args.output, "wb") as fh:
                stats = export(args.format, hits, fh)
    if not args.quiet:
        where = args.output if args.output not in (None, "-") else "stdout"
        skipped = f" ({stats['skipped']} without the fields {args.format} needs, left out)" if stats["skipped"] else ""
        print(f"exported {stats['written']} events as {args.format} to {where}{skipped}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from khabar.web.app import create_app
    except ImportError as exc:
        print(f"error: the web UI is not available in this install ({exc})", file=sys.stderr)
        return 2
    # fail early (K902) on a missing or newer database; upgrade an older one (the only write serve makes)
    before, after = upgrade_file(args.db)
    if before != after and not args.quiet:
        print(f"upgraded {args.db} from schema version {before} to {after}", file=sys.stderr)
    os.environ["KHABAR_DB"] = str(args.db)
    app = create_app(str(args.db))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning" if args.quiet else "info")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    runner = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"
    if not runner.is_file():
        raise KhabarError("bad_option", f"{runner} not found: `khabar eval` needs a source checkout of khabar")
    if not args.bench_dir.is_dir():
        raise KhabarError("bad_option", f"{args.bench_dir}: no such folder of benchmark data")
    unknown = [n for n in args.only or () if not (runner.parent / f"bench_{n}.py").is_file()]
    if unknown:
        raise KhabarError("bad_option", f"no benchmark named {', '.join(unknown)} in {runner.parent}")
    spec = importlib.util.spec_from_file_location("khabar_bench_run", runner)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    argv = [str(args.bench_dir)] + (["--quick"] if args.quick else []) + ([] if args.write else ["--no-write"])
    if args.only:
        argv += ["--only", *args.only]
    return int(module.main(argv) or 0)


# ---------------------------------------------------------------- argparse


def _command(args: argparse.Namespace) -> str:
    return "khabar " + " ".join(shlex.quote(a) for a in args.argv)


def _db(args: argparse.Namespace, create: bool = True) -> closing[sqlite3.Connection]:
    return closing(connect(args.db, create=create))


def _dedupe(args: argparse.Namespace) -> float | None:
    return None if args.no_dedupe else duplicates.check_threshold(args.duplicate_threshold)


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a number in (0, 1]")
    return value


def _positive(text: str) -> int:
    if not text.strip().lstrip("-").isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be an integer, at least 1")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="khabar", description="Political event data from raw news, offline.")
    parser.add_argument("--version", action="version", version=f"khabar {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar or notes on stderr")
    common.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", default=DEFAULT_DB, help="SQLite file (default: $KHABAR_DB or khabar.db)")
    dedupe = argparse.ArgumentParser(add_help=False)
    dedupe.add_argument("--no-dedupe", action="store_true", help="do not link new articles to near-copies")
    dedupe.add_argument(
        "--duplicate-threshold", type=_fraction, default=duplicates.DEFAULT_THRESHOLD,
        help=f"estimated Jaccard (word 3-grams) that makes a near-copy (default {duplicates.DEFAULT_THRESHOLD})",
    )
    skip = argparse.ArgumentParser(add_help=False)
    skip.add_argument("--skip-duplicates", action="store_true", help="leave out articles that copy an earlier one")
    nlp = argparse.ArgumentParser(add_help=False)
    nlp.add_argument("--model", help="spaCy pipeline name or path (default: en_core_web_md)")
    nlp.add_argument("--batch-size", type=_positive, default=32, help="articles per spaCy batch")
    nlp.add_argument("--processes", type=_positive, default=1, help="worker processes for spaCy")
    sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    p = sub.add_parser("ingest", parents=[common, db, dedupe], help="store articles and rejects from files, folders, -")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", parents=[common, nlp], help="print one JSON line of extractions per article")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs or - for stdin")
    p.add_argument("--dask", metavar="SCHEDULER", help="extract on Dask: a scheduler address, or local (needs --out)")
    p.add_argument("--out", metavar="DIR", help="write part-NNNNN.jsonl files here instead of stdout (Dask)")
    p.add_argument("--partitions", type=_positive, default=8, help="parts to split the input into (Dask)")
    p.add_argument(
        "--blocksize", default="64MiB", metavar="SIZE",
        help="most bytes of a JSONL file one worker task reads, e.g. 64MiB: bigger files are cut on lines (Dask)",
    )
    p.add_argument(
        "--out-format", choices=("jsonl", "parquet"), default="jsonl",
        help="parquet: also each part's events as export's Parquet table, beside its JSON lines (Dask)",
    )
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("load", parents=[common, db, dedupe], help="store the part files of extract --out")
    p.add_argument("dir", metavar="DIR")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("run", parents=[common, db, nlp, dedupe], help="ingest + extract + store, then a summary")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--reextract", action="store_true", help="redo articles already extracted in the store")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("articles", parents=[common, db, skip], help="list stored articles, show one, or dump JSONL")
    p.add_argument("id", nargs="?", help="an article id (or a unique prefix of one)")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.add_argument("--limit", type=_positive, default=None)
    p.add_argument("--q", help="full-text search (SQLite FTS5 syntax)")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("export", parents=[common, db, skip], help="write stored events in an event-data format")
    p.add_argument("--format", required=True, help="plover-json, acled-csv, gdelt-tsv, geojson, parquet or jsonl")
    p.add_argument("-o", "--output", default="-", help="file to write (default: - for stdout)")
    p.add_argument("--type", help="PLOVER event type, e.g. ASSAULT")
    p.add_argument("--modality", choices=typing.get_args(Modality))
    p.add_argument("--country", help="ISO country code of the event's place or a participant")
    p.add_argument("--actor", help="text in a participant's name")
    p.add_argument("--place", help="text in the event's place name")
    p.add_argument("--article", help="one article id")
    p.add_argument("--since", help="first date, ISO (2025-06-01, 2025-06)")
    p.add_argument("--until", help="last date, ISO")
    p.add_argument("--min-confidence", type=float)
    p.add_argument("--q", help="full-text search over the articles (FTS5 syntax)")
    p.add_argument("--limit", type=_positive)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("quotes", parents=[common, db, skip], help="stored quotes, by speaker or article")
    p.add_argument("database", nargs="?", metavar="DB", help="SQLite file (the same as --db)")
    p.add_argument("--speaker", help="text in the speaker's name or in any mention of them (case-insensitive)")
    p.add_argument("--article", help="one article id (or a unique prefix of one)")
    p.add_argument("--kind", choices=("speech", "stance"), help="what was said, or a position taken")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.add_argument("--limit", type=_positive, default=None)
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser("serve", parents=[common, db], help="browse the store in a web UI")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", parents=[common], help="run the benchmarks on a folder of public data sets")
    p.add_argument("bench_dir", type=Path)
    p.add_argument("--quick", action="store_true", help="small subsets")
    p.add_argument("--only", nargs="*", help="benchmark names")
    p.add_argument("--write", action="store_true", help="also regenerate docs/benchmarks.md")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 2 for usage errors, 0 for --help/--version
        return int(exc.code or 0)
    args.argv = argv
    level = logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except KhabarError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `khabar export ... | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
