"""Cue words learned from PolNeAR's train split: the data-derived part of the quote cue lexicons.

`scripts/train_quote_cues.py` writes `data/quote_cues.tsv` (one lemma per line with the frame it was
learned in, and the train counts that chose it); `cues.py` adds its entries to the hand-written sets
once, at import, so the rules in attribution.py, stances.py and cue_nouns.py read them like any other
entry and the quotes stage costs nothing more per document. Frames and the set each one joins:

    clause  a verb with a that-clause only ("X conceded privately that ...")     CLAUSE_VERBS
    stance  a verb with a clause, object or infinitive ("X derided the plan")   STANCE_VERBS
    noun    a noun with a that-clause ("X's insistence that ...")               CLAIM_NOUNS
    adj     an attitude adjective ("X was dismissive of ...")                    ATTITUDE_ADJS
    verb_prep  a verb and the preposition of its content ("vote for")         CONTENT_PREPS
    noun_prep  a noun and the preposition of its content ("support for")      NOUN_PREPS (+ CLAIM_NOUNS)

A gate (`data/quote_cue_gate.json`, logistic-regression weights over a few features of the parse)
scores each quote whose cue is a learned word: a learned cue is right only about half the time on
held-out text, and the gate keeps the likelier half ("released a statement" vs "released a video").
Scoring is a dict lookup per feature, run only for drafts with a learned cue.

`using(learned, gate)` swaps the learned part for another one in every quotes module for a while: the
training script scores candidate lexicons with it, and tests show a quote needs the learned entry.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.errors import KhabarError

DATA = Path(__file__).resolve().parent.parent / "data" / "quote_cues.tsv"
GATE = DATA.parent / "quote_cue_gate.json"
COLUMNS = ("lemma", "frame", "gold", "predicted", "precision")
# frame -> the name of the cues.py set its lemmas join
SETS: dict[str, str] = {
    "clause": "CLAUSE_VERBS",
    "stance": "STANCE_VERBS",
    "noun": "CLAIM_NOUNS",
    "adj": "ATTITUDE_ADJS",
}
# frame -> the name of the cues.py table (lemma -> prepositions) its "lemma preposition" pairs join
PAIRS: dict[str, str] = {"verb_prep": "CONTENT_PREPS", "noun_prep": "NOUN_PREPS"}
FRAMES = (*SETS, *PAIRS)
_MODULES = ("cues", "attribution", "stances", "cue_nouns", "quote_spans", "quotes")


def load(path: Path = DATA) -> dict[str, frozenset[str]]:
    """frame -> learned lemmas; every frame present (empty when the file is missing)."""
    found: dict[str, set[str]] = {frame: set() for frame in FRAMES}
    if not path.exists():
        return {frame: frozenset() for frame in FRAMES}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("lemma\t"):
            continue
        parts = line.split("\t")
        pair = parts[1] in PAIRS and len(parts[0].split()) == 2
        if len(parts) != len(COLUMNS) or not (parts[1] in SETS or pair):
            raise KhabarError("bad_option", f"{path.name} line {number}: expected {len(COLUMNS)} columns and a frame "
                                            f"in {FRAMES} (a pair frame: 'lemma preposition')")
        found[parts[1]].add(parts[0])
    return {frame: frozenset(lemmas) for frame, lemmas in found.items()}


def with_pairs(table: Mapping[str, frozenset[str]], pairs: frozenset[str]) -> dict[str, frozenset[str]]:
    """A lemma -> prepositions table with learned "lemma preposition" pairs added."""
    out = dict(table)
    for pair in pairs:
        lemma, prep = pair.split()
        out[lemma] = out.get(lemma, frozenset()) | {prep}
    return out


def nouns(learned: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The learned claim nouns: those of the noun frame and those of the noun-preposition pairs."""
    return learned.get("noun", frozenset()) | {pair.split()[0] for pair in learned.get("noun_prep", ())}


@dataclass(frozen=True)
class Gate:
    """Logistic regression over `features`: a draft whose cue lemma is in `lemmas` is kept when its
    probability of being a right quote reaches `threshold`."""

    lemmas: frozenset[str]
    weights: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    threshold: float = 0.5

    def score(self, feats: Mapping[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, feats: Mapping[str, float]) -> bool:
        return self.score(feats) >= self.threshold

    def to_json(self) -> dict:
        return {"threshold": self.threshold, "intercept": self.intercept, "lemmas": sorted(self.lemmas),
                "weights": dict(sorted(self.weights.items()))}


def load_gate(path: Path = GATE) -> Gate | None:
    """The stored gate, or None when there is none (every learned cue then counts)."""
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Gate(frozenset(raw["lemmas"]), {k: float(v) for k, v in raw["weights"].items()},
                    float(raw["intercept"]), float(raw["threshold"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise KhabarError("bad_option", f"{path.name}: {exc}") from exc


def features(doc: Doc, cue: Token, speaker: SpacySpan | None, start: int, end: int, kind: str,
             direct: bool) -> dict[str, float]:
    """What the gate reads of one quote: the cue word and its place in the parse, who speaks (entity
    type or pronoun), what the content's head is, and whether the sentence holds quotation marks."""
    from khabar.extract.quote_spans import cue_lemma, doc_text

    lemma = cue_lemma(cue)
    content = doc.char_span(start, end, alignment_mode="expand")
    head = content.root if content is not None else cue
    root = speaker.root if speaker is not None else None
    who = "none" if root is None else (root.ent_type_ or (root.lower_ if root.pos_ == "PRON" else root.pos_))
    feats = {
        f"lemma={lemma}": 1.0, f"dep={cue.dep_}": 1.0, f"tag={cue.tag_}": 1.0, f"kind={kind}": 1.0,
        f"speaker={who}": 1.0, f"lemma+speaker={lemma}_{'none' if root is None else root.ent_type_ or root.pos_}": 1.0,
        f"head={head.pos_}": 1.0, f"head_dep={head.dep_}": 1.0, f"head_lemma={head.lemma_.lower()}": 1.0,
        "length": min(len(content) if content is not None else 0, 40) / 40,
    }
    if direct:
        feats["direct"] = 1.0
    if any(c.dep_ == "neg" for c in cue.children):
        feats["negated"] = 1.0
    sent = cue.sent
    text = doc_text(doc)[sent.start_char : sent.end_char]
    if "“" in text or '"' in text:
        feats["quote_marks"] = 1.0
    return feats


ACTIVE_GATE: Gate | None = load_gate()


@contextmanager
def using(learned: Mapping[str, frozenset[str]], gate: Gate | None = None) -> Iterator[None]:
    """Within the block the quotes modules read the hand-written sets plus `learned` (frame -> lemmas)
    instead of plus the stored artifact, and `gate` instead of the stored gate; everything is put back
    on exit."""
    global ACTIVE_GATE
    from khabar.extract import attribution, cue_nouns, cues, quote_spans, quotes, stances  # noqa: F401

    modules = [sys.modules[f"khabar.extract.{name}"] for name in _MODULES]
    saved: list[tuple[object, str, object]] = []
    for frame, name in (*SETS.items(), *PAIRS.items()):
        current = getattr(cues, name)
        if frame in PAIRS:
            replacement = with_pairs(cues.HAND[frame], learned.get(frame, frozenset()))
        else:
            replacement = cues.HAND[frame] | (nouns(learned) if frame == "noun" else learned.get(frame, frozenset()))
        for module in modules:
            if getattr(module, name, None) is current:
                saved.append((module, name, current))
                setattr(module, name, replacement)
    saved.append((quotes, "_CUE_LEMMAS", quotes._CUE_LEMMAS))
    quotes._CUE_LEMMAS = quotes.cue_lemmas()
    saved.append((quotes, "_PREP_ONLY", quotes._PREP_ONLY))
    quotes._PREP_ONLY = quotes._CUE_LEMMAS - quotes.cue_lemmas(preps=False)
    saved.append((quote_spans, "PARTICIPLE_CUES", quote_spans.PARTICIPLE_CUES))
    stored = cues.LEARNED["stance"]
    quote_spans.PARTICIPLE_CUES = (quote_spans.PARTICIPLE_CUES - stored) | learned.get("stance", frozenset())
    _forget_ids(quotes)
    stored_gate, ACTIVE_GATE = ACTIVE_GATE, gate
    try:
        yield
    finally:
        ACTIVE_GATE = stored_gate
        for module, name, value in reversed(saved):
            setattr(module, name, value)
        _forget_ids(quotes)


def _forget_ids(quotes) -> None:
    """The string ids of the noun and adjective sets are cached per vocab and per set object."""
    quotes._ID_SETS.clear()
    quotes._HASHES.clear()
