"""The learned attribution tagger (extract/attrib_tagger.py, network in extract/attrib_net.py): decoding of
hand-made tag probabilities, grouping of content with cue and source, the stored model and its numpy copy,
features, and sentences (written for these tests) where the tagger must add a quote the rules miss, or must
add nothing."""

from __future__ import annotations

import numpy
import pytest

from khabar.extract import attrib_net, attrib_tagger
from khabar.extract.attrib_net import TAGS, Inputs
from khabar.extract.attrib_tagger import decode, group


def _probs(tags: str, sure: float = 0.9) -> numpy.ndarray:
    """One row per tag name ("O B-CON I-CON ..."): `sure` on that tag, the rest spread evenly."""
    rows = []
    for tag in tags.split():
        row = numpy.full(len(TAGS), (1 - sure) / (len(TAGS) - 1), dtype="f")
        row[TAGS.index(tag)] = sure
        rows.append(row)
    return numpy.stack(rows)


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        ("O B-CON I-CON I-CON O", [("CON", 1, 4)]),
        ("I-CON I-CON O", [("CON", 0, 2)]),  # a run may open on an I tag
        ("B-SRC I-SRC B-CUE B-CON I-CON", [("SRC", 0, 2), ("CUE", 2, 3), ("CON", 3, 5)]),
        ("B-CON I-CON B-CON I-CON", [("CON", 0, 2), ("CON", 2, 4)]),  # a sure B opens a second span
        ("O O O", []),
        ("B-CUE O B-CUE", [("CUE", 0, 1), ("CUE", 2, 3)]),
    ],
)
def test_decode(tags, spans):
    assert [(r, a, b) for r, a, b, _ in decode(_probs(tags))] == spans


def test_decode_weak_b_does_not_split_a_run():
    probs = _probs("B-CON I-CON I-CON I-CON")
    probs[2] = [0.05, 0, 0, 0, 0, 0.45, 0.5]  # B a little above I, under the split bar: still one span
    assert [(r, a, b) for r, a, b, _ in decode(probs)] == [("CON", 0, 4)]


def test_decode_confidence_is_the_mean_role_probability():
    probs = _probs("O B-CON I-CON")
    probs[2] = [0.3, 0, 0, 0, 0, 0.1, 0.6]
    (_, _, _, conf), = decode(probs)
    assert conf == pytest.approx((0.9 + 0.1 / 6 + 0.7) / 2)  # B-CON 0.9 plus I-CON's share of the rest


def test_decode_role_by_summed_b_and_i():
    # O alone beats each content tag, but B+I of content beats O: the token is content
    probs = numpy.array([[0.4, 0, 0, 0, 0, 0.3, 0.3]], dtype="f")
    assert [(r, a, b) for r, a, b, _ in decode(probs)] == [("CON", 0, 1)]


def _decode_by_loop(probs: numpy.ndarray) -> list[tuple[str, int, int]]:
    """decode's rule, token by token: a run of one role, split where a B tag is above the split bar."""
    roles = numpy.stack([probs[:, 0], probs[:, 1] + probs[:, 2], probs[:, 3] + probs[:, 4],
                         probs[:, 5] + probs[:, 6]], axis=1)
    out, open_ = [], None
    for i, r in enumerate(roles.argmax(axis=1).tolist()):
        if open_ is not None and (r != open_[0] or (r > 0 and probs[i, 2 * r - 1] > attrib_tagger._SPLIT)):
            out.append(open_)
            open_ = None
        if r > 0:
            open_ = [r, i, i + 1] if open_ is None else [r, open_[1], i + 1]
    out += [open_] if open_ is not None else []
    return [(attrib_tagger.ROLES[r - 1], a, b) for r, a, b in out]


@pytest.mark.parametrize("seed", range(5))
def test_decode_matches_a_token_loop(seed):
    rng = numpy.random.default_rng(seed)
    probs = rng.dirichlet(numpy.full(len(TAGS), 0.3), size=200).astype("f")
    spans = decode(probs)
    assert [(r, a, b) for r, a, b, _ in spans] == _decode_by_loop(probs)
    roles = {"SRC": (1, 2), "CUE": (3, 4), "CON": (5, 6)}
    for role, a, b, conf in spans:
        assert conf == pytest.approx(probs[a:b, list(roles[role])].sum(axis=1).mean(), abs=1e-5)


def _span(role: str, a: int, b: int, conf: float = 0.9):
    return (role, a, b, conf)


def test_group_takes_nearest_cue_and_its_source():
    spans = [_span("SRC", 0, 2), _span("CUE", 2, 3), _span("CON", 3, 10),
             _span("SRC", 12, 13), _span("CUE", 20, 21)]
    (content, cue, source, _), = group(spans, 0.5, numpy.zeros(30, dtype=int))
    assert (content, cue, source) == ((3, 10), (2, 3), (0, 2))


def test_group_stays_in_the_paragraph():
    spans = [_span("SRC", 0, 2), _span("CUE", 2, 3), _span("CON", 5, 9)]
    para = numpy.array([0] * 4 + [1] * 10)
    (content, cue, source, _), = group(spans, 0.5, para)
    assert (content, cue, source) == ((5, 9), None, None)


def test_group_threshold_and_distance():
    spans = [_span("CON", 0, 5, 0.4), _span("CON", 6, 9, 0.8), _span("CUE", 60, 61)]
    out = group(spans, 0.5, numpy.zeros(70, dtype=int))
    assert [(c, cue) for c, cue, _, _ in out] == [((6, 9), None)]  # the cue is too far away


def test_model_file_loads():
    assert attrib_net.MODEL.exists()
    assert attrib_net.MODEL.stat().st_size < 3_000_000
    tagger = attrib_net.load()
    assert tagger is not None and 0 < tagger.threshold < 1
    assert len(tagger.deps) > 30
    probs = tagger.probs(numpy.zeros((5, attrib_net.n_features(tagger.deps)), dtype="f"))
    assert probs.shape == (5, len(TAGS))
    assert numpy.allclose(probs.sum(axis=1), 1.0, atol=1e-4)


def _random_inputs(n: int, n_deps: int, seed: int) -> Inputs:
    rng = numpy.random.default_rng(seed)
    return Inputs(rng.normal(size=(n, attrib_net.TENSOR)).astype("f"), rng.integers(0, n, n),
                  rng.integers(0, len(attrib_net.POS), n), rng.integers(0, n_deps + 1, n),
                  (rng.random((n, attrib_net.N_FLAGS)) < 0.3).astype("f"))


@pytest.mark.parametrize(("n", "seed"), [(1, 0), (3, 1), (5, 2), (40, 3), (300, 4)])  # shorter than each window too
def test_numpy_net_is_the_thinc_model(n, seed):
    """Inference runs a numpy copy of the weights on the compact input: thinc's output on the wide matrix."""
    tagger = attrib_tagger.ACTIVE
    inp = _random_inputs(n, len(tagger.deps), seed)
    fast, slow = tagger.tag(inp), tagger.probs(attrib_net.dense(inp, len(tagger.deps)))
    assert fast.shape == slow.shape == (n, len(TAGS))
    assert numpy.abs(fast - slow).max() < 1e-5


def test_numpy_net_on_a_parsed_article(run_to_quotes):
    doc = run_to_quotes("The mayor insisted that the bridge would reopen in May.\n\n"
                        "\"We will not wait,\" the council leader told reporters on Friday.")
    tagger = attrib_tagger.ACTIVE
    inp = attrib_tagger.inputs(doc, [((24, 55), None, None)], [], tagger.deps)
    assert numpy.abs(tagger.tag(inp) - tagger.probs(attrib_net.dense(inp, len(tagger.deps)))).max() < 1e-5


def test_save_and_load_keep_the_model(tmp_path):
    tagger = attrib_tagger.ACTIVE
    tagger.save(tmp_path / "tagger.bin")
    again = attrib_net.load(tmp_path / "tagger.bin")
    assert (again.deps, again.threshold, again.width, again.dilations) == (
        tagger.deps, tagger.threshold, tagger.width, tagger.dilations)
    inp = _random_inputs(30, len(tagger.deps), 6)
    assert numpy.array_equal(again.tag(inp), tagger.tag(inp))


def test_one_blas_thread_only_while_tagging():
    from threadpoolctl import threadpool_info

    before = [lib["num_threads"] for lib in threadpool_info()]
    attrib_tagger.ACTIVE.tag(_random_inputs(50, len(attrib_tagger.ACTIVE.deps), 5))
    assert [lib["num_threads"] for lib in threadpool_info()] == before


def test_features_shape(run_to_quotes):
    doc = run_to_quotes("The mayor insisted that the bridge would reopen in May.")
    assert doc.tensor.shape == (len(doc), 96)  # en_core_web_md's tok2vec output survives the pipeline
    X = attrib_tagger.features(doc, [((24, 55), None, None)], [], attrib_tagger.ACTIVE.deps)
    assert X.shape == (len(doc), attrib_net.n_features(attrib_tagger.ACTIVE.deps))
    rule_col = X.shape[1] - attrib_net.N_FLAGS + 1
    assert X[[t.i for t in doc if 24 <= t.idx < 55], rule_col].all()
    assert not X[[t.i for t in doc if t.idx < 23], rule_col].any()
    heads = X[:, 96:192]  # the head's tensor row
    assert numpy.array_equal(heads, doc.tensor[[t.head.i for t in doc]])
    dep_col = 192 + len(attrib_net.POS) + attrib_tagger.ACTIVE.deps.index("nsubj")
    subjects = [t.i for t in doc if t.dep_ == "nsubj"]  # "mayor", "bridge"
    assert subjects and X[subjects, dep_col].all() and X[:, dep_col].sum() == len(subjects)


@pytest.mark.parametrize(
    "text",
    ["One line.\n\nA second paragraph here.\nAnd a third line.", "\nLeading newline. Same line.",
     "No newline at all, just words.", "Spaces  \n  around a break.\r\nWindows break."],
)
def test_paragraph_starts(nlp, text):
    doc = nlp.make_doc(text)
    arr = doc.to_array(["ORTH", "IS_SPACE"])
    got = attrib_tagger.paragraph_starts(doc, arr[:, 0], arr[:, 1])
    want = [t.i == 0 or "\n" in text[doc[t.i - 1].idx : t.idx] for t in doc]  # a newline since the last start
    assert got.tolist() == want


def _added(run_to_quotes, text: str):
    """The quotes with the tagger, less the contents the rules alone already give."""
    doc = run_to_quotes(text)
    with_tagger = doc._.khabar_quotes
    from khabar.extract.quotes import find_quotes

    with attrib_tagger.using(None):
        rules = {(q.content.start, q.content.end) for q in find_quotes(doc)}
    return [q for q in with_tagger if (q.content.start, q.content.end) not in rules]


# (text, words the content must hold, words the speaker must hold): cue verbs no lexicon of the rules has
ADDED: list[tuple[str, str, str]] = [
    ("Opposition leader Maria Vance chafed that the ruling party had rushed the bill through parliament.",
     "the ruling party had rushed the bill", "Maria Vance"),
    ("Senator Okafor bristled at suggestions that he had misled the committee about the contract.",
     "he had misled the committee", "Senator Okafor"),
    ("The trade minister crowed that exports had reached a record high in the first quarter.",
     "exports had reached a record high", "The trade minister"),
    ("The health minister fretted that hospitals in the north were running out of vaccines.",
     "hospitals in the north were running out", "The health minister"),
    ("The rebel spokesman gloated that the government forces had abandoned the town.",
     "the government forces had abandoned the town", "The rebel spokesman"),
    ("The governor groused that the new budget left the state's schools without enough teachers.",
     "the new budget left the state's schools", "The governor"),
    ("The finance minister sniffed that the opposition's plan would bankrupt the country.",
     "the opposition's plan would bankrupt the country", "The finance minister"),
    ("The general's aide let slip that the offensive would begin before the rainy season.",
     "the offensive would begin before the rainy season", "The general's aide"),
]


def _match(quotes, content: str, speaker: str):
    return [q for q in quotes if content in q.content.text and q.speaker is not None and speaker in q.speaker.text]


@pytest.mark.parametrize(("text", "content", "speaker"), ADDED)
def test_quote_found(run_to_quotes, text, content, speaker):
    quotes = run_to_quotes(text)._.khabar_quotes
    match = _match(quotes, content, speaker)
    assert match, [(q.content.text, q.speaker.text if q.speaker else None) for q in quotes]
    assert match[0].kind == "speech" and not match[0].content.text.startswith("that ")


def test_the_tagger_adds_them(run_to_quotes):
    """Most of ADDED come from the tagger, not the rules (a lexicon may one day learn a word or two)."""
    by_tagger = sum(bool(_match(_added(run_to_quotes, text), content, speaker)) for text, content, speaker in ADDED)
    assert by_tagger >= len(ADDED) - 2


NOTHING = [
    "The bridge over the river collapsed after three days of heavy rain.",
    "Farmers in the valley planted wheat and barley earlier than usual this year.",
    "The train from Lyon arrived forty minutes late on Tuesday evening.",
    "Police closed the road near the stadium while workers repaired a burst water main.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_tagger_adds_nothing(run_to_quotes, text):
    assert _added(run_to_quotes, text) == []


@pytest.mark.parametrize(
    ("text", "cut", "closed"),
    [
        # a content the tagging left on a function word stretches to close the phrase that word opens
        ("She said the mayor would pay the fees of a tenant who was evicted last week.",
         "the mayor would pay the fees of a tenant who",
         "the mayor would pay the fees of a tenant who was evicted last week"),
        ("He said the council will vote on the plan in March.", "the council will vote on",
         "the council will vote on the plan in March"),
        # the end is a content word: nothing to close
        ("He said the council will vote on the plan in March.", "the council will vote", "the council will vote"),
    ],
)
def test_dangling_end_closes_its_phrase(nlp, text, cut, closed):
    doc = nlp(text)
    start = text.index(cut)
    span = doc.char_span(start, start + len(cut))
    out = attrib_tagger._close_phrase(span) if attrib_tagger._dangles(span[-1]) else span
    assert out.text == closed


def test_dangling_end_stays_in_its_sentence(nlp):
    doc = nlp("He said the council will vote on. The plan comes in March.")
    span = doc.char_span(8, len("He said the council will vote on"))
    assert attrib_tagger._close_phrase(span).end <= span.sent.end


def test_learned_quotes_carry_a_confidence_rule_quotes_none(run_to_quotes):
    added = [q for text, _, _ in ADDED for q in _added(run_to_quotes, text)]
    assert added and all(q.confidence is not None and 0.0 < q.confidence <= 1.0 for q in added)
    (rule,) = run_to_quotes("The minister said that the border would reopen on Monday.")._.khabar_quotes
    assert rule.cue.text == "said" and rule.confidence is None
