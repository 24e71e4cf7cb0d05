"""Event location: which of the article's places an event happened at, and why that one.

In order of preference (the `reason` of the EventLocation):

1. locative_phrase: a place inside a locative phrase attached to the event ("clashes *in* Kirkuk",
   "pursue remnants *in the southwestern areas of* Kirkuk", "10 km *southwest of* Mosul", "a *Baghdad*
   restaurant"), found by climbing the dependency tree from the place to the trigger's clause. Else one
   of a clause chained to the trigger's, up to three links away ("shot and killed two men *in* Tikrit",
   "opened fire *in* Mogadishu, killing nine", "the Bayaa neighborhood, where a bomb killed 23"), never
   across what is said or thought ("officials *in* Beirut said [the convoy was attacked]"), nor into a
   present-tense description ("clashes in the Rift Valley, which has seen *in* ...").
2. sentence: else what the trigger's own clause is done to ("shelled Kharkiv", "Manbij was captured",
   "captured most of Bosnia"), never who did it ("*Turkey* launched", "captured by *Israel*"), whence
   ("seized it from *Jordan*") or a place that only qualifies people or things ("*U.S.* soldiers",
   "*Colombia's* rebels", "the 1967 *Middle East* war");
3. dateline: else the article's dateline place ("BEIRUT (AP) -");
4. article_main_place: else the most-mentioned resolved place of the article's other sentences
   (the places of the event's own sentence were judged above and are not where it happened);
5. none.
A place inside the name of a group or body ("the Islamic State of Iraq", "Raqqa Rebels Brigade") is no
event's place; one inside a site's name is ("Alexandria University", "Kindi Hospital"). An unresolved street
("Main Street") counts as less specific than a town.
Among several places of one rank: one that does not describe another place of the sentence
("Pehapan, a village near *Guiglo*", "Irbid, *Jordan*'s second city") first, then one not a bearing's
landmark ("Beledweyne, 350 km north of *Mogadishu*"), then a position's word ("in", "near") before a
path's ("to", "through"), then the fewer clause links, the more specific (city over region over country),
the name its place noun is given ("the town of X"; with names on both sides of "the Zafaraniyah district
of Baghdad", neither), then the closest in the tree.
When the chosen place is one the gazetteer does not know (a village, a district), the coordinates and
country come from the best resolved locative place ("in Mogadishu's Hodan district"), while place_id and
text stay those of the more precise mention.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract.coref import sentence_of
from khabar.extract.quote_spans import known_text
from khabar.records import EventLocation, Place

LOCATIVE_PREPS = {"in", "at", "near", "on", "across", "outside", "inside", "around", "throughout", "within",
                  "into", "off", "along", "over", "between", "beyond", "nearby", "by", "to", "toward",
                  "towards", "amid", "through", "via", "above", "below", "under", "beneath", "behind",
                  "opposite", "past", "beside", "alongside", "among", "amongst"}
# a path's ends and ways ("flew from Paris to Beirut", "marched through X"): weaker than "in", "at", "near"
_PATH_PREPS = {"to", "toward", "towards", "into", "through", "via", "across", "along", "over", "off"}
# nouns that make a place phrase locative ("10 km southwest of", "the outskirts of", "the town of"),
# matched by lemma too (plurals)
PLACE_NOUNS = {"city", "town", "village", "neighbourhood", "neighborhood", "district", "province", "region",
               "governorate", "area", "suburb", "camp", "commune", "locality", "countryside", "street", "capital",
               "county", "state", "outskirts", "border", "part", "heart", "center", "centre", "island", "vicinity",
               "sector", "quarter", "township", "municipality", "enclave", "territory", "zone", "valley", "river",
               "mountain", "hill", "coast", "waters", "sea", "settlement", "range", "front", "frontier", "section",
               "plain", "plains", "desert", "oblast", "prefecture", "department", "metropolis", "outpost", "gorge",
               "highlands", "lowlands", "delta", "strip", "bank", "peninsula", "archipelago"}
# sites a place name can qualify ("a Baghdad restaurant", "Kiev's central courthouse"): the site is there
SITE_NOUNS = {"restaurant", "hotel", "cafe", "café", "market", "marketplace", "bazaar", "mosque", "church",
              "temple", "shrine", "synagogue", "school", "university", "campus", "hospital", "clinic", "airport",
              "station", "prison", "jail", "base", "airbase", "embassy", "consulate", "headquarters", "office",
              "courthouse", "building", "apartment", "home", "house", "residence", "compound", "mansion",
              "checkpoint", "bridge", "port", "harbour", "harbor", "square", "stadium", "road", "highway",
              "subway", "underground", "metro", "mall", "store", "shop", "factory", "plant", "refinery",
              "barracks", "terminal", "hall", "palace", "park", "beach", "nightclub", "club", "bar", "slum",
              "installation", "facility", "hideout", "field", "parliament", "site", "theater", "theatre",
              "museum", "airfield", "dam", "pipeline", "mine", "farm", "crossing", "motorway", "avenue"}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern",
              "southern", "eastern", "western", "km", "kilometers", "kilometres", "miles"}
# a verb with one of these dependencies starts a clause of its own
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp", "ROOT"}
# clause links a locative phrase carries over ("shot and killed ... in X", "killing nine in X"); what is
# said or thought ("officials in Beirut said [...]") is a different event's, a parenthetical one too
_CHAIN_DEPS = {"conj", "advcl", "xcomp", "acl", "relcl", "pcomp"}
# distance and bearing ("10 km north of Y", "in the west of Y"): Y is a landmark for a place named before it
_BEARINGS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "km",
             "kilometers", "kilometres", "miles", "mile", "kilometer", "kilometre"}
_MAX_HOPS = 3
_SPECIFIC = {"city": 0, None: 0, "other": 1, "admin2": 1, "admin1": 2, "country": 3}  # None: unresolved, usually small
_MODIFIER_DEPS = {"compound", "poss", "amod", "nmod", "nummod"}
_AFFILIATION = {"backed", "led", "based", "born", "funded", "allied", "aligned", "owned", "run", "sponsored"}
_REFERENCE_CUES = {"bordering", "borders", "from", "facing", "toward", "towards", "than"}
# without a locative word, only what the event is done to can be its place ("shelled Kharkiv", "Manbij was
# captured"): not who did it ("*Turkey* launched", "captured by *Israel*"), whose it is, or whence
_OBJECT_ROLES = {"dobj", "nsubjpass", "attr", "oprd", "dative"}
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
    text = known_text(doc)  # Doc.text joins every token: the article's own string where it is the doc's
    for start in [b.start for b in blocks] or [0]:
        m = _DATELINE.match(text, start)
        if m and m.group(1).strip():
            out.append((m.start(1), m.start(1) + len(m.group(1).rstrip())))
    doc.user_data[_DATELINES] = (key, tuple(out))
    return out


@dataclass(slots=True)
class _Attachment:
    """How a place hangs on the event: through a locative word or not, over how many clause links."""

    locative: bool
    path: bool  # the locative word is a path's ("to", "from", "through"), not a position's
    role: str  # the dependency by which the place's phrase hangs on its clause
    hops: int  # clause links between the place's clause and the trigger's
    steps: int
    subordinate: bool  # the place describes another place of the sentence ("X, a village near *Y*")
    relative: bool  # the place is a bearing's landmark ("10 km north of *Y*")
    direct: bool  # the place itself (or a part "of" it), not a word qualifying it, is the clause's argument


def _is_a(tok: Token, nouns: set[str]) -> bool:
    return tok.lower_ in nouns or tok.lemma_.lower() in nouns


def _tokens(doc: Doc, trigger: Token | SpacySpan) -> list[Token]:
    return [trigger] if isinstance(trigger, Token) else list(trigger)


def _place_root(doc: Doc, place: Place) -> Token | None:
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


class _DocMemo:
    """What `location_for` reads per place or per sentence, kept for the doc's events (asked once per
    event otherwise): each place's root and whether it only qualifies, each sentence's main place elsewhere."""

    __slots__ = ("doc", "main", "modifier", "n", "places", "roots", "tally")

    def __init__(self, doc: Doc, places: list[Place]) -> None:
        self.doc, self.n, self.places = doc, (len(doc), len(places)), places
        self.roots: dict[tuple[int, int], Token | None] = {}
        self.modifier: dict[tuple[int, int], bool] = {}
        self.main: dict[tuple[int, int], Place | None] = {}
        self.tally: dict[tuple, list[tuple[int, Place]]] | None = None

    def root(self, p: Place) -> Token | None:
        key = (p.start, p.end)
        if key not in self.roots:
            self.roots[key] = _place_root(self.doc, p)
        return self.roots[key]

    def qualifies(self, p: Place) -> bool:
        """The place's root only qualifies people or things (`_is_modifier`); False without a root."""
        key = (p.start, p.end)
        hit = self.modifier.get(key)
        if hit is None:
            root = self.root(p)
            hit = self.modifier[key] = root is not None and _is_modifier(root)
        return hit


_MEMO: list[_DocMemo] = []  # the last doc's: the events stage asks for one doc's events in a row


def _memo(doc: Doc, places: list[Place]) -> _DocMemo:
    # identity, not equality: a new doc or a new places list starts afresh (the memo holds both alive);
    # the lengths guard against a list or doc changed in place
    m = _MEMO[0] if _MEMO else None
    if m is None or m.doc is not doc or m.places is not places or m.n != (len(doc), len(places)):
        _MEMO[:] = [_DocMemo(doc, places)]
    return _MEMO[0]


def _is_root(tok: Token) -> bool:
    return tok.head.i == tok.i  # spaCy makes a new Token per access: compare indices, not identity


def _is_clause(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and (tok.dep_ in _CLAUSE_DEPS or _is_root(tok))


def _clause_of(tok: Token) -> Token:
    """The verb heading the clause `tok` is in (the sentence root for a verbless fragment)."""
    while not _is_root(tok) and not _is_clause(tok):
        tok = tok.head
    return tok


def _chains(tok: Token, holds_place: bool) -> bool:
    """Whether the clause headed by `tok` shares its head clause's place ("the village, where [...]"
    is often parsed as a complement). A present-tense relative clause holding the place describes what
    stands there, not the event ("clashes in the Rift Valley, which *has seen* the worst violence")."""
    if holds_place and tok.dep_ == "relcl" and tok.tag_ in ("VBZ", "VBP"):
        return False
    return tok.dep_ in _CHAIN_DEPS or any(c.lower_ == "where" and c.dep_ == "advmod" for c in tok.children)


def _clause_hops(a: Token, b: Token) -> int | None:
    """Clause links between clause heads `a` (the place's) and `b` (the trigger's) when every link is a
    chaining one, else None."""
    up_a = [a] + list(a.ancestors)
    index = {t.i: n for n, t in enumerate(up_a)}
    hops, tok = 0, b
    while tok.i not in index:
        if _is_root(tok):
            return None  # not one tree (a Doc without a parse): no link
        if _is_clause(tok):
            if not _chains(tok, False):
                return None
            hops += 1
        tok = tok.head
    for t in up_a[: index[tok.i]]:
        if _is_clause(t) and not _is_root(t):
            if not _chains(t, True):
                return None
            hops += 1
    return hops


def _attach(root: Token, targets: set[int], trigger_clause: Token, place_roots: set[int]) -> _Attachment | None:
    """How the place whose root is `root` hangs on the event, or None when it does not."""
    tok, path, steps, below, subordinate, relative = root, False, 0, root, False, False
    locative = _is_site_modifier(root)  # "destroyed a *Baghdad* restaurant, killing eight"
    direct = root.dep_ not in _MODIFIER_DEPS  # "captured most of *Bosnia*", not "a *US* soldier was killed"
    while steps < 40:
        if tok.i in targets:
            return _Attachment(locative, path, below.dep_, 0, steps, subordinate, relative, direct)
        if tok is not root and tok.i in place_roots:
            subordinate = True
        if tok.lower_ in LOCATIVE_PREPS and tok.dep_ in ("prep", "advmod", "dative"):  # not "agent": done *by*
            if not locative:
                path = tok.lower_ in _PATH_PREPS
            locative = True
        if tok.lower_ in _BEARINGS and tok is not root:
            relative = True
        if tok is not root and (tok.lower_ in DIRECTIONS or _is_a(tok, PLACE_NOUNS) and tok.ent_type_ != "ORG"):
            if not locative:
                path = False
            locative = True
        if tok is not root and _is_clause(tok):
            break  # the place's clause: is it chained to the trigger's?
        if _is_root(tok):
            break
        below, tok, steps = tok, tok.head, steps + 1
    hops = _clause_hops(tok, trigger_clause)
    if hops is None or hops > _MAX_HOPS:
        return None
    if hops > 0 and not locative:
        return None  # another clause's subject or object is that clause's business
    return _Attachment(locative, path, below.dep_, hops, steps, subordinate, relative, direct)


def _is_modifier(root: Token) -> bool:
    """"U.S. soldiers", "Colombia's rebels", "the 1967 Middle East war": a place naming whose people or
    things, not where. But a place qualifying a site or a place noun ("in a Lima safe house", "a Baghdad
    restaurant", "the Bayaa neighborhood") is where."""
    if root.head.lower_ in _AFFILIATION and root.i < root.head.i:  # "Tehran-backed", "US-led", "Gaza-based"
        return True
    head = root.head
    return root.dep_ in _MODIFIER_DEPS and head.pos_ == "NOUN" and not _is_a(head, PLACE_NOUNS | SITE_NOUNS)


#: sites a country before them owns rather than contains: "a US base in Syria", "the Iranian embassy in Beirut"
OWNER_SITES = {"base", "airbase", "embassy", "consulate", "barracks", "installation", "outpost", "garrison",
               "mission", "warship", "vessel", "convoy", "patrol"}


def _owns_site(root: Token, p: Place) -> bool:
    """A country naming a base or a mission names its owner: such sites are mostly abroad."""
    return (p.resolved and p.level == "country" and root.dep_ in _MODIFIER_DEPS
            and root.head.lemma_.lower() in OWNER_SITES)


_DATE_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
               "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
_NAME_ENTS = {"ORG", "PERSON", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
_STREET_ENDS = {"street", "st.", "avenue", "ave.", "ave", "road", "rd.", "drive", "lane", "ln.", "boulevard",
                "blvd.", "blvd", "parkway", "pkwy.", "trail", "pike", "terrace", "alley", "highway"}


def _in_body_name(doc: Doc, p: Place) -> bool:
    """A place inside the name of a group, body or title ("the Islamic State of Iraq", "Raqqa Rebels
    Brigade", "a University of Tennessee student") is no place of an event; inside a site's name
    ("Alexandria University", "Kindi Hospital", "the Deir Ezzor Military Airport") it is."""
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    # the name goes on after the place ("Raqqa Rebels Brigade") or holds it after "of" ("State of Iraq")
    before = (span.start > 1 and span[0].ent_iob_ == "I" and span[0].ent_type_ in _NAME_ENTS
              and doc[span.start - 1].lower_ == "of")
    end = span.end
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ in _NAME_ENTS:
        end += 1
    after = end > span.end and doc[span.end].is_title and doc[span.end].is_alpha and doc[span.end].lower_ not in _DATE_NAMES
    if not before and not after:
        return False
    return not _is_a(doc[end - 1], SITE_NOUNS | {"college", "academy", "court", "base", "airport"})


def _is_street(p: Place) -> bool:
    """An unresolved street or road ("Main Street"): less specific than the town it is in."""
    return not p.resolved and p.text.rsplit(" ", 1)[-1].lower() in _STREET_ENDS


def _is_site_modifier(root: Token) -> bool:
    return root.dep_ in _MODIFIER_DEPS and _is_a(root.head, SITE_NOUNS)


def _is_reference(doc: Doc, p: Place) -> bool:
    """"areas of Kirkuk bordering Salaheddine", "flew from Paris": a landmark, not the event's place."""
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in _REFERENCE_CUES


def _naming(root: Token) -> int:
    """0: the name its phrase's place noun is given ("the town of Umm Batna", "the capital, Minsk");
    1: a name put before the noun ("the Bayaa neighborhood"), unless the noun is named after it, which
    makes it the container ("the *Homs* neighbourhood of Baba Amr"); 2: not a place noun's name."""
    head = root.head
    if root.dep_ == "appos" and _is_a(head, PLACE_NOUNS):
        return 0
    if root.dep_ == "pobj" and head.lower_ == "of" and _is_a(head.head, PLACE_NOUNS):
        # "the Zafaraniyah district of Baghdad" names its container after "of", "the Homs neighbourhood
        # of Baba Amr" its own name: with a name on both sides, neither is preferred
        return 1 if any(c.dep_ == "compound" for c in head.head.children) else 0
    if root.dep_ == "compound" and _is_a(head, PLACE_NOUNS):
        return 1
    return 2


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
    sent = sentence_of(toks[0]) if doc.has_annotation("DEP") or doc.has_annotation("SENT_START") else doc[:]
    targets = {t.i for t in toks}
    head = toks[0] if len(toks) == 1 else SpacySpan(doc, toks[0].i, toks[-1].i + 1).root
    if head.pos_ in ("NOUN", "PROPN") and not _is_root(head):
        targets.add(head.head.i)  # "the attack in Kirkuk" and "an attack took place in Kirkuk"
    trigger_clause = head if _is_clause(head) else _clause_of(head)
    if head.pos_ in ("NOUN", "PROPN"):
        targets.add(trigger_clause.i)  # "killed in an attack in Kirkuk": the attack's place too
    memo = _memo(doc, places)
    in_sent = [p for p in places if sent.start_char <= p.start < sent.end_char]
    roots = {p.id: memo.root(p) for p in in_sent}
    # a place inside another's phrase describes it ("Pehapan, a village near *Guiglo*")
    place_roots = {r.i for r in roots.values() if r is not None}

    best, best_key = None, None
    best_resolved, best_resolved_key = None, None  # coordinates for an unresolved village in the phrase
    for p in in_sent:
        root = roots[p.id]
        if root is None or root.i in targets or _is_modifier(root) or _owns_site(root, p) or _in_body_name(doc, p):
            continue
        if root.dep_ == "poss" and root.head.i in targets:
            continue  # "Israel's bombing campaign": whose event, not where
        got = _attach(root, targets, trigger_clause, place_roots)
        if got is None:
            continue
        if not got.locative and not (got.direct and got.role in _OBJECT_ROLES) or _is_reference(doc, p):
            continue  # "Turkey launched", "a *US* soldier was killed", "seized it from Jordan"
        # the trigger's own locative phrase, then its own object ("stormed Qabasin"), then a chained
        # clause's locative phrase
        tier = (0 if got.locative else 1) if got.hops == 0 else 2
        specific = _SPECIFIC.get(p.level if p.resolved else None, 1) if not _is_street(p) else 1
        key = (tier, got.subordinate, got.relative, got.path, got.hops, specific, _naming(root), got.steps)
        if best_key is None or key < best_key:
            best, best_key = p, key
        if p.resolved and tier in (0, 2) and (best_resolved_key is None or key < best_resolved_key):
            best_resolved, best_resolved_key = p, key
    if best is not None:
        reason = "locative_phrase" if best_key[0] in (0, 2) else "sentence"
        if not best.resolved and best_resolved is not None:
            # "in Mogadishu's Hodan district": Hodan unknown to the gazetteer, so Mogadishu's point
            return _loc(best, reason, coords=best_resolved)
        return _loc(best, reason)
    datelines = dateline_spans(doc)
    for p in places:
        if any(a <= p.start < b for a, b in datelines):
            return _loc(p, "dateline")
    bounds = (sent.start_char, sent.end_char)
    if bounds not in memo.main:  # the same for every event of the sentence
        memo.main[bounds] = _main_place_outside(memo, *bounds)
    main = memo.main[bounds]
    if main is not None:
        return _loc(main, "article_main_place")
    return EventLocation(place_id=None, text=None, reason="none")


def main_place(places: list[Place], doc: Doc | None = None) -> Place | None:
    """The most-mentioned resolved place (ties: the more specific, then the earlier). With the doc,
    mentions that only qualify people or things ("U.S. soldiers") do not count."""
    resolved = [p for p in places if p.resolved]
    if doc is not None:
        resolved = [p for p in resolved if (root := _place_root(doc, p)) is None or not _is_modifier(root)]
    return _most_mentioned(resolved)


def _main_place_outside(memo: _DocMemo, start: int, end: int) -> Place | None:
    """`main_place` of the doc's places outside characters [start, end) (a sentence), from a tally of the
    counted places made once per doc: per key its places in list order, so the first one outside the
    sentence is its representative and the keys keep `Counter`'s order (of those representatives)."""
    if memo.tally is None:
        memo.tally = {}
        for n, p in enumerate(memo.places):
            if p.resolved and not memo.qualifies(p):
                memo.tally.setdefault((p.geonameid, p.name, p.country_iso2), []).append((n, p))
    rows = []  # (index of the first place outside, count outside, that place)
    for group in memo.tally.values():
        outside = [(n, p) for n, p in group if not start <= p.start < end]
        if outside:
            rows.append((outside[0][0], len(outside), outside[0][1]))
    if not rows:
        return None
    rows.sort(key=lambda r: r[0])
    return max(rows, key=lambda r: (r[1], -_SPECIFIC.get(r[2].level, 1), -r[2].start))[2]


def _most_mentioned(resolved: list[Place]) -> Place | None:
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
