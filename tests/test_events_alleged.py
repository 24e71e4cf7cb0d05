"""Alleged acts: an event the report only alleges carries modality "alleged" (extract/modality.py, folding.py).

Sentences written for these tests. Several phrasings per class, and near-misses that must stay as they were:
1. an act an accusation pins on someone ("accused X of supporting Y", "blamed on Y", "blamed X for", "sued X
   for"), not one a censure takes as done ("criticised the police for opening fire");
2. a hedge on the act ("allegedly", "reportedly", "the alleged attack", "a suspected air strike");
3. a passive charge above the act ("is suspected of attacking", "was charged with beating", "are believed to
   have kidnapped");
near-misses: the same acts reported as fact, a hedge on the verb that reports the act, a suspect as a
participant, a plan or a negation under the hedge (those win).
"""

from __future__ import annotations

import pytest
from conftest import check_offsets, event_of as _event

PUB = "2025-06-03"

# text, trigger, type, actor text (or None), expected modality
ALLEGED = [
    # 1. pinned on someone by an accusation
    ("The United States accused Iran of supporting the Houthis.", "supporting", "SUPPORT", "Iran"),
    ("Kyiv accused Moscow of shelling a hospital in Kharkiv.", "shelling", "ASSAULT", "Moscow"),
    ("The rocket attack on the embassy was blamed on Iran-backed militias.", "attack", "ASSAULT",
     "Iran-backed militias"),
    ("Officials blamed the bombing on separatist rebels.", "bombing", "ASSAULT", "separatist rebels"),
    ("The militia was accused of attacking the aid convoy.", "attacking", "ASSAULT", "The militia"),
    ("Activists blamed the police for beating the marchers.", "beating", "ASSAULT", "the police"),
    ("The family sued the police for beating their son.", "beating", "ASSAULT", "the police"),
    ("Police booked three men for attacking a shopkeeper.", "attacking", "ASSAULT", "three men"),
    # the act noun carries the blame in a relative clause or a participle; the verb it drives is alleged too
    ("The bombing, which was blamed on ISIS, killed 30 people in Baghdad.", "killed", "ASSAULT", "ISIS"),
    ("The blast, blamed on Boko Haram, killed nine villagers in Borno.", "killed", "ASSAULT", "Boko Haram"),
    # a bare "strike" is an attack when it kills or hits (a labour strike's words veto it)
    ("The strike, which officials blamed on Israel, killed four people in southern Lebanon.", "killed", "ASSAULT",
     "Israel"),
    # 2. hedged
    ("Russian forces allegedly shelled a hospital in Kharkiv.", "shelled", "ASSAULT", "Russian forces"),
    ("Government troops reportedly killed ten civilians in the village.", "killed", "ASSAULT", "Government troops"),
    ("Israel reportedly launched an air strike on Damascus.", "air strike", "ASSAULT", "Israel"),
    ("The rebels reportedly tried to seize the town.", "seize", "ASSAULT", "The rebels"),
    ("Troops allegedly beat and killed two protesters.", "beat", "ASSAULT", "Troops"),  # one act
    ("The alleged attack on the convoy killed four people.", "killed", "ASSAULT", None),
    ("Police purportedly detained three journalists in Minsk.", "detained", "COERCE", "Police"),
    # 3. a passive charge or hearsay above the act
    ("The militia is suspected of attacking the convoy.", "attacking", "ASSAULT", "The militia"),
    ("Two officers were charged with beating a protester.", "beating", "ASSAULT", "Two officers"),
    ("The rebels are believed to have kidnapped the engineers.", "kidnapped", "COERCE", "The rebels"),
]


@pytest.mark.parametrize(("text", "trigger", "etype", "actor"), ALLEGED, ids=[r[0][:45] for r in ALLEGED])
def test_alleged_acts(run_nlp, text, trigger, etype, actor):
    doc = run_nlp(text, PUB)
    ev = _event(doc, trigger)
    assert (ev.type, ev.modality) == (etype, "alleged"), (ev.type, ev.modality, ev.trigger.text)
    if actor is not None:
        assert actor in [a.text for a in ev.actors], [a.text for a in ev.actors]
    check_offsets(doc, ev)


# text, trigger, expected modality: the act is reported as fact, or something else outranks the hedge
NOT_ALLEGED = [
    ("Russian forces shelled a hospital in Kharkiv.", "shelled", "asserted"),
    ("The militia attacked the convoy near the border.", "attacked", "asserted"),
    ("Officials reportedly said the army attacked the town.", "attacked", "asserted"),  # the saying is hedged
    ("Police arrested a suspected militant in Lagos.", "arrested", "asserted"),  # the suspect is no hedge
    ("Police said the suspects attacked the convoy.", "attacked", "asserted"),
    # a censure takes the act as done
    ("The opposition criticised the police for opening fire on the crowd.", "opening", "asserted"),
    ("Rights groups condemned the army for killing five protesters.", "killing", "asserted"),
    ("The minister praised the army for arresting the militants.", "arresting", "asserted"),
    ("The army allegedly planned to attack the town.", "attack", "future"),  # a plan wins
    ("Police did not allegedly arrest anyone.", "arrest", "negated"),  # a negation wins
    ("The group is set to attack the town.", "attack", "future"),  # "set to" is no charge
]


@pytest.mark.parametrize(("text", "trigger", "modality"), NOT_ALLEGED, ids=[r[0][:45] for r in NOT_ALLEGED])
def test_not_alleged(run_nlp, text, trigger, modality):
    ev = _event(run_nlp(text, PUB), trigger)
    assert ev.modality == modality, (ev.type, ev.modality)


def test_the_accusation_itself_is_asserted(run_nlp):
    """The accusation is a fact; only the act it alleges is alleged, and it counts for less."""
    doc = run_nlp("The United States accused Iran of supporting the Houthis.", PUB)
    accuse, support = _event(doc, "accused"), _event(doc, "supporting")
    assert (accuse.type, accuse.modality) == ("ACCUSE", "asserted")
    assert support.modality == "alleged" and support.confidence < accuse.confidence


def test_hedge_lowers_confidence(run_nlp):
    plain = _event(run_nlp("Russian forces shelled a hospital in Kharkiv.", PUB), "shelled")
    hedged = _event(run_nlp("Russian forces allegedly shelled a hospital in Kharkiv.", PUB), "shelled")
    assert hedged.confidence < plain.confidence
    assert (hedged.type, hedged.mode) == (plain.type, plain.mode)  # the coding does not change


def test_alleged_is_a_schema_value():
    import typing

    from khabar.records import Modality
    from khabar.schema import extract_schema

    assert "alleged" in typing.get_args(Modality)
    assert "alleged" in extract_schema()["$defs"]["Event"]["properties"]["modality"]["enum"]
