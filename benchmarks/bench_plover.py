"""PLOVER gold-standard sentences (plover_gsr/dev.json): event type, source and target country.

Each sentence becomes a one-paragraph Article (published = the record's date) and runs through the full
pipeline (`build_nlp()`: dates, places, actors, quotes, events). The event with the highest confidence is
khabar's answer. Old GSR labels are mapped to PLOVER 2.0 (DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE,
FIGHT->ASSAULT). Figures:
- top-1 event type accuracy over all sentences (a sentence with no event counts as wrong);
- actor / recipient country accuracy over sentences whose gold source / target has a code: right when any
  code of the top event's actors (ISO3 country, or the sector for IGO/NGO codes) is among the gold codes.
The GSR's own codes include a few non-ISO ones: older CAMEO country codes (JAP, VTN, ...) are mapped to ISO,
as bench_actor_codes does; IMG/ISM/MNC/UAF (a militant group, a religion, a company, with no country) are
matched by a participant found with no country (as bench_actor_codes scores them). Until 2026-11-25 both
were compared as they are, which counted "Tokyo" -> JPN against gold JAP as wrong.

    python benchmarks/bench_plover.py ../shared/bench [--errors]

`--errors` (or -v) prints each sentence khabar gets wrong: gold type and source/target codes against the top
event's type, trigger and actor/recipient texts with their countries (A! actor wrong, R! recipient wrong).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from khabar.extract.coding import OLD_LABELS
from khabar.ingest import from_text
from khabar.records import Article, Event, Extraction

DATASET = "PLOVER GSR dev"


def _article(text: str, published: str | None) -> Article:
    return from_text(text, published=published)  # the JSONL input path a user's data would take


#: older CAMEO country codes in the GSR -> ISO alpha-3 (as in bench_actor_codes)
CAMEO_TO_ISO = {"JAP": "JPN", "VTN": "VNM", "ROM": "ROU", "GER": "DEU", "DEN": "DNK", "ZAR": "COD", "BUR": "MMR"}
#: gold codes of actors with no country and no IGO/NGO sector: any participant found without a country matches
STATELESS = frozenset({"IMG", "ISM", "MNC", "UAF"})


def _codes(refs) -> set[str]:
    out = set()
    for r in refs:
        if r.country:
            out.add(r.country)
        if r.sector in ("IGO", "NGO"):
            out.add(r.sector)
        if not r.country and r.sector not in ("IGO", "NGO"):
            out.update(STATELESS)
    return out


def _gold(actors) -> set[str]:
    codes = {(s.get("code") or "").upper() for s in actors or []}
    return {CAMEO_TO_ISO.get(c, c) for c in codes if c}


def top_event(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: e.confidence) if events else None


def evaluate(bench_dir: Path, quick: bool = False, verbose: bool = False) -> list[dict]:
    from khabar.pipeline import build_nlp, extract

    items = json.loads((bench_dir / "plover_gsr" / "dev.json").read_text(encoding="utf-8"))
    # 109 sentences take seconds: quick runs them all
    nlp = build_nlp()
    start = time.perf_counter()
    articles = [_article(item["text"].strip().strip("{}"), item.get("date")) for item in items]
    right = actor_n = actor_ok = target_n = target_ok = 0
    # the pipeline's driver: an article a stage fails on comes back as a Reject (no events), the run goes on
    for item, out in zip(items, extract(articles, nlp=nlp, batch_size=32)):
        events = out.events if isinstance(out, Extraction) else []
        text = item["text"]
        gold = OLD_LABELS.get(item["event"], item["event"])
        top = top_event(events)
        ok = top is not None and top.type == gold
        right += ok
        src, tgt = _gold(item.get("source")), _gold(item.get("target"))
        a_ok = t_ok = None
        if src:
            actor_n += 1
            a_ok = top is not None and bool(_codes(top.actors) & src)
            actor_ok += a_ok
        if tgt:
            target_n += 1
            t_ok = top is not None and bool(_codes(top.recipients) & tgt)
            target_ok += t_ok
        if verbose and not (ok and a_ok is not False and t_ok is not False):
            got = (f"{top.type} {top.trigger.text!r} A={[(r.text, r.country) for r in top.actors]} "
                   f"R={[(r.text, r.country) for r in top.recipients]}") if top else "-"
            print(f"{'OK ' if ok else 'BAD'}{'' if a_ok is not False else ' A!'}{'' if t_ok is not False else ' R!'} gold={gold} src={sorted(src)} tgt={sorted(tgt)} | got {got} | {text[:150]}")
    seconds = time.perf_counter() - start
    n = len(items)
    return [
        {"dataset": DATASET, "task": "event type (top-1)", "metric": "accuracy", "value": right / n, "items": n,
         "seconds": round(seconds, 1)},
        {"dataset": DATASET, "task": "actor country", "metric": "accuracy", "value": actor_ok / max(1, actor_n),
         "items": actor_n, "seconds": round(seconds, 1)},
        {"dataset": DATASET, "task": "recipient country", "metric": "accuracy", "value": target_ok / max(1, target_n),
         "items": target_n, "seconds": round(seconds, 1)},
    ]


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    return evaluate(bench_dir, quick)


if __name__ == "__main__":
    for row in evaluate(Path(sys.argv[1]), "--quick" in sys.argv, "-v" in sys.argv or "--errors" in sys.argv):
        print(row)
