"""Event location: which of the article's places an event happened at, and why that one.

In order of preference (the `reason` of the EventLocation):

1. locative_phrase: a place inside a locative phrase attached to the trigger ("clashes *in* Kirkuk",
   "pursue remnants *in the southwestern areas of* Kirkuk", "10 km *southwest of* Mosul"), found by
   climbing the dependency tree from the place to the trigger without leaving the trigger's clause.
   Among several: a name given to the phrase's place noun ("the town of X", "Mogadishu's X district")
   first, then the most specific (city over region over country), then the closest in the tree.
   A landmark ("areas of Kirkuk *bordering* Salaheddine", "flew *from* Paris") comes last;
2. sentence: else a place the trigger's clause governs without a locative word ("shelled Kharkiv"), or
   else the place nearest the trigger in its sentence. Never a place that only qualifies people or
   things ("*U.S.* soldiers", "*Colombia's* rebels"), unless that noun is itself where ("in a *Lima* safe house");
3. dateline: else the article's dateline place ("BEIRUT (AP) -");
4. article_main_place: else the article's most-mentioned resolved place (qualifiers not counted);
5. none.
When the chosen place is one the gazetteer does not know (a village, a district), the coordinates and
country come from the best resolved place of the same locative phrase ("in Mogadishu's Hodan district"),
while place_id and text stay those of the more precise mention.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.records import EventLocation, Place

LOCATIVE_PREPS = {"in", "at", "near", "on", "across", "outside", "inside", "around", "throughout", "within",
                  "into", "off", "along", "over", "between", "beyond", "nearby", "by", "to", "toward",
                  "towards", "amid", "through", "via"}
# nouns that make a place phrase locative ("10 km southwest of", "the outskirts of", "the town of")
PLACE_NOUNS = {"city", "town", "village", "villages", "neighbourhood", "neighborhood", "district", "districts",
               "province", "region", "governorate", "area", "areas", "suburb", "suburbs", "camp", "commune",
               "locality", "localities", "countryside", "streets", "street", "capital", "county", "state",
               "outskirts", "border", "borders", "part", "parts", "heart", "center", "centre", "island"}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern",
              "southern", "eastern", "western", "km", "kilometers", "kilometres", "miles"} | PLACE_NOUNS
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "ROOT"}
_SPECIFIC = {"city": 0, None: 0, "other": 1, "admin2": 1, "admin1": 2, "country": 3}  # None: unresolved, usually small
_MODIFIER_DEPS = {"compound", "poss", "amod", "nmod", "nummod"}
_AFFILIATION = {"backed", "led", "based", "born", "funded", "allied", "aligned", "owned", "run", "sponsored"}
_REFERENCE_CUES = {"bordering", "borders", "from", "facing", "toward", "towards", "than"}
# "BAGHDAD (Reuters) - ", "BEIRUT, June 3 (AP) — ", "KIRKUK, Iraq -- ": an upper-case place at a paragraph start
_DATELINES = "khabar_datelines"  # doc.user_data key of the dateline_spans cache
_DATELINE = re.compile(r"\s*([A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Z][A-Za-z0-9 .]{1,30})?\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s")


def dateline_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of dateline places ("BAGHDAD (Reuters) -") at the start of the first paragraphs."""
    article = doc._.article
    # asked once by the places stage and again for every event without a place: computed once per Doc
    key = (article.id if article is not None else None, len(doc))
    cached = doc.user_data.get(_DATELINES)
    if cached is not None and cached[0] == key:
        return list(cached[1])
    blocks = [b for b in (article.blocks if article else []) if b.kind == "paragraph"][:2]
    out = []
    text = doc.text  # Doc.text joins every token: once, not per block
    for start in [b.start for b in blocks] or [0]:
        m = _DATELINE.match(text, start)
        if m and m.group(1).strip():
            out.append((m.start(1), m.start(1) + len(m.group(1).rstrip())))
    doc.user_data[_DATELINES] = (key, tuple(out))
    return out


def _tokens(doc: Doc, trigger: Token | SpacySpan) -> list[Token]:
    return [trigger] if isinstance(trigger, Token) else list(trigger)


def _place_root(doc: Doc, place: Place) -> Token | None:
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _climb(root: Token, targets: set[int]) -> tuple[bool, int] | None:
    """(locative, steps) when climbing heads from `root` reaches a target within its clause, else None."""
    tok, locative, steps = root, False, 0
    while steps < 15:
        if tok.i in targets:
            return locative, steps
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
    """"U.S. soldiers", "Colombia's rebels": a place naming whose people/things, not where. But a place
    qualifying the noun of a locative phrase ("in a Lima safe house", "into a Mogadishu cafe") is where."""
    if root.head.lower_ in _AFFILIATION and root.i < root.head.i:  # "Tehran-backed", "US-led", "Gaza-based"
        return True
    if root.dep_ not in _MODIFIER_DEPS or root.head.pos_ != "NOUN" or root.head.lower_ in PLACE_NOUNS:
        return False
    head = root.head
    return not (head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS)


def _is_reference(doc: Doc, p: Place) -> bool:
    """"areas of Kirkuk bordering Salaheddine", "flew from Paris": a landmark, not the event's place."""
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in _REFERENCE_CUES


def _named_by_place_noun(root: Token) -> bool:
    """"the town of Umm Batna", "Mogadishu's Yaqshid district": the name of its phrase's place noun,
    more specific than a place that only qualifies it."""
    if root.dep_ == "compound" and root.head.lower_ in PLACE_NOUNS:
        return True
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
    sent = toks[0].sent if doc.has_annotation("DEP") or doc.has_annotation("SENT_START") else doc[:]
    targets = {t.i for t in toks}
    head = toks[0] if len(toks) == 1 else SpacySpan(doc, toks[0].i, toks[-1].i + 1).root
    if head.pos_ in ("NOUN", "PROPN") and head.head is not head:
        targets.add(head.head.i)  # "the attack in Kirkuk" and "an attack took place in Kirkuk"
    in_sent = [p for p in places if sent.start_char <= p.start < sent.end_char]

    best, best_key = None, None
    best_resolved, best_resolved_key = None, None  # coordinates for an unresolved village in the phrase
    candidates = []
    for p in in_sent:
        root = _place_root(doc, p)
        if root is None or root.i in targets or _is_modifier(root):
            continue
        if root.dep_ == "poss" and root.head.i in targets:
            continue  # "Israel's bombing campaign": whose event, not where
        candidates.append(p)
        got = _climb(root, targets)
        if got is None:
            continue
        locative, steps = got
        specific = _SPECIFIC.get(p.level if p.resolved else None, 1)
        rank = 2 if _is_reference(doc, p) else 0 if locative else 1
        key = (rank, 0 if _named_by_place_noun(root) else 1, specific, steps)
        if best_key is None or key < best_key:
            best, best_key = p, key
        if p.resolved and rank == 0 and (best_resolved_key is None or key < best_resolved_key):
            best_resolved, best_resolved_key = p, key
    if best is not None:
        reason = "locative_phrase" if best_key[0] == 0 else "sentence"  # rank 2: only a landmark
        if not best.resolved and best_resolved is not None:
            # "in Mogadishu's Hodan district": Hodan unknown to the gazetteer, so Mogadishu's point
            return _loc(best, reason, coords=best_resolved)
        return _loc(best, reason)
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


def _loc(p: Place, reason: str, coords: Place | None = None) -> EventLocation:
    c = coords or p
    return EventLocation(place_id=p.id, text=p.text, reason=reason, lat=c.lat, lon=c.lon, country_iso3=c.country_iso3)
