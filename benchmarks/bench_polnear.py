"""PolNeAR attribution relations (Newell, Margolin & Ruths 2018): quote source and content spans.

Data: `<bench>/polnear/dev/text/*.txt` with brat stand-off files `<bench>/polnear/dev/attributions/
<name>_<annotator>.ann`. In an .ann file, `T` lines are spans (`Source`, `Cue`, `Content`, possibly
discontinuous: `Content 10 20;25 30`) and `E` lines are attribution relations tying them together
(`Attribution:T4 Content:T3 Cue:T2 Source:T1`; `Attribution-no-source` has no Source). Texts annotated by
several annotators are scored against the first annotation file in name order. `Discuss`/`Discard` spans
are not attributions and are ignored.

Each article goes through spaCy plus khabar_blocks, khabar_actors and khabar_quotes (the later stages cannot
change quotes; blocks split on blank lines) and every khabar quote, of either kind (speech or stance), is a
predicted attribution. A quoted stretch that continues a quote (same speaker, no cue of its own, same
paragraph) is merged with it, as PolNeAR annotates “...,” he said, “...” as one discontinuous content;
so are the two sides of a cue between commas ("<A>, he said, <B>": khabar quotes with the same cue).

Scoring, as Citron and PARC3 evaluations do, with one-to-one matching of predictions to gold relations
(greedy, the pairs whose contents share the largest fraction of words first):
  * content, overlap: a predicted content matches a gold content when they share at least one word token
    (a `\\w+` run); exact: when their extents are equal after stripping, on both sides, edge whitespace,
    punctuation, quotation marks and a leading complementiser "that" (PolNeAR keeps the marks and "that",
    khabar's records do not).
  * source, overlap / exact: the same test on the source span, and the two attributions' contents must
    overlap too (a right name on the wrong quote does not count). Relations without a source count only
    for content; quotes without a speaker count only for content.
Precision = matched predictions / predictions, recall = matched gold / gold, F1 their harmonic mean.
Two word-level figures count words instead of relations (a word is a `\\w+` run; Citron counts spaCy tokens,
punctuation included, which would charge khabar for the quotation marks its contents leave out):
  * token, Citron: Citron's own "overlap" metric (bbc/citron metrics.py, re-implemented here): the words
    shared by every (prediction, gold) pair of spans of the role, summed; precision = that sum / all predicted
    words of the role, recall = that sum / all gold words. It ignores which quote a span belongs to and
    counts a span shared by several relations once per pair (a "he" that sources two gold relations and two
    predictions counts four times), so it runs above the others.
  * token, linked: the same word counts over the one-to-one content matching only (each predicted and each
    gold word counted at most once, a source only through its own quote): the strict word-level figure.
Reference: BBC's Citron reports overlap F1 0.853 (source) and 0.833 (content) on PARC3 (its test split, the
"token, Citron" definition), a trained model on a narrower corpus. PolNeAR counts far more than speech:
noun-phrase contents ("noted her record"), backing ("voters prefer Clinton"), attitudes ("was critical of"),
hedges ("is expected to") -- khabar's rules cover those classes as stance quotes -- and a long tail of one-off
cues ("took the stage to", "has been booed") they leave out, which caps recall. Two PolNeAR conventions khabar
does not follow by design: a meeting's agenda ("met to discuss the test") is an attribution there, not here
(event data must not read an agenda as a position); a pronoun source stays the pronoun in both (the span is
what the text says; the quote's speaker_name and actor id carry the resolved person). `quick=True`: the first
30 texts.

    python benchmarks/bench_polnear.py ../shared/bench [--split dev|train] [--range 80:400] [--errors]

How high this metric can go on PolNeAR: the 18 texts (2 dev, 16 train) that several annotators marked give
the annotators' agreement with each other under the same scoring (every ordered pair of one text's annotation
files), and khabar's score against each of those annotators on the same texts (`agreement`, full dev runs only;
train annotations are read for this comparison, never to tune rules).

`--errors` prints every gold attribution no prediction matched (content, overlap), with its cue, source
and sentence: the list to study when adding cue rules. Rules are checked on train texts too (the
dev split is what the gate reports), so that a gain is not tuned to dev items.

After the rules, a learned back-off (extract/generic_cues.py, weights data/cue_model.npz from
scripts/train_cue_model.py, PolNeAR train only) reads any verb or attitude adjective the rules left alone
-- unseen cue words ("bewailed", "whined about") and lexicon words refused for want of a source or frame
("was described as") -- and keeps the drafts a logistic regression over word vectors and parse features
scores likely enough; they count here like any stance quote. Dev before/after it: content overlap F1
0.792 -> 0.802, source 0.766 -> 0.772 (the rules as of this writing).
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

_WORD = re.compile(r"\w+")
_EDGE = " \t\n\r.,;:!?\"'“”‘’«»()[]—–-`"


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)


def read_ann(path: Path) -> list[Attribution]:
    """The attribution relations of one brat .ann file."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            frags = [tuple(int(x) for x in frag.split()) for frag in offsets.split(";")]
            spans[parts[0]] = (kind, [(a, b) for a, b in frags])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(role.split(":", 1) for role in parts[1].split()))
    out = []
    for roles in relations:
        content = [f for role, tid in roles.items() if role.startswith("Content") for f in spans.get(tid, ("", []))[1]]
        source = [f for role, tid in roles.items() if role == "Source" for f in spans.get(tid, ("", []))[1]]
        cue = [f for role, tid in roles.items() if role == "Cue" for f in spans.get(tid, ("", []))[1]]
        if content:
            out.append(Attribution(sorted(content), sorted(source), sorted(cue)))
    return out


def load(
    split_dir: Path, limit: int | None = None, first: int = 0
) -> list[tuple[str, str, list[Attribution]]]:
    """(name, text, gold attributions) per text, first annotator file per text; texts first..first+limit."""
    anns: dict[str, Path] = {}
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        base = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        anns.setdefault(base, ann)
    docs = []
    for base in sorted(anns)[first:]:
        txt = split_dir / "text" / f"{base}.txt"
        if txt.exists():
            docs.append((base, txt.read_text(encoding="utf-8"), read_ann(anns[base])))
        if limit and len(docs) >= limit:
            break
    return docs


def _words(text: str, frags: list[tuple[int, int]]) -> set[int]:
    out = set()
    for a, b in frags:
        out.update(m.start() for m in _WORD.finditer(text, a, b) if m.end() <= b)
    return out


def _norm(text: str, frags: list[tuple[int, int]]) -> tuple[int, int]:
    a, b = min(f[0] for f in frags), max(f[1] for f in frags)
    while True:
        before = (a, b)
        while a < b and text[a] in _EDGE:
            a += 1
        while b > a and text[b - 1] in _EDGE:
            b -= 1
        if text[a : a + 4].lower() == "that" and b - a > 5 and not text[a + 4].isalnum():
            a += 4  # "that " and "that, if elected, ...": the complementiser, whatever follows it
        if (a, b) == before:
            return a, b


def _match(text: str, gold: list[Attribution], pred: list[Attribution], role: str, exact: bool) -> dict[int, int]:
    """One-to-one matching, best-overlapping pairs first; returns {gold index: prediction index}."""

    def same(g: list[tuple[int, int]], p: list[tuple[int, int]], gw: set[int], pw: set[int]) -> bool:
        if exact:
            return _norm(text, g) == _norm(text, p)
        return bool(gw & pw)

    def words(attrs: list[Attribution], name: str) -> list[set[int]]:
        return [_words(text, getattr(a, name)) for a in attrs]

    g_content, p_content = words(gold, "content"), words(pred, "content")
    g_source, p_source = words(gold, "source"), words(pred, "source")
    pairs = []
    for i, g in enumerate(gold):
        gw = g_content[i]
        for k, p in enumerate(pred):
            pw = p_content[k]
            if role == "content":
                ok = same(g.content, p.content, gw, pw)
            else:
                ok = bool(gw & pw) and same(g.source, p.source, g_source[i], p_source[k])
            if ok:
                pairs.append((len(gw & pw) / max(1, len(gw | pw)), i, k))
    matched: dict[int, int] = {}
    used_p: set[int] = set()
    for _, i, k in sorted(pairs, reverse=True):
        if i not in matched and k not in used_p:
            matched[i] = k
            used_p.add(k)
    return matched


def build_quote_nlp():
    """spaCy plus the stages quotes need (blocks, actors, quotes): the other stages do not change quotes."""
    from khabar.extract import quotes  # noqa: F401  (registers the component)
    from khabar.nlp import blocks  # noqa: F401
    from khabar.nlp.model import load_model

    nlp = load_model()
    nlp.add_pipe("khabar_blocks", before="parser")
    try:
        from khabar.extract import actors  # noqa: F401
    except ImportError as exc:  # speaker names only: the quote spans scored here do not depend on it
        print(f"khabar_actors unavailable ({exc}); scoring without it", file=sys.stderr)
    else:
        nlp.add_pipe("khabar_actors")
    nlp.add_pipe("khabar_quotes")
    return nlp


def article_of(text: str):
    """The text as an Article through the JSONL input path (paragraphs split on blank lines)."""
    from khabar.ingest import from_text

    return from_text(text)


def predict(nlp, text: str) -> list[Attribution]:
    """khabar's quotes as attributions (see `to_attributions`)."""
    doc = nlp.make_doc(text)
    doc._.article = article_of(text)
    return to_attributions(text, nlp(doc)._.khabar_quotes or [])


def to_attributions(text: str, quotes) -> list[Attribution]:
    """Quotes as attributions, continuation stretches merged into the quote they continue."""
    out: list[Attribution] = []
    previous = None
    by_cue: dict[tuple[int, int], Attribution] = {}
    for q in quotes:
        frag = (q.content.start, q.content.end)
        key = (q.cue.start, q.speaker.start if q.speaker else -1) if q.cue else None
        if key is not None and key in by_cue:  # "<A>, he said, <B>": two stretches, one attribution
            by_cue[key].content.append(frag)
            previous = q
            continue
        continues = (
            previous is not None
            and q.cue is None
            and q.speaker is not None
            and previous.speaker is not None
            and q.speaker.start == previous.speaker.start
            and "\n\n" not in text[previous.content.end : q.content.start]
        )
        if continues:
            out[-1].content.append(frag)
        else:
            out.append(Attribution([frag], [(q.speaker.start, q.speaker.end)] if q.speaker else []))
            if key is not None:
                by_cue[key] = out[-1]
        previous = q
    return out


def _prf(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


MODES = ("overlap", "exact", "token", "linked")
LABELS = {"overlap": "overlap", "exact": "exact", "token": "token, Citron", "linked": "token, linked"}
KEYS = tuple(f"{role}_{mode}" for role in ("content", "source") for mode in MODES)


def _token_counts(text: str, gold: list[Attribution], pred: list[Attribution], role: str,
                  pairs: list[tuple[int, int]]) -> list[int]:
    """[overlapping words, predicted words, gold words] of one role's spans over the given (gold, pred) pairs.
    A leading complementiser "that" is not counted, as in the exact test."""

    def words(frags: list[tuple[int, int]]) -> set[int]:
        return {w for w in _words(text, frags) if w >= _norm(text, frags)[0]} if frags else set()

    g_words = [words(getattr(a, role)) for a in gold]
    p_words = [words(getattr(a, role)) for a in pred]
    return [sum(len(g_words[i] & p_words[k]) for i, k in pairs), sum(map(len, p_words)), sum(map(len, g_words))]


def score(text: str, gold: list[Attribution], pred: list[Attribution], counts: dict[str, list[int]]) -> set[int]:
    """Add one text's matches to `counts`; returns the gold items whose content no prediction matched.

    overlap/exact count matched relations; token and linked count words (see the module docstring)."""
    missed: set[int] = set()
    content = _match(text, gold, pred, "content", False)
    everything = [(i, k) for i in range(len(gold)) for k in range(len(pred))]
    for role in ("content", "source"):
        g = [a for a in gold if role == "content" or a.source]
        p = [a for a in pred if role == "content" or a.source]
        for exact in (False, True):
            key = f"{role}_{'exact' if exact else 'overlap'}"
            hits = _match(text, g, p, role, exact)
            for slot, n in enumerate((len(hits), len(p), len(g))):
                counts[key][slot] += n
            if key == "content_overlap":
                missed = set(range(len(g))) - set(hits)
        for mode, pairs in (("token", everything), ("linked", list(content.items()))):
            for slot, n in enumerate(_token_counts(text, gold, pred, role, pairs)):
                counts[f"{role}_{mode}"][slot] += n
    return missed


def _snippet(text: str, frags: list[tuple[int, int]], width: int = 0) -> str:
    if not frags:
        return "-"
    a, b = min(f[0] for f in frags) - width, max(f[1] for f in frags) + width
    return " ".join(text[max(0, a) : b].split())


def print_miss(name: str, text: str, gold: Attribution) -> None:
    """One missed gold attribution: its cue, source and content, and the sentence around the cue."""
    cue = _snippet(text, gold.cue)
    where = gold.cue or gold.content
    lo = max(text.rfind("\n", 0, where[0][0]), text.rfind(". ", 0, where[0][0] - 1)) + 1
    hi = min(x for x in (text.find("\n", where[-1][1]), text.find(". ", where[-1][1]), len(text)) if x >= 0)
    print(f"MISS {name[:40]} cue=[{cue}] source=[{_snippet(text, gold.source)}]")
    print(f"     content=[{_snippet(text, gold.content)[:160]}]")
    print(f"     sentence: {' '.join(text[lo : hi + 1].split())[:300]}")


def evaluate(nlp, docs, errors: bool = False) -> dict[str, tuple[float, float, float]]:
    counts = {k: [0, 0, 0] for k in KEYS}
    for name, text, gold in docs:
        missed = score(text, gold, predict(nlp, text), counts)
        if errors:
            for i in sorted(missed):
                print_miss(name, text, gold[i])
    return {k: _prf(*v) for k, v in counts.items()}


def run(
    bench_dir: Path, quick: bool = False, split_name: str = "dev", first: int = 0, limit: int | None = None,
    errors: bool = False,
) -> list[dict]:
    split = Path(bench_dir) / "polnear" / split_name
    if not split.exists():
        return []
    start = time.perf_counter()
    docs = load(split, limit=30 if quick else limit, first=first)
    nlp = build_quote_nlp()
    scores = evaluate(nlp, docs, errors)
    seconds = round(time.perf_counter() - start, 1)
    n_gold = sum(len(g) for _, _, g in docs)
    n_source = sum(1 for _, _, g in docs for a in g if a.source)
    rows = []
    for key, (p, r, f) in scores.items():
        role, mode = key.split("_")
        items = n_gold if role == "content" else n_source
        for metric, value in (("f1", f), ("precision", p), ("recall", r)):
            rows.append(
                {
                    "dataset": f"polnear/{split_name}" + ("[:30]" if quick else _slice(first, limit)),
                    "task": f"quote {role}",
                    "metric": f"{metric} ({LABELS[mode]})",
                    "value": round(value, 3),
                    "items": items,
                    "seconds": seconds,
                }
            )
    if not quick and split_name == "dev" and not first and limit is None:
        rows.extend(agreement(bench_dir, nlp))
    return rows


def multi_annotated(root: Path) -> list[tuple[str, str, list[list[Attribution]]]]:
    """(name, text, one attribution list per annotator) for every text of dev and train that several
    annotators marked: 2 dev texts, 16 train texts."""
    out = []
    for split in ("dev", "train"):
        groups: dict[str, list[Path]] = {}
        for ann in sorted((root / split / "attributions").glob("*.ann")):
            groups.setdefault(re.sub(r"_[0-9a-f]{4}$", "", ann.stem), []).append(ann)
        for base, anns in sorted(groups.items()):
            txt = root / split / "text" / f"{base}.txt"
            if len(anns) > 1 and txt.exists():
                out.append((base, txt.read_text(encoding="utf-8"), [read_ann(a) for a in anns]))
    return out


def agreement(bench_dir: Path, nlp=None) -> list[dict]:
    """How far this metric can go on PolNeAR: annotators scored against each other (every ordered pair of
    annotation files of one text, so precision = recall) and khabar scored against each annotator, on the
    same multi-annotated texts and with the same one-to-one overlap matching."""
    root = Path(bench_dir) / "polnear"
    if not (root / "dev").exists() or not (root / "train").exists():
        return []
    start = time.perf_counter()
    texts = multi_annotated(root)
    nlp = nlp or build_quote_nlp()
    people = {k: [0, 0, 0] for k in KEYS}
    system = {k: [0, 0, 0] for k in people}
    for _, text, versions in texts:
        pred = predict(nlp, text)
        for i, gold in enumerate(versions):
            score(text, gold, pred, system)
            for k, other in enumerate(versions):
                if k != i:
                    score(text, gold, other, people)
    seconds = round(time.perf_counter() - start, 1)
    rows = []
    for who, counts in (("annotator vs annotator", people), ("khabar vs annotator", system)):
        for key in ("content_overlap", "source_overlap", "content_token", "source_token", "content_linked",
                    "source_linked"):
            role, mode = key.split("_")
            rows.append({
                "dataset": f"polnear multi-annotated ({len(texts)} texts)", "task": f"quote {role}: {who}",
                "metric": f"f1 ({LABELS[mode]})", "value": round(_prf(*counts[key])[2], 3),
                "items": sum(len(v) for _, _, v in texts), "seconds": seconds,
            })
    return rows


def _slice(first: int, limit: int | None) -> str:
    if not first and limit is None:
        return ""
    return f"[{first or ''}:{first + limit if limit is not None else ''}]"


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="PolNeAR attribution scores of khabar's quotes")
    parser.add_argument("bench", nargs="?", default="../shared/bench")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--split", default="dev", help="dev or train")
    parser.add_argument("--range", default="", help="texts A:B of the split in name order, e.g. 80:400")
    parser.add_argument("--errors", action="store_true", help="print every missed gold attribution")
    args = parser.parse_args()
    a, _, b = args.range.partition(":")
    first = int(a or 0)
    limit = int(b) - first if b else None
    for row in run(Path(args.bench), args.quick, args.split, first, limit, args.errors):
        print(row)
