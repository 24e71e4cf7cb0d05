"""The score of one gazetteer candidate for one toponym mention, and the records it reads: the mention
(`Mention`) and the article's evidence (`Context`, filled by `khabar.geo.resolve`). What each term stands for
is listed in resolve's docstring; the weights below were set by hand on the geoparsing dev sets (the optimum
is flat). Split out of geo/resolve.py.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from khabar.geo.gazetteer import ALTERNATE, OFFICIAL, PREFERRED, PRIMARY, GazEntry, normalise

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
