"""CASE 2021 task 2 (case2021_task2/dev.tsv): fine-grained ACLED event sub-types of news snippets.

Each snippet becomes a one-paragraph Article and runs through the full pipeline. The snippet's label is
`coding.acled_of_report(events)`: ACLED's sub-type of the most confident event, with ACLED's combination
rules (protests met by force, rioting protesters, mobs, a withdrawal met by a takeover; an attack known only
from its casualties yields to one that says how it was done). ACLED names are mapped to the task's labels (Air/drone strike ->
AIR_STRIKE, ...). The task's five extra labels outside ACLED are handled so: DIPLO when the only events are
diplomatic PLOVER types (CONSULT, SUPPORT, ACCUSE, REQUEST, REJECT, THREATEN, SANCTION, COOPERATE, AID
other than humanitarian relief, CONCEDE); NATURAL_DISASTER, MAN_MADE_DISASTER, ORG_CRIME and ATTRIB are never predicted (khabar codes
political events, not these). A snippet with no event gets the label "none", which counts as an error.
Figures: weighted and macro F1 over the gold labels (scikit-learn), as the shared task scored them (the
best team reached weighted F1 0.839 on the test set with fine-tuned RoBERTa), and accuracy.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from khabar.extract.coding import acled_of_report
from khabar.ingest import from_text
from khabar.records import Extraction

DATASET = "CASE 2021 task 2 dev"
ACLED_TO_CASE = {
    "Armed clash": "ARMED_CLASH", "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER", "Chemical weapon": "CHEM_WEAP",
    "Air/drone strike": "AIR_STRIKE", "Suicide bomb": "SUIC_BOMB", "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS", "Grenade": "GRENADE", "Sexual violence": "SEX_VIOL",
    "Attack": "ATTACK", "Abduction/forced disappearance": "ABDUCT_DISSAP", "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER", "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR", "Mob violence": "MOB_VIOL", "Agreement": "AGREEMENT", "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT", "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED", "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER", "Other": "OTHER",
}
DIPLOMATIC = frozenset({"CONSULT", "SUPPORT", "ACCUSE", "REQUEST", "REJECT", "THREATEN", "SANCTION", "COOPERATE",
                        "AID", "CONCEDE", "AGREE"})


def label_of(events) -> str:
    acled = acled_of_report(events)
    if acled is not None:
        return ACLED_TO_CASE.get(acled[1], "OTHER")
    # an evacuation or rescue is relief work, not diplomacy
    if any(e.type in DIPLOMATIC and not (e.type == "AID" and e.mode == "humanitarian") for e in events):
        return "DIPLO"
    return "none"


def evaluate(bench_dir: Path, quick: bool = False, verbose: bool = False) -> list[dict]:
    from sklearn.metrics import f1_score

    from khabar.pipeline import build_nlp, extract

    with open(bench_dir / "case2021_task2" / "dev.tsv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("EventSnippet")]
    if quick:
        rows = rows[::3]
    nlp = build_nlp()
    start = time.perf_counter()
    articles = []
    for r in rows:
        text = r["EventSnippet"].strip()
        articles.append(from_text(text))  # the JSONL input path a user's data would take
    gold, pred = [], []
    # the pipeline's driver: an article a stage fails on comes back as a Reject (no events), the run goes on
    for r, out in zip(rows, extract(articles, nlp=nlp, batch_size=32)):
        events = out.events if isinstance(out, Extraction) else []
        gold.append(r["SubType"])
        pred.append(label_of(events))
        if verbose and gold[-1] != pred[-1]:
            print(f"gold={gold[-1]:28} pred={pred[-1]:28} {[(e.type, e.mode, e.trigger.text) for e in events][:4]} | {r['EventSnippet'][:160]}")
    seconds = round(time.perf_counter() - start, 1)
    labels = sorted(set(gold))
    n = len(rows)
    return [
        {"dataset": DATASET, "task": "ACLED sub-type", "metric": "weighted F1",
         "value": f1_score(gold, pred, labels=labels, average="weighted", zero_division=0), "items": n, "seconds": seconds},
        {"dataset": DATASET, "task": "ACLED sub-type", "metric": "macro F1",
         "value": f1_score(gold, pred, labels=labels, average="macro", zero_division=0), "items": n, "seconds": seconds},
        {"dataset": DATASET, "task": "ACLED sub-type", "metric": "accuracy",
         "value": sum(g == p for g, p in zip(gold, pred)) / n, "items": n, "seconds": seconds},
    ]


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    return evaluate(bench_dir, quick)


if __name__ == "__main__":
    for row in evaluate(Path(sys.argv[1]), "--quick" in sys.argv, "-v" in sys.argv):
        print(row)
