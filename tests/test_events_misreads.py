"""Three event misreads: table tests (text -> expected output), sentences written for these tests.

1. an act heading the clause's subject is the act, not its doer: "Saudi-led coalition air strikes hit a
   school" is done by the Saudi-led coalition (SAU via "Saudi-led", MIL), the strikes are the means; so is
   "an ambush claimed by al-Shabaab killed six soldiers" done by al-Shabaab (extract/folding.py); a bare
   demonym ("Israeli air strikes hit") keeps the phrase as the mention, with the demonym's country;
2. a passive claim of responsibility names the doer: "responsibility for the attack was claimed by the
   Taliban" is an attack by the Taliban (responsibility.claimer), unless no one is said to claim it;
3. one act, one event: a killing done by way of a raid or a crackdown ("killed by a police raid", "killed in
   a police crackdown", "a police raid killed") is one ASSAULT by the raid's doer, not an ASSAULT beside a
   COERCE; an arrest in a raid stays an arrest.
"""

from __future__ import annotations

import pytest
from conftest import events_of as _events, event_of as _event

PUB = "2025-06-03"


# ---------------------------------------------------------------- 1. the act in the subject is the means

# text, verb trigger, act noun (no event of its own), actor text, (country, sector), a recipient text
SUBJECT_ACTS = [
    ("Saudi-led coalition air strikes hit a school.", "hit", "strikes", "Saudi-led coalition", ("SAU", "MIL"),
     "school"),
    ("US-led coalition air strikes killed ten civilians near Raqqa.", "killed", "strikes", "US-led coalition",
     ("USA", "MIL"), "ten civilians"),
    ("Houthi drone strikes hit an oil facility in Abqaiq.", "hit", "strikes", "Houthi", ("YEM", "REB"),
     "oil facility"),
    ("An ambush claimed by al-Shabaab killed six soldiers.", "killed", "ambush", "al-Shabaab", ("SOM", "REB"),
     "six soldiers"),
    ("An ambush claimed by the Islamic State killed four policemen.", "killed", "ambush", "Islamic State",
     (None, "REB"), "four policemen"),
]


@pytest.mark.parametrize(("text", "verb", "noun", "actor", "code", "recipient"), SUBJECT_ACTS,
                         ids=[r[0][:40] for r in SUBJECT_ACTS])
def test_subject_act_is_done_by_its_doer(run_nlp, text, verb, noun, actor, code, recipient):
    doc = run_nlp(text, PUB)
    assert not _events(doc, noun)
    ev = _event(doc, verb)
    assert ev.type == "ASSAULT"
    assert [a.text for a in ev.actors] == [actor]
    assert (ev.actors[0].country, ev.actors[0].sector) == code
    assert recipient in [r.text for r in ev.recipients]


def test_target_does_not_take_the_leaders_country(run_nlp):
    # "Saudi-led" belongs to the doer's phrase: the school is not thereby Saudi
    ev = _event(run_nlp("Saudi-led coalition air strikes hit a school.", PUB), "hit")
    assert [r.country for r in ev.recipients if r.text == "school"] == [None]


@pytest.mark.parametrize(("text", "actor", "code"), [
    # nobody named behind the act: the act still stands for its doers
    ("Drone attacks hit Kyiv on Monday.", "Drone attacks", (None, None)),
    # a bare demonym names the doer through the phrase, which stays the mention (tests/test_events_means.py)
    ("Israeli air strikes hit a school in Gaza.", "Israeli air strikes", ("ISR", None)),
])
def test_subject_act_phrase_stays(run_nlp, text, actor, code):
    ev = _event(run_nlp(text, PUB), "hit")
    assert [(a.text, a.country, a.sector) for a in ev.actors] == [(actor, *code)]
    assert not _events(run_nlp(text, PUB), "strikes")


# ---------------------------------------------------------------- 2. a passive claim of responsibility

# text, act trigger, claimer, (country, sector), recipient text or None
PASSIVE_CLAIMS = [
    ("Responsibility for the attack was claimed by the Taliban.", "attack", "Taliban", ("AFG", "REB"), None),
    ("Responsibility for the bombing was claimed by al-Shabaab.", "bombing", "al-Shabaab", ("SOM", "REB"), None),
    ("Credit for the attack on the convoy was claimed by the Islamic State.", "attack", "Islamic State",
     (None, "REB"), "convoy"),
]


@pytest.mark.parametrize(("text", "trigger", "actor", "code", "recipient"), PASSIVE_CLAIMS,
                         ids=[r[0][:40] for r in PASSIVE_CLAIMS])
def test_passive_claim_names_the_doer(run_nlp, text, trigger, actor, code, recipient):
    ev = _event(run_nlp(text, PUB), trigger)
    assert ev.type == "ASSAULT"
    assert [a.text for a in ev.actors] == [actor]
    assert (ev.actors[0].country, ev.actors[0].sector) == code
    if recipient is not None:
        assert recipient in [r.text for r in ev.recipients]


@pytest.mark.parametrize("text", [
    "Responsibility for the ambush was not claimed by any group.",
    "Responsibility for the attack was claimed by no group.",
])
def test_unclaimed_responsibility_names_no_one(run_nlp, text):
    for e in run_nlp(text, PUB)._.khabar_events:
        assert not {"group", "any group", "no group"} & {a.text for a in e.actors}, e


# ---------------------------------------------------------------- 3. a killing by way of a raid is one act

# text, verb trigger, raid noun (no event of its own), actor text, sector, victim text
MEANS = [
    ("A worker was killed by a police raid.", "killed", "raid", "police", "COP", "A worker"),
    ("A shopkeeper was killed by a police raid in Lagos.", "killed", "raid", "police", "COP", "shopkeeper"),
    ("An army raid killed three suspected militants.", "killed", "raid", "army", "MIL", "three suspected militants"),
    ("Two protesters were killed in a police crackdown in Khartoum.", "killed", "crackdown", "police", "COP",
     "Two protesters"),
]


@pytest.mark.parametrize(("text", "verb", "noun", "actor", "sector", "victim"), MEANS, ids=[r[0][:40] for r in MEANS])
def test_killing_in_a_raid_is_one_assault(run_nlp, text, verb, noun, actor, sector, victim):
    doc = run_nlp(text, PUB)
    assert [e.type for e in doc._.khabar_events] == ["ASSAULT"]
    assert not _events(doc, noun)
    ev = _event(doc, verb)
    assert [(a.text, a.sector) for a in ev.actors] == [(actor, sector)]
    assert victim in [r.text for r in ev.recipients]


def test_arrest_in_a_raid_stays_an_arrest(run_nlp):
    ev = _event(run_nlp("Two men were arrested in a police raid.", PUB), "arrested")
    assert (ev.type, ev.mode) == ("COERCE", "detain")
    assert [a.text for a in ev.actors] == ["police"]


def test_a_curfew_is_no_means_of_killing(run_nlp):
    # the curfew is an act of its own beside the killing, not how it was done
    doc = run_nlp("A worker was killed during a curfew imposed by the army.", PUB)
    assert sorted(e.type for e in doc._.khabar_events) == ["ASSAULT", "COERCE"]
