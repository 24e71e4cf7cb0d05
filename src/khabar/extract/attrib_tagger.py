"""A learned attribution tagger: the last step of the quotes stage, for attributions no rule reaches.

Every token gets features the pipeline already computed: the shared tok2vec output of en_core_web_md
(`doc.tensor`, which already mixes in the static vectors) for itself and its syntactic head, one-hots of
its and its head's part of speech and dependency, and flags -- inside quotation marks, inside a rule
quote's content / cue / speaker (so the model learns to complement the rules), a word of the cue
lexicons, sentence and paragraph start, casing. A small dilated CNN (thinc: Maxout in, three residual
window layers at distances 1, 2 and 4, softmax) tags each token O or B/I of SOURCE, CUE or CONTENT.

Decoding: contiguous content tokens form a span (a sure B tag opens a new one); a span no rule quote touches,
with mean content probability at or above the stored threshold (0.05 more for each of a missing cue and a
missing source near it), becomes a Draft with the nearest tagged cue in its paragraph and the tagged source
nearest that cue; a span whose tagging faded on a function word ("a tenant who", "vote on") is stretched
to close that phrase. quotes.py snaps it and builds the Quote as it does for rule drafts (speaker
resolution included). Held out on train (even-half model, odd texts, threshold 0.6) these two decoding
rules moved content F1 0.796 -> 0.796 (P 0.830 -> 0.838, R 0.764 -> 0.757), source 0.750 -> 0.750,
exact content 0.565 -> 0.571 (dev: content 0.816 -> 0.818, exact 0.578 -> 0.586). Measured there and
not kept (no gain): joining content pieces a few tokens apart in a sentence, snapping every end to its
root's subtree, stripping edge function words, a minimum of content words, the cue verb's subject as a
fallback source, a higher B probability for splitting runs. Weights: data/attrib_tagger.bin, written by
scripts/train_attrib_tagger.py from PolNeAR train only; the threshold was chosen on held-out train.
Inference is numpy through thinc's NumpyOps: 2-4 ms per news article, 5-7% of extract time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy
import spacy.attrs as A
import srsly
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc
from thinc.api import Maxout, Model, Softmax, chain, residual, with_array

from khabar.errors import KhabarError
from khabar.extract import cues, generic_cues, learned_cues
from khabar.extract.cues import CLAIM_NOUNS, CLAUSE_VERBS, SPEECH_VERBS, STANCE_VERBS
from khabar.extract.quote_marks import QuoteMarks
from khabar.extract.quote_spans import Draft, headline_at

MODEL = Path(__file__).resolve().parent.parent / "data" / "attrib_tagger.bin"
TAGS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
ROLES = ("SRC", "CUE", "CON")
POS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
       "SCONJ", "SPACE", "SYM", "VERB", "X")
_LEXICON = SPEECH_VERBS | STANCE_VERBS | CLAUSE_VERBS | CLAIM_NOUNS
_N_FLAGS = 14
_CUE_GAP = 25  # tokens between a content span and the cue it takes, at most
_SOURCE_GAP = 15  # tokens between that cue (or the content) and the source
_SPLIT = 0.5  # a B tag this sure opens a new span inside a run
MIN_WORDS = 3  # words a content span needs
NEAR_RULE = 2  # tokens between a content span and a rule quote's content, at least
LONE_CUE = 0.05  # confidence taken off a content with no tagged cue near it (held out: exact content F1 up)
LONE_SRC = 0.05  # and off one with no tagged source
DANGLE_MAX = 25  # tokens a content ending on a function word may stretch to close its phrase


# ---------------------------------------------------------------- model


def _window(d: int) -> Model:
    """Each token's vector beside those of the tokens d before and d after it (zeros past the edges)."""
    return Model(f"window{d}", _window_forward, attrs={"d": d})


def _window_forward(model: Model, Xs: list, is_train: bool):
    d = model.attrs["d"]
    out = []
    for X in Xs:
        n, w = X.shape
        Y = model.ops.alloc2f(n, 3 * w)
        Y[:, w : 2 * w] = X
        if n > d:
            Y[d:, :w] = X[:-d]
            Y[:-d, 2 * w :] = X[d:]
        out.append(Y)

    def backprop(dYs: list) -> list:
        dXs = []
        for dY in dYs:
            n, w = dY.shape[0], dY.shape[1] // 3
            dX = dY[:, w : 2 * w].copy()
            if n > d:
                dX[:-d] += dY[d:, :w]
                dX[d:] += dY[:-d, 2 * w :]
            dXs.append(dX)
        return dXs

    return out, backprop


def build(n_in: int, width: int = 32, dilations: tuple[int, ...] = (1, 2, 4), dropout: float = 0.1) -> Model:
    """List of (tokens, n_in) feature arrays -> list of (tokens, len(TAGS)) tag probabilities."""
    layers = [with_array(Maxout(width, n_in, nP=2, normalize=True, dropout=dropout))]
    for d in dilations:
        layers.append(residual(chain(_window(d), with_array(Maxout(width, 3 * width, nP=2, normalize=True,
                                                                   dropout=dropout)))))
    layers.append(with_array(Softmax(len(TAGS), width)))
    return chain(*layers)


@dataclass
class Tagger:
    model: Model
    deps: tuple[str, ...]
    threshold: float  # mean content probability a span needs
    width: int
    dilations: tuple[int, ...]

    def probs(self, X: numpy.ndarray) -> numpy.ndarray:
        return self.model.predict([X])[0]

    def save(self, path: Path) -> None:
        meta = {"deps": list(self.deps), "threshold": self.threshold, "width": self.width,
                "dilations": list(self.dilations), "n_in": n_features(self.deps)}
        path.write_bytes(srsly.msgpack_dumps({"meta": meta, "weights": self.model.to_bytes()}))


def n_features(deps: tuple[str, ...]) -> int:
    return 2 * 96 + 2 * (len(POS) + len(deps) + 1) + _N_FLAGS


def load(path: Path = MODEL) -> Tagger | None:
    """The stored tagger, or None when no file is there (the step is then off)."""
    if not path.exists():
        return None
    try:
        data = srsly.msgpack_loads(path.read_bytes())
        meta = data["meta"]
        model = build(meta["n_in"], meta["width"], tuple(meta["dilations"]), dropout=0.0)
        model.from_bytes(data["weights"])
    except (KeyError, ValueError, TypeError) as exc:
        raise KhabarError("bad_option", f"{path.name}: {exc}") from exc
    return Tagger(model, tuple(meta["deps"]), float(meta["threshold"]), meta["width"], tuple(meta["dilations"]))


ACTIVE: Tagger | None = load()
# the rules the tagger was trained beside (its features read their quotes): when a caller swaps in other
# lexicons, gate or back-off (the training scripts and their tests compare the rules with and without
# one part), the rules' output is not what the tagger learned to complement, and the step is off
_STORED = (generic_cues.ACTIVE, learned_cues.ACTIVE_GATE, cues.STANCE_VERBS, cues.CLAUSE_VERBS)
_COLLECT: list | None = None  # training: (doc, draft, confidence) of every span the step adds


@contextmanager
def using(tagger: Tagger | None) -> Iterator[None]:
    """Run the quotes stage with another tagger (None: off), as the training script does."""
    global ACTIVE
    stored, ACTIVE = ACTIVE, tagger
    try:
        yield
    finally:
        ACTIVE = stored


@contextmanager
def collecting() -> Iterator[list]:
    global _COLLECT
    _COLLECT = []
    try:
        yield _COLLECT
    finally:
        _COLLECT = None


# ---------------------------------------------------------------- features


def features(doc: Doc, rule: list[tuple[tuple[int, int], tuple[int, int] | None, tuple[int, int] | None]],
             marks: list[QuoteMarks], deps: tuple[str, ...]) -> numpy.ndarray:
    """(tokens, n_features) float32: tensor, head tensor, one-hots, flags. `rule`: (content, cue, speaker)
    character spans of the rules' quotes. One `to_array` pass: a loop over tokens costs more than the model."""
    n = len(doc)
    tensor = doc.tensor if doc.tensor is not None and doc.tensor.shape == (n, 96) else numpy.zeros((n, 96), "f")
    raw = doc.to_array([A.POS, A.DEP, A.HEAD, A.IDX, A.LENGTH, A.SENT_START, A.IS_TITLE, A.IS_UPPER, A.IS_PUNCT,
                        A.ENT_TYPE, A.LEMMA, A.ORTH])
    arr = raw.view(numpy.int64)  # signed: HEAD is an offset, SENT_START -1/0/1; the string ids stay in `raw`
    rows = numpy.arange(n)
    heads = rows + arr[:, 2]
    strings = doc.vocab.strings
    cats = numpy.zeros((n, len(POS) + len(deps) + 1), dtype="f")
    cats[rows, _lookup(arr[:, 0], lambda v: _POS_IX.get(v, len(POS) - 1))] = 1.0
    dep_ix = {strings[d]: i for i, d in enumerate(deps)}
    cats[rows, len(POS) + _lookup(raw[:, 1], lambda v: dep_ix.get(v, len(deps)))] = 1.0
    starts, ends = arr[:, 3], arr[:, 3] + arr[:, 4]
    flags = numpy.zeros((n, _N_FLAGS), dtype="f")
    for m in marks:
        if m.double:
            flags[(starts >= m.inner_start) & (ends <= m.inner_end), 0] = 1.0
    for content, cue, speaker in rule:
        flags[(starts < content[1]) & (ends > content[0]), 1] = 1.0
        if cue is not None:
            flags[(starts < cue[1]) & (ends > cue[0]), 2] = 1.0
        if speaker is not None:
            flags[(starts < speaker[1]) & (ends > speaker[0]), 3] = 1.0
    words = _hashes(strings)
    flags[:, 4] = _member(raw[:, 10], words["lexicon"])
    flags[:, 5] = arr[:, 5] == 1
    flags[:, 6] = paragraph_starts(doc, starts)
    flags[:, 7] = arr[:, 6]
    flags[:, 8] = (arr[:, 7] == 1) & (arr[:, 4] > 1)
    flags[:, 9] = arr[:, 8]
    flags[:, 10] = _member(raw[:, 11], words["marks"])
    flags[:, 11] = arr[:, 2] < 0
    flags[:, 12] = arr[:, 2] > 0
    flags[:, 13] = _member(raw[:, 9], words["ents"])
    return numpy.hstack([tensor, tensor[heads], cats, cats[heads], flags]).astype("f")


_POS_IX = {IDS[p]: i for i, p in enumerate(POS)}
_WORDS: dict[int, dict[str, numpy.ndarray]] = {}


def _lookup(values: numpy.ndarray, index) -> numpy.ndarray:
    """Map each value through `index`, calling it once per distinct value."""
    uniq, inverse = numpy.unique(values, return_inverse=True)
    return numpy.array([index(int(v)) for v in uniq], dtype=numpy.int64)[inverse]


def _hashes(strings) -> dict[str, numpy.ndarray]:
    """String ids of the cue lexicon (and its capitalised forms), quotation marks and speaker entity types."""
    key = id(strings)
    if key not in _WORDS:
        ids = lambda words: numpy.unique(numpy.array([strings.add(w) for w in words], dtype=numpy.uint64))  # noqa: E731
        _WORDS[key] = {"lexicon": ids(sorted(_LEXICON | {w.capitalize() for w in _LEXICON})),
                       "marks": ids("\"“”'‘’"), "ents": ids(("PERSON", "ORG", "NORP", "GPE"))}
    return _WORDS[key]


def _member(values: numpy.ndarray, ids: numpy.ndarray) -> numpy.ndarray:
    """values in the sorted `ids` (a binary search: numpy.isin sorts both sides on every call)."""
    at = numpy.minimum(numpy.searchsorted(ids, values), len(ids) - 1)
    return ids[at] == values


def paragraph_starts(doc: Doc, starts: numpy.ndarray) -> numpy.ndarray:
    """True where a newline lies between the previous token's start and this token's (and at token 0)."""
    chars = numpy.frombuffer(doc.text.encode("utf-32-le"), numpy.uint32)  # one code point per element, as idx
    newlines = numpy.concatenate([[0], numpy.cumsum(chars == 10)])
    out = numpy.ones(len(starts), dtype=bool)
    out[1:] = newlines[starts[1:]] > newlines[starts[:-1]]
    return out


# ---------------------------------------------------------------- decoding


def decode(probs: numpy.ndarray) -> list[tuple[str, int, int, float]]:
    """(role, first token, end token, mean role probability) of each tagged span: a token takes the role
    whose B+I probability is highest (O included); a B above _SPLIT opens a new span."""
    by_role = numpy.stack([probs[:, 0], probs[:, 1] + probs[:, 2], probs[:, 3] + probs[:, 4],
                           probs[:, 5] + probs[:, 6]], axis=1)
    best = by_role.argmax(axis=1)
    sums = numpy.vstack([numpy.zeros((1, 4), dtype=by_role.dtype), numpy.cumsum(by_role, axis=0)])
    out: list[tuple[str, int, int, float]] = []
    open_: list | None = None
    for i, r in enumerate(best.tolist()):
        begins = r > 0 and probs[i, 2 * r - 1] > _SPLIT  # a weak B inside a run is noise, not a new span
        if open_ is not None and (r != open_[0] or begins):
            out.append(_close(open_, sums))
            open_ = None
        if r > 0 and open_ is None:
            open_ = [r, i, i + 1]
        elif r > 0:
            open_[2] = i + 1
    if open_ is not None:
        out.append(_close(open_, sums))
    return out


def _close(span: list, sums: numpy.ndarray) -> tuple[str, int, int, float]:
    r, a, b = span
    return ROLES[r - 1], a, b, float((sums[b, r] - sums[a, r]) / (b - a))


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens between two token ranges (0 when they touch, -1 when they overlap)."""
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return -1


Range = tuple[int, int]


def group(spans: list[tuple[str, int, int, float]], threshold: float,
          para: numpy.ndarray) -> list[tuple[Range, Range | None, Range | None, float]]:
    """(content, cue, source) token ranges and the content's confidence, for each content span at or above
    the threshold: the nearest cue in its paragraph, and the source nearest that cue (or the content)."""
    cues = [(a, b) for role, a, b, _ in spans if role == "CUE"]
    sources = [(a, b) for role, a, b, _ in spans if role == "SRC"]
    out = []
    for role, a, b, conf in spans:
        if role != "CON" or conf < threshold:
            continue
        near = lambda pool, to, limit: min(  # noqa: E731
            ((_gap(s, to), s) for s in pool if para[s[0]] == para[a] and 0 <= _gap(s, to) <= limit
             and _gap(s, (a, b)) >= 0), default=(None, None))[1]
        cue = near(cues, (a, b), _CUE_GAP)
        source = near(sources, cue if cue is not None else (a, b), _SOURCE_GAP)
        out.append(((a, b), cue, source, conf))
    return out


def _stored_rules() -> bool:
    now = (generic_cues.ACTIVE, learned_cues.ACTIVE_GATE, cues.STANCE_VERBS, cues.CLAUSE_VERBS)
    return all(a is b for a, b in zip(now, _STORED))


def extra(doc: Doc, drafts: list[Draft], marks: list[QuoteMarks], refused: set[int],
          snap: Callable[[Draft], bool]) -> list[Draft]:
    """Drafts for the tagged content spans that no rule draft overlaps (empty when no tagger is loaded).
    `refused`: tokens the rules read as cues; a stance (no finite clause) whose tagged cue is one of them
    is a refusal of the rules ("ruled the country", "seemed tired", "claimed a victory") and stays one;
    a clause there is let through (the rules turn clauses down mostly for a parse they cannot frame)."""
    tagger = ACTIVE
    if tagger is None or not len(doc) or doc.tensor is None or doc.tensor.shape != (len(doc), 96):
        return []
    if not _stored_rules():
        return []
    rule = [((d.start, d.end), d.cue, (d.speaker.start_char, d.speaker.end_char) if d.speaker is not None else None)
            for d in drafts]
    X = features(doc, rule, marks, tagger.deps)
    probs = tagger.probs(X)
    covered = X[:, X.shape[1] - _N_FLAGS + 1] > 0  # tokens of a rule quote's content
    floor = 0.0 if _COLLECT is not None else tagger.threshold
    out = []
    para = numpy.cumsum(X[:, X.shape[1] - _N_FLAGS + 6]) - 1  # paragraph number of each token
    for (a, b), cue, source, conf in group(decode(probs), floor, para):
        # a content with no cue or source near it is less often an attribution: it needs a surer tagging
        conf -= LONE_CUE * (cue is None) + LONE_SRC * (source is None)
        if conf < floor:
            continue
        span = doc[a:b]
        if sum(not t.is_punct for t in span) < MIN_WORDS or covered[max(0, a - NEAR_RULE) : b + NEAR_RULE].any():
            continue  # a flicker at the edge of a rule quote ("<rule content> and so"), or a stray word
        if _dangles(span[-1]):  # "a supporter who" | "was caught ...": the tagging faded mid-phrase
            span = _close_phrase(span)
        if headline_at(span[0]) or (cue is not None and headline_at(doc[cue[0]])):
            continue  # "Ministry Plans New Roads": headline casing fools the parse, as the rules know
        while len(span) > 1 and span[0].dep_ == "mark":  # records keep no complementiser ("that", "whether")
            span = span[1:]
        kind = _kind(span)
        if kind == "stance" and cue is not None and any(i in refused for i in range(cue[0], cue[1])):
            continue
        draft = Draft(span.start_char, span.end_char, kind=kind, confidence=round(min(1.0, max(0.0, float(conf))), 3))
        if cue is not None:
            draft.cue = (doc[cue[0]].idx, doc[cue[1] - 1].idx + len(doc[cue[1] - 1]))
        if source is not None:
            root, end = doc[source[0] : source[1]].root, source[1]
            while (root.dep_ in ("det", "poss", "compound") and root.head.pos_ in ("NOUN", "PROPN")
                   and root.i < root.head.i < end + 4):
                root, end = root.head, max(end, root.head.i + 1)  # "The general" -> "The general's aide"
            start = min(root.left_edge.i, source[0]) if root.pos_ in ("NOUN", "PROPN") else source[0]
            draft.speaker = doc[start:end]  # "aide" -> "The general's aide": the whole noun phrase
        if not snap(draft) or any(d.start < draft.end and draft.start < d.end for d in drafts + out):
            continue
        out.append(draft)
        if _COLLECT is not None:
            _COLLECT.append((doc, draft, conf))
    return out


def _dangles(t) -> bool:
    """A word that cannot end a content: a preposition, article, auxiliary, conjunction, "to", "who"."""
    return t.pos_ in ("ADP", "DET", "AUX", "SCONJ", "PART", "CCONJ") or t.tag_ in ("WDT", "WP", "WP$", "WRB")


def _close_phrase(span):
    """Stretch a dangling end to the right edge of the phrase it opens: the subtree of the highest in-span
    ancestor of the last word, or of its furthest chain of heads to the right ("who" -> its relative
    clause), in the same sentence and at most DANGLE_MAX tokens on."""
    last, top = span[-1], span[-1]
    while top.head.i != top.i and span.start <= top.head.i < span.end:
        top = top.head
    right = max(top.right_edge.i, last.right_edge.i) + 1
    cand = last
    while cand.head.i > cand.i:  # "for a supporter who" -> the relative clause
        cand = cand.head
    right = max(right, cand.right_edge.i + 1)
    if span.end < right <= min(span.sent.end, span.end + DANGLE_MAX):
        return span.doc[span.start : right]
    return span


def _kind(span) -> str:
    """A clause (a finite verb with a subject) is speech; a noun phrase or infinitive is a stance."""
    finite = ("VBD", "VBZ", "VBP", "MD")
    return "speech" if any(t.dep_ in ("nsubj", "nsubjpass", "expl") and (
        t.head.tag_ in finite or any(c.dep_ in ("aux", "auxpass") and c.tag_ in finite for c in t.head.children))
        for t in span) else "stance"
