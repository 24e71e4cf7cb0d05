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
stays unresolved. This module gathers the evidence and runs the two passes; `khabar.geo.scoring` holds the
records (`Mention`, `Context`) and the score of one candidate with its weights.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from khabar.geo.candidates import candidates_for
from khabar.geo.gazetteer import ALTERNATE, OFFICIAL, PRIMARY, GazEntry, Gazetteer, normalise
from khabar.geo.scoring import NEAR_KM, W_SENTENCE, Context, Mention, _famous, _km, _score, _sentence_candidates

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
