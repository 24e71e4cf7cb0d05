"""khabar_actors: entities and actors with one canonical name per article and a code.

Entities (`actor_entities`) are spaCy's OntoNotes entities cleaned up: a leading "the" dropped, outlets
and platforms made ORG (their actor is kind "media"), known names (ISIS, Hezbollah, CTS, ... from
`data/actors_known.tsv`) taking over NER slips. Actors (`actor_builder`, `coref`) group the mentions of
one participant (full name, surname, "the prime minister", he/she, "Kadhimi's media office", "CTS units",
generic phrases such as "the Iraqi army") under one canonical name with a country (ISO alpha-3), a
PLOVER/CAMEO sector, a title and a kind (person, organization, country, group, media); the codes come
from `actor_codes` (demonyms, titles, sector nouns). Hezbollah, Hamas, the Houthis are coded REB. A
transnational group (ISIS, al-Qaeda) has no country unless the text places the group itself in one ("ISIS
in Iraq", "the Iraqi branch of ISIS": `actor_countries.branch_country`), and then for the whole article.
"The group", "the terrorist organization" join the group named before them (`coref.link_group_anaphor`).
Outlets are JRN ("Al-Ahram newspaper" is Al-Ahram); a state-run one ("Iran's state television", "an
official Syrian newspaper") speaks for its state: GOV.

`actor_at` / `actors_at` map a token or phrase to its actor(s) for the quotes and events stages. Media
actors are listed but `actor_at` skips them unless asked: they report events, they are not parties.
"""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import actor_codes as codes
from khabar.extract.actor_builder import CountryNear, build_mentions
from khabar.extract.actor_entities import entity_spans
from khabar.extract.coref import Mention, sentence_starts
from khabar.extract.lexicon import is_means
from khabar.extract.quote_spans import known_text
from khabar.nlp import extensions  # noqa: F401
from khabar.records import Actor, ActorRef, Entity, Span

#: sectors that do not take the article's country when none is given: bodies above or across states
#: (and "rebels" of no stated country, who as often come from across a border)
TRANSNATIONAL = {"IGO", "NGO", "REB", "JRN"}


@Language.factory("khabar_actors")
def make_actors(nlp: Language, name: str):
    # the lexicons and the known-actor matchers load with the pipeline, not inside the first article
    codes.known_matches(Doc(nlp.vocab, words=[]))
    return khabar_actors


def khabar_actors(doc: Doc) -> Doc:
    doc._.khabar_entities, doc._.khabar_actors = find_actors(doc)
    return doc


def find_actors(doc: Doc) -> tuple[list[Entity], list[Actor]]:
    """The article's entities and actors (ids e1.., a1.. in order of first mention)."""
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return [], []  # the rules read the parse: without one there is nothing sound to say
    ents = entity_spans(doc)
    mentions, near = build_mentions(doc, ents)
    actors = _cluster(doc, mentions, near)
    entities: list[Entity] = []
    for n, (span, label, _) in enumerate(ents, 1):
        entities.append(
            Entity(
                id=f"e{n}",
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                label=label,
                actor_id=_entity_actor(actors, span, label),
            )
        )
    return entities, actors


#: mention sources that name the participant, and so say what kind of actor it is
_NAMING_SOURCES = frozenset({"name", "known", "country", "org"})


def _cluster(doc: Doc, mentions: list[Mention], near: CountryNear) -> list[Actor]:
    groups: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda x: (x.start, -x.end)):
        groups.setdefault(m.key, []).append(m)
    actors: list[Actor] = []
    text = known_text(doc)  # the article's own string: Doc.text would join every token again
    offsets = doc.to_array([IDX, LENGTH]).tolist()  # token -> (first char, length), without a Token per lookup
    for key, ms in groups.items():
        # one pass for what four scans read: the names, and the first kind a name gives, country, sector, title
        named: list[Mention] = []
        kind, country, sector, title = None, None, None, None
        for m in ms:
            if m.name:
                named.append(m)
            if kind is None and m.source in _NAMING_SOURCES:
                kind = m.kind
            country = country or m.country or None
            if not sector and m.sector and m.source != "pronoun":
                sector = m.sector
            title = title or m.title or None
        kind = ms[0].kind if kind is None else kind
        name = _canonical(key, named, kind)
        if country is None and sector is not None and sector not in TRANSNATIONAL and kind != "media":
            if not any(m.source == "known" or m.stateless for m in ms):  # a lexicon entry without one means none
                country = near(ms[0].start)
        spans, seen = [], set()
        for m in ms:
            s, (last, size) = offsets[m.start][0], offsets[m.end - 1]
            e = last + size
            if (s, e) not in seen:
                seen.add((s, e))
                spans.append(Span(s, e, text[s:e]))
        actors.append(Actor(id="", name=name, kind=kind, country=country, sector=sector, title=title, mentions=spans))
    actors.sort(key=lambda a: a.mentions[0].start)
    for n, actor in enumerate(actors, 1):
        actor.id = f"a{n}"
    return actors


def _canonical(key: str, named: list[Mention], kind: str) -> str:
    if key.startswith("k:") and not any(m.source == "org" for m in named):
        return key[2:]
    if not named:
        return key.split(":", 1)[-1]
    if kind == "person":  # the longest full name: most words, then most characters
        return max(named, key=lambda m: (len(m.name.split()), len(m.name))).name
    if key.startswith("c:"):
        return named[0].name
    return max(named, key=lambda m: len(m.name)).name


def _entity_actor(actors: list[Actor], span: SpacySpan, label: str) -> str | None:
    """The actor an entity names: the same span, else for "Iraqi" in "the Iraqi army" the country (not the
    army), else the smallest actor mention around it."""
    start, end = span.start_char, span.end_char
    best: tuple[int, str] | None = None
    for actor in actors:
        for m in actor.mentions:
            if (m.start, m.end) == (start, end):
                return actor.id
            if m.start <= start and end <= m.end and (best is None or m.end - m.start < best[0]):
                best = (m.end - m.start, actor.id)
    if label in ("GPE", "NORP"):
        iso = codes.lexicon().country(span.text)
        country = next((a.id for a in actors if a.kind == "country" and a.country == iso), None) if iso else None
        if iso:
            return country
    return best[1] if best else None


# ---------------------------------------------------------------- lookups for the events and quotes stages


def _ref(actor: Actor, mention: Span) -> ActorRef:
    return ActorRef(actor.id, actor.name, mention.start, mention.end, mention.text, actor.country, actor.sector)


def _mention_at(doc: Doc, tok: Token) -> tuple[Actor, Span] | None:
    """The smallest actor mention holding the token."""
    best: tuple[Actor, Span] | None = None
    for actor in doc._.khabar_actors or []:
        for m in actor.mentions:
            if m.start <= tok.idx < m.end and (best is None or m.end - m.start < best[1].end - best[1].start):
                best = (actor, m)
    return best


def actor_at(doc: Doc, where: Token | SpacySpan, include_media: bool = False) -> ActorRef | None:
    """The actor a token or phrase (a subject, an object, a possessor) refers to, if any.

    A span is looked up by its root first, then by any of its tokens; a token by the actor mention that
    holds it ("forces" in "security forces", "office" in "Kadhimi's media office", a resolved "he").
    A capital used for its government ("talks with Beirut") gives the country. Media come back only
    with `include_media=True`.
    """
    if isinstance(where, SpacySpan):
        if len(where) == 0:
            return None
        # "US-led coalition air strikes": the leader or backer a participle names is another actor, not the
        # phrase's (the phrase is coded below, with the leader's country)
        other = {t.i for m in where if m.dep_ == "amod" and m.lower_ in ("led", "backed") for t in m.subtree}
        order = [t for t in [where.root] + [t for t in where if t.i != where.root.i] if t.i not in other]
    else:
        order = [where]
    for tok in order:
        hit = _mention_at(doc, tok)
        if hit is None:  # "Qatar's emir, Sheikh Hamad ...": the title's apposition names the actor
            hit = next((h for c in tok.children if c.dep_ == "appos" and (h := _mention_at(doc, c))), None)
        if hit is not None:
            actor, mention = hit
            if actor.kind == "media" and not include_media:
                return None
            return _ref(actor, mention)
    return (_capital_ref(doc, order[0]) if order else None) or _phrase_ref(doc, where)


def _phrase_ref(doc: Doc, where: Token | SpacySpan) -> ActorRef | None:
    """No actor here: code the phrase itself ("Israeli army bulldozers", "in Lebanon"), actor_id None."""
    if isinstance(where, SpacySpan):
        tokens, head = list(where), where.root
    else:
        tokens, head = list(doc[where.left_edge.i : where.i + 1]), where
    sent_of = sentence_starts(doc)
    tokens = [t for t in tokens if sent_of[t.i] == sent_of[head.i]]
    if not tokens:
        return None
    country = codes.country_in(tokens)
    # a weapon modifying the head is the means, not the doer ("Drone attacks", "a tank attack"); heading the
    # phrase it stands for its crew ("a US drone")
    sector = next((s for t in reversed(tokens) if t.pos_ in ("NOUN", "PROPN") and (t.i == head.i or not is_means(t))
                   and (s := codes.sector_of_noun(t))), None)
    title = codes.title_of_words([t.text for t in tokens if t.i <= head.i])
    if sector is None and title is not None and title[1] != codes.INHERIT:
        sector = title[1]  # "Qatar's emir"
    if country is None and sector is None:
        return None
    if sector is None and codes.lexicon().country_names.get(head.text.lower()) == country:
        sector = "GOV"  # the country itself: "with Congo", "to Bosnia"
    span = doc[tokens[0].i : tokens[-1].i + 1]
    name = codes.lexicon().short_name.get(country, span.text) if sector == "GOV" and len(span) == 1 else span.text
    return ActorRef(None, name, span.start_char, span.end_char, span.text, country, sector)


def _capital_ref(doc: Doc, tok: Token) -> ActorRef | None:
    if tok.ent_type_ != "GPE":
        return None
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start - 1].ent_iob_ == "I" and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    span = doc[start:end]
    iso3 = codes.lexicon().capitals.get(span.text.lower())
    if iso3 is None:
        return None
    name = codes.lexicon().short_name.get(iso3, iso3)
    for actor in doc._.khabar_actors or []:
        if actor.kind == "country" and actor.country == iso3:
            return ActorRef(actor.id, actor.name, span.start_char, span.end_char, span.text, iso3, actor.sector)
    return ActorRef(None, name, span.start_char, span.end_char, span.text, iso3, "GOV")


def actors_at(doc: Doc, where: Token | SpacySpan, include_media: bool = False) -> list[ActorRef]:
    """All actors of a coordinated phrase: "Salam and Raggi" -> both; one actor otherwise."""
    root = where.root if isinstance(where, SpacySpan) else where
    tokens = [root, *root.conjuncts]
    for tok in list(tokens):  # "Salam and Raggi's offices", "the Tribal [...] and Popular [...] Forces"
        for child in tok.children:
            if child.dep_ in ("poss", "nmod", "compound") and child.conjuncts:
                tokens.extend([child, *child.conjuncts])
    refs: list[ActorRef] = []
    seen: set[tuple[str | None, int]] = set()
    first = actor_at(doc, where, include_media)
    for ref in [first] + [actor_at(doc, t, include_media) for t in tokens[1:]]:
        if ref is None:
            continue
        key = (ref.actor_id, ref.start) if ref.actor_id is None else (ref.actor_id, 0)
        if key not in seen:
            seen.add(key)
            refs.append(ref)
    return sorted(refs, key=lambda r: r.start)
