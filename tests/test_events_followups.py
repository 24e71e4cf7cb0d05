"""Follow-ups to 'the weapon is the means': table tests (text -> expected output), sentences written for these tests.

1. an air, drone, artillery or bomb attack is ACLED's Explosions/Remote violence whoever it hits: "warplanes
   fired a missile at a group of youths" is an air strike, not excessive force against protesters (gunfire by
   police on a crowd still is);
2. one act, one event: the attack a passive's by-phrase names ("wounded by Israeli air strikes", "by tank
   fire") folds into the verb's event, whose doer is the attack's doer and whose targets include its target;
3. whoever claims an attack ("claimed a car bomb attack", "claimed responsibility for the bombing") did it;
4. an act blamed on someone ("attacks were blamed on militias", "blamed the bombing on rebels", "blamed
   militias for the attacks") is alleged against them: they are the accusation's recipient and the act's
   doer, the act claimed by the accusation (the accuser as speaker);
5. a weapon modifying a phrase gives it no sector at the source (`actors.actor_at`): "Drone attacks" is no
   military actor, "a US drone" is.
"""

from __future__ import annotations

import pytest

from khabar.extract.actors import actor_at
from khabar.extract.coding import acled_of_report
from conftest import events_of as _events, event_of as _event

PUB = "2025-06-03"


# ---------------------------------------------------------------- 1. remote violence is never crowd control

ACLED = [
    ("Israeli warplanes fired a missile targeting a group of Palestinian youths.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("Army helicopters fired rockets at protesters in the square.", ("Explosions/Remote violence", "Air/drone strike")),
    ("Israeli drones struck a group of youths near the fence, killing two.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("An artillery shell hit a crowd of demonstrators near the border, killing four.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("A car bomb exploded near a rally of opposition supporters, killing five protesters.",
     ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    # force by men on the ground against a crowd stays what it was
    ("Police opened fire on protesters, killing two students.", ("Protests", "Excessive force against protesters")),
    ("Troops fired tear gas and live bullets at protesters in the capital, killing three.",
     ("Protests", "Excessive force against protesters")),
]


@pytest.mark.parametrize(("text", "subtype"), ACLED, ids=[r[0][:40] for r in ACLED])
def test_remote_attack_on_a_crowd_is_remote_violence(run_nlp, text, subtype):
    assert acled_of_report(run_nlp(text, PUB)._.khabar_events) == subtype


# ---------------------------------------------------------------- 2. one act, one event

# text, verb trigger, the act noun that must not be an event of its own, actor texts, recipient texts among them
ONE_ACT = [
    ("Two people were wounded by Israeli air strikes on Gaza.", "wounded", "strikes", ["Israeli"],
     ["Two people", "Gaza"]),
    ("Three civilians were wounded by Israeli tank fire in Khan Younis.", "wounded", "fire", ["Israeli"],
     ["Three civilians"]),
    ("Six soldiers were killed by Russian artillery shelling near Bakhmut.", "killed", "shelling", ["Russian"],
     ["Six soldiers"]),
]


@pytest.mark.parametrize(("text", "verb", "noun", "actors", "recipients"), ONE_ACT, ids=[r[0][:40] for r in ONE_ACT])
def test_agent_attack_folds_into_the_verb(run_nlp, text, verb, noun, actors, recipients):
    doc = run_nlp(text, PUB)
    assert [e.trigger.text for e in doc._.khabar_events if e.type == "ASSAULT"] == [verb]
    assert not _events(doc, noun)
    ev = _event(doc, verb)
    assert [a.text for a in ev.actors] == actors
    assert set(recipients) <= {r.text for r in ev.recipients}


# ---------------------------------------------------------------- 3. who claims an attack did it

# text, trigger, actor text, (actor country, sector)
CLAIMS = [
    ("The Taliban claimed a car bomb attack on the base.", "attack", "Taliban", ("AFG", "REB")),
    ("The Taliban claimed responsibility for a suicide bombing on the army base.", "bombing", "Taliban",
     ("AFG", "REB")),
    ("Hamas claimed responsibility for the rocket fire on Israeli towns.", "fire", "Hamas", ("PSE", "REB")),
    ("Gunmen claimed the kidnapping of two engineers.", "kidnapping", "Gunmen", (None, "REB")),
    ("Al-Shabaab, which claimed the attack, said it targeted government officials.", "attack", "Al-Shabaab",
     ("SOM", "REB")),
]


@pytest.mark.parametrize(("text", "trigger", "actor", "code"), CLAIMS, ids=[r[0][:40] for r in CLAIMS])
def test_claimer_is_the_doer(run_nlp, text, trigger, actor, code):
    ev = _event(run_nlp(text, PUB), trigger)
    assert [a.text for a in ev.actors] == [actor]
    assert (ev.actors[0].country, ev.actors[0].sector) == code


@pytest.mark.parametrize("text", [
    "No group immediately claimed responsibility for the attack on the convoy.",
    "The Taliban did not claim the bombing of the police station.",
    "Nobody claimed the car bomb attack on the base.",
    "A suicide bombing by militants claimed 20 lives in Kabul.",  # the act is the subject: lives are no claimer
    # the parser hangs the relative clause on the place: a place found by climbing claims nothing
    "Boko Haram, a militant group based in Borno state that claimed the abduction of 300 girls, was banned.",
])
def test_no_claimer(run_nlp, text):
    for e in run_nlp(text, PUB)._.khabar_events:
        assert not {"group", "Taliban", "Nobody", "lives", "20 lives", "Borno state"} & {a.text for a in e.actors}, e


# ---------------------------------------------------------------- 4. an act blamed on someone

# text, act trigger, the accused (the blame's recipient and the act's doer), accuser text or None, act recipient
BLAMED = [
    ("Rocket attacks on the embassy were blamed on Iran-backed militias.", "attacks", "Iran-backed militias", None,
     "the embassy"),
    ("Washington blamed the rocket attacks on Iran-backed militias.", "attacks", "Iran-backed militias", "Washington",
     None),
    ("The government blamed the attack on the embassy on Iran-backed militias.", "attack", "Iran-backed militias",
     "The government", "the embassy"),
    ("Washington blamed Iran-backed militias for the rocket attacks.", "attacks", "Iran-backed militias", "Washington",
     None),
    ("The army blamed the bombing of the bridge on rebel fighters.", "bombing", "rebel fighters", "The army", None),
    ("The killing of the journalist was blamed on government agents.", "killing", "government agents", None,
     "the journalist"),
]


@pytest.mark.parametrize(("text", "trigger", "accused", "accuser", "target"), BLAMED, ids=[r[0][:40] for r in BLAMED])
def test_blamed_act_is_alleged_against_the_accused(run_nlp, text, trigger, accused, accuser, target):
    doc = run_nlp(text, PUB)
    blame, act = _event(doc, "blamed"), _event(doc, trigger)
    assert blame.type == "ACCUSE" and act.type == "ASSAULT"
    assert [r.text for r in blame.recipients] == [accused]
    assert [a.text for a in blame.actors] == ([accuser] if accuser else [])
    assert [a.text for a in act.actors] == [accused]
    assert accused not in [r.text for r in act.recipients]
    if target is not None:
        assert target in [r.text for r in act.recipients]
    # alleged, not reported as fact: less sure than the accusation, voiced by the accuser where there is one
    assert act.confidence < blame.confidence
    if accuser is not None:
        assert act.speaker_actor_id is not None and act.speaker_actor_id == blame.actors[0].actor_id


# ---------------------------------------------------------------- 5. a weapon modifier gives no sector at the source

# text, (actor_at's sector of the subject phrase, or None when it finds no actor there)
SOURCE = [
    ("Drone attacks hit Kyiv on Monday.", None),
    ("Missile strikes hit the port city overnight.", None),
    ("A tank attack killed two soldiers near the border.", None),
    ("Israeli army bulldozers razed the farm.", "MIL"),  # a sector noun modifying still names the owner
    ("A US drone killed a militant in Somalia.", "MIL"),  # a platform heading the phrase stands for its crew
    ("Police raids on opposition offices continued.", "COP"),
]


@pytest.mark.parametrize(("text", "sector"), SOURCE, ids=[r[0][:40] for r in SOURCE])
def test_actor_at_ignores_weapon_modifiers(run_nlp, text, sector):
    doc = run_nlp(text, PUB)
    subj = next(t for t in doc if t.dep_ in ("nsubj", "nsubjpass"))
    ref = actor_at(doc, doc[subj.left_edge.i : subj.i + 1])
    assert (ref.sector if ref is not None else None) == sector
