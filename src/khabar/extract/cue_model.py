"""The scoring side of the quotes stage's learned back-off (generic_cues.py): what the model reads of a
candidate cue, and the model itself.

A `Candidate` is a draft a cue at a token would make. `features` gives its one-hot features (frame,
speaker kind, tag, dependency, negation, content length, quotation, headline casing, event type);
`CueModel` adds the static word vectors of the cue lemma and of the content's head word, taken from the
loaded spaCy model's vocab at run time (the weights file holds no vectors), and scores a logistic
regression: one dot product per vector, cached per lemma, and a dict lookup per feature. The weights
(data/cue_model.npz, a few tens of KB) are written by scripts/train_cue_model.py.
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.tokens import Token

from khabar.errors import KhabarError
from khabar.extract.quote_spans import Draft, cue_lemma, doc_text, headline_at, negated

MODEL = Path(__file__).resolve().parent.parent / "data" / "cue_model.npz"
EVENT_LEXICON = MODEL.parent / "event_lexicon.tsv"
_WORD_BUCKETS = (1, 3, 7, 15)
# PLOVER types of material action in the event lexicon (scripts/train_quote_cues.py's MATERIAL): a verb of
# one is a back-off cue only on a person or on something said ("attacked Clinton", "released a statement")
MATERIAL = frozenset("ASSAULT COERCE MOBILIZE AID RETREAT SANCTION SEIZE PROTEST CONCEDE".split())


@dataclass(slots=True)
class Candidate:
    """A draft a cue at `token` would make, the frame it was read in, the head word of its content, and
    the model's sparse features."""

    token: Token
    draft: Draft
    frame: str
    head: Token
    feats: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- features


def features(token: Token, draft: Draft, frame: str, head: Token) -> list[str]:
    """The one-hot features of a candidate before `snap` ("direct" is added after it); the word vectors of
    the cue lemma and the content head are the model's."""
    lemma = cue_lemma(token)
    root = draft.speaker.root if draft.speaker is not None else None
    if root is None:
        who = "none"
    elif root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        who = root.ent_type_
    elif root.pos_ == "PRON":
        who = "pron_" + root.lower_ if root.lower_ in ("he", "she", "they", "i", "we", "it", "who") else "pron"
    else:
        who = root.pos_
    n_words = doc_text(token.doc).count(" ", draft.start, draft.end) + 1
    bucket = next((f"{b}" for b in _WORD_BUCKETS if n_words <= b), "more")
    feats = [
        f"lemma={lemma}", f"pos={token.pos_}", f"tag={token.tag_}", f"dep={token.dep_}", f"frame={frame}",
        f"frame_kind={frame.split(':')[0]}", f"speaker={who}", f"words={bucket}", f"frame+speaker={frame}|{who}",
    ]
    if negated(token):
        feats.append("negated")
    if headline_at(token):
        feats.append("headline")
    typed = event_verbs()[1].get(lemma) if token.pos_ == "VERB" else None
    if typed is not None:
        feats.append(f"event={typed}")  # "accused" (ACCUSE), "released" (CONCEDE), "attacked Clinton" (ASSAULT)
    if draft.speaker is not None and draft.speaker.end <= token.i:
        feats.append("speaker_before")
    for child in token.children:
        if child.dep_ == "auxpass":
            feats.append("passive")
        elif child.dep_ == "aux" and child.tag_ == "MD":
            feats.append("modal")
    feats.append(f"head={head.pos_}")
    return feats


_EVENTS: list[tuple[frozenset[str], dict[str, str]]] = []


def event_verbs() -> tuple[frozenset[str], dict[str, str]]:
    """Verb lemmas the event lexicon types as material action (see MATERIAL), and the PLOVER type of each
    of its verbs (the first row's): read once."""
    if not _EVENTS:
        material, typed = set(), {}
        if EVENT_LEXICON.exists():
            for line in EVENT_LEXICON.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if line[:1] in "#@" or len(parts) <= 2 or parts[1] != "V":
                    continue
                if parts[2] in MATERIAL:
                    material.add(parts[0])
                typed.setdefault(parts[0], parts[2])
        _EVENTS.append((frozenset(material), typed))
    return _EVENTS[0]


# ---------------------------------------------------------------- model


@dataclass
class CueModel:
    """Logistic regression: z = intercept + vector_weights . unit(vector(cue lemma)) + head_weights .
    unit(vector(content head lemma)) + the sum of `weights` over the candidate's one-hot features; a draft
    is kept when sigmoid(z) >= threshold."""

    vector_weights: numpy.ndarray
    head_weights: numpy.ndarray
    weights: dict[str, float]
    intercept: float
    threshold: float
    # also the words the rules turned down ("did not mention", "saw the tanks", learned words the gate
    # refused): fitted so, the model scores them too; the rules' refusals are then overruled
    reconsider: bool = False
    _lemma_z: dict[tuple[int, str, bool], float] = field(default_factory=dict, repr=False)

    def lemma_part(self, vocab, lemma: str, head: bool = False) -> float:
        """A vector's share of z (the cue's, or with `head` the content head's), once per lemma and vocab."""
        key = (id(vocab), lemma, head)
        found = self._lemma_z.get(key)
        if found is None:
            weights = self.head_weights if head else self.vector_weights
            vector = unit_vector(vocab, lemma)  # another spaCy model's vectors have another width: no share
            found = self._lemma_z[key] = float(weights @ vector) if vector.shape == weights.shape else 0.0
        return found

    def score(self, candidate: Candidate) -> float:
        vocab = candidate.token.doc.vocab
        z = self.intercept + self.lemma_part(vocab, cue_lemma(candidate.token))
        z += self.lemma_part(vocab, candidate.head.lemma_.lower(), head=True)
        z += sum(self.weights.get(name, 0.0) for name in candidate.feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, candidate: Candidate) -> bool:
        return self.score(candidate) >= self.threshold

    def save(self, path: Path) -> None:
        names = sorted(self.weights)
        numpy.savez_compressed(path, vector_weights=self.vector_weights.astype(numpy.float32),
                               head_weights=self.head_weights.astype(numpy.float32),
                               names=numpy.array(names), weights=numpy.array([self.weights[n] for n in names],
                                                                              dtype=numpy.float32),
                               intercept=numpy.float64(self.intercept), threshold=numpy.float64(self.threshold),
                               reconsider=numpy.bool_(self.reconsider))


def unit_vector(vocab, lemma: str) -> numpy.ndarray:
    """The lemma's static vector scaled to length 1 (zeros when the vocab has none)."""
    vector = vocab.get_vector(lemma) if vocab.has_vector(lemma) else None
    if vector is None or not vector.any():
        width = vocab.vectors.shape[1] if vocab.vectors.shape[1] else 300
        return numpy.zeros(width, dtype=numpy.float32)
    return vector / numpy.linalg.norm(vector)


def load_model(path: Path = MODEL) -> CueModel | None:
    """The stored model, or None when there is none (the back-off is then off)."""
    if not path.exists():
        return None
    try:
        with numpy.load(path, allow_pickle=False) as raw:
            weights = {str(n): float(w) for n, w in zip(raw["names"], raw["weights"])}
            return CueModel(raw["vector_weights"].astype(numpy.float32), raw["head_weights"].astype(numpy.float32),
                            weights, float(raw["intercept"]), float(raw["threshold"]),
                            bool(raw["reconsider"]) if "reconsider" in raw.files else False)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise KhabarError("bad_option", f"{path.name}: {exc}") from exc
