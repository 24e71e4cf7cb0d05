"""Toponyms inside longer names, and streets: what NER takes into an organisation's or building's name.

Local news names its places mostly through the bodies and buildings there: "the Athens Police
Department", "Clarke County Superior Court", "the Texas Department of State Health Services", "the
University of Hartford", "the U.S. Centers for Disease Control". NER tags the whole name ORG or FAC,
so the place inside it was no mention; the geoparsing gold standards (LGL, GeoVirus) mark it as one,
and a reader takes it as a place of the story. Taken here:

* a name that opens an organisation's or a building's name: a country's or a state's (not a direction
  word: "Western State Hospital"), a county's with its cue word ("Clarke County"), and a town's only
  before a word of a local body ("Police", "Fire", "City", "Public", "High", "Library", "Hospital"): a
  town's name before anything else is too often a firm's or a person's ("Landmark Bank", "Lee Academy");
* a place closing it after "of": "the University of Hartford", "United Way of Metropolitan Atlanta",
  but not a ministry's portfolio that is also a town ("Department of Justice", "of Commerce");
* a county with its cue word opening any longer name, a person's title included ("Lamar County
  Elections Coordinator Russ Towers");
* streets and roads: capitalised words closed by a street word ("Main Street", "N. Poplar St.",
  "Kelley Lane"), which NER tags ORG or PERSON as often as FAC. They stay unresolved (the gazetteer
  has no streets); `location_for` takes the coordinates of a resolved place of the same phrase.
"""

from __future__ import annotations

import numpy
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span as SpacySpan
from spacy.vocab import Vocab

from khabar.geo.gazetteer import ALTERNATE, OFFICIAL, PRIMARY, Gazetteer
from khabar.geo.local_cues import word_positions

_LEVELS = ("country", "admin1", "admin2", "city", "other")
_COUNTY_WORDS = {"county", "parish", "borough"}
# words of a local body or site after a town's name: "Athens Police Department", "Paris Public Library"
LOCAL_BODY_WORDS = {"police", "fire", "city", "county", "public", "schools", "board", "council", "library",
                    "hospital", "high", "chamber", "township", "municipal", "sheriff", "sheriff's", "superior",
                    "district", "town", "village", "borough", "housing", "water", "planning", "zoning", "parks",
                    "fairgrounds", "fair", "airport", "detention", "jail", "courthouse", "volunteer", "rescue",
                    "area", "community", "historical", "department", "commission", "health", "general",
                    "medical", "regional"}
# (not "school", "elementary", "college", "museum": those are named after people as often as after towns)
# words after a country's or state's name that make a firm's or a paper's name ("The Moscow Times")
_FIRM_WORDS = {"times", "post", "journal", "herald", "tribune", "gazette", "news", "daily", "star", "air",
               "airlines", "airways", "cargo", "parking", "instruments", "power", "pacific", "forest"}
# words that open names without naming a place there when they stand alone ("Western State Hospital",
# "National Guard", "the White House"); "North Charleston", "New London", "St. Cloud" are places
_NOT_OPENERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                "northeast", "northwest", "southeast", "southwest", "national", "federal", "new", "upper",
                "lower", "greater", "grand", "white", "union", "mobile", "independence", "liberty", "victoria",
                "columbia", "washington", "free", "university", "college"}
# a saint's name before "'s" is a church's or a hospital's ("St. Mary's"), not the town of St. Mary
_SAINTS = {"st", "st.", "saint", "ste", "mt", "mt.", "mount", "fort", "ft", "lake"}
# portfolios of ministries and departments that are also towns ("Department of Justice": Justice, Illinois)
_PORTFOLIOS = {"justice", "commerce", "labor", "labour", "agriculture", "education", "energy", "health",
               "defense", "defence", "interior", "transportation", "transport", "treasury", "state", "homeland",
               "finance", "industry", "trade", "culture", "tourism", "environment", "science", "technology",
               "information", "welfare", "works", "security", "veterans", "housing", "commerce", "mines",
               "fisheries", "forestry", "water", "power", "planning", "development"}
_OF_SKIP = {"the", "metropolitan", "greater"}
_MAX_WORDS = 4
MIN_BODY_TOWN = 2_000  # a one-word hamlet's name before "Board" is more often a word ("the Beer Board")


def _entries(gaz: Gazetteer, span: SpacySpan):
    return [e for e in gaz.lookup(span.text) if e.name_kind != ALTERNATE and e.level in _LEVELS]


def _capitalised(span: SpacySpan) -> bool:
    glue = ("of", "de", "la", "upon")
    return all(t.text[:1].isupper() or t.lower_ in glue for t in span) and span[-1].text[:1].isupper()


def _opening_place(doc: Doc, gaz: Gazetteer, start: int, end: int, label: str) -> SpacySpan | None:
    """The longest place name opening the name doc[start:end] (never all of it), if it names a place."""
    longest = min(end - start - 1, _MAX_WORDS)
    if label not in ("ORG", "FAC") and not any(doc[j].lower_ in _COUNTY_WORDS for j in range(start, start + longest)):
        return None  # a person's or an event's name gives only a county (below): no lookups without one
    for k in range(longest, 0, -1):
        span = doc[start:start + k]
        if not _capitalised(span) or span.text.lower().rstrip(".") in _NOT_OPENERS or span.text.lower() in _PORTFOLIOS:
            continue  # "the Justice Department"
        if span[0].lower_ in _SAINTS and (len(span) == 1 or doc[start + k].lower_ in ("'s", "’s")):
            continue
        found = _entries(gaz, span)
        if not found or gaz.demonym(span.text):
            continue  # "the Canadian Medical Association" (Canadian, Texas)
        nxt = doc[start + k].lower_
        if span[-1].lower_ in _COUNTY_WORDS and any(e.level in ("admin2", "admin1") for e in found):
            return span  # "Clarke County Superior Court", "Lamar County Elections Coordinator"
        if label not in ("ORG", "FAC"):
            return None
        if not span[-1].whitespace_ and nxt not in ("'s", "’s"):
            return None  # "Al-Masdar", "Aleppo-Damascus": no opening name
        # an abbreviation may be an official name ("U.S.", "S.C."), a word not ("Free": Free State)
        abbreviation = "." in span.text or (span.text.isupper() and len(span.text) > 1)
        if any(e.level in ("country", "admin1") and (e.name_kind <= PRIMARY or e.name_kind == OFFICIAL and abbreviation)
               for e in found):
            # "the Texas Department of ...", "U.S. Census", "Kent's Board of Finance"; not "LA Cargo"
            short = len(span) == 1 and span.text.isupper() and len(span.text) < 3 and span.text not in ("US", "UK")
            return None if nxt in _FIRM_WORDS or short else span
        if nxt in LOCAL_BODY_WORDS and (len(span) > 1 or any(e.population >= MIN_BODY_TOWN for e in found)):
            return span  # "Athens Police Department", "St. Cloud Hospital"; not "the Beer Board"
        return None
    return None


def _closing_place(doc: Doc, gaz: Gazetteer, ent: SpacySpan) -> SpacySpan | None:
    """A place after the last "of" of an organisation's name: "the University of Hartford"."""
    ofs = [t.i for t in ent if t.lower_ == "of" and t.i > ent.start]
    if not ofs:
        return None
    i = ofs[-1] + 1
    while i < ent.end and doc[i].lower_ in _OF_SKIP:
        i += 1
    if i >= ent.end or ent.end - i > _MAX_WORDS:
        return None
    span = doc[i:ent.end]
    if not _capitalised(span) or (len(span) == 1 and span.text.lower() in _PORTFOLIOS):
        return None
    found = _entries(gaz, span)
    strong = any(e.level != "city" or e.population >= 10_000 for e in found)
    return span if strong else None


def name_place_spans(doc: Doc, gaz: Gazetteer, taken: list[SpacySpan]) -> list[SpacySpan]:
    """Places inside organisation, building and title names (see the module docstring)."""
    used = {i for s in taken for i in range(s.start, s.end)}
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC", "PERSON", "EVENT") or len(ent) < 2:
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        found = [_opening_place(doc, gaz, start, ent.end, ent.label_)]
        if ent.label_ == "ORG":
            found.append(_closing_place(doc, gaz, ent))
        for span in found:
            if span is not None and not any(i in used for i in range(span.start, span.end)):
                out.append(span)
                used.update(range(span.start, span.end))
    return out


# --- streets --------------------------------------------------------------------------------------------
STREET_WORDS = ["street", "st.", "avenue", "ave.", "ave", "road", "rd.", "drive", "lane", "ln.", "boulevard",
                "blvd.", "blvd", "parkway", "pkwy.", "trail", "pike", "terrace", "alley", "highway"]
_STREET_STARTS = ["n.", "s.", "e.", "w.", "north", "south", "east", "west", "old"]
_streets: dict[int, Matcher] = {}


def _street_matcher(vocab: Vocab) -> Matcher:
    matcher = _streets.get(id(vocab))
    if matcher is None:
        matcher = Matcher(vocab)
        # no initials ("Virginia L. Lane" is a person), no "The road"
        name = {"IS_TITLE": True, "IS_ALPHA": True, "IS_STOP": False}
        word = {"LOWER": {"IN": STREET_WORDS}, "IS_TITLE": True}
        for n in (1, 2, 3):
            matcher.add("STREET", [[name] * n + [word]])
            matcher.add("STREET", [[{"LOWER": {"IN": _STREET_STARTS}}] + [name] * n + [word]])
        _streets[id(vocab)] = matcher
    return matcher


def street_spans(doc: Doc, taken: list[SpacySpan], lower: numpy.ndarray | None = None) -> list[SpacySpan]:
    """Streets and roads: "Main Street", "N. Poplar St.", "West Tyler Street"; the longest match, not one
    that goes on into a longer name ("Main Street Bank", "Florida Highway Patrol"). `lower`:
    `doc.to_array(LOWER)` when the caller has it."""
    used = {i for s in taken for i in range(s.start, s.end)}
    out: list[SpacySpan] = []
    if not word_positions(doc, "streets", STREET_WORDS, lower):
        return out  # no street word: the matcher need not run
    matches = sorted(_street_matcher(doc.vocab)(doc), key=lambda m: (m[1], -m[2]))
    last = -1
    for _, start, end in matches:
        if start < last:
            continue
        if end < len(doc) and doc[end].is_title:
            continue  # "Main Street Bank"
        if doc[end - 1].lower_ == "highway" and end < len(doc) and doc[end].like_num:
            continue  # "Old Lexington Highway" yes; "Highway 19" is left to NER
        if any(i in used for i in range(start, end)):
            continue
        out.append(doc[start:end])
        last = end
    return out


__all__ = ["LOCAL_BODY_WORDS", "STREET_WORDS", "name_place_spans", "street_spans"]
