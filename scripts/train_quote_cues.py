"""Learn quote cue words from PolNeAR's train split: writes src/khabar/data/quote_cues.tsv (and the gate,
quote_cue_gate.json).

    python scripts/train_quote_cues.py <bench_dir> [--out PATH] [--gate-out PATH] [--min-gold 3]
                                       [--precision auto|0.6] [--limit N] [--cache PARSES.pkl]

Reads `<bench_dir>/polnear/train` only (brat .txt/.ann, first annotator per text, as bench_polnear
scores dev); dev is never read. Recipe:
  1. Parse every text with the quotes stage's own pipeline (spaCy + khabar_blocks + khabar_actors).
  2. Candidates, each needing at least `--min-gold` gold cues: the head word (verb, noun or adjective)
     of a gold Cue span whose lemma no hand lexicon of its part of speech has, and "lemma preposition"
     pairs of a cue's verb or noun and the preposition whose object starts the gold content ("voted
     for", "support for") that the hand CONTENT_PREPS / NOUN_PREPS lack. Words the event lexicon reads as
     material action (MATERIAL: "attack", "withdraw", "deliver", "release") are left out.
  3. Run `quotes.find_quotes` with the hand lexicons only, with every word candidate added (verbs to
     STANCE_VERBS, nouns to CLAIM_NOUNS, adjectives to ATTITUDE_ADJS) and with every pair added. The
     quotes only a candidate run makes are the candidates' work; each is right when its content shares
     a word with a gold content that its cue lies in or that no hand-lexicon quote reached, and its
     speaker a word with that gold's source (if it has one). The rules themselves (attribution.from_verb
     and the rest) decide what a candidate becomes, so the counts are those of the rules' frames: a verb
     right often enough over all its frames joins STANCE_VERBS, one right only with a that-clause
     CLAUSE_VERBS.
  4. Two regimes, compared on a held-out fold (candidates and gate from the even-numbered texts, content
     and source overlap F1 measured on the odd ones): (a) the lexicon alone -- a candidate is kept when
     its right new quotes, less the right hand-lexicon quotes it displaced, number at least `--min-gold`
     and the Wilson lower bound of their rate reaches a threshold (THRESHOLDS); (b) the gated lexicon --
     every word candidate with `--min-gold` right quotes, and a logistic regression (learned_cues.features:
     cue lemma, dependency and tag, speaker kind, content head, length, quotation marks) fitted on their
     new quotes that each such quote must pass (GATE_THRESHOLDS); words whose training quotes pass less
     than MIN_PASSING of the time are dropped (they would cost the stage time for no quote). Preposition
     pairs keep (a)'s threshold (gated only through a learned word: "vote" for "voted for"). The choice is the best content+source F1
     among those keeping held-out content precision within PRECISION_SLACK of the hand lexicons'; it is
     then applied to all of train. `--precision 0.5` skips the choice and writes a lexicon alone.
The stored run (824 texts -- multi-annotated ones left out --, 19,322 gold attributions, 384 candidates,
rules as of the speech fixes, back-off off): gated, gate threshold 0.6, pair threshold 0.6; 60 entries
(47 stance verbs, 2 adjectives, 10 verb+preposition and 1 noun+preposition pairs), a gate over 49 words with
2,800 weights. Held-out fold: content F1 0.769 -> 0.771 (P 0.859 -> 0.855, R 0.696 -> 0.701), source F1
0.728 -> 0.731. About 3-4 minutes of parsing on 2 cores; `--cache` keeps the parses for re-runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # polnear_train.py beside this script

from khabar.extract import generic_cues, learned_cues
from khabar.extract.cues import HAND
from khabar.extract.learned_cues import COLUMNS, DATA, GATE
from polnear_train import Text, f1, fmt, is_right, reached_by, train_texts, training_args, words  # noqa: E402

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
GATE_THRESHOLDS = (0.3, 0.4, 0.5, 0.6)  # probabilities the gate may ask of a learned cue's quote
GATE_C = 1.0  # inverse L2 strength of the gate's logistic regression
# "raise recall without losing precision": a choice may cost held-out content precision this much at most
PRECISION_SLACK = 0.005
MIN_PASSING = 0.25  # share of a gated word's training quotes the gate must keep for the word to stay
# PLOVER types of material action: a verb the event lexicon reads as one of them ("attack", "withdraw",
# "deliver", "release") is never learned as a cue, so "the army attacked the town" or "the army released
# the prisoners" cannot become anybody's stance
MATERIAL = frozenset("ASSAULT COERCE MOBILIZE AID RETREAT SANCTION SEIZE PROTEST CONCEDE".split())
EVENT_LEXICON = DATA.parent / "event_lexicon.tsv"
def cue_head(doc, cue: list[tuple[int, int]]):
    """The word that carries a cue span: its verb, else noun, else adjective (None for other cues)."""
    tokens = [t for t in doc if any(a <= t.idx < b for a, b in cue)]
    for pos in ("VERB", "NOUN", "ADJ"):
        found = [t for t in tokens if t.pos_ == pos]
        if found:
            return found[0]
    return None


def candidates(texts: list[Text], min_gold: int) -> dict[str, frozenset[str]]:
    """By frame: lemmas heading at least `min_gold` gold cues that no hand lexicon of their part of speech
    has, and "lemma preposition" pairs whose preposition's object starts that many gold contents."""
    from khabar.extract.quote_spans import cue_lemma
    from khabar.extract.quotes import cue_lemmas

    with learned_cues.using({}):
        verbs = cue_lemmas()
    counts: Counter[tuple[str, str]] = Counter()
    for item in texts:
        for gold in item.gold:
            head = cue_head(item.doc, gold.cue) if gold.cue else None
            if head is None:
                continue
            lemma = cue_lemma(head)
            counts[head.pos_, lemma] += 1
            for prep in head.rights if head.pos_ in ("VERB", "NOUN") else ():
                obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
                if prep.dep_ == "prep" and obj is not None and prep.idx < gold.content[0][0] < obj.right_edge.idx + 1:
                    counts[head.pos_ + "_prep", f"{lemma} {prep.lower_}"] += 1
    material = {"V": material_words("V"), "N": material_words("N")}
    known = {"VERB": verbs | material["V"], "NOUN": HAND["noun"] | material["N"], "ADJ": HAND["adj"]}
    pairs = {"VERB_prep": "CONTENT_PREPS", "NOUN_prep": "NOUN_PREPS"}
    frame = {"VERB": "stance", "NOUN": "noun", "ADJ": "adj", "VERB_prep": "verb_prep", "NOUN_prep": "noun_prep"}
    found: dict[str, set[str]] = {f: set() for f in learned_cues.FRAMES}
    for (pos, key), n in counts.items():
        lemma, _, prep = key.partition(" ")
        if n < min_gold or not lemma.isalpha():
            continue
        if pos in pairs:  # the lemma may be a hand-lexicon one ("respond to"), never a material one
            if lemma not in material[pos[0]] and prep not in HAND[frame[pos]].get(lemma, ()):
                found[frame[pos]].add(key)
        elif lemma not in known[pos]:
            found[frame[pos]].add(lemma)
    return {f: frozenset(v) for f, v in found.items()}


def material_words(pos: str, path: Path = EVENT_LEXICON) -> frozenset[str]:
    """Lemmas of `pos` (V or N) with a row of a MATERIAL type in the event lexicon (lemma, pos, type, ...)."""
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line[:1] not in "#@")
    return frozenset(r[0] for r in rows if len(r) > 2 and r[1] == pos and r[2] in MATERIAL)


def quotes_of(texts: list[Text], learned: dict[str, frozenset[str]], gate=None) -> list[list[tuple]]:
    """Per text: (content start, end, cue start, cue lemma, cue pos, kind, speaker start, the word before
    the content, speaker end) of each quote under `learned`, in text order."""
    from khabar.extract.quote_spans import cue_lemma, forget_text
    from khabar.extract.quotes import find_quotes

    out = []
    with learned_cues.using(learned, gate):
        for item in texts:
            doc = item.doc
            rows = []
            for q in find_quotes(doc):
                tok = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")[0] if q.cue else None
                first = doc.char_span(q.content.start, q.content.end, alignment_mode="expand")
                before = doc[first.start - 1].lower_ if first is not None and first.start > 0 else ""
                rows.append((q.content.start, q.content.end, q.cue.start if q.cue else -1,
                             cue_lemma(tok) if tok is not None else "", tok.pos_ if tok is not None else "", q.kind,
                             q.speaker.start if q.speaker else -1, before, q.speaker.end if q.speaker else -1))
            forget_text(doc)
            out.append(rows)
    return out


def gate_rows(texts: list[Text], base: list[list[tuple]], learned: dict[str, frozenset[str]],
              lemmas: frozenset[str]) -> tuple[list[dict[str, float]], list[int]]:
    """The gate's features and labels (1 right, 0 wrong) of the new quotes whose cue lemma is in `lemmas`,
    found with `learned` and no gate."""
    from khabar.extract.quote_spans import cue_lemma, forget_text
    from khabar.extract.quotes import find_quotes

    feats, labels = [], []
    with learned_cues.using(learned):
        for item, old in zip(texts, base):
            doc = item.doc
            gold_words = [words(item.text, g.content) for g in item.gold]
            reached = reached_by(item, gold_words, old)
            known = {(q[0], q[1], q[2]) for q in old}
            for q in find_quotes(doc):
                if q.cue is None or (q.content.start, q.content.end, q.cue.start) in known:
                    continue
                cue = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")[0]
                if cue_lemma(cue) not in lemmas:
                    continue
                speaker = doc.char_span(q.speaker.start, q.speaker.end, alignment_mode="expand") if q.speaker else None
                feats.append(learned_cues.features(doc, cue, speaker, q.content.start, q.content.end, q.kind, q.direct))
                said = (q.speaker.start, q.speaker.end) if q.speaker else None
                labels.append(int(is_right(item, gold_words, reached, (q.content.start, q.content.end), q.cue.start, said)))
            forget_text(doc)
    return feats, labels


def fit_gate(feats: list[dict[str, float]], labels: list[int], lemmas: frozenset[str], threshold: float):
    """A logistic regression over the rows (scikit-learn at training time only); None without both labels."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        return None
    vectors = DictVectorizer()
    model = LogisticRegression(C=GATE_C, max_iter=2000).fit(vectors.fit_transform(feats), labels)
    weights = {name: round(float(w), 4) for name, w in zip(vectors.get_feature_names_out(), model.coef_[0])
               if abs(w) >= 1e-4}
    return learned_cues.Gate(lemmas, weights, round(float(model.intercept_[0]), 4), threshold)


def prune(wide: dict[str, frozenset[str]], gate, feats: list[dict[str, float]], need: int):
    """Drop the learned words fewer than `need` of whose training quotes pass the gate, or less than
    MIN_PASSING of them: each costs the quotes stage a from_verb call per occurrence for few quotes."""
    lemma_of = [next(k[6:] for k in row if k.startswith("lemma=")) for row in feats]
    made = Counter(lemma_of)
    passing = Counter(lemma for lemma, row in zip(lemma_of, feats) if gate.keeps(row))
    lemmas = frozenset(lemma for lemma in gate.lemmas
                       if passing[lemma] >= need and passing[lemma] >= MIN_PASSING * made[lemma])
    out = {f: (v & lemmas if f in learned_cues.SETS else v) for f, v in wide.items()}
    return out, dataclasses.replace(gate, lemmas=lemmas)


def word_lemmas(learned: dict[str, frozenset[str]]) -> frozenset[str]:
    """The lemmas of the learned word frames: the cues the gate scores."""
    return frozenset().union(*(learned[f] for f in learned_cues.SETS))


def judge(texts: list[Text], base: list[list[tuple]], trial: list[list[tuple]], pairs: bool = False
          ) -> dict[tuple[str, str, str], list[int]]:
    """(pos, lemma, kind) -> [right, wrong, lost right] for the quotes only `trial` makes; with `pairs`
    the lemma is "lemma preposition" (the word before the content). A new quote is right when its content
    shares a word with a gold content that its cue lies in or that no hand-lexicon quote reached, and its
    speaker shares a word with that attribution's source (when the gold has one)."""
    def key(q: tuple) -> tuple[str, str, str]:
        return q[4], f"{q[3]} {q[7]}" if pairs else q[3], q[5]

    stats: dict[tuple[str, str, str], list[int]] = {}
    for item, old, new in zip(texts, base, trial):
        gold_words = [words(item.text, g.content) for g in item.gold]
        reached = reached_by(item, gold_words, old)
        olds, news = set(old), set(new)
        for q in news - olds:
            right = is_right(item, gold_words, reached, (q[0], q[1]), q[2], (q[6], q[8]) if q[6] >= 0 else None)
            stats.setdefault(key(q), [0, 0, 0])[0 if right else 1] += 1
        for q in olds - news:  # a hand-lexicon quote the new cue displaced (same content, dedupe)
            w = words(item.text, [(q[0], q[1])])
            if any(gw & w for gw in gold_words):
                for k in {key(p) for p in news - olds if (p[0], p[1]) == (q[0], q[1])}:
                    stats.setdefault(k, [0, 0, 0])[2] += 1
    return stats


def select(stats: dict[tuple[str, str, str], list[int]], pool: dict[str, frozenset[str]], threshold: float,
           min_gold: int) -> dict[str, frozenset[str]]:
    """The candidates whose new quotes are right often enough, each in the widest frame that holds."""
    def tally(pos: str, lemma: str, kinds: tuple[str, ...]) -> tuple[int, int]:
        rows = [v for (p, lem, kind), v in stats.items() if p == pos and lem == lemma and kind in kinds]
        right, wrong, lost = (sum(r[i] for r in rows) for i in range(3))
        return right - lost, right + wrong

    def good(score: tuple[int, int]) -> bool:
        right, made = score
        return right >= min_gold and made > 0 and lower_bound(right, made) >= threshold

    kept: dict[str, set[str]] = {f: set() for f in learned_cues.FRAMES}
    for lemma in pool["stance"]:
        if good(tally("VERB", lemma, ("speech", "stance"))):
            kept["stance"].add(lemma)
        elif good(tally("VERB", lemma, ("speech",))):
            kept["clause"].add(lemma)
    for frame, pos in (("noun", "NOUN"), ("adj", "ADJ"), ("verb_prep", "VERB"), ("noun_prep", "NOUN")):
        kept[frame] = {lemma for lemma in pool[frame] if good(tally(pos, lemma, ("speech", "stance")))}
    return {f: frozenset(v) for f, v in kept.items()}


def lower_bound(right: int, made: int, z: float = 1.0) -> float:
    """Wilson's lower bound on a rate (one standard error): a lemma right 3 times out of 3 is not
    trusted like one right 30 times out of 30; the raw rate picked too many lucky rare lemmas."""
    if made <= 0:
        return 0.0
    rate = max(0, right) / made
    centre = rate + z * z / (2 * made)
    spread = z * ((rate * (1 - rate) + z * z / (4 * made)) / made) ** 0.5
    return (centre - spread) / (1 + z * z / made)


def train(texts: list[Text], min_gold: int, threshold: float | None, log=print) -> tuple[dict, dict, float, object]:
    """(kept lemmas by frame, their stats, the threshold used, the gate or None) from parsed texts.

    Two regimes are compared on the held-out fold: the lexicon alone (candidates whose rate clears the
    threshold), and a wide lexicon (every candidate with `min_gold` right quotes) whose learned words'
    quotes must pass a gate fitted on the other fold. The better one (content + source F1) among those
    that keep held-out content precision within PRECISION_SLACK of the hand lexicons' is kept."""
    pool = candidates(texts, min_gold)
    log(f"candidates: {sum(map(len, pool.values()))} " + ", ".join(f"{f} {len(v)}" for f, v in pool.items()))
    base = quotes_of(texts, {})
    # words and preposition pairs are tried apart: a verb may be a candidate in both, and each new quote
    # must be put down to one frame
    words = quotes_of(texts, {f: pool[f] for f in learned_cues.SETS})
    pairs = quotes_of(texts, {f: pool[f] for f in learned_cues.PAIRS})

    def stats_of(idx: list[int]) -> dict:
        chosen = [texts[i] for i in idx]
        out = judge(chosen, [base[i] for i in idx], [words[i] for i in idx])
        out.update(judge(chosen, [base[i] for i in idx], [pairs[i] for i in idx], pairs=True))
        return out

    if threshold is None:  # pick it on a held-out fold: lemmas from the even texts, F1 on the odd ones
        even, odd = list(range(0, len(texts), 2)), list(range(1, len(texts), 2))
        fold_stats = stats_of(even)
        held = [texts[i] for i in odd]
        hand = [base[i] for i in odd]
        log(f"held-out fold, hand lexicons only: content P/R/F1 {fmt(f1(held, hand))}, "
            f"source {fmt(f1(held, hand, 'source'))}")
        floor = f1(held, hand)[0] - PRECISION_SLACK
        best = (THRESHOLDS[-1], 0.0)
        for value in THRESHOLDS:
            kept = select(fold_stats, pool, value, min_gold)
            found = quotes_of(held, kept)
            content, source = f1(held, found), f1(held, found, "source")
            log(f"threshold {value}: {sum(map(len, kept.values()))} lemmas, held-out content P/R/F1 "
                f"{fmt(content)}, source {fmt(source)}")
            if content[0] >= floor and content[2] + source[2] > best[1]:  # issue 4's bar: both F1s
                best = (value, content[2] + source[2])
        threshold = best[0]
        # the gated regime: wide words from the even texts, the gate fitted on their new quotes
        fold_kept = select(fold_stats, pool, threshold, min_gold)
        wide = {**select(fold_stats, pool, 0.0, min_gold), **{f: fold_kept[f] for f in learned_cues.PAIRS}}
        feats, labels = gate_rows([texts[i] for i in even], [base[i] for i in even], wide, word_lemmas(wide))
        gate = fit_gate(feats, labels, word_lemmas(wide), 0.5)
        gated = None
        for value in GATE_THRESHOLDS if gate is not None else ():
            pruned, trial_gate = prune(wide, dataclasses.replace(gate, threshold=value), feats, min_gold)
            found = quotes_of(held, pruned, trial_gate)
            content, source = f1(held, found), f1(held, found, "source")
            log(f"gate {value}: {sum(map(len, pruned.values()))} lemmas, held-out content P/R/F1 "
                f"{fmt(content)}, source {fmt(source)}")
            if content[0] >= floor and content[2] + source[2] > max(best[1], gated[1] if gated else 0.0):
                gated = (value, content[2] + source[2])
    else:
        gated = None
    stats = stats_of(list(range(len(texts))))
    kept = select(stats, pool, threshold, min_gold)
    if gated is None:
        return kept, stats, threshold, None
    wide = {**select(stats, pool, 0.0, min_gold), **{f: kept[f] for f in learned_cues.PAIRS}}
    feats, labels = gate_rows(texts, base, wide, word_lemmas(wide))
    wide, gate = prune(wide, fit_gate(feats, labels, word_lemmas(wide), gated[0]), feats, min_gold)
    return wide, stats, threshold, gate


def write(path: Path, kept: dict[str, frozenset[str]], stats: dict, header: list[str]) -> int:
    """The artifact: a commented header, then one row per lemma sorted by frame and lemma."""
    pos_of = {"stance": "VERB", "clause": "VERB", "noun": "NOUN", "adj": "ADJ", "verb_prep": "VERB", "noun_prep": "NOUN"}
    lines = [f"# {h}" for h in header] + ["\t".join(COLUMNS)]
    for frame in learned_cues.FRAMES:
        kinds = ("speech",) if frame == "clause" else ("speech", "stance")
        for lemma in sorted(kept[frame]):
            rows = [v for (p, lem, kind), v in stats.items() if p == pos_of[frame] and lem == lemma and kind in kinds]
            right = sum(r[0] for r in rows) - sum(r[2] for r in rows)
            made = sum(r[0] + r[1] for r in rows)
            lines.append(f"{lemma}\t{frame}\t{right}\t{made}\t{right / max(1, made):.2f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - len(header) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    training_args(parser, DATA)
    parser.add_argument("--min-gold", type=int, default=3, help="fewest gold cues / right new quotes a lemma needs")
    parser.add_argument("--precision", default="auto", help="share of a lemma's new quotes that must be right")
    parser.add_argument("--gate-out", type=Path, default=GATE, help="where the gate's weights go (removed if none)")
    args = parser.parse_args(argv)
    texts = train_texts(args.bench, args.limit, args.cache)
    if texts is None:
        return 2
    threshold = None if args.precision == "auto" else float(args.precision)
    with generic_cues.using(None):  # the lexicon is learned against the rules alone, not the learned back-off
        kept, stats, threshold, gate = train(texts, args.min_gold, threshold)
    regime = (f"gated: every candidate with {args.min_gold} right quotes, its quotes kept by {args.gate_out.name} "
              f"(threshold {gate.threshold}); preposition pairs: " if gate is not None else "")
    header = [
        "Quote cue words learned from PolNeAR train by scripts/train_quote_cues.py (see its docstring).",
        f"{len(texts)} texts; {regime}threshold {threshold} (on the Wilson lower bound of gold/predicted); "
        f"min gold {args.min_gold}; gold = right new quotes minus displaced right ones, predicted = new quotes, "
        "precision = gold/predicted.",
    ]
    n = write(args.out, kept, stats, header)
    if gate is not None:
        args.gate_out.write_text(json.dumps(gate.to_json(), indent=1) + "\n", encoding="utf-8")
    elif args.gate_out.exists():
        args.gate_out.unlink()
    print(f"threshold {threshold}: wrote {n} entries to {args.out} "
          + ", ".join(f"{f} {len(v)}" for f, v in kept.items())
          + (f"; gate {gate.threshold} over {len(gate.lemmas)} lemmas, {len(gate.weights)} weights" if gate else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
