"""A learned attribution tagger: the last step of the quotes stage, for attributions no rule reaches.

Every token gets features the pipeline already computed: en_core_web_md's shared tok2vec output (`doc.tensor`,
static vectors mixed in) for itself and its syntactic head, one-hots of its and its head's part of speech and
dependency, and flags -- inside quotation marks, inside a rule quote's content / cue / speaker (so the model
learns to complement the rules), a cue-lexicon word, sentence and paragraph start, casing. A small dilated CNN
(Maxout in, three residual window layers at distances 1, 2 and 4, softmax) tags each token O or B/I of
SOURCE, CUE or CONTENT. thinc trains it; inference runs a numpy copy of its weights (`_Net`).

Decoding: contiguous content tokens form a span (a sure B tag opens a new one); a span no rule quote touches,
with mean content probability at or above the stored threshold (0.05 more for each of a missing cue and a
missing source near it), becomes a Draft with the nearest tagged cue in its paragraph and the tagged source
nearest that cue; a span whose tagging faded on a function word ("a tenant who", "vote on") is stretched
to close that phrase. quotes.py snaps it and builds the Quote as it does for rule drafts. Measured on held-out
train and not kept (no gain): joining content pieces a few tokens apart, snapping every end to its root's
subtree, stripping edge function words, a minimum of content words, the cue verb's subject as a fallback
source, a higher B probability for splitting runs (figures: docs/architecture.md, the training script).
Weights: data/attrib_tagger.bin, from scripts/train_attrib_tagger.py (PolNeAR train only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy
import spacy.attrs as A
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc

from khabar.extract import cues, generic_cues, learned_cues
from khabar.extract.attrib_net import N_FLAGS, POS, TENSOR, Inputs, Tagger, dense, load
from khabar.extract.cues import CLAIM_NOUNS, CLAUSE_VERBS, SPEECH_VERBS, STANCE_VERBS
from khabar.extract.quote_marks import QuoteMarks
from khabar.extract.quote_spans import Draft, headline_at

ROLES = ("SRC", "CUE", "CON")
_LEXICON = SPEECH_VERBS | STANCE_VERBS | CLAUSE_VERBS | CLAIM_NOUNS
_CUE_GAP = 25  # tokens between a content span and the cue it takes, at most
_SOURCE_GAP = 15  # tokens between that cue (or the content) and the source
_SPLIT = 0.5  # a B tag this sure opens a new span inside a run
MIN_WORDS = 3  # words a content span needs
NEAR_RULE = 2  # tokens between a content span and a rule quote's content, at least
LONE_CUE = 0.05  # confidence taken off a content with no tagged cue near it (held out: exact content F1 up)
LONE_SRC = 0.05  # and off one with no tagged source
DANGLE_MAX = 25  # tokens a content ending on a function word may stretch to close its phrase

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


Spans = list[tuple[tuple[int, int], tuple[int, int] | None, tuple[int, int] | None]]


def inputs(doc: Doc, rule: Spans, marks: list[QuoteMarks], deps: tuple[str, ...]) -> Inputs:
    """The tagger's input for a doc. `rule`: (content, cue, speaker) character spans of the rules' quotes.
    One `to_array` pass and array lookups: a loop over tokens would cost more than the model."""
    n = len(doc)
    tensor = doc.tensor if doc.tensor is not None and doc.tensor.shape == (n, TENSOR) else None
    tensor = numpy.zeros((n, TENSOR), "f") if tensor is None else tensor
    raw = doc.to_array([A.POS, A.DEP, A.HEAD, A.IDX, A.LENGTH, A.SENT_START, A.IS_TITLE, A.IS_UPPER, A.IS_PUNCT,
                        A.ENT_TYPE, A.LEMMA, A.ORTH, A.IS_SPACE])
    arr = raw.view(numpy.int64)  # signed: HEAD is an offset, SENT_START -1/0/1; the string ids stay in `raw`
    words = _hashes(doc.vocab.strings, deps)
    dep_ids = words["deps"]
    at = numpy.minimum(numpy.searchsorted(dep_ids, raw[:, 1]), len(dep_ids) - 1)
    dep = numpy.where(dep_ids[at] == raw[:, 1], words["dep_ix"][at], len(deps))
    pos = _POS_IX[numpy.minimum(raw[:, 0], len(_POS_IX) - 1)]
    starts, ends = arr[:, 3], arr[:, 3] + arr[:, 4]
    flags = numpy.zeros((n, N_FLAGS), dtype="f")
    for m in marks:
        if m.double:
            flags[(starts >= m.inner_start) & (ends <= m.inner_end), 0] = 1.0
    for content, cue, speaker in rule:
        flags[(starts < content[1]) & (ends > content[0]), 1] = 1.0
        if cue is not None:
            flags[(starts < cue[1]) & (ends > cue[0]), 2] = 1.0
        if speaker is not None:
            flags[(starts < speaker[1]) & (ends > speaker[0]), 3] = 1.0
    flags[:, 4] = _member(raw[:, 10], words["lexicon"])
    flags[:, 5] = arr[:, 5] == 1
    flags[:, 6] = paragraph_starts(doc, raw[:, 11], arr[:, 12])
    flags[:, 7] = arr[:, 6]
    flags[:, 8] = (arr[:, 7] == 1) & (arr[:, 4] > 1)
    flags[:, 9] = arr[:, 8]
    flags[:, 10] = _member(raw[:, 11], words["marks"])
    flags[:, 11] = arr[:, 2] < 0
    flags[:, 12] = arr[:, 2] > 0
    flags[:, 13] = _member(raw[:, 9], words["ents"])
    return Inputs(tensor, numpy.arange(n) + arr[:, 2], pos, dep, flags)


def features(doc: Doc, rule: Spans, marks: list[QuoteMarks], deps: tuple[str, ...]) -> numpy.ndarray:
    """(tokens, n_features) float32, the model's input: tensor, head tensor, one-hots, head one-hots, flags."""
    return dense(inputs(doc, rule, marks, deps), len(deps))


_POS_IX = numpy.full(max(IDS[p] for p in POS) + 2, len(POS) - 1, dtype=numpy.int64)  # other ids: X
_POS_IX[[IDS[p] for p in POS]] = numpy.arange(len(POS))
_WORDS: dict[tuple[int, tuple[str, ...]], dict[str, numpy.ndarray]] = {}


def _hashes(strings, deps: tuple[str, ...]) -> dict[str, numpy.ndarray]:
    """Sorted string ids of the cue lexicon (and its capitalised forms), quotation marks, speaker entity
    types and the dependency labels (with `dep_ix`, each label's index in `deps`)."""
    key = (id(strings), deps)
    if key not in _WORDS:
        ids = lambda words: numpy.unique(numpy.array([strings.add(w) for w in words], dtype=numpy.uint64))  # noqa: E731
        dep_ids = numpy.array([strings.add(d) for d in deps], dtype=numpy.uint64)
        order = numpy.argsort(dep_ids)
        _WORDS[key] = {"lexicon": ids(sorted(_LEXICON | {w.capitalize() for w in _LEXICON})),
                       "marks": ids("\"“”'‘’"), "ents": ids(("PERSON", "ORG", "NORP", "GPE")),
                       "deps": dep_ids[order], "dep_ix": order}
    return _WORDS[key]


def _member(values: numpy.ndarray, ids: numpy.ndarray) -> numpy.ndarray:
    """values in the sorted `ids` (a binary search: numpy.isin sorts both sides on every call)."""
    at = numpy.minimum(numpy.searchsorted(ids, values), len(ids) - 1)
    return ids[at] == values


def paragraph_starts(doc: Doc, orth: numpy.ndarray, space: numpy.ndarray) -> numpy.ndarray:
    """True where a newline lies between the previous token's start and this token's (and at token 0): after a
    whitespace token holding one (the tokenizer splits every newline off a word; `doc.text` costs more)."""
    out = numpy.zeros(len(orth), dtype=bool)
    out[:1] = True
    strings = doc.vocab.strings
    for i in numpy.flatnonzero(space[:-1]).tolist():
        out[i + 1] = "\n" in strings[int(orth[i])]
    return out


# ---------------------------------------------------------------- decoding


def decode(probs: numpy.ndarray) -> list[tuple[str, int, int, float]]:
    """(role, first token, end token, mean role probability) of each tagged span: a token takes the role
    whose B+I probability is highest (O included); a B above _SPLIT opens a new span."""
    by_role = numpy.stack([probs[:, 0], probs[:, 1] + probs[:, 2], probs[:, 3] + probs[:, 4],
                           probs[:, 5] + probs[:, 6]], axis=1)
    best = by_role.argmax(axis=1)
    n = len(best)
    begins = (best > 0) & (probs[numpy.arange(n), numpy.maximum(2 * best - 1, 0)] > _SPLIT)  # a weak B is noise
    cut = numpy.ones(n, dtype=bool)  # where a run of one role starts
    cut[1:] = (best[1:] != best[:-1]) | begins[1:]
    firsts = numpy.flatnonzero(cut)
    lasts = numpy.append(firsts[1:], n)
    keep = best[firsts] > 0
    sums = numpy.vstack([numpy.zeros((1, 4), dtype=by_role.dtype), numpy.cumsum(by_role, axis=0)])
    return [(ROLES[r - 1], a, b, float((sums[b, r] - sums[a, r]) / (b - a)))
            for r, a, b in zip(best[firsts[keep]].tolist(), firsts[keep].tolist(), lasts[keep].tolist())]


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
    is a refusal of the rules ("ruled the country", "claimed a victory") and stays one;
    a clause there is let through (the rules turn clauses down mostly for a parse they cannot frame)."""
    tagger = ACTIVE
    if tagger is None or not len(doc) or doc.tensor is None or doc.tensor.shape != (len(doc), TENSOR):
        return []
    if not _stored_rules():
        return []
    rule = [((d.start, d.end), d.cue, (d.speaker.start_char, d.speaker.end_char) if d.speaker is not None else None)
            for d in drafts]
    inp = inputs(doc, rule, marks, tagger.deps)
    probs = tagger.tag(inp)
    covered = inp.flags[:, 1] > 0  # tokens of a rule quote's content
    floor = 0.0 if _COLLECT is not None else tagger.threshold
    out = []
    para = numpy.cumsum(inp.flags[:, 6]) - 1  # paragraph number of each token
    for (a, b), cue, source, conf in group(decode(probs), floor, para):
        # a content with no cue or source near it is less often an attribution: it needs a surer tagging
        conf -= LONE_CUE * (cue is None) + LONE_SRC * (source is None)
        if conf < floor:
            continue
        if covered[max(0, a - NEAR_RULE) : b + NEAR_RULE].any() or b - a - inp.flags[a:b, 9].sum() < MIN_WORDS:
            continue  # a flicker at the edge of a rule quote ("<rule content> and so"), or a stray word
        span = doc[a:b]
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
