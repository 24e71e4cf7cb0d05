"""A participant with no country of its own does not take the demonym of another participant or of the attack:
table tests (text -> expected countries), sentences written for these tests.

1. in an attack, a country word that modifies the doer or the attack ("Israeli tank fire", "Iran-backed
   militias", "Turkish air strikes") is the doer's; the victims take the place of the event or nothing;
2. other acts stay at home: the actor's demonym still gives a recipient of no country its country
   ("Young Algerians blocked roads", "Sudanese soldiers looted shops"), and an official's demonym still
   lends its country to forces of none ("The Iraqi interior minister said police arrested ...");
3. the passive claim names the doer: "the attack was claimed by Ukraine" (not when denied).
"""

from __future__ import annotations

import pytest
from conftest import event_of as _event

PUB = "2025-06-03"


def _country(refs, word: str) -> str | None:
    hit = [r for r in refs if word in r.text]
    assert hit, [(r.text, r.country) for r in refs]
    return hit[0].country


# text, trigger, recipient word, its country expected, actor word, its country expected
ATTACKS = [
    ("Three civilians were wounded by Israeli tank fire in Khan Younis.", "wounded", "civilians", "PSE",
     "Israeli", "ISR"),
    ("Rocket attacks on the embassy were blamed on Iran-backed militias.", "attacks", "embassy", None,
     "militias", "IRN"),
    ("Two farmers were killed by Turkish air strikes near the border.", "killed", "farmers", None,
     "Turkish", "TUR"),
    ("The convoy was attacked by Syrian rebels.", "attacked", "convoy", None, "rebels", "SYR"),
    ("Four police officers were wounded by Pakistani Taliban militants.", "wounded", "police", None,
     "militants", None),
    ("Police officers were wounded by Russian artillery fire in Kharkiv.", "wounded", "Police", "UKR",
     "Russian", "RUS"),
]


@pytest.mark.parametrize(("text", "trigger", "rec", "rec_iso", "act", "act_iso"), ATTACKS)
def test_attack_victims_do_not_take_the_doers_country(run_nlp, text, trigger, rec, rec_iso, act, act_iso):
    ev = _event(run_nlp(text, PUB), trigger)
    assert ev.type == "ASSAULT"
    assert _country(ev.recipients, rec) == rec_iso
    if act_iso is not None:
        assert _country(ev.actors, act) == act_iso


# text, trigger, recipient word, its country expected: the actor's people act at home
AT_HOME = [
    ("Several shops were looted by Sudanese soldiers.", "looted", "shops", "SDN"),
    ("Young Algerians blocked roads leading to the city centre on Sunday.", "blocked", "roads", "DZA"),
]


def test_an_officials_demonym_still_lends_its_country(run_nlp):
    # only a demonym of an attack, a weapon or an armed doer is withheld; an official's is the article's
    ev = _event(run_nlp("The Iraqi interior minister said police arrested two smugglers.", PUB), "arrested")
    assert _country(ev.actors, "police") == "IRQ"


@pytest.mark.parametrize(("text", "trigger", "rec", "rec_iso"), AT_HOME)
def test_other_acts_keep_the_actors_country(run_nlp, text, trigger, rec, rec_iso):
    ev = _event(run_nlp(text, PUB), trigger)
    assert _country(ev.recipients, rec) == rec_iso


# text, trigger, doer texts expected
CLAIMS = [
    ("The drone attack on the refinery was claimed by Ukraine.", "attack", ["Ukraine"]),
    ("The bombing of the checkpoint was claimed by the Islamic State.", "bombing", ["Islamic State"]),
    ("The attack on the convoy was not claimed by any group.", "attack", []),
]


@pytest.mark.parametrize(("text", "trigger", "actors"), CLAIMS)
def test_passive_claim_names_the_doer(run_nlp, text, trigger, actors):
    ev = _event(run_nlp(text, PUB), trigger)
    assert ev.type == "ASSAULT"
    assert [a.text for a in ev.actors] == actors
