"""Gazetteer candidates for a toponym's text, trying the forms a reader would when the name itself is
missing: a demonym ("Sudanese", "Ohioans", "South Ossetian") for its country, state or region, "W. Va." as
"W.Va.", "Loudon Co." as Loudon County, "eastern Germany" as Germany, a feature named after a place
("Hamilton Township", "Lake Lanier") at that place, and a building or road named after its place
("Henderson County Jail", "S.C. Highway Patrol") at that place.
"""

from __future__ import annotations

from khabar.geo.gazetteer import ALTERNATE, GazEntry, Gazetteer, normalise, strip_admin_words

_REGIONS = ("admin1", "admin2", "other")
# "eastern Germany", "Northeast Georgia": a part of a place, resolved as the place
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest",
               "southeast", "southwest", "upper", "lower", "greater"}


def candidates_for(gaz: Gazetteer, text: str) -> tuple[tuple[GazEntry, ...], str | None]:
    """Gazetteer candidates for a mention's text, and a level hint from a generic word in it."""
    found = gaz.lookup(text)
    country = _demonym_country(gaz, text)  # "German", "Canadian": a country, not a town of that name
    if country is not None:
        return (country, *(e for e in found if e.name_kind != ALTERNATE)), None
    if found and any(e.name_kind != ALTERNATE for e in found):
        return found, None
    if found:
        return found, None
    key = normalise(text)
    for prefix in ("the ", "city of ", "province of ", "state of "):
        if key.startswith(prefix):
            found = gaz.lookup(key[len(prefix):])
            if found:
                return found, "city" if prefix == "city of " else None
    stripped = strip_admin_words(key)
    if stripped and stripped != key:
        found = gaz.lookup(stripped)
        regions = tuple(e for e in found if e.level in _REGIONS)
        if regions:  # "Kirkuk governorate"; but "Douglas County" is no admin1 called Douglas
            return regions, "admin1"
        if found:
            return found, None
    words = key.split()
    if len(words) > 1 and words[0] in _DIRECTIONS:  # "eastern Germany", "northern Iraq"
        found, hint = candidates_for(gaz, " ".join(words[1:]))
        if found:
            return found, hint  # else on: "South Ossetian" is the people of South Ossetia
    if ". " in text and len(text) <= 8:  # "W. Va." is written "W.Va." in the table
        found = gaz.lookup(text.replace(" ", ""))
        if found:
            return found, None
    if len(words) > 1 and words[-1] == "co":  # "Loudon Co."
        found = gaz.lookup(" ".join(words[:-1]) + " county")
        if found:
            return found, "admin1"
    return _region_demonym(gaz, text) or _named_after(gaz, words) or _inside_name(gaz, text), None


def _demonym_country(gaz: Gazetteer, text: str) -> GazEntry | None:
    # a demonym given as a toponym span ("Sudanese", "Americans") stands for its country
    cc = gaz.demonym(text) or (gaz.demonym(text[:-1]) if text.endswith("s") else None)
    return gaz.country(cc) if cc else None


def _region_demonym(gaz: Gazetteer, text: str) -> tuple[GazEntry, ...]:
    """"Ohioans", "Texan", "Ontarians", "South Ossetian", "Dagestani", "Abkhaz": the state, province or
    region the people are from."""
    word = text[:-1] if text.endswith(("ns", "is")) else text
    if not word[:1].isupper() or not word.replace(" ", "").isalpha():
        return ()
    if word.endswith("n"):  # Californian -> California, Ohioan -> Ohio, Texan -> Texas, Ontarian -> Ontario
        stems: tuple[str, ...] = (word[:-1], word[:-2], word[:-1] + "s", word[:-2] + "o" if word.endswith("ian") else "")
    elif word.endswith("i"):  # Dagestani -> Dagestan
        stems = (word[:-1],)
    else:  # Abkhaz -> Abkhazia
        stems = (word + "ia",)
    for name in filter(None, stems):
        found = tuple(e for e in gaz.lookup(name)
                      if e.level in ("admin1", "country", "other") and e.name_kind != ALTERNATE)
        if found:
            return found
    return ()


# a feature named after a place lies at or near it: "Hamilton Township", "Neches River", "Lake Lanier"
_FEATURE_AFTER = {"township", "river", "creek", "valley", "lake", "park", "station", "colony", "bay", "island"}
_FEATURE_BEFORE = {"lake", "mount", "fort", "port"}


_GLUE = {"the", "of", "and", "for", "de", "at", "on"}
_STREETS = {"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "drive", "dr", "lane", "ln", "way",
            "terrace", "trail", "alley"}
_GENERIC = {"republic", "kingdom", "union", "federation", "state", "states", "city", "county", "island",
            "islands", "district", "province", "region", "north", "south", "east", "west", "central", "new",
            "metro", "village", "town", "greater", "downtown", "old", "upper", "lower", "great", "little",
            "valley", "river", "lake", "park", "square", "street", "road", "bay"}


def _inside_name(gaz: Gazetteer, text: str) -> tuple[GazEntry, ...]:
    """A building, road or body named after its place: "Henderson County Jail", "S.C. Highway Patrol",
    "Metro Nashville", "Greenbrier-Pocahontas County": the longest place name it starts (or else ends) with."""
    words = text.replace("-", " ").split()
    if len(words) < 2:
        return ()
    # a street named after a town is not in it ("Dublin Road", "Darling Avenue"); a county road is
    street = words[-1].lower().rstrip(".") in _STREETS
    levels = ("admin2",) if street else ("admin2", "admin1", "city", "country", "other")
    parts = [words[:k] for k in range(len(words) - 1, 0, -1)] + [words[k:] for k in range(1, len(words))]
    for part in parts:
        if part[0].lower() in _GLUE or part[-1].lower() in _GLUE or not part[0][:1].isupper():
            continue
        name = " ".join(part)
        if (len(name) < 4 and "." not in name) or name.lower() in _GENERIC:
            continue
        found = tuple(e for e in gaz.lookup(name) if e.name_kind != ALTERNATE and e.level in levels)
        if found:
            return found
    return ()


def _named_after(gaz: Gazetteer, words: list[str]) -> tuple[GazEntry, ...]:
    if len(words) < 2:
        return ()
    if words[-1] in _FEATURE_AFTER:
        rest = words[:-1]
    elif words[0] in _FEATURE_BEFORE:
        rest = words[1:]
    else:
        return ()
    return tuple(e for e in gaz.lookup(" ".join(rest)) if e.name_kind != ALTERNATE and e.level != "country")


__all__ = ["candidates_for"]
