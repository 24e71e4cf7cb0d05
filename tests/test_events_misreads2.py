"""Four more event misreads: table tests (text -> expected output), sentences written for these tests.

1. a demonym before a group's name sets its country: "the Pakistani Taliban" (TTP) is Pakistan's, although
   the bare "Taliban" is Afghanistan's (actor_countries.demonym_country); a hyphenated pair ("Iranian-backed
   Houthis") or a stance ("pro-Iranian") does not;
2. people gathered somewhere are the target, the place only where: "air strikes hit a wedding party in
   Hodeidah" hits the wedding party (participants.is_gathering), Hodeidah stays the location;
3. one act, one event: "killed three men during a raid" folds the raid into the killing as "in a raid"
   does (folding: same-type acts follow a during-phrase), while a frame does not reject the talks it is in;
4. lethal force on demonstrators is ACLED's "Excessive force against protesters" (coding.acled_for), not an
   attack on civilians; an air strike stays remote violence, whoever it hits.
"""

from __future__ import annotations

import pytest
from conftest import events_of as _events, event_of as _event

PUB = "2025-06-03"


# ---------------------------------------------------------------- 1. a demonym before a group's name

# text, trigger, actor text, (country, sector)
GROUP_COUNTRIES = [
    ("A bombing claimed by the Pakistani Taliban killed ten people.", "killed", "Taliban", ("PAK", "REB")),
    ("The Pakistani Taliban claimed a bombing that killed ten people in Peshawar.", "bombing", "Taliban",
     ("PAK", "REB")),
    ("The Afghan Taliban seized the district centre.", "seized", "Taliban", ("AFG", "REB")),
    ("The Taliban attacked a checkpoint in Kandahar.", "attacked", "Taliban", ("AFG", "REB")),
    ("Iranian-backed Houthis fired missiles at Israel.", "fired", "Houthis", ("YEM", "REB")),
    ("Pro-Iranian Hezbollah fighters attacked an Israeli patrol.", "attacked", "Hezbollah fighters", ("LBN", "REB")),
]


@pytest.mark.parametrize(("text", "trigger", "actor", "code"), GROUP_COUNTRIES, ids=[r[0][:40] for r in GROUP_COUNTRIES])
def test_demonym_sets_the_groups_country(run_nlp, text, trigger, actor, code):
    ev = _event(run_nlp(text, PUB), trigger)
    assert [(a.text, a.country, a.sector) for a in ev.actors] == [(actor, *code)]


# ---------------------------------------------------------------- 2. people gathered are the target

# text, trigger, recipient words, place (the location, not a recipient)
GATHERINGS = [
    ("Saudi-led coalition air strikes hit a wedding party in Hodeidah.", "hit", "wedding party", "Hodeidah"),
    ("A suicide bomber attacked a funeral in Quetta.", "attacked", "funeral", "Quetta"),
    ("Gunmen opened fire on a market crowd in Maiduguri.", "opened", "market crowd", "Maiduguri"),
    ("A bomb exploded at a funeral procession in Kabul.", "exploded", "funeral procession", "Kabul"),
]


@pytest.mark.parametrize(("text", "trigger", "recipient", "place"), GATHERINGS, ids=[r[0][:40] for r in GATHERINGS])
def test_gathering_is_the_target(run_nlp, text, trigger, recipient, place):
    doc = run_nlp(text, PUB)
    ev = _event(doc, trigger)
    assert ev.type == "ASSAULT"
    texts = [r.text for r in ev.recipients]
    assert any(recipient in t for t in texts), texts
    assert place not in texts
    assert ev.location is not None and ev.location.text == place


def test_a_thing_still_yields_to_its_place(run_nlp):
    # a building is no one: the town's state stands for the target, as before
    ev = _event(run_nlp("Rockets hit a building in Kharkiv.", PUB), "hit")
    assert [r.text for r in ev.recipients] == ["Kharkiv"]


# ---------------------------------------------------------------- 3. a same-type act in a during-phrase

# text, verb trigger, folded noun, actor text, a recipient
DURING = [
    ("Police killed three men during a raid on a house in Karachi.", "killed", "raid", "Police", "three men"),
    ("Troops killed four militants during an assault on their hideout.", "killed", "assault", "Troops", "four militants"),
    ("Soldiers arrested ten people during a raid in Jenin.", "arrested", "raid", "Soldiers", "ten people"),
]


@pytest.mark.parametrize(("text", "verb", "noun", "actor", "recipient"), DURING, ids=[r[0][:40] for r in DURING])
def test_same_type_act_during_folds(run_nlp, text, verb, noun, actor, recipient):
    doc = run_nlp(text, PUB)
    assert not _events(doc, noun), [(e.type, e.trigger.text) for e in doc._.khabar_events]
    ev = _event(doc, verb)
    assert [a.text for a in ev.actors] == [actor]
    assert recipient in [r.text for r in ev.recipients]


def test_during_talks_is_no_complement(run_nlp):
    # a frame folds its complement, not the setting it happens in: the talks stay (or are no event), the
    # rejection is Iran's
    ev = _event(run_nlp("Iran rejected the proposal during talks in Oman.", PUB), "rejected")
    assert ev.type == "REJECT" and [a.text for a in ev.actors] == ["Iran"]


# ---------------------------------------------------------------- 4. force on protesters (ACLED)

# text, trigger, (ACLED type, sub-type)
PROTEST_FORCE = [
    ("A police crackdown killed 20 protesters.", "killed", ("Protests", "Excessive force against protesters")),
    ("Soldiers shot dead five demonstrators in Khartoum.", "shot", ("Protests", "Excessive force against protesters")),
    ("Riot police opened fire on the marchers in Dhaka.", "opened", ("Protests", "Excessive force against protesters")),
    ("Warplanes bombed the protesters.", "bombed", ("Explosions/Remote violence", "Air/drone strike")),
    ("Gunmen killed two soldiers.", "killed", ("Battles", "Armed clash")),
    ("Gunmen killed three villagers.", "killed", ("Violence against civilians", "Attack")),
]


@pytest.mark.parametrize(("text", "trigger", "acled"), PROTEST_FORCE, ids=[r[0][:40] for r in PROTEST_FORCE])
def test_force_on_protesters_acled(run_nlp, text, trigger, acled):
    ev = _event(run_nlp(text, PUB), trigger)
    assert ev.type == "ASSAULT"
    assert (ev.acled_type, ev.acled_subtype) == acled
