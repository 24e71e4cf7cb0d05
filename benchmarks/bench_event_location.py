"""Event location on Halterman's event_location sentences (news sentences, an event verb, the gold
location span of that event, or none).

Each sentence becomes an Article through the JSONL input path (`khabar.ingest.from_text`, as a user's
data would) and is run through khabar's pipeline (NER, parser, khabar_places);
`location_for(doc, verb)` is asked where the gold VERB's event happened. The chosen place's
character span is compared with the gold LOCATION span(s), as the dataset's paper scores its
span-selection model:

* accuracy (exact): the chosen span equals a gold span; (overlap): it shares a character with one;
  both over the sentences that have a gold location;
* none accuracy: over sentences without a gold location, the share where khabar picks no place in
  the sentence (reason none; a one-sentence article has no dateline or other places to fall back on);
* overall (overlap): both kinds together.
Some records carry token indices in start/end; their spans are placed by their text (records whose
span cannot be placed are skipped and counted). quick=True: the first 300 sentences.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _span(text: str, s: dict) -> tuple[int, int] | None:
    """Character offsets of a gold span. Some records give token indices in start/end (the span's
    `text` then disagrees): find that text near the token's position. None when it cannot be placed."""
    start, end = s["start"], s["end"]
    got = text[start:end]
    want = s.get("text")
    if want is None:
        return (start, end) if got.strip() else None
    if got == want:
        return start, end
    approx = len(" ".join(text.split(" ")[: s.get("token_start", 0)]))
    hits = [i for i in range(len(text)) if text.startswith(want, i)]
    if not hits:
        return None
    best = min(hits, key=lambda i: abs(i - approx))
    return best, best + len(want)


def read(path: Path, limit: int | None = None) -> tuple[list[dict], int]:
    """Scoreable items (text, verb span, location spans) and the number skipped as unplaceable."""
    out, skipped = [], 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            verbs = [_span(d["text"], s) for s in d["spans"] if s["label"] == "VERB"]
            locs = [_span(d["text"], s) for s in d["spans"] if s["label"] == "LOCATION"]
            if not verbs or None in verbs or None in locs:
                skipped += 1
                continue
            out.append({"text": d["text"], "verb": verbs[0], "locs": locs})
            if limit and len(out) >= limit:
                break
    return out, skipped


def evaluate(nlp, items: list[dict]) -> dict:
    from khabar.geo.places import location_for
    from khabar.ingest import from_text

    def docs():
        for it in items:
            doc = nlp.make_doc(it["text"])
            doc._.article = from_text(it["text"])
            yield doc

    exact = overlap = with_loc = none_ok = without = 0
    reasons: dict[str, int] = {}
    for it, doc in zip(items, nlp.pipe(docs(), batch_size=64)):
        trigger = doc.char_span(*it["verb"], alignment_mode="expand")
        if trigger is None or len(trigger) == 0:
            continue
        loc = location_for(doc, trigger)
        reasons[loc.reason] = reasons.get(loc.reason, 0) + 1
        place = next((p for p in doc._.khabar_places or [] if p.id == loc.place_id), None)
        if it["locs"]:
            with_loc += 1
            if place is not None:
                exact += any((place.start, place.end) == g for g in it["locs"])
                overlap += any(place.start < e and s < place.end for s, e in it["locs"])
        else:
            without += 1
            none_ok += place is None
    return {"exact": exact, "overlap": overlap, "with_loc": with_loc, "none_ok": none_ok, "without": without,
            "reasons": reasons}


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    from khabar.geo.gazetteer import get_gazetteer
    from khabar.pipeline import build_nlp

    path = Path(bench_dir) / "event_location" / "dev.jsonl"
    if not path.exists():
        return []
    items, skipped = read(path, 300 if quick else None)
    nlp = build_nlp(stages=("khabar_places",))
    get_gazetteer()  # built before the clock starts
    started = time.perf_counter()
    r = evaluate(nlp, items)
    secs = round(time.perf_counter() - started, 1)
    ds = f"event_location dev ({len(items)} sentences)"
    n = r["with_loc"] + r["without"]
    return [
        {"dataset": ds, "task": "event location", "metric": "accuracy exact span", "value": round(r["exact"] / max(r["with_loc"], 1), 3), "items": r["with_loc"], "seconds": secs},
        {"dataset": ds, "task": "event location", "metric": "accuracy overlapping span", "value": round(r["overlap"] / max(r["with_loc"], 1), 3), "items": r["with_loc"], "seconds": secs},
        {"dataset": ds, "task": "event location", "metric": "no-location accuracy", "value": round(r["none_ok"] / max(r["without"], 1), 3), "items": r["without"], "seconds": secs},
        {"dataset": ds, "task": "event location", "metric": "overall accuracy (overlap)", "value": round((r["overlap"] + r["none_ok"]) / max(n, 1), 3), "items": n, "seconds": secs,
         "note": f"{skipped} records skipped (spans that cannot be placed); chosen by reason: "
         + ", ".join(f"{k} {v}" for k, v in sorted(r["reasons"].items()))},
    ]


if __name__ == "__main__":
    for row in run(Path(sys.argv[1]), quick="--quick" in sys.argv):
        print(row)
