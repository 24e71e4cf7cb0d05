"""Named-entity spans on CoNLL-2003 English validation (eng.testa), khabar's entities vs bare spaCy.

Each story of `conll2003/valid.txt` (4-column CoNLL, IOB tags, split at -DOCSTART-) is rebuilt as one spaCy
Doc from its gold tokens and sentence breaks (so tokenisation cannot cost a point) and run through (a) the bare en_core_web_md pipeline and
(b) the same pipeline plus khabar_actors, whose `doc._.khabar_entities` are scored (the actor stage alone:
no dates/places stages, so the figure is the actor stage's own). OntoNotes labels are mapped to CoNLL's:
PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, NORP/EVENT/WORK_OF_ART/LAW/PRODUCT/LANGUAGE->MISC; numeric types
are dropped. Scoring is conlleval's: an entity counts only with exact start, end and type; precision,
recall and micro F1 overall and per class. quick=True: the first 500 sentences.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC",
       "WORK_OF_ART": "MISC", "LAW": "MISC", "PRODUCT": "MISC", "LANGUAGE": "MISC"}
CLASSES = ("PER", "ORG", "LOC", "MISC")


def read_conll(path: Path, limit: int | None = None) -> list[list[tuple[list[str], set[tuple[int, int, str]]]]]:
    """Documents (split at -DOCSTART-), each a list of sentences (words, gold spans {(start, end, type)}),
    stopping after `limit` sentences."""
    docs: list[list[tuple[list[str], set[tuple[int, int, str]]]]] = [[]]
    words: list[str] = []
    tags: list[str] = []
    count = 0

    def flush() -> None:
        nonlocal count
        if words:
            docs[-1].append((list(words), spans_from_iob(tags)))
            count += 1
        words.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if limit and count >= limit:
            break
        if line.startswith("-DOCSTART-"):
            flush()
            docs.append([])
            continue
        if not line.strip():
            flush()
            continue
        cols = line.split()
        words.append(cols[0])
        tags.append(cols[-1])
    flush()
    return [d for d in docs if d]


def spans_from_iob(tags: list[str]) -> set[tuple[int, int, str]]:
    """IOB1/IOB2 tags to spans, as conlleval reads them (I- after O or another type opens an entity)."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, label = tag.partition("-")
        opens = prefix == "B" or (prefix == "I" and label != kind)
        if start is not None and (prefix == "O" or opens):
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and start is None:
            start, kind = i, label
    return spans


def score(gold: list[set], pred: list[set]) -> dict[str, tuple[float, float, float, int]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        for span in p:
            (tp if span in g else fp)[span[2]] += 1
        for span in g - p:
            fn[span[2]] += 1
    out = {}
    for cls in (*CLASSES, "ALL"):
        t = sum(tp.values()) if cls == "ALL" else tp[cls]
        f_p = sum(fp.values()) if cls == "ALL" else fp[cls]
        f_n = sum(fn.values()) if cls == "ALL" else fn[cls]
        prec = t / (t + f_p) if t + f_p else 0.0
        rec = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[cls] = (prec, rec, f1, t + f_n)
    return out


def _token_spans(doc, char_spans) -> set[tuple[int, int, str]]:
    out = set()
    for start, end, label in char_spans:
        if label not in MAP:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            out.add((span.start, span.end, MAP[label]))
    return out


def _doc(nlp, sents):
    """The story's gold tokens as one Doc, with the gold sentence starts preset for the parser."""
    from spacy.tokens import Doc

    words = [w for ws, _ in sents for w in ws]
    doc = Doc(nlp.vocab, words=words)
    i = 0
    for ws, _ in sents:
        for j in range(len(ws)):
            doc[i + j].is_sent_start = j == 0
        i += len(ws)
    return doc


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    from khabar.nlp.model import load_model
    from khabar.pipeline import build_nlp

    documents = read_conll(Path(bench_dir) / "conll2003" / "valid.txt", 500 if quick else None)
    gold: list[set] = []
    for sents in documents:  # one Doc per news story, so names seen earlier in it can help
        offset, spans = 0, set()
        for words, g in sents:
            spans.update((s + offset, e + offset, t) for s, e, t in g)
            offset += len(words)
        gold.append(spans)
    rows: list[dict] = []
    bare = load_model()
    khabar = build_nlp(stages=("khabar_actors",))
    for system, nlp in (("spaCy en_core_web_md", bare), ("khabar entities", khabar)):
        start = time.perf_counter()
        pred = []
        for doc in nlp.pipe((_doc(nlp, sents) for sents in documents), batch_size=16):
            if system == "khabar entities":
                pred.append(_token_spans(doc, [(e.start, e.end, e.label) for e in doc._.khabar_entities or []]))
            else:
                pred.append(_token_spans(doc, [(e.start_char, e.end_char, e.label_) for e in doc.ents]))
        seconds = time.perf_counter() - start
        for cls, (prec, rec, f1, n) in score(gold, pred).items():
            name = "overall" if cls == "ALL" else cls
            rows.append({"dataset": "conll2003/valid", "task": f"NER {name} ({system})", "metric": "span F1",
                         "value": round(f1, 4), "items": n, "seconds": round(seconds, 1),
                         "note": f"P={prec:.3f} R={rec:.3f}"})
    return rows


if __name__ == "__main__":
    for row in run(Path(sys.argv[1]), quick="--quick" in sys.argv):
        print(row)
