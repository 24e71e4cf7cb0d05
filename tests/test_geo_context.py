"""Same-name places in different countries, told apart by the article's context (geo/resolve.py,
geo/evidence.py): each name has articles where the context flips the choice, and one with no context,
where the bigger place stays. The articles are short paragraphs written for these tests."""

from __future__ import annotations

import pytest
from geo_fixtures import gaz, geo_doc  # noqa: F401  (session fixtures)

# article, toponym as written, (ISO2, level) expected; level None: any
CASES = [
    # Tripoli: Libya's capital by default; Lebanon's second city when the article is about Lebanon
    ("Militias clashed in Tripoli on Friday, residents said.", "Tripoli", ("LY", "city")),
    ("Fighting in Tripoli shut Mitiga airport as forces loyal to the commander advanced from Benghazi.",
     "Tripoli", ("LY", "city")),
    ("The Lebanese army said it had arrested four men in Tripoli on Saturday.", "Tripoli", ("LB", "city")),
    ("Hezbollah supporters rallied in Tripoli on Friday after the sermon.", "Tripoli", ("LB", "city")),
    ("Gunmen opened fire on a checkpoint in Tripoli, north Lebanon, on Monday.", "Tripoli", ("LB", "city")),
    ("TRIPOLI, Lebanon (AP) — Protesters blocked roads in the northern city on Monday.", "TRIPOLI", ("LB", "city")),
    ("Clashes broke out in Tripoli overnight. Officials in Beirut called for calm.", "Tripoli", ("LB", "city")),
    ("Gunmen clashed with soldiers in Tripoli on Monday. The fighting came as Israeli jets struck targets in "
     "Syria and the United States urged restraint. Lebanon's army said two soldiers were wounded.",
     "Tripoli", ("LB", "city")),
    # weak evidence cannot take a famous capital to a namesake far smaller (Tripoli, Iowa); an embassy's
    # owner cannot take it anywhere
    ("American officials in Tripoli met the prime minister on Friday.", "Tripoli", ("LY", "city")),
    ("Gunmen attacked the Lebanese embassy in Tripoli on Friday.", "Tripoli", ("LY", "city")),
    ("Gunmen attacked Lebanon's embassy in Tripoli on Friday.", "Tripoli", ("LY", "city")),
    # Punjab: Pakistan's province by default; India's with Indian places or people
    ("Floods killed 20 people in Punjab on Monday, officials said.", "Punjab", ("PK", "admin1")),
    ("Farmers in Punjab blocked highways. Police in Amritsar and Ludhiana detained dozens.", "Punjab", ("IN", "admin1")),
    ("Indian police arrested five men in Punjab after a grenade attack.", "Punjab", ("IN", "admin1")),
    ("The chief minister of Punjab met officials in New Delhi on Friday.", "Punjab", ("IN", "admin1")),
    # Hyderabad: India's by default; Pakistan's with Pakistani police or Sindh
    ("Police in Hyderabad arrested a man on Sunday.", "Hyderabad", ("IN", "city")),
    ("Pakistani police in Hyderabad arrested a man on Sunday.", "Hyderabad", ("PK", "city")),
    ("An explosion in Hyderabad killed five people, Pakistani police said.", "Hyderabad", ("PK", "city")),
    ("Protests spread from Karachi to Hyderabad and across Sindh on Sunday.", "Hyderabad", ("PK", "city")),
    ("The United States, Britain and France condemned the attack. The bomb went off at a market in "
     "Hyderabad, killing 12 people, Pakistan's interior minister said.", "Hyderabad", ("PK", "city")),
    # Georgia: the country by default; the US state with American places
    ("Police in Georgia arrested two men.", "Georgia", ("GE", "country")),
    # a country listed beside a place is its peer, not the country it lies in; a big state keeps its name
    # against a far smaller namesake whose country only a weak demonym names
    ("Protesters rallied in Georgia after the storm swept through Florida and Cuba.", "Florida", ("US", "admin1")),
    ("Protesters rallied in Georgia after the storm swept through Florida and Cuba.", "Georgia", ("US", "admin1")),
    ("The storm hit Florida overnight, a Cuban official said.", "Florida", ("US", "admin1")),
    ("Heavy rain flooded Florida, Cuba, on Monday.", "Florida", ("CU", "city")),
    # local people of the sentence carry a name to a far smaller namesake; without them, the country
    ("Colombian police in Armenia arrested three men.", "Armenia", ("CO", "city")),
    ("Police in Armenia arrested three men.", "Armenia", ("AM", "country")),
    ("Colombian officials met their counterparts in Armenia.", "Armenia", ("AM", "country")),
    ("Voters in Georgia went to the polls on Tuesday, officials in Atlanta said.", "Georgia", ("US", "admin1")),
    ("Georgia's parliament passed the bill, prompting protests in Tbilisi.", "Georgia", ("GE", "country")),
    # Córdoba: Argentina's city by default; Spain's with Spanish places or officials
    ("Police in Cordoba arrested three men.", "Cordoba", ("AR", "city")),
    ("Police in Cordoba arrested three men, Spanish officials said, after protests in Seville and Madrid.",
     "Cordoba", ("ES", "city")),
    ("The Argentine government said protests in Cordoba had ended.", "Cordoba", ("AR", "city")),
    # Santiago: Chile's capital by default; the Dominican province when the article says so
    ("Police in Santiago arrested three men.", "Santiago", ("CL", "city")),
    ("Thousands marched in Santiago, the Dominican Republic's second city, on Sunday.", "Santiago", ("DO", None)),
    # Valencia: Spain's by default; Venezuela's with Venezuelan places or police
    ("Police in Valencia arrested two men.", "Valencia", ("ES", "city")),
    ("Protesters blocked roads in Valencia as officials in Caracas called for calm.", "Valencia", ("VE", "city")),
    ("Venezuelan police in Valencia arrested opposition activists.", "Valencia", ("VE", "city")),
    ("American tourists were injured in Valencia on Tuesday.", "Valencia", ("ES", "city")),
    # Alexandria: Egypt's by default; Virginia's with its neighbours
    ("Police in Alexandria arrested two men.", "Alexandria", ("EG", "city")),
    ("Police in Alexandria arrested two men, officials in Arlington and Fairfax said.", "Alexandria", ("US", "city")),
    ("British tourists were evacuated from Alexandria on Monday.", "Alexandria", ("EG", "city")),
    # Kurdistan: Iraq's region by default; Iran's province with Iranian places
    ("Police in Kurdistan arrested a journalist on Monday.", "Kurdistan", ("IQ", None)),
    ("Iranian forces shelled villages in Kurdistan province near the border, officials in Sanandaj said.",
     "Kurdistan", ("IR", "admin1")),
    # Balochistan: Pakistan's province; Iran's Sistan and Baluchestan in an Iranian story
    ("Gunmen killed four soldiers in Balochistan on Monday.", "Balochistan", ("PK", "admin1")),
    ("Gunmen killed four Iranian border guards in Baluchistan, Iran's state media said.",
     "Baluchistan", ("IR", "admin1")),
]


@pytest.mark.parametrize(("text", "name", "expected"), CASES, ids=[f"{c[1]}: {c[0][:40]}" for c in CASES])
def test_context_decides_between_namesakes(geo_doc, text, name, expected):  # noqa: F811
    doc = geo_doc(text)
    places = [p for p in doc._.khabar_places if p.text == name]
    assert places, f"{name!r} not recognised: {[p.text for p in doc._.khabar_places]}"
    cc, level = expected
    for p in places:
        assert p.resolved and p.country_iso2 == cc, (p.name, p.country_iso2, p.admin1_name, p.reason)
        assert level is None or p.level == level, (p.name, p.level)


# demonym and actor evidence: (text, strong ISO2s, weak ISO2s, foreign ISO2s)
EVIDENCE = [
    ("Pakistani police detained the men.", ["PK"], [], []),  # police act where they live: where
    ("Lebanese protesters marched on Friday.", ["LB"], [], []),
    ("The Lebanese army said the men were detained.", [], ["LB"], []),  # armies act abroad too: whose
    ("British tourists were evacuated on Monday.", [], ["GB"], []),  # nationals abroad
    ("Iraqi residents fled the fighting.", ["IQ"], [], []),
    ("Hezbollah said it had fired rockets.", [], ["LB"], []),  # a known actor: weak
    ("Al Jazeera reported the clashes.", [], [], []),  # media: no evidence of where
    ("Gunmen attacked the Lebanese embassy on Friday.", [], [], ["LB"]),  # whose, never where
]


@pytest.mark.parametrize(("text", "strong", "weak", "foreign"), EVIDENCE, ids=[e[0][:40] for e in EVIDENCE])
def test_country_evidence(nlp, gaz, text, strong, weak, foreign):  # noqa: F811
    from khabar.geo.evidence import country_evidence

    got = country_evidence(nlp(text), gaz)
    assert (got.strong, got.weak, got.foreign) == (strong, weak, foreign)
    assert sorted(cc for _, cc in got.near) == sorted(strong + weak)


def test_weak_evidence_decides_only_between_places_of_a_size(gaz):  # noqa: F811
    from khabar.geo.resolve import Mention, resolve

    def choose(name: str, weak: str) -> str:
        m = Mention(0, len(name), name, "gold")
        resolve(gaz, [m], [], weak_demonyms=[weak])
        return m.choice.country_iso2

    assert choose("Tripoli", "LB") == "LB"  # 229k against 1.3M: a namesake of a size
    assert choose("Tripoli", "US") == "LY"  # Tripoli, Iowa: far smaller
    assert choose("Cairo", "US") == "EG"


def test_country_in_the_same_sentence(gaz):  # noqa: F811
    from khabar.geo.resolve import Mention, resolve

    # an article naming many countries: Tripoli's own sentence names Beirut, so it is Lebanon's Tripoli ...
    names = [("Washington", 0), ("Moscow", 0), ("Paris", 1), ("Benghazi", 2), ("Tripoli", 3), ("Beirut", 3)]
    mentions = [Mention(i * 20, i * 20 + len(n), n, "gold", sentence=s * 100) for i, (n, s) in enumerate(names)]
    resolve(gaz, mentions, [])
    assert next(m for m in mentions if m.text == "Tripoli").choice.country_iso2 == "LB"
    # ... and without the sentence, Benghazi's Libya and Beirut's Lebanon weigh the same: the capital stays
    mentions = [Mention(i * 20, i * 20 + len(n), n, "gold") for i, (n, _) in enumerate(names)]
    resolve(gaz, mentions, [])
    assert next(m for m in mentions if m.text == "Tripoli").choice.country_iso2 == "LY"


def test_one_name_two_places_in_a_roundup(geo_doc):  # noqa: F811
    # each mention's own sentence decides: a news roundup with both Tripolis
    doc = geo_doc("Libyan militias clashed in Tripoli on Friday. In a separate development, Lebanese protesters "
                  "rallied in Tripoli and Beirut against fuel prices. Officials in Benghazi said talks would resume.")
    assert [p.country_iso2 for p in doc._.khabar_places if p.text == "Tripoli"] == ["LY", "LB"]
