"""Event location: sentence + trigger -> the place and the reason it was chosen."""

from __future__ import annotations

import pytest
from geo_fixtures import gaz, geo_doc  # noqa: F401  (session fixtures)

from khabar.geo.places import location_for

# text, trigger word, expected place text (None: no place), expected reason
CASES = [
    ("Gunmen killed three soldiers near Baqubah in Diyala on Monday.", "killed", "Baqubah", "locative_phrase"),
    ("Israeli drones struck targets in southern Lebanon, officials in Beirut said.", "struck", "Lebanon", "locative_phrase"),
    ("The minister flew from Paris to Beirut for talks.", "flew", "Beirut", "locative_phrase"),
    ("Security forces will pursue the remnants in the southwestern areas of Kirkuk.", "pursue", "Kirkuk", "locative_phrase"),
    ("Troops were sent to search the areas of Kirkuk bordering Salaheddine.", "search", "Kirkuk", "locative_phrase"),
    ("In the West Bank city of Nablus, a man was shot on Saturday.", "shot", "Nablus", "locative_phrase"),
    # where it was said is not where it happened; with nothing else in the article: none
    ("Officials in Beirut said the convoy was attacked on Sunday.", "attacked", None, "none"),
    ("BAGHDAD (Reuters) - Officials announced a curfew after the blasts.", "announced", "BAGHDAD", "dateline"),
    ("BEIRUT, June 3 (AP) — Officials announced a curfew.", "announced", "BEIRUT", "dateline"),
    ("Clashes broke out in Mosul on Friday.\n\nPolice arrested four men later.", "arrested", "Mosul", "article_main_place"),
    ("Police arrested four men on Friday.", "arrested", None, "none"),
    # places that qualify people or things are not where the event happened ...
    ("US soldiers shot two men on Friday.", "shot", None, "none"),
    ("Hezbollah, a Tehran-backed group, attacked a convoy.", "attacked", None, "none"),
    ("Israel's bombing campaign weakened the group.", "campaign", None, "none"),
    # ... unless the thing they qualify is the place
    ("Gunmen opened fire in a Mogadishu cafe on Thursday.", "opened", "Mogadishu", "locative_phrase"),
    ("The Syrian army shelled the town of Kafr Zubeidat on Monday.", "shelled", "Kafr Zubeidat", "locative_phrase"),
    ("A car bomb destroyed a crowded Baghdad restaurant on Friday.", "destroyed", "Baghdad", "locative_phrase"),
    # a country before a base or a mission owns it: it is seldom there
    ("Rebels attacked a US base in Syria on Monday.", "attacked", "Syria", "locative_phrase"),
    ("Protesters stormed the Iraq embassy on Friday.", "stormed", None, "none"),
    ("Drones struck two US bases overnight.", "struck", None, "none"),
    # a full stop NER takes into the place is not part of it
    ("Soldiers shot dead five demonstrators in Mandalay.", "shot", "Mandalay", "locative_phrase"),
    # a locative phrase of a clause chained to the trigger's: coordinated, participle, relative "where"
    ("Gunmen shot and killed two farmers in Tikrit on Sunday.", "shot", "Tikrit", "locative_phrase"),
    ("Militants opened fire on a market in Mosul, killing nine people.", "killing", "Mosul", "locative_phrase"),
    ("Clashes erupted in the old quarter of Aleppo, where a shell killed four.", "killed", "Aleppo", "locative_phrase"),
    # ... but not a present-tense description of what stands around it
    ("Two soldiers were killed in the clashes, which now rage across Iraq.", "killed", None, "none"),
    # the trigger's own object beats a chained clause's locative phrase
    ("The army launched an offensive in Syria, storming Raqqa at dawn.", "storming", "Raqqa", "sentence"),
    # who did it, what it was done by, whence: not where
    ("Turkey launched an offensive against the militants.", "launched", None, "none"),
    ("The hill was captured by Israel in 1967.", "captured", None, "none"),
    ("Troops seized the area from Jordan in a week.", "seized", None, "none"),
    ("Israel captured the plateau in the 1967 Middle East war.", "captured", None, "none"),
    # a bearing's landmark and a container lose to the place they describe
    ("Fighting erupted in Kirkuk, 240 km north of Baghdad, on Thursday.", "erupted", "Kirkuk", "locative_phrase"),
    ("A bomb exploded in Mosul, in the northern province of Nineveh.", "exploded", "Mosul", "locative_phrase"),
]


@pytest.mark.parametrize(("text", "trigger", "place", "reason"), CASES, ids=[c[0][:40] for c in CASES])
def test_location_table(geo_doc, text, trigger, place, reason):
    doc = geo_doc(text)
    tok = next(t for t in doc if t.text == trigger)
    loc = location_for(doc, tok)
    assert (loc.text, loc.reason) == (place, reason)
    if place is not None:
        p = next(p for p in doc._.khabar_places if p.id == loc.place_id)
        assert p.text == place
        assert (loc.lat, loc.lon, loc.country_iso3) == (p.lat, p.lon, p.country_iso3)


def test_main_place_skips_the_events_own_sentence(geo_doc):
    """A place the event's sentence names but does not attach to it is not its fallback either; the
    article's other sentences give the main place."""
    doc = geo_doc("Officials in Beirut said the convoy was attacked on Sunday.\n\nClashes broke out in Tripoli, "
                  "Lebanon. Tripoli has seen such fighting before.")
    loc = location_for(doc, next(t for t in doc if t.text == "attacked"))
    assert (loc.text, loc.reason, loc.country_iso3) == ("Tripoli", "article_main_place", "LBN")


def test_unknown_district_borrows_its_city_point(geo_doc):
    doc = geo_doc("Gunmen killed an official in Mogadishu's Hodan district on Sunday.")
    loc = location_for(doc, next(t for t in doc if t.text == "killed"))
    hodan = next(p for p in doc._.khabar_places if p.id == loc.place_id)
    mogadishu = next(p for p in doc._.khabar_places if p.text == "Mogadishu")
    assert (loc.text, loc.reason, hodan.resolved) == ("Hodan", "locative_phrase", False)
    assert (loc.lat, loc.lon, loc.country_iso3) == (mogadishu.lat, mogadishu.lon, "SOM")


def test_trigger_as_span(geo_doc):
    doc = geo_doc("A suicide bombing in Kabul killed nine people.")
    loc = location_for(doc, doc[1:3])  # "suicide bombing"
    assert (loc.text, loc.reason, loc.country_iso3) == ("Kabul", "locative_phrase", "AFG")


def test_places_computed_when_stage_missing(nlp, gaz):  # noqa: F811
    doc = nlp.make_doc("Rockets hit Kirkuk.")
    doc = nlp.get_pipe("parser")(nlp.get_pipe("tagger")(nlp.get_pipe("tok2vec")(doc)))
    doc = nlp.get_pipe("ner")(doc)
    assert doc._.khabar_places is None
    loc = location_for(doc, doc[1])
    assert loc.text == "Kirkuk" and loc.country_iso3 == "IRQ"


def test_unparsed_doc_falls_back_without_looping(nlp, gaz):  # noqa: F811
    """Without a parse every token is its own root and the whole Doc one sentence: no place attaches
    (the clause links between them must not loop), and no other sentence gives a main place."""
    from khabar.records import Place

    doc = nlp.make_doc("Rockets hit Kirkuk.")
    doc._.khabar_places = [Place("p1", 12, 18, "Kirkuk", resolved=True, name="Kirkuk", geonameid=94787,
                                 level="city", country_iso3="IRQ")]
    loc = location_for(doc, doc[1])
    assert (loc.text, loc.reason) == (None, "none")



def test_place_span_drops_a_stray_full_stop(geo_doc):
    doc = geo_doc("Soldiers shot dead five demonstrators in Mandalay.")
    assert [p.text for p in doc._.khabar_places] == ["Mandalay"]


@pytest.mark.parametrize(("text", "start", "end", "stray"), [
    ("in Mandalay.", 1, 3, True),
    ("near Charleston, W.Va.", 3, 5, False),  # an abbreviation the tokenizer split its full stop from
    ("in Gaza.", 1, 3, True),  # a short word that is a place name on its own
    ("in Mosul)", 1, 3, True),
])
def test_stray_end(nlp, gaz, text, start, end, stray):  # noqa: F811
    from khabar.geo.places import _stray_end

    doc = nlp.make_doc(text)
    assert _stray_end(doc, gaz, start, end) is stray, [t.text for t in doc]
