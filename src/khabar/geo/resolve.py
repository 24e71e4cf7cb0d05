"""Toponym resolution: pick one gazetteer record per mention, using the whole article as context.

Scores add up evidence a reader would use (weights set by hand on the geoparsing dev sets, see
benchmarks/bench_geoparsing.py). Each distinct name counts once as evidence, however often it is
repeated, and never as evidence for itself (ten "Alexandria"s do not make a story Egyptian):

* the article's countries: counted from unambiguous country names, demonyms ("Iraqi") and known actors
  ("Hezbollah"; `khabar.geo.evidence`), then from the other names' first-pass choices; a candidate in a
  country bordering those gets a smaller share. This is what tells same-name places in different
  countries apart (Tripoli, Libya / Lebanon; Punjab, Pakistan / India), as Mordecai's and CLAVIN's
  country context does. Weak evidence (a demonym that says whose: "the Lebanese army"; an actor) decides
  between namesakes of a size but cannot take a famous city's name to one a tenth its size ("the US
  embassy in Cairo"); a country named in the mention's own sentence counts once more, so a long article
  about many countries still places "clashes in Tripoli and Beirut" in Lebanon;
* the article's admin1 regions: every other name votes for the regions its candidates lie in, 1/n each
  (a state's or country's name votes as the region it is), so the state that the article's towns and
  counties share wins: "Gainesville" with "Cooke County" and "Whitesboro" is the Texas one;
* a neighbour name: "Springfield, Illinois" / "Baabda, east of Beirut, Lebanon" restricts the first name;
  a place near an unambiguous place of the article is preferred;
* the name: a pinned alias ("Washington" -> the capital) > GeoNames' own name or khabar's alias >
  an alternate spelling; a capital's name usually means the capital (Moscow, Paris);
* the level: a cue word ("governorate", "province") asks for a region; a bare name that is both a city
  and its region (Kirkuk, Tehran) is the city, and as prominent as the region (Córdoba, Argentina against
  Córdoba department, Colombia); a country name is the country;
* population, the prior every geoparser uses.
Names the gazetteer lacks are tried in the forms a reader would (`khabar.geo.candidates`); anything else
stays unresolved.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from khabar.geo.candidates import candidates_for
from khabar.geo.gazetteer import ALTERNATE, OFFICIAL, PREFERRED, PRIMARY, GazEntry, Gazetteer, normalise

_REGIONS = ("admin1", "admin2", "other")


@dataclass(slots=True)
class Mention:
    """A toponym candidate found in the text, before resolution."""

    start: int
    end: int
    text: str
    source: str  # text, dateline, gold (benchmarks)
    level_hint: str | None = None  # admin1 / city when a cue word says so
    next_text: str | None = None  # the name after a comma ("Springfield, Illinois")
    # names a country only as a modifier: "the US embassy", "a French flag" (see `Context.foreign`)
    weak_evidence: bool = False
    sentence: int | None = None  # start offset of its sentence: a country named there is the nearest context
    # the toponyms coordinated with it ("Florida and Cuba"): a country listed beside a place is its peer, not
    # the country it lies in (`Context.country_share`)
    peers: tuple[str, ...] = ()
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
    # candidate row id -> how many other names have a town or county candidate within NEAR_KM of it
    near: dict[int, int] = field(default_factory=dict)
    anchor_near: dict[int, bool] = field(default_factory=dict)  # candidate row id -> an anchor within 150 km
    # name -> the admin1 regions it is the own name of, and their countries ("california" -> US.CA, US): its
    # towns elsewhere in those countries are namesakes
    region_names: dict[str, set[str]] = field(default_factory=dict)

    # sentence start -> (name, ISO2) of the countries named in it: demonyms and known actors (name ""),
    # unambiguous places, the first pass's choices
    sentences: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    country_total: int = 0
    country_names: set[str] = field(default_factory=set)  # names whose one meaning is a country ("Cuba")
    # sentence start -> ISO2 of local people's demonyms there ("Colombian police": `Evidence.local`)
    local: dict[int, set[str]] = field(default_factory=dict)
    # weak evidence: countries named as modifiers ("American officials", "the Lebanese army") or by known
    # actors: they decide between namesakes of a size, but cannot take a famous city's name away to a far
    # smaller namesake (`WEAK_RATIO`)
    weak: Counter[str] = field(default_factory=Counter)
    # the weakest, part of `weak`: the owner of an embassy or a flag ("the US embassy", "the Lebanese
    # embassy in Tripoli") says whose, never where: it cannot take a famous city's name away at all
    foreign: Counter[str] = field(default_factory=Counter)

    def add_country(self, name: str, cc: str, weak: bool = False, foreign: bool = False) -> None:
        self.countries[cc] += 1
        self.country_total += 1
        self.by_name.setdefault(name, Counter())[cc] += 1
        if weak or foreign:
            self.weak[cc] += 1
        if foreign:
            self.foreign[cc] += 1

    def add_admin1_votes(self, name: str, votes: dict[str, float]) -> None:
        self.admin1_by_name[name] = votes
        self.admin1.update(votes)

    def country_share(self, name: str, cc: str, strong_only: bool = False, no_foreign: bool = False,
                      peers: Sequence[str] = ()) -> float:
        own = self.by_name.get(name) or _NO_COUNTS
        for peer in peers:  # a country listed beside the name: "Florida and Cuba" is no Cuban Florida
            if peer in self.country_names:
                own = own + (self.by_name.get(peer) or Counter())
        left_out = self.weak.get(cc, 0) if strong_only else self.foreign.get(cc, 0) if no_foreign else 0
        count = self.countries.get(cc, 0) - own.get(cc, 0) - left_out
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


_NO_COUNTS: Counter[str] = Counter()  # read only: `own + other` makes a new Counter


def _km(a: GazEntry, b: GazEntry) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _score(m: Mention, key: str, e: GazEntry, ctx: Context, neighbour: tuple[GazEntry, ...],
           famous: GazEntry | None, city_regions: set[str], own_region_pop: dict[str, int],
           peer_keys: tuple[str, ...], shares: dict, memo: dict) -> tuple[float, str]:
    """One candidate's score and the evidence that decided it. `famous`: `_famous(m)`; `city_regions`: the
    admin1 codes of the mention's towns (by their own names); `own_region_pop`: admin1 code -> population of
    a region of the mention's name that holds a town of that name (Kirkuk, Idlib, Gaza); `peer_keys`: the
    normalised `m.peers`; `shares`: the mention's country shares so far (its candidates share countries);
    `memo`: what depends on the candidates alone, kept between the passes (only the country evidence
    changes between them)."""
    fixed = memo.get(e.id)
    if fixed is None:
        fixed = memo[e.id] = _fixed_score(m, key, e, ctx, neighbour, famous, city_regions, own_region_pop,
                                          peer_keys)
    score, why, abroad, peers, strong_only, admin1_term, near_term, anchor = fixed
    share = shares.get((e.country_iso2, strong_only, abroad, peers))
    if share is None:
        share = shares[(e.country_iso2, strong_only, abroad, peers)] = ctx.country_share(
            key, e.country_iso2, strong_only=strong_only, no_foreign=abroad, peers=peers)
    nb_share = shares.get(e.country_iso2)
    if nb_share is None:
        nb_share = shares[e.country_iso2] = ctx.neighbour_share(key, e.country_iso2)
    if share > 0:
        # the neighbours count too: Tripoli in an article on Lebanon, Syria and Israel is the Lebanese one
        score += 0.5 + W_COUNTRY * share + W_NEIGHBOURS * min(1.0, nb_share)
        why = "context_country" if why == "population" else why
    elif nb_share > 0:
        score += 1.0
        why = "neighbour_country" if why == "population" else why
    if admin1_term is not None:
        # "Gainesville" with Cooke and Grayson counties is the Texas one
        score += admin1_term
        why = "context_admin1" if why in ("population", "context_country") else why
    if near_term is not None:
        # "Huntsville" with "Walker County": the Huntsville that lies in a Walker County
        score += near_term
        why = "near_other_places" if why in ("population", "context_country") else why
    if anchor:
        score += 1.5
        why = "near_other_places" if why == "population" else why
    if e.name_kind in (OFFICIAL, PREFERRED) and why == "population":
        why = "alias"
    return score, why


def _fixed_score(m: Mention, key: str, e: GazEntry, ctx: Context, neighbour: tuple[GazEntry, ...],
                 famous: GazEntry | None, city_regions: set[str], own_region_pop: dict[str, int],
                 peer_keys: tuple[str, ...]) -> tuple:
    """The part of `_score` that the passes share: the score before the country evidence and why, what
    that evidence is asked (`abroad`, the peers, strong evidence only), and the admin1, nearby-names and
    anchor terms added after it (None when they add nothing), in `_score`'s order of addition."""
    # a sea or region written into aliases.tsv has no population; news names it as often as a big city
    population = e.population or (REGION_PROMINENCE if e.level == "other" else 0)
    pair = False
    if e.level == "city" and e.name_kind != ALTERNATE and e.admin1_code in own_region_pop:
        # a town that gives its region its name is known by both: the pair's prominence is the region's,
        # so a namesake region abroad (Gaza Province, Mozambique; Córdoba, Colombia) cannot win on
        # population alone, nor on being a region (against one, the pair gets a region's bonus)
        population = max(population, own_region_pop[e.admin1_code])
        pair = any(c.level == "admin1" and c.country_iso2 != e.country_iso2 and c.name_kind != ALTERNATE
                   for c in m.candidates)
    score = W_POPULATION * math.log10(population + 1) + (1.0 if pair else 0.0)
    why = "population"
    if e.name_kind == ALTERNATE:
        score -= 3.0
    elif e.name_kind == OFFICIAL:
        score += 0.5
    elif e.name_kind == PREFERRED:
        score += W_PINNED
    if e.feature_code == "PPLC":
        # a capital's name usually means the capital (Moscow, Paris); the bonus of a pair (above) is a
        # prominence bonus too, and the two do not add up
        score += 1.5 - (1.0 if pair else 0.0)
    if (e.level == "city" and e.name_kind != PREFERRED and (regions := ctx.region_names.get(key))
            and e.country_iso2 in regions and e.admin1_code not in regions):
        score -= W_REGION_NAMESAKE  # "Florida" is the state, not Florida, New York
    if e.level == "country":
        score += 4.0
    elif e.level in _REGIONS:
        score += 1.0 if e.level != "admin2" else 0.5
        # a bare name that is also a city of the region (Kirkuk, Tehran) means the city; a region that
        # aliases.tsv pins by GeoNames id is what news means by the name
        if m.level_hint != "admin1" and e.admin1_code in city_regions and e.name_kind != PREFERRED:
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
    # a famous capital or big city keeps its name against a far smaller namesake whose country the article
    # names only weakly ("American officials in Cairo"), or against any namesake whose country it names as
    # an embassy's owner ("the Lebanese embassy in Tripoli"); between places of a size (Tripoli, Libya and
    # Tripoli, Lebanon) weak evidence ("the Lebanese army said") decides like any other
    abroad = famous is not None and famous is not e and famous.country_iso2 != e.country_iso2
    peers = peer_keys if e.level != "country" else ()
    admin1_term = None
    if e.level != "country":
        support = ctx.admin1_support(key, e.admin1_code)  # the admin1 votes are all in before the passes
        if support > 0:
            admin1_term = W_ADMIN1 * min(support, ADMIN1_CAP)
    near = ctx.near.get(e.id, 0)
    near_term = W_NEAR * min(near, NEAR_CAP) if near else None
    anchor = bool(e.level != "country" and ctx.anchors and _near_anchor(ctx, e))
    return score, why, abroad, peers, _far_smaller(e, famous), admin1_term, near_term, anchor


def _sentence_candidates(m: Mention, key: str, ctx: Context, lone: dict[int, bool] | None = None) -> set[int]:
    """Row ids of the candidates in a country that the mention's own sentence names otherwise ("Zaire/Congo"
    is the DRC even in a story on the Republic of the Congo). Not a namesake abroad far smaller than the
    most prominent place of that name (weak evidence, as `_far_smaller`: not Moscow, Pennsylvania, nor
    Italy, Texas, nor Florida, Cuba), and not one of two records of a place the gazetteer files under two
    countries 50 km apart or less (Jerusalem): the sentence tells namesakes apart, not those. `lone`: that
    last test's answers by row id, kept between the passes (it depends on the candidates alone)."""
    in_sentence = ctx.sentences.get(m.sentence) if m.sentence is not None else None
    if not in_sentence:
        return set()
    peers = {normalise(p) for p in m.peers} & ctx.country_names
    named = {cc for k, cc in in_sentence if k != key and k not in peers}
    if not named:
        return set()
    # local people of the sentence ("Colombian police in Armenia") carry the name to a far smaller namesake
    local = ctx.local.get(m.sentence, set()) if m.sentence is not None else set()
    own = [c for c in m.candidates if c.name_kind != ALTERNATE]
    top = max(own, key=lambda c: c.population, default=None)
    if lone is None:
        lone = {}
    out = set()
    for e in own:
        if e.country_iso2 in named and (e.country_iso2 in local or not _far_smaller(e, top)):
            alone = lone.get(e.id)
            if alone is None:
                alone = lone[e.id] = not any(o.country_iso2 != e.country_iso2 and _km(o, e) <= 50 for o in own)
            if alone:
                out.add(e.id)
    return out


def _far_smaller(e: GazEntry, famous: GazEntry | None) -> bool:
    """Whether `e` is a namesake abroad of the famous place, an order of magnitude smaller."""
    return (famous is not None and famous is not e and famous.country_iso2 != e.country_iso2
            and e.population < WEAK_RATIO * famous.population)


def _near_anchor(ctx: Context, e: GazEntry) -> bool:
    """Whether one of the article's unambiguous places lies within 150 km of `e` (once per candidate)."""
    hit = ctx.anchor_near.get(e.id)
    if hit is None:
        hit = ctx.anchor_near[e.id] = any(a.id != e.id and _km(a, e) < 150 for a in ctx.anchors)
    return hit


# weights of the population prior, the country share and the admin1 votes (set on the dev sets; the
# optimum is flat: +-25% moves Acc@161km by under 0.3 points)
W_POPULATION, W_COUNTRY, W_ADMIN1, ADMIN1_CAP, W_PINNED = 0.5, 4.0, 2.0, 2.0, 3.0
W_NEAR, NEAR_CAP, NEAR_KM = 1.5, 2, 40.0  # flat optimum: 1.0-1.5, 40-60 km
W_REGION_NAMESAKE = 2.0
REGION_PROMINENCE = 10_000_000


FAMOUS_POPULATION = 1_000_000
FAMOUS_REGION = 2_000_000  # a state or province this big is as well known as a city of a million
# a country bordering the article's countries (added to the country share, at most this much); the
# mention's own sentence naming the candidate's country (both flat on the dev sets from 0.5 to 1.5)
W_NEIGHBOURS, W_SENTENCE = 1.0, 1.0
WEAK_RATIO = 0.1  # weak evidence cannot carry a famous name to a namesake under a tenth of its size


def _famous(m: Mention) -> GazEntry | None:
    """The world-famous place a name usually means: a capital or a city of a million, by its own name; else
    a big state or province ("Florida": a Cuban official's word does not make it the Cuban town)."""
    best = region = None
    for c in m.candidates:
        if c.level == "city" and c.name_kind != ALTERNATE and (
            c.population >= FAMOUS_POPULATION or (c.feature_code == "PPLC" and c.population >= 100_000)
        ) and (best is None or c.population > best.population):
            best = c
        elif (c.level == "admin1" and c.name_kind in (PREFERRED, PRIMARY) and c.population >= FAMOUS_REGION
              and (region is None or c.population > region.population)):
            region = c
    return best or region


_LOCAL = ("city", "admin2")
# grid cells of half a degree of latitude by one of longitude: a 3x3 block holds every point within NEAR_KM
# of its middle cell up to 69 degrees of latitude (one degree of longitude is still 40 km there)
_CELL_LAT, _CELL_LON = 0.5, 1.0


def _near_other_names(first: dict[str, Mention]) -> dict[int, int]:
    """For each town or county candidate, how many of the article's other names have a town or county
    candidate within NEAR_KM of it. Two namesakes of different names seldom lie that close by chance, so a
    pair that does is what the article means ("Huntsville" and "Walker County" in Texas). A grid of
    half-degree cells keeps this linear in the number of candidates."""
    grid: dict[tuple[int, int], list[tuple[str, GazEntry]]] = {}
    for key, m in first.items():
        for c in m.candidates:
            if c.level in _LOCAL and c.name_kind != ALTERNATE:
                grid.setdefault((int(c.lat // _CELL_LAT), int(c.lon // _CELL_LON)), []).append((key, c))
    if len(grid) < 2 and sum(len(v) for v in grid.values()) < 2:
        return {}
    near: dict[int, int] = {}
    for (gy, gx), cell in grid.items():
        for key, c in cell:
            names = {
                other for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                for other, o in grid.get((gy + dy, gx + dx), ())
                if other != key and _km(o, c) < NEAR_KM
            }
            if names:
                near[c.id] = len(names)
    return near


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
            weak_demonyms: Sequence[str] = (), near: Sequence[tuple[int, str]] = (),
            foreign_demonyms: Sequence[str] = (), local: Sequence[tuple[int, str]] = ()) -> Context:
    """Choose `m.choice` for every mention in place (None when nothing fits); returns the evidence used.

    `context`: names that are evidence but no mention, such as the county in "Clarke County Superior
    Court": they vote for their regions like the mentions do. `weak_demonyms`: countries of demonyms that
    modify a non-place noun ("American officials") and of known actors, weak evidence (see `Context.weak`);
    `foreign_demonyms`: those of an embassy's or a flag's owner (`Context.foreign`); `near`: (sentence
    start, ISO2) of the demonyms and actors, for the mentions of their sentence (`Mention.sentence`)."""
    ctx = Context()
    for sentence, cc in near:
        ctx.sentences.setdefault(sentence, []).append(("", cc))
    for sentence, cc in local:
        ctx.local.setdefault(sentence, set()).add(cc)
    for cc in demonyms:
        ctx.add_country("", cc)
    for cc in weak_demonyms:
        ctx.add_country("", cc, weak=True)
    for cc in foreign_demonyms:
        ctx.add_country("", cc, foreign=True)
    for name in dict.fromkeys(context):
        key = normalise(name)
        if key and key not in ctx.admin1_by_name:
            ctx.add_admin1_votes(key, _admin1_votes(Mention(0, 0, name, "context", candidates=gaz.lookup(name))))
    first: dict[str, Mention] = {}  # normalised name -> its first mention
    strong: set[str] = set()  # names mentioned at least once other than as a modifier
    found_for: dict[str, tuple[tuple[GazEntry, ...], str | None]] = {}  # a repeated name is looked up once
    keys: list[str] = []
    key_of: dict[str, str] = {}
    for m in mentions:
        if not m.candidates:
            got = found_for.get(m.text)
            if got is None:
                got = found_for[m.text] = candidates_for(gaz, m.text)
            m.candidates, hint = got
            m.level_hint = m.level_hint or hint
        key = key_of.get(m.text)
        if key is None:
            key = key_of[m.text] = normalise(m.text)
        keys.append(key)
        first.setdefault(key, m)
        if not m.weak_evidence:
            strong.add(key)
    for key, m in first.items():
        sure = _unambiguous(m)
        if sure is not None and sure.country_iso2:
            ctx.add_country(key, sure.country_iso2, foreign=key not in strong and sure.level == "country")
            if sure.level == "country":
                ctx.country_names.add(key)
            if sure.level not in ("country", "admin1"):
                ctx.anchors.append(sure)
        if key not in ctx.admin1_by_name:  # a context name's votes are the same
            ctx.add_admin1_votes(key, _admin1_votes(m))
    for m, key in zip(mentions, keys):
        sure = _unambiguous(m) if m.sentence is not None and not m.weak_evidence else None
        if sure is not None and sure.country_iso2:
            ctx.sentences.setdefault(m.sentence, []).append((key, sure.country_iso2))
    seen: set[int] = set()  # a repeated name shares its candidates
    for m in mentions:
        if id(m.candidates) in seen:
            continue
        seen.add(id(m.candidates))
        for c in m.candidates:
            if c.country_iso2 and c.country_iso2 not in ctx.borders:
                ctx.borders[c.country_iso2] = gaz.neighbours(c.country_iso2)
    ctx.near = _near_other_names(first)
    for key, m in first.items():
        regions = [c for c in m.candidates if c.level == "admin1" and c.name_kind in (PRIMARY, OFFICIAL) and c.admin1_code]
        if regions:
            ctx.region_names[key] = {c.admin1_code for c in regions} | {c.country_iso2 for c in regions}
    # two passes: the first resolution's countries become context for the second
    prep: dict[tuple, tuple] = {}  # what a mention's choice takes from its own candidates, for both passes
    for rounds in range(2):
        chosen: dict[str, str] = {}
        in_sentences: list[tuple[int, str, str]] = []
        # a repeated mention (same text, cue, neighbour, candidates and sentence) is scored once per pass
        done: dict[tuple, tuple[GazEntry | None, str]] = {}
        for m, key in zip(mentions, keys):
            sig = (m.text, m.level_hint, m.next_text, id(m.candidates), m.sentence)
            hit = done.get(sig)
            if hit is None:
                if sig not in prep:  # the first pass's mention of this signature is the second's too
                    prep[sig] = _prepare(gaz, m, first)
                hit = done[sig] = _choose(gaz, m, key, ctx, first, prep[sig])
            m.choice, m.reason = hit
            if m.choice is not None and m.choice.country_iso2 and rounds == 0:
                chosen.setdefault(key, m.choice.country_iso2)
                if m.sentence is not None and not m.weak_evidence and _unambiguous(m) is None:
                    in_sentences.append((m.sentence, key, m.choice.country_iso2))
        if rounds == 0:
            for key, cc in chosen.items():
                ctx.add_country(key, cc, foreign=key not in strong)  # "the US embassy" stays whose
            for sentence, key, cc in in_sentences:
                ctx.sentences.setdefault(sentence, []).append((key, cc))
    return ctx


def _prepare(gaz: Gazetteer, m: Mention, first: dict[str, Mention]) -> tuple:
    """What scoring a mention takes from its candidates and its neighbour's, the same in both passes: the
    neighbour's candidates, `_famous`, the admin1 codes of its towns, the populations of the regions named
    after them, its peers' keys, `_sentence_candidates`'s memo of lone records and `_score`'s of its fixed
    part, by row id."""
    neighbour: tuple[GazEntry, ...] = ()
    if m.next_text:
        nxt = first.get(normalise(m.next_text))
        neighbour = nxt.candidates if nxt else candidates_for(gaz, m.next_text)[0]
        neighbour = tuple(n for n in neighbour if n.level in ("country", "admin1") or n.name_kind != ALTERNATE)
    city_regions = {c.admin1_code for c in m.candidates if c.level == "city" and c.name_kind != ALTERNATE and c.admin1_code}
    own_region_pop = {c.admin1_code: c.population for c in m.candidates
                      if c.level == "admin1" and c.name_kind != ALTERNATE and c.admin1_code in city_regions}
    return neighbour, _famous(m), city_regions, own_region_pop, tuple(normalise(p) for p in m.peers), {}, {}


def _choose(gaz: Gazetteer, m: Mention, key: str, ctx: Context, first: dict[str, Mention],
            prep: tuple | None = None) -> tuple[GazEntry | None, str]:
    """The best-scoring candidate of a mention and why (None and "no_candidate" when nothing fits); `prep`:
    `_prepare`'s answer when the first pass made it."""
    neighbour, famous, city_regions, own_region_pop, peer_keys, lone, fixed = prep or _prepare(gaz, m, first)
    best, best_score, best_why = None, -math.inf, None
    in_sentence = _sentence_candidates(m, key, ctx, lone) if W_SENTENCE else set()
    shares: dict = {}  # the context does not change while one mention is scored
    for e in m.candidates:
        s, why = _score(m, key, e, ctx, neighbour, famous, city_regions, own_region_pop, peer_keys, shares, fixed)
        if e.id in in_sentence:
            s += W_SENTENCE  # "Gunmen clashed in Tripoli, the Lebanese army said"
            why = "context_country" if why == "population" else why
        if s > best_score:
            best, best_score, best_why = e, s, why
    if best is not None and best.name_kind == ALTERNATE and best_score < 1.0:
        best = None  # only a weak alternate spelling: better unresolved than wrong
    return best, (best_why if best else "no_candidate")
