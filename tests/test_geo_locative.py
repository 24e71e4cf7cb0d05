"""Small towns the NER mislabels (ORG, PERSON, NORP or nothing) in a locative phrase: taken from the gazetteer
when the article's countries back them, and not when the word is a month, an organisation, a person of the
article or a town of another part of the world (table tests, sentences written for these tests)."""

from __future__ import annotations

import pytest
from geo_fixtures import gaz, geo_doc  # noqa: F401  (session fixtures)

from khabar.geo.place_cues import article_countries, town_in_context

# sentence -> {mention text: ISO3 of the resolved place}
FOUND = [
    ("Israeli troops said a rocket struck a house in Sderot, police said.", {"Sderot": "ISR"}),
    ("Israeli officials said rockets hit Sderot.", {"Sderot": "ISR"}),
    ("Rockets fired from Gaza hit Sderot on Tuesday.", {"Sderot": "ISR", "Gaza": "PSE"}),
    ("Heavy fighting in Sinjar left dozens dead, officials said.", {"Sinjar": "IRQ"}),
    ("Iraqi troops pushed into Sinjar after a week of shelling.", {"Sinjar": "IRQ"}),
    ("Kurdish forces reported clashes in Qamishli overnight.", {"Qamishli": "SYR"}),
    # "as" opens a clause here: the name stops before it
    ("Syrian families fled from Qamishli as Turkish troops advanced.", {"Qamishli": "SYR"}),
    ("Thousands fled from Qamishli as the army advanced.", {"Qamishli": "SYR"}),
    ("Israeli police said a man was wounded in Ashkelon.", {"Ashkelon": "ISR"}),
]

# sentence -> mention texts that must not be places
NOT_FOUND = [
    # an organisation after "at", though small towns carry the name
    ("She studied at Harvard before she joined the Israeli army.", {"Harvard"}),
    # a legislature, and a hamlet by that name
    ("The budget passed in Congress on Tuesday, American officials said.", {"Congress"}),
    # "from" after a noun is a source, not a place left
    ("The committee read a statement from Sinjar Holdings, a British firm.", {"Sinjar"}),
    # the month
    ("Israeli voters went to the polls in May.", {"May"}),
    # the article's countries (the US) do not include the town's (Israel)
    ("Heavy fighting in Sderot left dozens dead, American officials said in Washington.", {"Sderot"}),
    # the article's own person
    ("Rob Sderot told reporters the council would meet in Sderot next week.", {"Sderot"}),
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t[0][:40] for t in FOUND])
def test_mislabelled_town_found(geo_doc, text, expected):
    places = {p.text: p for p in geo_doc(text)._.khabar_places}
    for name, iso3 in expected.items():
        assert name in places, f"{name} missing from {sorted(places)}"
        assert places[name].resolved and places[name].country_iso3 == iso3, places[name]


@pytest.mark.parametrize(("text", "absent"), NOT_FOUND, ids=[t[0][:40] for t in NOT_FOUND])
def test_not_a_place(geo_doc, text, absent):
    texts = {p.text for p in geo_doc(text)._.khabar_places}
    assert not texts & absent, texts


def test_country_context(geo_doc, gaz):  # noqa: F811
    # a town of the article's country or of a neighbour passes; one of another continent does not
    doc = geo_doc("Israeli and Syrian officials met in Amman on Monday.")
    countries = article_countries(doc, gaz)
    assert {"IL", "SY", "JO", "LB"} <= countries
    assert "US" not in countries
    sderot = geo_doc("They met in Sderot.")
    assert town_in_context(sderot, gaz, sderot[3:4], countries)
    assert not town_in_context(sderot, gaz, sderot[3:4], {"US", "CA", "MX"})
    # "They" is a stop word, never a town
    assert not town_in_context(sderot, gaz, sderot[0:1], countries)

