"""Quote cues learned from PolNeAR's train split: khabar.extract.learned_cues, data/quote_cues.tsv and
scripts/train_quote_cues.py (run here on a tiny brat fixture written for these tests)."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from conftest import make_article

from khabar.errors import KhabarError
from khabar.extract import cues, learned_cues
from khabar.extract.quotes import find_quotes

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "polnear_tiny"


@pytest.fixture(scope="module")
def parsed(nlp):
    """A Doc through the stages before khabar_quotes; the tests call find_quotes themselves."""

    def _run(text: str):
        doc = nlp.make_doc(text)
        doc._.article = make_article(text)
        for name, proc in nlp.pipeline:
            if name == "khabar_quotes":
                break
            doc = proc(doc)
        return doc

    return _run


@pytest.fixture(scope="module")
def trainer():
    spec = importlib.util.spec_from_file_location("train_quote_cues", ROOT / "scripts" / "train_quote_cues.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# sentence -> (cue, speaker, content) of the quote the learned entry makes; the cue word is in no
# hand-written lexicon of its frame, so without the artifact there is no such quote. Learned words pass
# the gate too (a named or pronoun speaker helps); preposition pairs are not gated.
TABLE = [
    ("Senator Maria Lopez derided the new pension rules.",
     ("derided", "Senator Maria Lopez", "the new pension rules")),
    ("He bemoaned the closure of the steel mill.", ("bemoaned", "He", "the closure of the steel mill")),
    ("Governor Tom Baxter lambasted the ruling as a disgrace.",
     ("lambasted", "Governor Tom Baxter", "the ruling as a disgrace")),
    ("She mulled a run for the Senate.", ("mulled", "She", "a run for the Senate")),
    ("Governor Tom Baxter voted against the irrigation levy.",
     ("voted", "Governor Tom Baxter", "the irrigation levy")),
    ("Several senators balked at the cost of the bridge.", ("balked", "Several senators", "the cost of the bridge")),
    ("The mayor introduced a bill to ban plastic bags.", ("introduced", "The mayor", "a bill to ban plastic bags")),
    ("Her former boss vouched for her honesty.", ("vouched", "Her former boss", "her honesty")),
]


def _quote(doc, cue: str):
    return next((q for q in find_quotes(doc) if q.cue is not None and q.cue.text == cue), None)


@pytest.mark.parametrize("text,expected", TABLE, ids=[t[1][0] for t in TABLE])
def test_learned_cue_makes_quote(parsed, text, expected):
    cue, speaker, content = expected
    doc = parsed(text)
    quote = _quote(doc, cue)
    assert quote is not None, [(q.cue and q.cue.text, q.content.text) for q in find_quotes(doc)]
    assert (quote.speaker.text if quote.speaker else None, quote.content.text) == (speaker, content)
    with learned_cues.using({}):  # the hand lexicons alone
        assert _quote(doc, cue) is None


def test_material_verbs_not_learned(parsed):
    """The event lexicon's material verbs stay out: "released the prisoners" is no stance."""
    doc = parsed("The army released the prisoners on Monday after the talks.")
    assert _quote(doc, "released") is None
    assert "release" not in learned_cues.load()["stance"] and "attack" not in cues.STANCE_VERBS


def test_artifact_shape():
    lines = learned_cues.DATA.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    threshold = float(re.search(r"threshold ([0-9.]+) \(on the Wilson", header[1]).group(1))
    gate = learned_cues.load_gate()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert tuple(rows[0]) == learned_cues.COLUMNS
    assert 20 <= len(rows) - 1 <= 400  # a small lexicon, not a dump of the corpus
    for lemma, frame, gold, predicted, precision in rows[1:]:
        assert frame in learned_cues.FRAMES
        assert int(gold) >= 3 and int(predicted) >= int(gold)
        if gate is None or frame in learned_cues.PAIRS:  # gated words need only be right 3 times
            assert float(precision) >= threshold
        if frame in learned_cues.PAIRS:
            word, prep = lemma.split()
            assert prep not in cues.HAND[frame].get(word, ())
        else:
            assert lemma.isalpha() and lemma not in cues.HAND[frame]
    learned = learned_cues.load()
    assert set(learned) == set(learned_cues.FRAMES)
    assert sum(map(len, learned.values())) == len(rows) - 1
    assert learned["stance"] <= cues.STANCE_VERBS and learned["clause"] <= cues.CLAUSE_VERBS
    assert learned_cues.nouns(learned) <= cues.CLAIM_NOUNS and learned["adj"] <= cues.ATTITUDE_ADJS
    for pair in learned["verb_prep"]:
        word, prep = pair.split()
        assert prep in cues.CONTENT_PREPS[word]


def test_gate_shape():
    gate = learned_cues.load_gate()
    assert gate is not None and gate == learned_cues.ACTIVE_GATE
    learned = learned_cues.load()
    words = frozenset().union(*(learned[f] for f in learned_cues.SETS))
    assert gate.lemmas == words  # every learned word is gated, no hand word is
    assert 0.0 < gate.threshold < 1.0 and len(gate.weights) > 50
    assert all(name.partition("=")[0] in _FEATURES for name in gate.weights)
    assert 0.0 < gate.score({}) < 1.0


_FEATURES = {"lemma", "dep", "tag", "kind", "speaker", "lemma+speaker", "head", "head_dep", "head_lemma", "length",
             "direct", "negated", "quote_marks"}


def test_gate_decides(parsed):
    """The gate alone decides a learned word's quote: a gate that keeps all, one that keeps none."""
    doc = parsed("Senator Maria Lopez derided the new pension rules.")
    learned = learned_cues.load()
    keep_all = learned_cues.Gate(frozenset({"deride"}), {}, intercept=5.0, threshold=0.5)
    with learned_cues.using(learned, keep_all):
        assert _quote(doc, "derided") is not None
    with learned_cues.using(learned, dataclasses.replace(keep_all, intercept=-5.0)):
        assert _quote(doc, "derided") is None
    feats = learned_cues.features(doc, doc[3], doc[0:3], doc[4].idx, len(doc.text) - 1, "stance", False)
    assert {"lemma=deride", "speaker=PERSON", "head_lemma=rule", "kind=stance"} <= set(feats)


def test_artifact_errors(tmp_path):
    assert learned_cues.load(tmp_path / "missing.tsv") == {f: frozenset() for f in learned_cues.FRAMES}
    bad = tmp_path / "bad.tsv"
    bad.write_text("# header\nlemma\tframe\tgold\tpredicted\tprecision\nderide\tverbish\t3\t4\t0.75\n")
    with pytest.raises(KhabarError):
        learned_cues.load(bad)
    bad.write_text("deride\tverb_prep\t3\t4\t0.75\n")  # a pair frame needs "lemma preposition"
    with pytest.raises(KhabarError):
        learned_cues.load(bad)
    assert learned_cues.load_gate(tmp_path / "missing.json") is None
    bad.write_text('{"threshold": 0.5}')
    with pytest.raises(KhabarError):
        learned_cues.load_gate(bad)


def test_using_restores():
    from khabar.extract import attribution, quotes

    before = (attribution.STANCE_VERBS, quotes._CUE_LEMMAS, cues.CONTENT_PREPS)
    with learned_cues.using({"stance": frozenset({"frobnicate"}), "verb_prep": frozenset({"frobnicate about"})}):
        assert "frobnicate" in attribution.STANCE_VERBS and "frobnicate" in quotes._CUE_LEMMAS
        assert cues.CONTENT_PREPS["frobnicate"] == {"about"}
    assert (attribution.STANCE_VERBS, quotes._CUE_LEMMAS, cues.CONTENT_PREPS) == before
    assert "frobnicate" not in attribution.STANCE_VERBS


def test_training_on_fixture(nlp, trainer, tmp_path):
    from polnear_train import load, parse  # beside the script: on sys.path once the trainer is loaded

    texts = load(FIXTURE / "polnear" / "train")
    assert [len(t.gold) for t in texts] == [4, 3]
    parse(texts, nlp)
    kept, stats, threshold, gate = trainer.train(texts, min_gold=2, threshold=0.5, log=lambda *_: None)
    assert threshold == 0.5 and gate is None  # a given threshold: the lexicon alone
    assert kept["stance"] == {"deride"} and kept["verb_prep"] == {"vote for"}
    assert not kept["noun"] and not kept["clause"]
    assert stats["VERB", "deride", "stance"][:2] == [4, 0]
    out = tmp_path / "cues.tsv"
    assert trainer.write(out, kept, stats, ["test", "2 texts; threshold 0.5; min gold 2"]) == 2
    learned = learned_cues.load(out)
    assert learned["stance"] == {"deride"} and learned["verb_prep"] == {"vote for"}
    # the threshold picked on a held-out fold is one of those tried
    _, _, auto, _ = trainer.train(texts, min_gold=2, threshold=None, log=lambda *_: None)
    assert auto in trainer.THRESHOLDS


def test_gate_fit_and_prune(trainer):
    """The gate's fit (scikit-learn at training time) and the pruning of words the gate keeps too rarely."""
    rows = [{"lemma=deride": 1.0, "speaker=PERSON": 1.0}] * 6 + [{"lemma=look": 1.0, "speaker=none": 1.0}] * 6
    labels = [1] * 6 + [0] * 6
    gate = trainer.fit_gate(rows, labels, frozenset({"deride", "look"}), 0.5)
    assert gate.keeps(rows[0]) and not gate.keeps(rows[-1])
    wide = {f: frozenset() for f in learned_cues.FRAMES} | {"stance": frozenset({"deride", "look"})}
    pruned, pruned_gate = trainer.prune(wide, gate, rows, need=3)
    assert pruned["stance"] == {"deride"} and pruned_gate.lemmas == {"deride"}
    assert trainer.fit_gate(rows[:6], labels[:6], frozenset({"deride"}), 0.5) is None  # one label only
