"""Toponyms NER takes into longer names or misses in local news (geo/embedded.py, geo/local_cues.py):
sentence -> place texts expected (with their country, or None for an unresolved street), and what must
stay no place. The sentences are written for these tests."""

from __future__ import annotations

import pytest
from geo_fixtures import gaz, geo_doc  # noqa: F401  (session fixtures)

# sentence -> {place text: ISO2, or None for a place that stays unresolved (a street)}
FOUND = [
    # a place opening or closing the name of a body or a building
    ("The Athens Police Department in east Texas arrested a 40-year-old man.", {"Athens": "US"}),
    ("A judge in Clarke County Superior Court set bail at $10,000.", {"Clarke County": "US"}),
    ("The Texas Department of State Health Services confirmed two new cases.", {"Texas": "US"}),
    ("She teaches history at the University of Hartford.", {"Hartford": "US"}),
    ("Samples were sent to the U.S. Department of Agriculture for testing.", {"U.S.": "US"}),
    ("The Minnesota House voted 120-10 to pass the measure.", {"Minnesota": "US"}),
    ("Lamar County Elections Coordinator Jane Doe asked for two more machines.", {"Lamar County": "US"}),
    # streets and roads
    ("The fire started in a garage on Kelley Lane shortly after midnight.", {"Kelley Lane": None}),
    ("Officers found the car parked at 112 N. Poplar St. on Sunday.", {"N. Poplar St.": None}),
    # a hometown in a party tag; a town before its people; a person's town
    ("State Sen. John Doe, R-Charleston, voted against the budget.", {"Charleston": "US"}),
    ("Rep. Jane Roe (D-Pleasanton) introduced the bill.", {"Pleasanton": "US"}),
    ("A 24-year-old Elkhart man was charged with fleeing police.", {"Elkhart": "US"}),
    ("The driver, John Smith, 22, of Winfield, fled on foot.", {"Winfield": "US"}),
    # a dateline in capitals after the headline
    ("Council approves new budget. HARTFORD — Connecticut lawmakers approved the budget.", {"HARTFORD": "US"}),
    ("Blast near the port. BEIRUT: A car bomb exploded near the port on Friday.", {"BEIRUT": "LB"}),
    # a town with its state, names listed with a place
    ("The finalists were Denver, Sioux Falls, S.D. and Boise.", {"Sioux Falls": "US"}),
    ("Shelters opened in Dodge City, Great Bend, Hutchinson and Pratt on Saturday.",
     {"Great Bend": "US", "Hutchinson": "US"}),
    # where a firm is based; a name the article already uses as a place, again where NER missed it
    ("Officials at the Northbrook-based retailer declined to comment.", {"Northbrook": "US"}),
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[c[0][:40] for c in FOUND])
def test_place_found(geo_doc, text, expected):
    doc = geo_doc(text)
    places = {p.text: p for p in doc._.khabar_places}
    for name, cc in expected.items():
        assert name in places, f"{name!r} not recognised in {text!r}: {list(places)}"
        p = places[name]
        assert doc.text[p.start : p.end] == name
        if cc is None:
            assert not p.resolved or p.country_iso2 == "US", p
        else:
            assert p.resolved and p.country_iso2 == cc, p


# sentence -> words that must be in no place
NOT_FOUND = [
    ("The White House said the talks would resume.", "White"),
    ("He was charged by the Justice Department on Friday.", "Justice"),
    ("She wrote for The Moscow Times for ten years.", "Moscow"),
    ("Delta Air Lines cancelled 40 flights.", "Delta"),
    ("The Free Syrian Army shelled the airport.", "Free"),
    ("Driver Virginia L. Lane, 77, was not hurt.", "Lane"),
    ("The road to recovery is long, the experts said.", "road"),
    ("One man was arrested after the fight.", "One"),
    ("An HIV-positive man was sentenced to 35 years.", "HIV"),
    ("Paris Hilton arrived late to the party.", "Paris"),
    # a name the article uses as a place stays no place inside a person's name
    ("Crowds gathered in Clinton on Friday. Bill Clinton spoke to them.", "Bill Clinton"),
]


@pytest.mark.parametrize(("text", "word"), NOT_FOUND, ids=[c[1] for c in NOT_FOUND])
def test_no_place(geo_doc, text, word):
    doc = geo_doc(text)
    assert not any(word in p.text for p in doc._.khabar_places), [p.text for p in doc._.khabar_places]


def test_place_in_a_group_name_is_no_event_location(geo_doc):
    # a place inside a group's name is a mention but not where its fighters were killed; a site's name is
    from khabar.geo.places import location_for

    doc = geo_doc("Six fighters of the Raqqa Rebels Brigade were killed on Monday.")
    trigger = next(t for t in doc if t.lower_ == "killed")
    assert location_for(doc, trigger).place_id is None
    doc = geo_doc("Students demonstrated at Alexandria University against the decision.")
    trigger = next(t for t in doc if t.lower_ == "demonstrated")
    loc = location_for(doc, trigger)
    assert loc.text == "Alexandria" and loc.country_iso3 == "EGY"


def test_street_ranks_after_the_town_it_is_in(geo_doc):
    # both unresolved and in the phrase: the village is the event's place, not the road through it
    from khabar.geo.places import location_for

    doc = geo_doc("Soldiers were patrolling the Yala Road in the village of Ban Tonmaiy when a bomb exploded.")
    trigger = next(t for t in doc if t.lower_ == "exploded")
    assert location_for(doc, trigger).text != "Yala Road"


def test_a_place_name_is_a_place_again(geo_doc):
    # one sense per article: the second "Scottdale" (tagged PERSON by the model) is the town too
    doc = geo_doc("A house fire in Scottdale, Pennsylvania, was put out quickly. Scottdale has 4,000 residents.")
    towns = [p for p in doc._.khabar_places if p.text == "Scottdale"]
    assert len(towns) == 2 and all(p.resolved and p.admin1_name == "Pennsylvania" for p in towns), towns
