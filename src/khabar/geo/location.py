"""Event location: which of the article's places an event happened at, and why that one.

In order of preference (the `reason` of the EventLocation):

1. locative_phrase: a place inside a locative phrase attached to the trigger ("clashes *in* Kirkuk",
   "pursue remnants *in the southwestern areas of* Kirkuk", "10 km *southwest of* Mosul"), found by
   climbing the dependency tree from the place to the trigger without leaving the trigger's clause.
   A place that is the trigger's own argument ("shelled Kharkiv") counts too; among several, the most
   specific (city over region over country) and the closest in the tree wins;
2. sentence: else the place nearest the trigger in its sentence;
3. dateline: else the article's dateline place ("BEIRUT (AP) -");
4. article_main_place: else the article's most-mentioned resolved place;
5. none.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.records import EventLocation, Place

LOCATIVE_PREPS = {"in", "at", "near", "on", "across", "outside", "inside", "around", "throughout", "within",
                  "into", "off", "along", "over", "between", "beyond", "outside", "nearby", "by", "to", "toward",
                  "towards", "amid", "through", "via"}
# nouns that make a place phrase locative ("10 km southwest of", "the outskirts of", "the town of")
PLACE_NOUNS = {"city", "town", "village", "villages", "neighbourhood", "neighborhood", "district", "districts",
               "province", "region", "governorate", "area", "areas", "suburb", "suburbs", "camp", "commune",
               "locality", "localities", "countryside", "streets", "street", "capital", "county", "state",
               "outskirts", "border", "borders", "part", "parts", "heart", "center", "centre", "island"}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern",
              "southern", "eastern", "western", "km", "kilometers", "kilometres", "miles"} | PLACE_NOUNS
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "ROOT"}
_SPECIFIC = {"city": 0, None: 0, "other": 1, "admin1": 2, "country": 3}  # None: unresolved, usually small
_MODIFIER_DEPS = {"compound", "poss", "amod", "nmod", "nummod"}
_REFERENCE_CUES = {"bordering", "borders", "from", "facing", "toward", "towards", "than"}
_DATELINE = re.compile(r"\s*([A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s")


def dateline_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of dateline places ("BAGHDAD (Reuters) -") at the start of the first paragraphs."""
    article = doc._.article
    blocks = [b for b in (article.blocks if article else []) if b.kind == "paragraph"][:2]
    out = []
    for start in [b.start for b in blocks] or [0]:
        m = _DATELINE.match(doc.text, start)
        if m and m.group(1).strip():
            out.append((m.start(1), m.start(1) + len(m.group(1).rstrip())))
    return out


def _tokens(doc: Doc, trigger: Token | SpacySpan) -> list[Token]:
    return [trigger] if isinstance(trigger, Token) else list(trigger)


def _place_root(doc: Doc, place: Place) -> Token | None:
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _climb(root: Token, targets: set[int]) -> tuple[bool, bool, int] | None:
    """(reached, locative, steps) when climbing heads from `root` reaches a target within its clause."""
    tok, locative, steps = root, False, 0
    while steps < 15:
        if tok.i in targets:
            return True, locative, steps
        if tok.lower_ in LOCATIVE_PREPS and tok.dep_ in ("prep", "agent", "advmod", "dative"):
            locative = True
        if tok.lower_ in DIRECTIONS and tok is not root:
            locative = True
        if tok.head is tok:
            return None
        if tok is not root and tok.pos_ in ("VERB", "AUX") and tok.dep_ in _CLAUSE_DEPS:
            return None  # a different clause's verb: the place belongs to that clause
        tok, steps = tok.head, steps + 1
    return None


def _is_modifier(root: Token) -> bool:
    """"U.S. soldiers", "Colombia's rebels": a place naming whose people/things, not where."""
    return root.dep_ in _MODIFIER_DEPS and root.head.pos_ == "NOUN" and root.head.lower_ not in PLACE_NOUNS


def _is_reference(doc: Doc, p: Place) -> bool:
    """"areas of Kirkuk bordering Salaheddine", "flew from Paris": a landmark, not the event's place."""
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in _REFERENCE_CUES


def _named_by_place_noun(root: Token) -> bool:
    """"the town of Umm Batna", "the neighbourhood of Al-Bayaa": the most specific place of its phrase."""
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in PLACE_NOUNS


def location_for(doc: Doc, trigger: Token | SpacySpan) -> EventLocation:
    """Where the event triggered by `trigger` happened, with the reason for the choice."""
    places: list[Place] | None = doc._.khabar_places
    if places is None:
        from khabar.geo.places import find_places

        places = find_places(doc)
        doc._.khabar_places = places
    toks = _tokens(doc, trigger)
    if not toks:
        return EventLocation(place_id=None, text=None, reason="none")
    sent = toks[0].sent
    targets = {t.i for t in toks}
    head = toks[0] if len(toks) == 1 else SpacySpan(doc, toks[0].i, toks[-1].i + 1).root
    if head.pos_ in ("NOUN", "PROPN") and head.head is not head:
        targets.add(head.head.i)  # "the attack in Kirkuk" and "an attack took place in Kirkuk"
    in_sent = [p for p in places if sent.start_char <= p.start < sent.end_char]

    best, best_key = None, None
    candidates = []
    for p in in_sent:
        root = _place_root(doc, p)
        if root is None or root.i in targets or _is_modifier(root):
            continue
        candidates.append(p)
        got = _climb(root, targets)
        if got is None:
            continue
        _, locative, steps = got
        specific = _SPECIFIC.get(p.level if p.resolved else None, 1)
        rank = 2 if _is_reference(doc, p) else 0 if locative else 1
        key = (rank, 0 if _named_by_place_noun(root) else 1, specific, steps)
        if best_key is None or key < best_key:
            best, best_key = p, key
    if best is not None:
        return _loc(best, "locative_phrase" if best_key[0] == 0 else "sentence")  # rank 2: only a landmark
    if candidates:
        anchor = toks[0].idx
        nearest = min(candidates, key=lambda p: (abs(p.start - anchor), _SPECIFIC.get(p.level, 1)))
        return _loc(nearest, "sentence")
    datelines = dateline_spans(doc)
    for p in places:
        if any(a <= p.start < b for a, b in datelines):
            return _loc(p, "dateline")
    main = main_place(places, doc)
    if main is not None:
        return _loc(main, "article_main_place")
    return EventLocation(place_id=None, text=None, reason="none")


def main_place(places: list[Place], doc: Doc | None = None) -> Place | None:
    """The most-mentioned resolved place (ties: the more specific, then the earlier). With the doc,
    mentions that only qualify people or things ("U.S. soldiers") do not count."""
    resolved = [p for p in places if p.resolved]
    if doc is not None:
        resolved = [p for p in resolved if (root := _place_root(doc, p)) is None or not _is_modifier(root)]
    if not resolved:
        return None
    counts = Counter((p.geonameid, p.name, p.country_iso2) for p in resolved)
    first: dict[tuple, Place] = {}
    for p in resolved:
        first.setdefault((p.geonameid, p.name, p.country_iso2), p)
    key = max(counts, key=lambda k: (counts[k], -_SPECIFIC.get(first[k].level, 1), -first[k].start))
    return first[key]


def _loc(p: Place, reason: str) -> EventLocation:
    return EventLocation(place_id=p.id, text=p.text, reason=reason, lat=p.lat, lon=p.lon, country_iso3=p.country_iso3)
