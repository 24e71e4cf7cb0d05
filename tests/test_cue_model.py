"""The learned back-off of the quotes stage (khabar.extract.generic_cues, data/cue_model.npz)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy
import pytest


from khabar.errors import KhabarError
from khabar.extract import generic_cues
from khabar.extract.quotes import find_quotes, quote_for


@pytest.fixture(scope="module")
def parse(run_to_quotes):
    """Text -> Doc through khabar_quotes (conftest's run_to_quotes)."""
    return run_to_quotes


def _quotes(doc):
    return [(q.kind, q.speaker.text if q.speaker else None, q.cue.text if q.cue else None, q.content.text)
            for q in find_quotes(doc)]


# sentence -> (speaker, cue, content) of the one quote only the back-off makes: cue words no lexicon holds
BACK_OFF = [
    ("The senator bewailed the cuts to the school program.",
     ("The senator", "bewailed", "the cuts to the school program")),
    ("The governor excoriated the new fuel tax.", ("The governor", "excoriated", "the new fuel tax")),
    ("The bishop extolled the ceasefire as a gift to the region.",
     ("The bishop", "extolled", "the ceasefire as a gift to the region")),
    ("Farmers' unions castigated the ministry for the late payments.",
     ("Farmers' unions", "castigated", "the ministry for the late payments")),
    ("Teachers whined about the new schedule.", ("Teachers", "whined", "the new schedule")),
    ("The senator fretted that the cuts would hurt rural schools.",
     ("The senator", "fretted", "the cuts would hurt rural schools")),
]

# material actions: the back-off builds a draft for each (subject and object), the model turns it down
MATERIAL = [
    "The army shelled the town.",
    "Rebels captured the airport on Sunday.",
    "The police arrested three men near the border.",
    "The company bought a new factory in Ohio.",
    "The storm destroyed two bridges.",
]


# a toy model: the cue lemma's vector along a direction of "criticise / praise / complain" words; none of
# the table's cue words is among them, so a quote needs the vectors to generalise
SEED_CUES = ("lament", "criticize", "praise", "complain", "condemn", "denounce")


@pytest.fixture(scope="module")
def toy(nlp):
    direction = sum(generic_cues.unit_vector(nlp.vocab, w) for w in SEED_CUES)
    direction = direction / numpy.linalg.norm(direction)
    model = generic_cues.CueModel(14.0 * direction, numpy.zeros(300, dtype=numpy.float32),
                                  {"negated": -5.0}, intercept=-7.8, threshold=0.5)
    with generic_cues.using(model):
        yield model


def test_stored_model_loads():
    model = generic_cues.load_model()
    assert model is not None, "src/khabar/data/cue_model.npz is missing (scripts/train_cue_model.py writes it)"
    assert model.vector_weights.shape == (300,) and model.head_weights.shape == (300,)
    assert 0.0 < model.threshold < 1.0
    assert any(name.startswith("frame=") for name in model.weights)


@pytest.mark.parametrize("text", MATERIAL)
def test_stored_model_refuses_material_actions(parse, text):
    assert _quotes(parse(text)) == []


@pytest.mark.parametrize("text,expected", BACK_OFF)
def test_back_off_makes_a_stance_quote(parse, toy, text, expected):
    doc = parse(text)
    with generic_cues.using(None):
        assert _quotes(doc) == [], "the rules alone already read this cue: pick another word for the table"
    assert _quotes(doc) == [("stance", *expected)]


@pytest.mark.parametrize("text", MATERIAL)
def test_material_actions_are_no_quotes(parse, toy, text):
    doc = parse(text)
    with generic_cues.collecting() as found:
        find_quotes(doc)
    assert _quotes(doc) == []
    assert all(toy.score(c) < toy.threshold for c in found)


def test_negated_cue_is_no_quote(parse, toy):
    assert _quotes(parse("The senator did not bewail the cuts to the school program.")) == []


@pytest.mark.parametrize("text,cue", [
    ("The army attacked the town.", None),  # acts: never candidates
    ("The army released the prisoners on Monday after the talks.", None),
    ("The governor attacked Maria Lopez over the budget.", "attacked"),  # words, perhaps
    ("The ministry released a statement on the border talks.", "released"),
])
def test_material_verbs_only_on_people_or_words(parse, toy, text, cue):
    doc = parse(text)
    with generic_cues.collecting() as found:
        find_quotes(doc)
    assert [c.token.text for c in found] == ([cue] if cue else [])


@pytest.mark.parametrize("text", [
    "His comments did not mention the militia.",  # a negated cue takes no position
    "The soldiers saw the tanks on the ridge.",  # a clause or opinion verb with a mere object
    "He claimed a narrow victory in the primary.",
    "The two delegations met to discuss trade and water rights.",  # a meeting's agenda
    "The air force supported the second phase of the operation.",  # backing by no person
])
def test_refusals_of_principle_stand(parse, toy, text):
    """Even a model that reconsiders the words the rules turned down leaves these refusals alone."""
    doc = parse(text)
    with generic_cues.collecting(reconsider=True) as found:
        find_quotes(doc)
    assert [c.token.text for c in found if "refused" in c.feats] == []


def test_reconsidered_refusal_is_a_candidate(parse, toy):
    """"was described as ..." has no source, so the rules make nothing of it; a reconsidering model may."""
    doc = parse("The new budget was described as a disaster for rural schools.")
    with generic_cues.collecting(reconsider=True) as found:
        find_quotes(doc)
    with generic_cues.collecting() as plain:
        find_quotes(doc)
    assert [(c.token.text, c.frame) for c in found if "refused" in c.feats] == [("described", "prep:as")]
    draft = found[0].draft
    assert draft.speaker is None and doc.text[draft.start : draft.end].startswith("a disaster")
    assert [c.token.text for c in plain] == []


def test_events_do_not_read_back_off_quotes(parse, toy):
    doc = parse("The governor excoriated the new fuel tax.")
    tax = next(t for t in doc if t.text == "tax")
    assert quote_for(doc, tax) is None  # a stance quote: only quote_for(..., stance=True) reads it
    assert quote_for(doc, tax, stance=True) is not None


def test_score_is_deterministic(parse, toy):
    scores = []
    for _ in range(2):
        doc = parse("The senator bewailed the cuts to the school program.")
        with generic_cues.collecting() as found:
            find_quotes(doc)
        scores.append([toy.score(c) for c in found])
    assert scores[0] == scores[1] and len(scores[0]) == 1
    assert 0.0 <= scores[0][0] <= 1.0


def test_missing_weights_leave_the_rules_alone(parse, toy, tmp_path: Path):
    assert generic_cues.load_model(tmp_path / "absent.npz") is None
    text = ("The minister said that the talks would resume next week. The senator bewailed the cuts to the school "
            "program. The army shelled the town.")
    doc = parse(text)
    with generic_cues.using(None):
        rules = _quotes(doc)
    keeps_none = dataclasses.replace(toy, threshold=1.01)
    with generic_cues.using(keeps_none):
        assert _quotes(doc) == rules
    assert rules == [("speech", "The minister", "said", "the talks would resume next week")]
    assert len(_quotes(doc)) == 2  # with a model: "bewailed" too


def test_bad_weights_file_is_a_khabar_error(tmp_path: Path):
    bad = tmp_path / "cue_model.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(KhabarError):
        generic_cues.load_model(bad)
    numpy.savez(tmp_path / "partial.npz", vector_weights=numpy.zeros(300))
    with pytest.raises(KhabarError):
        generic_cues.load_model(tmp_path / "partial.npz")


def test_saved_model_round_trips(toy, tmp_path: Path):
    model = dataclasses.replace(toy, reconsider=True)
    model.save(tmp_path / "copy.npz")
    again = generic_cues.load_model(tmp_path / "copy.npz")
    assert again.threshold == model.threshold and again.intercept == model.intercept and again.reconsider
    assert numpy.allclose(again.vector_weights, model.vector_weights)
    assert again.weights.keys() == model.weights.keys()
