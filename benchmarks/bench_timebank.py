"""TimeBank (TempEval-3, TBAQ-cleaned): temporal expressions found and normalised by khabar_dates.

Each .tml document's text (tags stripped, offsets kept) becomes an Article whose publication date is the
document creation time (DCT); the pipeline runs spaCy plus the khabar_dates stage only, the same code path
as `khabar extract`. Scored as TempEval-3 task A scores TIMEX3: extent precision/recall/F1 with strict
(identical character span) and relaxed (any overlap, one-to-one) matching; value F1 counts a system
expression correct when it relaxed-matches a gold one with the identical TIMEX3 value, precision over all
system expressions and recall over all gold ones (TempEval-3's "value F1"); type F1 likewise for type.
Reference: HeidelTime reached value F1 0.776 on the TempEval-3 test set. quick=True: the first 25 documents.
`python bench_timebank.py BENCH_DIR --errors` also prints each error (stderr) and their counts by class.
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from khabar.records import Article, Block

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


def read_tml(path: Path) -> tuple[str, str | None, list[Gold]]:
    """(plain text, DCT as ISO date, gold TIMEX3s with offsets into the plain text) of one .tml file."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    if m := re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S):
        dct = m.group(1)[:10]
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out, golds, pos, open_timex = [], [], 0, None
    length = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), dict(_ATTR.findall(m.group(3)))
        if name == "TIMEX3" and not closing:
            open_timex = (length, attrs)
        elif name == "TIMEX3" and closing and open_timex is not None:
            start, a = open_timex
            golds.append(Gold(start, length, "", a.get("type", ""), a.get("value", "")))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    for g in golds:
        g.text = text[g.start : g.end]
    return text, dct, golds


def article_of(text: str, dct: str | None, name: str) -> Article:
    blocks, pos = [], 0
    for chunk in re.split(r"\n\s*\n", text):
        start = text.index(chunk, pos)
        pos = start + len(chunk)
        if chunk.strip():
            blocks.append(Block("paragraph", start, start + len(chunk)))
    return Article(id=hashlib.sha256(name.encode()).hexdigest()[:16], text=text, blocks=blocks, published=dct,
                   date_precision="day" if dct else None, date_source="metadata" if dct else "none")


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: list[tuple[list[Gold], list]], errors: list | None = None) -> dict[str, float]:
    n_gold = n_sys = strict = relaxed_sys = relaxed_gold = value_ok = type_ok = 0
    for golds, systems in pairs:
        n_gold += len(golds)
        n_sys += len(systems)
        used: set[int] = set()
        for s in systems:
            match = next((i for i, g in enumerate(golds) if i not in used and g.start < s.end and s.start < g.end), None)
            if match is None:
                if errors is not None:
                    errors.append(("spurious", s.text, s.value, ""))
                continue
            used.add(match)
            g = golds[match]
            relaxed_sys += 1
            strict += (g.start, g.end) == (s.start, s.end)
            value_ok += g.value == s.value
            type_ok += g.type == s.type
            if errors is not None and g.value != s.value:
                errors.append(("value", f"{s.text} | {g.text}", s.value, g.value))
            elif errors is not None and (g.start, g.end) != (s.start, s.end):
                errors.append(("extent", f"{s.text} | {g.text}", s.value, g.value))
        relaxed_gold += len(used)
        if errors is not None:
            errors.extend(("missed", g.text, "", g.value) for i, g in enumerate(golds) if i not in used)
    def f(k: int) -> float:
        return _f1(k / n_sys if n_sys else 0.0, k / n_gold if n_gold else 0.0)
    return {"strict": f(strict), "relaxed": f(relaxed_sys), "value": f(value_ok), "type": f(type_ok),
            "gold": n_gold, "system": n_sys}


def run(bench_dir: Path, quick: bool = False, errors: list | None = None) -> list[dict]:
    from khabar.pipeline import build_nlp

    files = sorted((Path(bench_dir) / "tempeval3" / "TimeBank").glob("*.tml"))
    if quick:
        files = files[:25]
    start = time.perf_counter()
    nlp = build_nlp(stages=("khabar_dates",))
    docs, golds = [], []
    for path in files:
        text, dct, gold = read_tml(path)
        doc = nlp.make_doc(text)
        doc._.article = article_of(text, dct, path.name)
        docs.append(doc)
        golds.append(gold)
    pairs = [(g, doc._.khabar_dates) for g, doc in zip(golds, nlp.pipe(docs, batch_size=16))]
    s = score(pairs, errors)
    seconds = round(time.perf_counter() - start, 1)
    rows = []
    for metric, key in (("extent F1 strict", "strict"), ("extent F1 relaxed", "relaxed"), ("value F1", "value"),
                        ("type F1", "type")):
        rows.append({"dataset": "TimeBank (TempEval-3)", "task": "TIMEX3 extraction + normalisation",
                     "metric": metric, "value": round(s[key], 3), "items": s["gold"], "seconds": seconds})
    return rows


def error_class(kind: str, system: str, gold: str) -> str:
    """A coarse class for one error (for `--errors`): what to look at, not a judgement of who is right."""
    if kind != "value":
        return kind
    both = system + " " + gold
    if "WXX" in gold:
        return "week left unresolved in gold (WXX)"
    if "REF" in both:
        return "reference (PAST/PRESENT/FUTURE_REF) vs other"
    if system.startswith("P") != gold.startswith("P"):
        return "duration vs point"
    if system.startswith("P"):
        return "duration size or unit"
    if "Q" in both or "H" in both:
        return "quarter / half"
    if system[:4] != gold[:4]:
        return "wrong year (anchor, tense or context)"
    if len(system) != len(gold):
        return "granularity"
    return "same granularity, other value"


if __name__ == "__main__":
    errs: list | None = [] if "--errors" in sys.argv else None
    for row in run(Path(sys.argv[1]), quick="--quick" in sys.argv, errors=errs):
        print(row)
    classes: dict[str, int] = {}
    for e in errs or []:
        label = error_class(e[0], e[2], e[3])
        classes[label] = classes.get(label, 0) + 1
        print(label, *e, sep="\t", file=sys.stderr)
    for label, n in sorted(classes.items(), key=lambda kv: -kv[1]):
        print(f"{n:5d}  {label}")
