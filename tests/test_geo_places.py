"""Toponym recognition and resolution: sentence -> places (table tests), unresolved names, the seed."""

from __future__ import annotations

import pytest
from geo_fixtures import gaz, geo_doc  # noqa: F401  (session fixtures)
from spacy.tokens import Span as SpacySpan

from khabar.geo.places import find_places
from khabar.records import Place

# sentence -> {mention text: (name, level, ISO3, admin1 name or None)}
CASES = [
    ("Militants attacked a checkpoint in Diyala, the Iraqi army said.",
     {"Diyala": ("Diyala", "admin1", "IRQ", "Diyala")}),
    ("Police in Springfield, Illinois, arrested two men on Friday.",
     {"Springfield": ("Springfield", "city", "USA", "Illinois"), "Illinois": ("Illinois", "admin1", "USA", None)}),
    ("The mayor of Springfield, Massachusetts, opened a new school.",
     {"Springfield": ("Springfield", "city", "USA", "Massachusetts")}),
    ("The governor of Nineveh province met Iraqi officials in Mosul.",
     {"Nineveh": ("Ninawa", "admin1", "IRQ", "Ninawa"), "Mosul": ("Mosul", "city", "IRQ", "Ninawa")}),
    ("Rockets hit Salaheddine governorate overnight, Iraqi police said.",
     {"Salaheddine": ("Salah ad Din", "admin1", "IRQ", "Salah ad Din")}),
    ("Iraqi troops deployed across Kirkuk governorate after the vote.",
     {"Kirkuk": ("Kirkuk", "admin1", "IRQ", "Kirkuk")}),
    ("Iraqi troops deployed across Kirkuk after the vote.",
     {"Kirkuk": ("Kirkuk", "city", "IRQ", "Kirkuk")}),
    ("The minister flew from Paris to Beirut for talks with Lebanese leaders.",
     {"Paris": ("Paris", "city", "FRA", None), "Beirut": ("Beirut", "city", "LBN", None)}),
    ("Gunmen killed three soldiers near Baqubah in Diyala on Monday.",
     {"Baqubah": ("Baqubah", "city", "IRQ", "Diyala"), "Diyala": ("Diyala", "admin1", "IRQ", None)}),
    ("Russian forces shelled Kharkiv and several villages in the Donbas.",
     {"Kharkiv": ("Kharkiv", "city", "UKR", None), "Donbas": ("Donbas", "other", "UKR", None)}),
    ("Iranian officials in Tehran rejected the proposal.",
     {"Tehran": ("Tehran", "city", "IRN", "Tehran")}),
    ("Protesters marched through Lagos, Nigeria's largest city.",
     {"Lagos": ("Lagos", "city", "NGA", None), "Nigeria": ("Nigeria", "country", "NGA", None)}),
    # the same name, told apart by the article's other places
    ("Officials in Atlanta said storms hit north Georgia overnight.",
     {"Georgia": ("Georgia", "admin1", "USA", "Georgia"), "Atlanta": ("Atlanta", "city", "USA", "Georgia")}),
    ("Georgian troops withdrew from Gori as Russian forces advanced toward Tbilisi, Georgia.",
     {"Georgia": ("Georgia", "country", "GEO", None), "Gori": ("Gori", "city", "GEO", None)}),
    ("Russian officials in Moscow denied the report.", {"Moscow": ("Moscow", "city", "RUS", None)}),
    ("The president returned to Washington on Friday.",
     {"Washington": ("Washington", "city", "USA", "District of Columbia")}),
    ("Deputies in Laurel County, Kentucky, arrested a man.",
     {"Laurel County": ("Laurel County", "admin2", "USA", "Kentucky")}),
    ("Heavy rain flooded parts of Suffolk and Norfolk, British forecasters said.",
     {"Suffolk": ("Suffolk", "admin2", "GBR", "England")}),
    # NER cuts these names in pieces; the gazetteer's longer name wins
    ("Cholera spread to Burkina Faso and the Democratic Republic of the Congo.",
     {"Burkina Faso": ("Burkina Faso", "country", "BFA", None),
      "Democratic Republic of the Congo": ("Democratic Republic of the Congo", "country", "COD", None)}),
    ("Pilgrims gathered in Mecca before the feast.", {"Mecca": ("Makkah", "city", "SAU", None)}),
    # a plural cue after a list makes every name of it a region
    ("Storms closed schools in Cooke, Grayson and Love counties on Tuesday, officials in Texas said.",
     {"Grayson": ("Grayson County", "admin2", "USA", "Texas"), "Love": ("Love County", "admin2", "USA", "Oklahoma")}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_resolution_table(geo_doc, text, expected):
    doc = geo_doc(text)
    places = {p.text: p for p in doc._.khabar_places}
    for mention, (name, level, iso3, admin1) in expected.items():
        assert mention in places, f"{mention!r} not recognised in {text!r}: {list(places)}"
        p = places[mention]
        assert p.resolved and (p.name, p.level, p.country_iso3) == (name, level, iso3), p
        if admin1:
            assert p.admin1_name == admin1
        assert p.lat is not None and p.lon is not None
        assert doc.text[p.start : p.end] == p.text


@pytest.mark.parametrize(
    "text",
    [
        "Paris Hilton arrived late to the party.",
        "Mobile phones were banned in the hall.",
        "Georgia Smith, a teacher, won the prize.",
        "He explained that Abdullah Kirkuk, the new emir, values the area.",
    ],
)
def test_not_every_capitalised_word_is_a_place(geo_doc, text):
    doc = geo_doc(text)
    assert [p.text for p in doc._.khabar_places if p.text in ("Paris", "Mobile", "Georgia", "Kirkuk")] == []


def test_matcher_recovers_mislabelled_region(geo_doc):
    # the model tends to call these people; the gazetteer matcher knows they are Iraqi governorates
    doc = geo_doc("The governorate is bordered by Nineveh, Salaheddine and Diyala, an Iraqi officer said.")
    got = {p.text: p for p in doc._.khabar_places}
    for name in ("Nineveh", "Salaheddine", "Diyala"):
        assert got[name].resolved and got[name].country_iso3 == "IRQ" and got[name].level == "admin1"


def test_place_named_by_a_cue_noun(geo_doc):
    # names the model does not know, recognised from "the village of ...", kept unresolved
    doc = geo_doc("Gunmen stormed the village of Kafr Zubeidat and the towns of Tell Hamrun and Ain Qasrah at dawn.")
    got = {p.text: p for p in doc._.khabar_places}
    for name in ("Kafr Zubeidat", "Tell Hamrun", "Ain Qasrah"):
        assert name in got, sorted(got)
        assert doc.text[got[name].start : got[name].end] == name


def test_unresolvable_place_is_kept(nlp, gaz):  # noqa: F811
    from conftest import make_article

    text = "Villagers fled Qarqazoonya and Beirut after the storm."
    article = make_article(text)
    doc = nlp.make_doc(text)
    doc._.article = article
    doc = nlp(doc)
    start = text.index("Qarqazoonya")
    span = doc.char_span(start, start + len("Qarqazoonya"))
    doc.ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end] + [SpacySpan(doc, span.start, span.end, "GPE")]
    places = find_places(doc, gaz)
    by_text = {p.text: p for p in places}
    assert by_text["Qarqazoonya"] == Place(id=by_text["Qarqazoonya"].id, start=start, end=start + 11, text="Qarqazoonya",
                                          resolved=False, reason="no_candidate")
    assert by_text["Beirut"].resolved and by_text["Beirut"].country_iso3 == "LBN"
    assert [p.id for p in places] == [f"p{i}" for i in range(1, len(places) + 1)]


def test_seed_article_places(geo_doc, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    iraq_part, lebanon_part = text.split("Iran Seeks to Turn", 1)
    iraq = geo_doc(iraq_part)
    lebanon = geo_doc("Iran Seeks to Turn" + lebanon_part)
    for doc, expected in ((iraq, {"Kirkuk": "IRQ", "Salaheddine": "IRQ", "Nineveh": "IRQ", "Diyala": "IRQ"}),
                          (lebanon, {"Baabda": "LBN", "Beirut": "LBN", "Tehran": "IRN", "Lebanon": "LBN"})):
        got: dict[str, list[Place]] = {}
        for p in doc._.khabar_places:
            got.setdefault(p.text, []).append(p)
            assert doc.text[p.start : p.end] == p.text
        for name, iso3 in expected.items():
            assert name in got, f"{name} missing: {sorted(got)}"
            for p in got[name]:
                assert p.resolved and p.country_iso3 == iso3 and p.lat is not None and p.lon is not None, p
    levels = {p.text: p.level for p in iraq._.khabar_places}
    assert levels["Nineveh"] == "admin1" and levels["Salaheddine"] == "admin1" and levels["Kirkuk"] == "city"


# the resolver alone, on the toponyms of an imagined article: names -> {name: (place, admin1 or None, ISO2)}
ARTICLES = [
    # a town's namesakes told apart by the counties and towns around it
    (["Gainesville", "Cooke County", "Whitesboro", "Gainesville"], {"Gainesville": ("Gainesville", "Texas", "US")}),
    (["Albany", "Georgia", "Dougherty County", "Albany"],
     {"Albany": ("Albany", "Georgia", "US"), "Georgia": ("Georgia", "Georgia", "US")}),
    # a name repeated is no evidence for itself: ten "Paris" do not make a French story
    (["Paris", "Paris", "Paris", "Lamar County", "Texas", "Paris"], {"Paris": ("Paris", "Texas", "US")}),
    (["Alexandria", "Alexandria", "Alexandria", "Rapides Parish", "Pineville"],
     {"Alexandria": ("Alexandria", "Louisiana", "US")}),
    # a state's name is the state, even with a namesake town in a state the story names
    (["Florida", "New York", "Florida"], {"Florida": ("Florida", "Florida", "US")}),
    (["Columbia", "S.C."], {"Columbia": ("Columbia", "South Carolina", "US")}),
    # spellings the gazetteer has only in another form
    (["W. Va.", "Charleston"], {"W. Va.": ("West Virginia", "West Virginia", "US")}),
    (["Loudon Co.", "Tenn."], {"Loudon Co.": ("Loudon County", "Tennessee", "US")}),
    (["Ohioans", "Columbus"], {"Ohioans": ("Ohio", "Ohio", "US")}),
    (["Texan", "Dallas"], {"Texan": ("Texas", "Texas", "US")}),
    (["German", "Berlin"], {"German": ("Germany", None, "DE")}),
    (["Zaire", "Kinshasa"], {"Zaire": ("Democratic Republic of the Congo", None, "CD")}),
    # a region written into aliases.tsv beats the village that shares its name
    (["Middle East", "Texas"], {"Middle East": ("Middle East", None, "SA")}),
    (["Java", "Jakarta"], {"Java": ("Java", None, "ID")}),
    # a feature named after a place: placed at that place
    (["Hamilton Township", "Butler County", "Ohio"], {"Hamilton Township": ("Hamilton", "Ohio", "US")}),
    # a town and a county of the article that lie together are what it means
    (["Huntsville", "Walker County"], {"Huntsville": ("Huntsville", "Texas", "US"),
                                       "Walker County": ("Walker County", "Texas", "US")}),
    (["Mansfield", "Shreveport", "De Soto Parish"], {"Mansfield": ("Mansfield", "Louisiana", "US")}),
    # a state's own name is the state, not a namesake town of a state the article names
    (["Florida", "New York City", "Maryland"], {"Florida": ("Florida", "Florida", "US")}),
    # news spellings and abbreviations
    (["D.C."], {"D.C.": ("District of Columbia", "District of Columbia", "US")}),
    (["L.A."], {"L.A.": ("Los Angeles", "California", "US")}),
    (["Tal Afar", "Mosul"], {"Tal Afar": ("Tall ‘Afar", None, "IQ")}),
    (["Deir Ezzor", "Raqqa"], {"Deir Ezzor": ("Deir ez-Zor", None, "SY")}),
    (["Minnesotans", "Ontarians", "Californians"], {"Minnesotans": ("Minnesota", "Minnesota", "US"),
                                                   "Ontarians": ("Ontario", "Ontario", "CA"),
                                                   "Californians": ("California", "California", "US")}),
]


@pytest.mark.parametrize(("names", "expected"), ARTICLES, ids=[" ".join(a[0][:3]) for a in ARTICLES])
def test_resolver_articles(gaz, names, expected):  # noqa: F811
    from khabar.geo.resolve import Mention, resolve

    mentions, at = [], 0
    for name in names:
        mentions.append(Mention(at, at + len(name), name, "gold"))
        at += len(name) + 2
    resolve(gaz, mentions, [])
    for m in mentions:
        if m.text in expected:
            name, admin1, cc = expected[m.text]
            assert m.choice is not None, m.text
            got = (m.choice.name, m.choice.admin1_name if admin1 else None, m.choice.country_iso2)
            assert got == (name, admin1, cc), (m.text, m.choice)


def test_country_points_are_the_conventional_centres(gaz):  # noqa: F811
    # gold standards and GeoNames put a country at its atlas centre, not at the middle of its towns
    for cc, lat, lon in (("AF", 33.0, 65.0), ("CA", 60.0, -95.0), ("KE", 1.0, 38.0), ("US", 39.76, -98.5)):
        c = gaz.country(cc)
        assert abs(c.lat - lat) < 1.0 and abs(c.lon - lon) < 1.0, c
    # where GeoNames' and Wikipedia's centres differ, within 161 km of both (China: 35N 105E and 35N 103E)
    from khabar.geo.resolve import _km

    china = gaz.country("CN")
    for lat, lon in ((35.0, 105.0), (35.0, 103.0)):
        assert _km(china, china.__class__(0, None, "", lat, lon, "", "", None, None, "", None, 0, "")) < 161


def test_region_points_are_their_middles(gaz):  # noqa: F811
    # the middle of the region's area (ISO 3166-2 points), not of its towns in the populated south
    for name, cc, lat in (("Ontario", "CA", 48.0), ("Alberta", "CA", 53.5), ("Alaska", "US", 62.0)):
        region = next(e for e in gaz.lookup(name) if e.level == "admin1" and e.country_iso2 == cc)
        assert region.lat > lat, region


@pytest.mark.parametrize(
    ("text", "level", "admin1"),
    [
        ("Henderson County Jail", "admin2", None),  # a building named after its place is in it
        ("Otter Tail County Road", "admin2", "Minnesota"),  # so is a county road
        ("S.C. Highway Patrol", "admin1", "South Carolina"),
        ("Dublin Road", None, None),  # a street named after a town is not in it
        ("Darling Avenue", None, None),
    ],
)
def test_names_inside_longer_names(gaz, text, level, admin1):  # noqa: F811
    from khabar.geo.resolve import candidates_for

    found, _ = candidates_for(gaz, text)
    if level is None:
        assert found == ()
    else:
        assert found and all(e.level == level for e in found), found
        assert admin1 is None or admin1 in {e.admin1_name for e in found}


def test_county_in_an_organisation_name_is_context(geo_doc):
    # no mention of Louisiana, but the sheriff's office of its Rapides Parish tells which Alexandria
    doc = geo_doc("A man from Alexandria was arrested by the Rapides Parish Sheriff's Office on Friday.")
    town = next(p for p in doc._.khabar_places if p.text == "Alexandria")
    assert (town.country_iso2, town.admin1_name) == ("US", "Louisiana")


# the object of a locative preposition that the gazetteer knows is a place whatever NER labelled it
# (a date run-on, a person, an organisation); sentence -> place texts expected among the places
PREP_OBJECT_CASES = [
    ("Talks between the two ministers resumed in Bucharest Monday after a long pause.", {"Bucharest": "ROU"}),
    ("The trade envoys will meet again in Lisbon Thursday, a spokesman said.", {"Lisbon": "PRT"}),
    ("Gunmen opened fire on a police patrol near Tal Afar late at night.", {"Tal Afar": None}),
    ("Two bombs went off at a market in Karachi, the police said.", {"Karachi": "PAK"}),
]


@pytest.mark.parametrize(("text", "expected"), PREP_OBJECT_CASES, ids=[c[0][:40] for c in PREP_OBJECT_CASES])
def test_object_of_locative_preposition_is_a_place(nlp, gaz, text, expected):  # noqa: F811
    places = {p.text: p for p in find_places(nlp(text), gaz)}
    for name, iso3 in expected.items():
        assert name in places, (name, list(places))
        if iso3:
            assert places[name].country_iso3 == iso3


# what is no place: a lowercase common noun, a direction word with a weekday, a language, an
# organisation's acronym, a person noun, a one-word organisation at a small namesake
NOT_PLACES = [
    ("Heavy rain flooded the highland villages last week.", "highland"),
    ("Storms lashed the South Saturday, cutting power to thousands.", "South"),
    ("The broadcaster began a new service in Pashto for listeners.", "Pashto"),
    ("A convoy run by the ICRC delivered food to the camp.", "ICRC"),
    ("A Dane was among the climbers rescued from the glacier.", "Dane"),
    ("She studied law at Harvard before joining the firm.", "Harvard"),
    ("Rebels seized the airport in May, officials said.", "May"),
    ("His grandfather served in the Battle of the Somme as a medic.", "Battle"),
]


@pytest.mark.parametrize(("text", "word"), NOT_PLACES, ids=[c[1] for c in NOT_PLACES])
def test_false_places_dropped(nlp, gaz, text, word):  # noqa: F811
    assert not any(word in p.text for p in find_places(nlp(text), gaz))


# a famous city keeps its name when the namesake's country is only named as a modifier ("US embassy"),
# but a neighbour name or the country as a place still wins for the namesake
FAMOUS_CASES = [
    ("Demonstrators burned an American flag outside the US embassy in Cairo.", "Cairo", "EGY"),
    ("Crowds gathered outside the British embassy in Paris after the vote.", "Paris", "FRA"),
    ("American diplomats held talks in Cairo with the army chief.", "Cairo", "EGY"),
    ("Floods cut roads around Cairo, Illinois, and the US Coast Guard sent boats.", "Cairo", "USA"),
    ("Police in Paris, Texas, arrested two men on Friday.", "Paris", "USA"),
]


@pytest.mark.parametrize(("text", "name", "iso3"), FAMOUS_CASES, ids=[c[0][:40] for c in FAMOUS_CASES])
def test_famous_city_not_lost_to_a_modifier_country(nlp, gaz, text, name, iso3):  # noqa: F811
    place = next(p for p in find_places(nlp(text), gaz) if p.text == name)
    assert place.country_iso3 == iso3
