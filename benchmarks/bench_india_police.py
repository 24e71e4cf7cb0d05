"""IndiaPoliceEvents (india_police_events/sents.jsonl): did police kill, arrest, fail to act, use force, act?

Every sentence becomes a one-paragraph Article (published = the document's date from metadata.jsonl) and
runs through the full pipeline. Sentence-level answers are read off khabar's events, the way the paper
scores sentence classification (per-class precision, recall, F1 over all sentences):
- police actor: an actor with sector COP, or whose text names the police or the security forces doing police
  work ("police", "cops", "constables", "security forces", "RAF"); for MOBILIZE the deployed force counts;
- KILL: a police ASSAULT (not negated) in a sentence that states a death (killed / dead / died / death);
- FORCE: a police ASSAULT, or a COERCE with mode force / disperse / repress (not negated);
- ARREST: a COERCE detain event (not negated) by the police or by nobody named (Indian news writes
  "five men were arrested": the police are the ones who arrest);
- FAIL: a police event that is negated ("police did not intervene", "failed to stop"), or police
  conceding / retreating ("the police allowed the mob to have its way");
- ANY_ACTION: any police event that is not negated, or an ARREST.
The text is lower-cased in the dataset, which costs the parser and NER accuracy; nothing is re-cased.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from khabar.ingest import from_text
from khabar.records import Event, Extraction

DATASET = "IndiaPoliceEvents sents"
CLASSES = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
_POLICE_WORDS = ("police", "cop", "cops", "constable", "constables", "policemen", "policeman", "sp", "dcp",
                 "commissioner", "rpf", "rapid action force", "crpf", "srp", "bsf", "jawans", "security forces",
                 "security personnel", "home guards", "raf", "sp")
_DEATH = ("kill", "dead", "died", "death", "shot dead", "lost their lives", "succumbed")


def _police(e: Event) -> bool:
    # a deployment's object is the acting force ("security forces were deployed")
    for a in e.actors + (e.recipients if e.type == "MOBILIZE" else []):
        if a.sector == "COP" or any(w in a.text.lower().split() or w in a.text.lower() for w in _POLICE_WORDS):
            return True
    return False


def labels_of(events: list[Event], sentence: str) -> set[str]:
    out: set[str] = set()
    low = sentence.lower()
    for e in events:
        police = _police(e)
        if e.modality == "negated":
            if police:
                out.add("FAIL")
            continue
        if e.type == "COERCE" and e.mode == "detain" and (police or not e.actors):
            out |= {"ARREST", "ANY_ACTION"}
        if not police:
            continue
        out.add("ANY_ACTION")
        if e.type in ("CONCEDE", "RETREAT"):
            out.add("FAIL")  # police giving way to a mob
        if e.type == "ASSAULT" or (e.type == "COERCE" and e.mode in ("force", "disperse", "repress")):
            out.add("FORCE")
        if e.type == "ASSAULT" and any(d in low for d in _DEATH):
            out.add("KILL")
    return out


def evaluate(bench_dir: Path, quick: bool = False) -> list[dict]:
    from khabar.pipeline import build_nlp, extract

    folder = bench_dir / "india_police_events"
    dates = {}
    for line in (folder / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        dates[meta.get("doc_id")] = (meta.get("date") or "")[:10] or None
    rows = [json.loads(line) for line in (folder / "sents.jsonl").read_text(encoding="utf-8").splitlines()]
    if quick:
        rows = rows[:1500]
    nlp = build_nlp()
    start = time.perf_counter()
    articles = []
    for r in rows:
        text = r["sent_text"]
        published = dates.get(r["doc_id"])
        articles.append(from_text(text, published=published))  # the JSONL input path a user's data would take
    counts = {c: [0, 0, 0] for c in CLASSES}  # tp, fp, fn
    # the pipeline's driver: an article a stage fails on comes back as a Reject (no events), the run goes on
    for r, out in zip(rows, extract(articles, nlp=nlp, batch_size=64)):
        events = out.events if isinstance(out, Extraction) else []
        pred = labels_of(events, r["sent_text"])
        gold = set(r["sent_labels"])
        for c in CLASSES:
            counts[c][0] += c in pred and c in gold
            counts[c][1] += c in pred and c not in gold
            counts[c][2] += c in gold and c not in pred
    seconds = round(time.perf_counter() - start, 1)
    out = []
    for c in CLASSES:
        tp, fp, fn = counts[c]
        p = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
        out.append({"dataset": DATASET, "task": f"{c} sentences", "metric": "F1", "value": f1,
                    "items": len(rows), "seconds": seconds, "note": f"P {p:.2f} R {rec:.2f}"})
    return out


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    return evaluate(bench_dir, quick)


if __name__ == "__main__":
    for row in evaluate(Path(sys.argv[1]), "--quick" in sys.argv):
        print(row)
