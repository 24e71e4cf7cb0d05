"""PolNeAR's train split for scripts/train_quote_cues.py: brat relations, parsing, and the overlap scoring
bench_polnear uses (one-to-one matching, continuation stretches merged), on quote rows of the form
(content start, end, cue start, cue lemma, cue pos, kind, speaker start, word before the content,
speaker end) that train_quote_cues.quotes_of builds."""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_WORD = re.compile(r"\w+")


@dataclass
class Gold:
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Text:
    name: str
    text: str
    gold: list[Gold]
    doc: object = None


def read_ann(path: Path) -> list[Gold]:
    """The attribution relations of one brat .ann file: content and cue fragments."""
    spans: dict[str, list[tuple[int, int]]] = {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [(int(a), int(b)) for a, b in (frag.split() for frag in offsets.split(";"))]
        elif line.startswith("E") and len(parts) >= 2:
            roles = [role.split(":", 1) for role in parts[1].split()]
            content = sorted(f for role, tid in roles if role.startswith("Content") for f in spans.get(tid, []))
            cue = sorted(f for role, tid in roles if role == "Cue" for f in spans.get(tid, []))
            if content:
                source = sorted(f for role, tid in roles if role == "Source" for f in spans.get(tid, []))
                out.append(Gold(content, cue, source))
    return out


def load(split: Path, limit: int | None = None) -> list[Text]:
    """Texts of a split in name order, each with its first annotator's relations. Texts that several
    annotators marked are left out: bench_polnear scores khabar against each of their annotators beside
    the annotators' agreement with each other, a comparison that must stay on texts nothing learned from."""
    anns: dict[str, Path] = {}
    several: set[str] = set()
    for ann in sorted((split / "attributions").glob("*.ann")):
        base = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        if base in anns:
            several.add(base)
        anns.setdefault(base, ann)
    texts = []
    for base in sorted(set(anns) - several):
        path = split / "text" / f"{base}.txt"
        if path.exists():
            texts.append(Text(base, path.read_text(encoding="utf-8"), read_ann(anns[base])))
        if limit and len(texts) >= limit:
            break
    return texts


def parse(texts: list[Text], nlp=None) -> None:
    """Each text through the pipeline the quotes stage sees (blocks, parse, entities, actors); a fuller
    khabar pipeline may be passed instead (the tests pass theirs)."""
    from khabar.ingest import from_text
    from khabar.pipeline import build_nlp

    nlp = nlp or build_nlp(stages=("khabar_actors",))
    for item in texts:
        doc = nlp.make_doc(item.text)
        doc._.article = from_text(item.text)
        item.doc = nlp(doc)


def parse_cached(texts: list[Text], cache: Path | None = None) -> None:
    """`parse`, keeping the parses in a pickle (name -> Doc) at `cache` and reusing them when it exists."""
    if cache is not None and cache.exists():
        docs = pickle.loads(cache.read_bytes())
        for item in texts:
            item.doc = docs[item.name]
        return
    parse(texts)
    if cache is not None:
        cache.write_bytes(pickle.dumps({item.name: item.doc for item in texts}))


def training_args(parser: argparse.ArgumentParser, out: Path) -> None:
    """The arguments every training script takes: the bench folder, where the model goes, a text limit and
    the parse cache."""
    parser.add_argument("bench", type=Path, help="the bench folder holding polnear/train")
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--limit", type=int, default=None, help="the first N texts only (for a quick run)")
    parser.add_argument("--cache", type=Path, default=None, help="keep the parses in this pickle and reuse them")


def train_texts(bench: Path, limit: int | None = None, cache: Path | None = None) -> list[Text] | None:
    """The parsed train texts under `<bench>/polnear/train` (None, with a message, when the split is missing);
    says how many and how long the parsing took."""
    split = bench / "polnear" / "train"
    if not split.exists():
        print(f"no PolNeAR train split under {bench}", file=sys.stderr)
        return None
    start = time.perf_counter()
    texts = load(split, limit)
    parse_cached(texts, cache)
    print(f"parsed {len(texts)} texts, {sum(len(t.gold) for t in texts)} gold attributions "
          f"in {time.perf_counter() - start:.0f} s")
    return texts


def words(text: str, frags: Iterable[tuple[int, int]]) -> set[int]:
    return {m.start() for a, b in frags for m in _WORD.finditer(text, a, b) if m.end() <= b}


def is_right(item: Text, gold_words: list[set[int]], reached: set[int], content: tuple[int, int], cue: int,
           speaker: tuple[int, int] | None) -> bool:
    """A new quote is right when its content shares a word with a gold content that its cue lies in or
    that no hand-lexicon quote reached, and its speaker a word with that gold's source (if it has one)."""
    w = words(item.text, [content])
    said_by = words(item.text, [speaker]) if speaker is not None else set()
    return any(
        gw & w and (any(a <= cue < b for a, b in g.cue) or k not in reached)
        and (not g.source or said_by & words(item.text, g.source))
        for k, (g, gw) in enumerate(zip(item.gold, gold_words))
    )


def reached_by(item: Text, gold_words: list[set[int]], quotes: list[tuple]) -> set[int]:
    """The gold attributions some of these quotes overlap."""
    out: set[int] = set()
    for q in quotes:
        w = words(item.text, [(q[0], q[1])])
        out.update(k for k, gw in enumerate(gold_words) if gw & w)
    return out


def attributions(text: str, quotes: list[tuple]) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """(content fragments, source fragments) per attribution, as bench_polnear counts them: "<A>, he said,
    <B>" (one cue and speaker) is one, and so is a cue-less stretch continuing the same speaker's quote in
    its paragraph."""
    out: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []
    by_cue: dict[tuple[int, int], list[tuple[int, int]]] = {}
    previous = None  # rows: see quotes_of
    for q in quotes:
        frag, key = (q[0], q[1]), ((q[2], q[6]) if q[2] >= 0 else None)
        if key is not None and key in by_cue:
            by_cue[key].append(frag)
        elif (previous is not None and q[2] < 0 and q[6] >= 0 and previous[6] == q[6]
              and "\n\n" not in text[previous[1] : q[0]]):
            out[-1][0].append(frag)
        else:
            out.append(([frag], [(q[6], q[8])] if q[6] >= 0 else []))
            if key is not None:
                by_cue[key] = out[-1][0]
        previous = q
    return out


def f1(texts: list[Text], predicted: list[list[tuple]], role: str = "content") -> tuple[float, float, float]:
    """Overlap P/R/F1 of contents (role "content") or of sources on overlapping contents ("source"),
    one-to-one, best-overlapping pairs first: bench_polnear's matching."""
    hits = n_pred = n_gold = 0
    for item, quotes in zip(texts, predicted):
        gold = [g for g in item.gold if role == "content" or g.source]
        preds = [a for a in attributions(item.text, quotes) if role == "content" or a[1]]
        gw = [words(item.text, g.content) for g in gold]
        pw = [words(item.text, frags) for frags, _ in preds]
        gs = [words(item.text, g.source) for g in gold]
        ps = [words(item.text, source) for _, source in preds]
        pairs = sorted(((len(g & p) / len(g | p), i, k) for i, g in enumerate(gw) for k, p in enumerate(pw)
                        if g & p and (role == "content" or gs[i] & ps[k])), reverse=True)
        used_g, used_p = set(), set()
        for _, i, k in pairs:
            if i not in used_g and k not in used_p:
                used_g.add(i)
                used_p.add(k)
        hits, n_pred, n_gold = hits + len(used_g), n_pred + len(pw), n_gold + len(gw)
    p, r = hits / max(1, n_pred), hits / max(1, n_gold)
    return p, r, 2 * p * r / max(1e-9, p + r)


def fmt(score: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.3f}" for x in score)
