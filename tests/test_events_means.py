"""Weapons and means are not actors: table tests (text -> expected participants), sentences written for these
tests.

1. a weapon or platform modifying the act ("drone attacks", "missile strikes", "artillery strikes", "a mortar
   attack") is how it was done, not who did it: the doer is the clause's subject (the light verb's, or the
   accuser's object for an alleged act), a modifier of the weapon ("Houthi missile attacks"), or no one;
2. a modifier that does name a doer stays one ("Israeli air strikes", "army shelling", "police raids");
3. what a launching verb launches ("fired rockets at", "lobbed a grenade at", "used tear gas to disperse") is
   not its target: the target is where it is aimed or whom the purpose names; a weapon that is itself acted
   on ("intercepted missiles", "shot down a drone", "seized weapons") stays the recipient;
   a weapon modifier gives the phrase no sector ("Drone attacks" is no MIL actor; "a US drone" is);
   a count of acts ("carried out a wave of air strikes") takes its light verb's subject;
4. "rocket fire struck the town" is an attack, not a blaze; "drone attacks hit Kyiv" is an event.
"""

from __future__ import annotations

import pytest

from khabar.extract.lexicon import MEANS_WORDS, is_launched, is_means
from conftest import event_of as _event

PUB = "2025-06-03"
#: words that must never be an actor's whole text or head
WEAPONS = {"drone", "drones", "missile", "missiles", "rocket", "rockets", "mortar", "artillery", "bomb", "car",
           "tank", "grenade", "air"}


def _head_word(ref) -> str:
    return ref.text.lower().split()[-1]


# ---------------------------------------------------------------- 1. the weapon is the means

# text, trigger, type, actor texts expected (exactly; [] = no one), recipient text expected among the recipients
MEANS = [
    ("Ukraine accused Russia of launching drone attacks on Kyiv.", "drone attacks", "ASSAULT", ["Russia"], "Kyiv"),
    ("Russia launched drone attacks on Kyiv on Monday.", "drone attacks", "ASSAULT", ["Russia"], "Kyiv"),
    ("The army carried out drone strikes on militant hideouts.", "drone strikes", "ASSAULT", ["The army"], None),
    ("Government forces launched artillery strikes against rebel positions.", "strikes", "ASSAULT",
     ["Government forces"], "rebel positions"),
    ("The militants carried out a mortar attack on the base.", "attack", "ASSAULT", ["The militants"], None),
    ("Three civilians were killed in drone strikes in North Waziristan.", "killed", "ASSAULT", [], "Three civilians"),
    # the passive claim names the doer as the active one does (tests/test_events_followups.py)
    ("The drone attack on the refinery was claimed by Ukraine.", "attack", "ASSAULT", ["Ukraine"], "refinery"),
]


@pytest.mark.parametrize(("text", "trigger", "etype", "actors", "recipient"), MEANS)
def test_weapon_modifier_is_not_the_doer(run_nlp, text, trigger, etype, actors, recipient):
    ev = _event(run_nlp(text, PUB), trigger)
    assert ev.type == etype
    assert [a.text for a in ev.actors] == actors
    if recipient is not None:
        assert recipient in [r.text for r in ev.recipients]


# a weapon modifier gives the phrase no sector; a platform heading it stands for its crew: text, trigger, actor code
SECTORS = [
    ("Drone attacks hit Kyiv on Monday.", "hit", ("Drone attacks", None, None)),
    ("A Russian drone attack killed two people in Odesa.", "killed", ("Russian drone attack", "RUS", None)),
    ("A US drone killed a militant commander in Somalia on Friday.", "killed", ("A US drone", "USA", "MIL")),
    ("Israeli helicopters and tanks shelled positions near the town of Rafah.", "shelled",
     ("Israeli helicopters", "ISR", "MIL")),
]


@pytest.mark.parametrize(("text", "trigger", "code"), SECTORS)
def test_weapon_modifier_gives_no_sector(run_nlp, text, trigger, code):
    ev = _event(run_nlp(text, PUB), trigger)
    assert (ev.actors[0].text, ev.actors[0].country, ev.actors[0].sector) == code


# a count of acts under a light verb ("carried out a wave of air strikes"): the light verb's subject acts
@pytest.mark.parametrize(("text", "actor", "recipient"), [
    ("Turkish jets carried out a wave of air strikes on Kurdish militant hideouts in northern Iraq.", "Turkish jets",
     "Kurdish militant hideouts"),
    ("The army launched a series of artillery strikes against rebel positions near Idlib.", "The army", "rebel positions"),
])
def test_count_of_strikes_takes_the_light_verb(run_nlp, text, actor, recipient):
    ev = _event(run_nlp(text, PUB), "strikes")
    assert ev.type == "ASSAULT"
    assert [a.text for a in ev.actors] == [actor]
    assert recipient in [r.text for r in ev.recipients]


def test_count_of_protests_is_not_its_own_actor(run_nlp):
    # "a wave of protests" under a verb that carries no act: the protests are not their own participant
    doc = run_nlp("The country has seen a major wave of protests since the election.", PUB)
    assert not any(a.text.endswith("protests") for e in doc._.khabar_events for a in e.actors)


def test_weapon_modifier_country_comes_from_the_subject(run_nlp):
    ev = _event(run_nlp("Russia launched drone attacks on Kyiv on Monday.", PUB), "drone attacks")
    assert [(a.country, a.sector) for a in ev.actors] == [("RUS", "GOV")]
    assert not any(_head_word(a) in WEAPONS for e in run_nlp("Drone attacks hit Kyiv on Monday.", PUB)._.khabar_events
                   for a in e.actors if len(a.text.split()) == 1)


# ---------------------------------------------------------------- 2. modifiers that are doers stay

# text, trigger, (actor country, sector) expected of the first actor
DOERS = [
    ("Israeli air strikes killed 12 people in Gaza.", "killed", ("ISR", None)),
    ("Houthi missile attacks targeted Saudi oil facilities.", "targeted", ("YEM", "REB")),
    ("Army shelling killed five civilians in the village.", "killed", (None, "MIL")),
    ("Police raids on opposition offices continued in Minsk.", "raids", ("BLR", "COP")),
    ("Rebel attacks killed eight soldiers in the north.", "killed", (None, "REB")),
    # through the weapon, and a fighters' noun the tagger calls an adjective
    ("Five soldiers were killed in a rebel mortar attack on their base.", "killed", (None, "REB")),
]


@pytest.mark.parametrize(("text", "trigger", "code"), DOERS)
def test_actor_modifier_stays_the_doer(run_nlp, text, trigger, code):
    ev = _event(run_nlp(text, PUB), trigger)
    assert ev.actors, ev
    assert (ev.actors[0].country, ev.actors[0].sector) == code
    assert _head_word(ev.actors[0]) not in WEAPONS


def test_modifier_of_the_weapon_names_the_doer(run_nlp):
    # "Houthi missile attacks": the Houthis, reached through the missile
    ev = _event(run_nlp("Houthi missile attacks targeted Saudi oil facilities.", PUB), "targeted")
    assert ev.actors[0].text == "Houthi"


# ---------------------------------------------------------------- 3. what is launched is not the target

# text, trigger, recipient text expected among the recipients (None: just no weapon), weapon words not allowed
LAUNCHED = [
    ("Police used tear gas to disperse protesters in Nairobi.", "used", "protesters"),
    ("Hamas fired rockets into southern Israel.", "fired", "southern Israel"),
    ("The army fired rockets at rebel positions.", "fired", "rebel positions"),
    ("Israeli warplanes fired a missile at a car in Gaza.", "fired", None),
    ("Militants lobbed a grenade at a police post in Srinagar.", "lobbed", None),
    ("Rebels detonated two bombs along the highway in Ampatuan.", "detonated", None),
    ("Protesters threw stones at the police in the square.", "threw", "the police"),
]


@pytest.mark.parametrize(("text", "trigger", "recipient"), LAUNCHED)
def test_launched_weapon_is_not_the_target(run_nlp, text, trigger, recipient):
    ev = _event(run_nlp(text, PUB), trigger)
    assert not any(_head_word(r) in WEAPONS | {"gas", "bombs", "grenade"} for r in ev.recipients), ev.recipients
    if recipient is not None:
        assert recipient in [r.text for r in ev.recipients]
    assert ev.actors  # the one who fired is still the actor


# a weapon acted on is the recipient: text, trigger, recipient head word
ACTED_ON = [
    ("Air defenses intercepted two Russian missiles over Kyiv.", "intercepted", "missiles"),
    ("Ukrainian forces shot down a Russian drone near Odesa.", "shot", "drone"),
    ("Government forces seized weapons and ammunition in the raid.", "seized", "weapons"),
    ("Security forces fired into the air to disperse the crowd in Nairobi.", "fired", "air"),
]


@pytest.mark.parametrize(("text", "trigger", "head"), ACTED_ON)
def test_weapon_acted_on_stays_the_recipient(run_nlp, text, trigger, head):
    ev = _event(run_nlp(text, PUB), trigger)
    assert head in [_head_word(r) for r in ev.recipients]


# ---------------------------------------------------------------- 4. fire from weapons is an attack


@pytest.mark.parametrize(("text", "trigger", "recipient"), [
    ("Rocket fire from Gaza struck the town of Sderot.", "struck", "Sderot"),
    ("Drone attacks hit Kyiv on Monday.", "hit", "Kyiv"),
    ("Mortar shells hit a market in the city of Aleppo.", "hit", None),
    ("Hamas launched rocket fire at southern Israel on Tuesday.", "rocket fire", "southern Israel"),
])
def test_weapon_fire_is_an_attack(run_nlp, text, trigger, recipient):
    ev = _event(run_nlp(text, PUB), trigger)
    assert ev.type == "ASSAULT"
    if recipient is not None:
        assert recipient in [r.text for r in ev.recipients]


def test_fire_that_is_a_blaze_is_still_no_attack(run_nlp):
    doc = run_nlp("A fire struck the warehouse district of the port on Sunday night.", PUB)
    assert not [e for e in doc._.khabar_events if e.type == "ASSAULT"]


# ---------------------------------------------------------------- the lexicon


def test_means_lexicon(nlp):
    doc = nlp("The Air Force said drone strikes and a car bomb hit the town; rebels fired a missile from a jet.")
    by_word = {t.text: t for t in doc}
    assert is_means(by_word["drone"]) and is_means(by_word["car"]) and is_means(by_word["missile"])
    assert not is_means(by_word["Air"])  # part of the name "the Air Force"
    assert not is_means(by_word["rebels"])
    assert is_launched(by_word["missile"]) and not is_launched(by_word["jet"])  # a platform is a target
    assert {"drone", "missile", "rocket", "artillery", "mortar", "bomb"} <= MEANS_WORDS
