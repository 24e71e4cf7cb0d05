"""Toponym resolution: pick one gazetteer record per mention, using the whole article as context.

Scores add up evidence a reader would use (weights set by hand on the geoparsing dev sets, see
benchmarks/bench_geoparsing.py). Each distinct name counts once as evidence, however often it is
repeated, and never as evidence for itself (ten "Alexandria"s do not make a story Egyptian):

* the article's countries: counted from unambiguous country names and demonyms ("Iraqi"), then from
  the other names' first-pass choices; a candidate in a country bordering those gets a smaller share;
* the article's admin1 regions: every other name votes for the regions its candidates lie in, 1/n each
  (a state's or country's name votes as the region it is), so the state that the article's towns and
  counties share wins: "Gainesville" with "Cooke County" and "Whitesboro" is the Texas one;
* a neighbour name: "Springfield, Illinois" / "Baabda, east of Beirut, Lebanon" restricts the first name;
  a place near an unambiguous place of the article is preferred;
* the name: a pinned alias ("Washington" -> the capital) > GeoNames' own name or khabar's alias >
  an alternate spelling; a capital's name usually means the capital (Moscow, Paris);
* the level: a cue word ("governorate", "province") asks for a region; a bare name that is both a city
  and its region (Kirkuk, Tehran) is the city; a country name is the country;
* population, the prior every geoparser uses.
Names the gazetteer lacks are tried in forms a reader would: a demonym ("Sudanese", "Ohioans") for its
country or state, "W. Va." as "W.Va.", "Loudon Co." as Loudon County, a feature named after a place
("Hamilton Township", "Lake Lanier") at that place, and a building or road named after its place
("Henderson County Jail", "S.C. Highway Patrol") at that place. Anything else stays unresolved.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from khabar.geo.gazetteer import ALTERNATE, OFFICIAL, PREFERRED, GazEntry, Gazetteer, normalise, strip_admin_words

_REGIONS = ("admin1", "admin2", "other")
# "eastern Germany", "Northeast Georgia": a part of a place, resolved as the place
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest",
               "southeast", "southwest", "upper", "lower", "greater"}


@dataclass(slots=True)
class Mention:
    """A toponym candidate found in the text, before resolution."""

    start: int
    end: int
    text: str
    source: str  # text, dateline, gold (benchmarks)
    level_hint: str | None = None  # admin1 / city when a cue word says so
    next_text: str | None = None  # the name after a comma ("Springfield, Illinois")
    # names a country only as a modifier: "the US embassy", "a French flag" (weak evidence, see `Context.weak`)
    weak_evidence: bool = False
    candidates: tuple[GazEntry, ...] = ()
    choice: GazEntry | None = None
    reason: str | None = None


@dataclass(slots=True)
class Context:
    """Evidence from the whole article. Each name counts once however often it is repeated, and a
    name's own evidence is taken out when it is scored (ten "Alexandria"s are no evidence for Egypt)."""

    countries: Counter[str] = field(default_factory=Counter)  # ISO2 -> names (and demonyms) pointing there
    by_name: dict[str, Counter[str]] = field(default_factory=dict)  # name -> its share of `countries`
    admin1: Counter[str] = field(default_factory=Counter)  # admin1 code -> support from the article's names
    admin1_by_name: dict[str, dict[str, float]] = field(default_factory=dict)  # name -> its share of `admin1`
    borders: dict[str, set[str]] = field(default_factory=dict)  # ISO2 -> bordering ISO2 (GeoNames)
    anchors: list[GazEntry] = field(default_factory=list)  # unambiguous non-country places

    country_total: int = 0
    # countries named only as modifiers ("US embassy", "American flag"): such a mention says whose embassy,
    # not where the story is, so it cannot take a famous city's name away to a small namesake
    weak: Counter[str] = field(default_factory=Counter)

    def add_country(self, name: str, cc: str, weak: bool = False) -> None:
        self.countries[cc] += 1
        self.country_total += 1
        self.by_name.setdefault(name, Counter())[cc] += 1
        if weak:
            self.weak[cc] += 1

    def add_admin1_votes(self, name: str, votes: dict[str, float]) -> None:
        self.admin1_by_name[name] = votes
        self.admin1.update(votes)

    def country_share(self, name: str, cc: str, strong_only: bool = False) -> float:
        own = self.by_name.get(name) or Counter()
        count = self.countries.get(cc, 0) - own.get(cc, 0) - (self.weak.get(cc, 0) if strong_only else 0)
        if count <= 0:
            return 0.0
        total = self.country_total - sum(own.values())
        return count / total if total > 0 and count > 0 else 0.0

    def neighbour_share(self, name: str, cc: str) -> float:
        """Share of the other names' evidence that lies in countries bordering `cc`."""
        return sum(self.country_share(name, nb) for nb in self.borders.get(cc, ()) if nb in self.countries)

    def admin1_support(self, name: str, code: str | None) -> float:
        """Votes for admin1 `code` from the article's other names."""
        if not code:
            return 0.0
        votes = self.admin1.get(code, 0.0) - (self.admin1_by_name.get(name) or {}).get(code, 0.0)
        return votes if votes > 1e-9 else 0.0


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
        return candidates_for(gaz, " ".join(words[1:]))
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
    """"Ohioans", "Texan", "Californians", "Ontarians": the state or province the people are from."""
    word = text[:-1] if text.endswith("ns") else text
    if not word.endswith("n") or not word[:1].isupper() or " " in word:
        return ()
    # Californian -> California, Ohioan -> Ohio, Texan -> Texas, Ontarian -> Ontario
    stems = (word[:-1], word[:-2], word[:-1] + "s", word[:-2] + "o" if word.endswith("ian") else "")
    for name in filter(None, stems):
        found = tuple(e for e in gaz.lookup(name) if e.level in ("admin1", "country") and e.name_kind != ALTERNATE)
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


def _km(a: GazEntry, b: GazEntry) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _score(m: Mention, key: str, e: GazEntry, ctx: Context, neighbour: tuple[GazEntry, ...]) -> tuple[float, str]:
    # a sea or region written into aliases.tsv has no population; news names it as often as a big city
    population = e.population or (REGION_PROMINENCE if e.level == "other" else 0)
    score = W_POPULATION * math.log10(population + 1)
    why = "population"
    if e.name_kind == ALTERNATE:
        score -= 3.0
    elif e.name_kind == OFFICIAL:
        score += 0.5
    elif e.name_kind == PREFERRED:
        score += W_PINNED
    if e.feature_code == "PPLC":
        score += 1.5  # a capital's name usually means the capital (Moscow, Paris)
    if e.level == "country":
        score += 4.0
    elif e.level in _REGIONS:
        score += 1.0 if e.level != "admin2" else 0.5
        # a bare name that is also a city of the region (Kirkuk, Tehran) means the city
        if m.level_hint != "admin1" and any(
            c.level == "city" and c.name_kind != ALTERNATE and c.admin1_code == e.admin1_code and c.admin1_code
            for c in m.candidates
        ):
            score -= 3.0
    if m.level_hint == "admin1":
        score += 5.0 if e.level in _REGIONS else -2.0
    elif m.level_hint == "city":
        score += 2.0 if e.level == "city" else -2.0
    if neighbour and any(
        (n.level == "country" and n.country_iso2 == e.country_iso2)
        or (n.level == "admin1" and n.admin1_code == e.admin1_code)
        or (n.level != "country" and n.id != e.id and _km(n, e) < 50)
        for n in neighbour
    ):
        score += 6.0
        why = "neighbour"
    # a famous capital or big city keeps its name against a small namesake whose country the article names
    # only as a modifier ("outside the US embassy in Cairo")
    famous = _famous(m)
    share = ctx.country_share(key, e.country_iso2, strong_only=famous is not None and famous is not e
                              and famous.country_iso2 != e.country_iso2)
    if share > 0:
        score += 0.5 + W_COUNTRY * share
        why = "context_country" if why == "population" else why
    elif ctx.neighbour_share(key, e.country_iso2) > 0:
        score += 1.0
        why = "neighbour_country" if why == "population" else why
    if e.level != "country":
        support = ctx.admin1_support(key, e.admin1_code)
        if support > 0:
            # "Gainesville" with Cooke and Grayson counties is the Texas one
            score += W_ADMIN1 * min(support, ADMIN1_CAP)
            why = "context_admin1" if why in ("population", "context_country") else why
    if e.level != "country" and any(a.id != e.id and _km(a, e) < 150 for a in ctx.anchors):
        score += 1.5
        why = "near_other_places" if why == "population" else why
    if e.name_kind in (OFFICIAL, PREFERRED) and why == "population":
        why = "alias"
    return score, why


# weights of the population prior, the country share and the admin1 votes (set on the dev sets; the
# optimum is flat: +-25% moves Acc@161km by under 0.3 points)
W_POPULATION, W_COUNTRY, W_ADMIN1, ADMIN1_CAP, W_PINNED = 0.5, 4.0, 2.0, 2.0, 3.0
REGION_PROMINENCE = 10_000_000


FAMOUS_POPULATION = 1_000_000


def _famous(m: Mention) -> GazEntry | None:
    """The world-famous place a name usually means: a capital or a city of a million, by its own name."""
    best = None
    for c in m.candidates:
        if c.level == "city" and c.name_kind != ALTERNATE and (
            c.population >= FAMOUS_POPULATION or (c.feature_code == "PPLC" and c.population >= 100_000)
        ) and (best is None or c.population > best.population):
            best = c
    return best


def _unambiguous(m: Mention) -> GazEntry | None:
    primary = [c for c in m.candidates if c.name_kind != ALTERNATE]
    if len(primary) == 1:
        return primary[0]
    countries = [c for c in primary if c.level == "country"]
    if len(countries) == 1 and not any(c.level == "admin1" for c in primary):  # not Georgia (US state)
        return countries[0]
    return None


def _admin1_votes(m: Mention) -> dict[str, float]:
    """The admin1 regions a name can lie in, each weighted 1/n: an unambiguous name votes fully.
    A region's or country's name votes as that ("Oregon" is the state, not its namesake towns)."""
    named = [c for c in m.candidates if c.name_kind != ALTERNATE]
    regions = [c for c in named if c.level in ("admin1", "country")]
    options = {c.admin1_code or c.country_iso2 for c in (regions or named)}
    return {c.admin1_code: 1.0 / len(options) for c in (regions or named) if c.admin1_code and c.level != "country"}


def resolve(gaz: Gazetteer, mentions: list[Mention], demonyms: list[str], context: Sequence[str] = (),
            weak_demonyms: Sequence[str] = ()) -> Context:
    """Choose `m.choice` for every mention in place (None when nothing fits); returns the evidence used.

    `context`: names that are evidence but no mention, such as the county in "Clarke County Superior
    Court": they vote for their regions like the mentions do. `weak_demonyms`: countries of demonyms that
    modify a non-place noun ("American officials"), weak evidence (see `Context.weak`)."""
    ctx = Context()
    for cc in demonyms:
        ctx.add_country("", cc)
    for cc in weak_demonyms:
        ctx.add_country("", cc, weak=True)
    for name in dict.fromkeys(context):
        key = normalise(name)
        if key and key not in ctx.admin1_by_name:
            ctx.add_admin1_votes(key, _admin1_votes(Mention(0, 0, name, "context", candidates=gaz.lookup(name))))
    first: dict[str, Mention] = {}  # normalised name -> its first mention
    strong: set[str] = set()  # names mentioned at least once other than as a modifier
    for m in mentions:
        if not m.candidates:
            m.candidates, hint = candidates_for(gaz, m.text)
            m.level_hint = m.level_hint or hint
        first.setdefault(normalise(m.text), m)
        if not m.weak_evidence:
            strong.add(normalise(m.text))
    for key, m in first.items():
        sure = _unambiguous(m)
        if sure is not None and sure.country_iso2:
            ctx.add_country(key, sure.country_iso2, weak=key not in strong and sure.level == "country")
            if sure.level not in ("country", "admin1"):
                ctx.anchors.append(sure)
        if key not in ctx.admin1_by_name:  # a context name's votes are the same
            ctx.add_admin1_votes(key, _admin1_votes(m))
    for m in mentions:
        for c in m.candidates:
            if c.country_iso2 and c.country_iso2 not in ctx.borders:
                ctx.borders[c.country_iso2] = gaz.neighbours(c.country_iso2)
    # two passes: the first resolution's countries become context for the second
    for rounds in range(2):
        chosen: dict[str, str] = {}
        for m in mentions:
            key = normalise(m.text)
            neighbour: tuple[GazEntry, ...] = ()
            if m.next_text:
                nxt = first.get(normalise(m.next_text))
                neighbour = nxt.candidates if nxt else candidates_for(gaz, m.next_text)[0]
                neighbour = tuple(n for n in neighbour if n.level in ("country", "admin1") or n.name_kind != ALTERNATE)
            best, best_score, best_why = None, -math.inf, None
            for e in m.candidates:
                s, why = _score(m, key, e, ctx, neighbour)
                if s > best_score:
                    best, best_score, best_why = e, s, why
            if best is not None and best.name_kind == ALTERNATE and best_score < 1.0:
                best = None  # only a weak alternate spelling: better unresolved than wrong
            m.choice, m.reason = best, (best_why if best else "no_candidate")
            if best is not None and best.country_iso2 and rounds == 0:
                chosen.setdefault(key, best.country_iso2)
        if rounds == 0:
            for key, cc in chosen.items():
                ctx.add_country(key, cc)
    return ctx
