"""The attribution tagger's network (extract/attrib_tagger.py reads its input and decodes its output).

thinc builds and trains it (scripts/train_attrib_tagger.py): Maxout in, residual window layers (each token
beside the tokens d before and after it), softmax over TAGS. Inference runs `_Net`, a numpy copy of the fitted
weights: the same function to float rounding (1e-6), at 40% of thinc's CPU time on news articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy
import srsly
from thinc.api import Maxout, Model, Softmax, chain, residual, with_array
from threadpoolctl import ThreadpoolController

from khabar.errors import KhabarError

MODEL = Path(__file__).resolve().parent.parent / "data" / "attrib_tagger.bin"
TAGS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
POS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
       "SCONJ", "SPACE", "SYM", "VERB", "X")
N_FLAGS = 14
TENSOR = 96  # en_core_web_md's doc.tensor width


@dataclass
class Inputs:
    """A doc's tagger input (attrib_tagger.inputs): `dense` spreads it into the model's columns for thinc,
    `Tagger.tag` reads it as it is."""
    tensor: numpy.ndarray  # (tokens, TENSOR) float32: doc.tensor
    heads: numpy.ndarray  # (tokens,) index of each token's head
    pos: numpy.ndarray  # (tokens,) index in POS
    dep: numpy.ndarray  # (tokens,) index in the tagger's deps (len(deps): another label)
    flags: numpy.ndarray  # (tokens, N_FLAGS) float32


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
    _net: _Net | None = field(default=None, init=False, repr=False, compare=False)

    def probs(self, X: numpy.ndarray) -> numpy.ndarray:
        """Tag probabilities of a `features` matrix (thinc: what training scores)."""
        return self.model.predict([X])[0]

    def tag(self, inp: Inputs) -> numpy.ndarray:
        """The same probabilities from `inputs`, through the numpy copy of the model (`_Net`)."""
        if self._net is None:
            self._net = _Net(self.model, len(self.deps), self.dilations)
        return self._net(inp)

    def save(self, path: Path) -> None:
        meta = {"deps": list(self.deps), "threshold": self.threshold, "width": self.width,
                "dilations": list(self.dilations), "n_in": n_features(self.deps)}
        path.write_bytes(srsly.msgpack_dumps({"meta": meta, "weights": self.model.to_bytes()}))


class _Net:
    """The fitted model as plain numpy arrays, for inference: the same function as `model.predict` (to
    float rounding) at 40% of its cost -- on ~250 tokens thinc's per-layer list handling and copies cost
    more than the arithmetic. The first layer is split by input block: the head's tensor
    share is computed once per token and gathered at the head index, and a one-hot times a matrix is a
    row lookup (own and head part-of-speech x dependency, pre-summed), so no wide feature matrix is built.
    Maxout pieces are stored side by side."""

    def __init__(self, model: Model, n_deps: int, dilations: tuple[int, ...]) -> None:
        layers = []
        for layer in model.layers[:-1]:
            nodes = {n.name: n for n in layer.walk()}
            W, b = nodes["maxout"].get_param("W"), nodes["maxout"].get_param("b")  # (out, piece, in), (out, piece)
            Wt = numpy.ascontiguousarray(W.transpose(2, 1, 0).reshape(W.shape[2], -1))  # in x (piece, out)
            ln = nodes["layernorm"]
            layers.append((Wt, b.T.reshape(-1).copy(), ln.get_param("G"), ln.get_param("b")))
        (W0, self.b0, *self.norm0) = layers[0]
        # a window layer's input is (before | self | after): one product with the three blocks side by side
        self.layers = [(numpy.ascontiguousarray(numpy.hstack(numpy.split(Wt, 3))), *rest) for Wt, *rest in layers[1:]]
        self.width = len(self.b0) // 2
        self.mean = numpy.full((self.width, 1), 1 / self.width, dtype="f")
        n_cats, w = len(POS) + n_deps + 1, TENSOR
        self.t = numpy.ascontiguousarray(W0[: 2 * w].reshape(2, w, -1).transpose(1, 0, 2).reshape(w, -1))
        own, head = W0[2 * w : 2 * w + n_cats], W0[2 * w + n_cats : 2 * w + 2 * n_cats]
        pair = lambda E: (E[: len(POS), None] + E[None, len(POS) :]).reshape(-1, E.shape[1])  # noqa: E731
        self.cat_own, self.cat_head = pair(own), pair(head)
        self.n_dep = n_deps + 1
        self.f = numpy.ascontiguousarray(W0[2 * w + 2 * n_cats :])
        self.dilations = dilations
        soft = model.layers[-1].layers[0]
        self.soft_W, self.soft_b = numpy.ascontiguousarray(soft.get_param("W").T), soft.get_param("b")
        # one BLAS thread: on these small products a second thread buys little time and busy-waits after
        # each one, taking a core from spaCy or from a second worker process (thinc's blis runs on one too)
        self.blas = ThreadpoolController().select(user_api="blas")

    def _maxout_norm(self, Y: numpy.ndarray, G: numpy.ndarray, b: numpy.ndarray) -> numpy.ndarray:
        w = self.width  # row means as products: numpy's reductions along 32-wide rows cost five times more
        H = numpy.maximum(Y[:, :w], Y[:, w:])
        H -= H @ self.mean
        var = numpy.square(H) @ self.mean
        var += 1e-8
        numpy.sqrt(var, out=var)
        H /= var
        H *= G
        H += b
        return H

    def __call__(self, inp: Inputs) -> numpy.ndarray:
        with self.blas.limit(limits=1):
            return self._forward(inp)

    def _forward(self, inp: Inputs) -> numpy.ndarray:
        n, w2 = len(inp.heads), 2 * self.width
        A = inp.tensor @ self.t  # own share | head share
        code = inp.pos * self.n_dep + inp.dep
        head = A[:, w2:] + self.cat_head[code]
        Y = A[:, :w2] + self.cat_own[code] + head[inp.heads] + inp.flags @ self.f + self.b0
        H = self._maxout_norm(Y, *self.norm0)
        for (W, b, G, gb), d in zip(self.layers, self.dilations):
            P = H @ W  # shares of each token to the tokens d after it | itself | d before it
            Y = P[:, w2 : 2 * w2] + b
            if n > d:
                Y[d:] += P[:-d, :w2]
                Y[:-d] += P[d:, 2 * w2 :]
            H = H + self._maxout_norm(Y, G, gb)
        Z = H @ self.soft_W + self.soft_b
        Z -= Z.max(axis=1, keepdims=True)
        numpy.exp(Z, out=Z)
        Z /= Z.sum(axis=1, keepdims=True)
        return Z


def n_features(deps: tuple[str, ...]) -> int:
    return 2 * TENSOR + 2 * (len(POS) + len(deps) + 1) + N_FLAGS


def dense(inp: Inputs, n_deps: int) -> numpy.ndarray:
    """The model's (tokens, n_features) input: tensor, head tensor, one-hots, head one-hots, flags."""
    n, heads = len(inp.heads), inp.heads
    cats = numpy.zeros((n, len(POS) + n_deps + 1), dtype="f")
    cats[numpy.arange(n), inp.pos] = 1.0
    cats[numpy.arange(n), len(POS) + inp.dep] = 1.0
    return numpy.hstack([inp.tensor, inp.tensor[heads], cats, cats[heads], inp.flags]).astype("f")


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
