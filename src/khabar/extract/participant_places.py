"""Where participants are: prepositional objects of a word, and the countries of the places a sentence names.

`prep_objects` reads a word's prepositional phrases ("send peacekeepers to Bosnia", including the to-phrase
the parser labels "dative", and a preposition sharing the object of the phrase coordinated after it).
`place_iso` / `located_country` / `sentence_countries` give countries from the places stage's resolved
toponyms (a per-document token index) and country words; `place_of` the named place an action happens in.
Split out of extract/participants.py, which re-exports what the events stage imports from there.
"""

from __future__ import annotations

from spacy.attrs import ENT_TYPE
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import actor_codes
from khabar.extract.coref import sentence_of

ACTOR_ENTS = frozenset({"NORP", "GPE", "ORG", "PERSON"})


def prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    # "send peacekeepers to Bosnia": the parser often labels such a to-phrase "dative"; it is a prepositional one
    out = []
    for c in tok.children:
        if (c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP")) and c.lower_ in preps:
            objs = [g for g in c.children if g.dep_ == "pobj"]
            # "opened fire on people marching to the palace": the parser makes the people the subject of a
            # gerund clause in place of the preposition's object
            objs = objs or [s for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"
                            for s in g.children if s.dep_ == "nsubj" and s.pos_ in ("NOUN", "PROPN")]
            out.extend(objs or _shared_object(c))
    return out


def _shared_object(prep: Token) -> list[Token]:
    """"established ties with and opened an embassy in Tehran": a preposition left without its object before
    "and" shares the object of the coordinated phrase after it."""
    doc = prep.doc
    if prep.i + 1 >= len(doc) or doc[prep.i + 1].dep_ != "cc":
        return []
    sent_end = sentence_of(prep).end
    return next(([t] for t in doc[prep.i + 2 : sent_end] if t.dep_ == "pobj" and t.ent_type_ in ACTOR_ENTS), [])


# ---------------------------------------------------------------- countries from places


_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE = frozenset({"in", "of", "from", "at", "near", "outside", "across", "throughout", "inside"})


PLACE_INDEX_KEY = "khabar_place_iso"


def _place_index(doc: Doc) -> dict[int, str]:
    """token index -> iso3 of the resolved place covering it; built once per doc (the events stage drops it
    when done: int-keyed maps in user_data do not survive msgpack between processes)."""
    index = doc.user_data.get(PLACE_INDEX_KEY)
    if index is None:
        index = {}
        for p in doc._.khabar_places or []:
            if p.resolved and p.country_iso3:
                span = doc.char_span(p.start, p.end, alignment_mode="expand")
                for t in span if span is not None else ():
                    index[t.i] = p.country_iso3
        doc.user_data[PLACE_INDEX_KEY] = index
    return index


def place_iso(doc: Doc, tok: Token) -> str | None:
    """Country of the gazetteer place at a token, else a country named by the token ("Kirkuk" -> IRQ)."""
    return _place_index(doc).get(tok.i) or actor_codes.country_of_token(tok)


def located_country(doc: Doc, head: Token, preps: frozenset[str] | set[str] = _LOCATIVE) -> str | None:
    """Country of a place the phrase locates its head in: "students in Jakarta", "Albanians of southern
    Serbia", "the northern city of Kirkuk", "Montenegro province"."""
    if head.ent_type_ in _PLACE_ENTS and head.pos_ == "PROPN":
        return None  # a place itself, not people in it
    for p in prep_objects(head, set(preps)):
        for node in (p, *[c for c in p.children if c.dep_ == "compound"], *prep_objects(p, {"of"})):
            if node.ent_type_ in ("GPE", "LOC") and (iso := place_iso(doc, node)):
                return iso
    return None


#: ids of the entity labels that may name a country
_COUNTRY_ENT_IDS = frozenset(get_string_id(label) for label in ("GPE", "NORP", "ORG"))


def sentence_countries(doc: Doc, sent: SpacySpan, skip: set[int] | frozenset[int] = frozenset()) -> list[str]:
    """Countries a sentence names (resolved places, country names, demonyms), in order, once each; words at
    the token indices in `skip` do not count."""
    index = _place_index(doc)
    out: list[str] = []
    # entity-type ids, not a Token per word: most words are neither an indexed place nor a named entity
    ents = doc.to_array(ENT_TYPE)[sent.start : sent.end].tolist()
    for i, ent in enumerate(ents, sent.start):
        iso = index.get(i)
        if (not iso and ent not in _COUNTRY_ENT_IDS) or i in skip:
            continue
        t = doc[i]
        iso = iso or actor_codes.country_of_token(t)
        if iso and iso not in out and not actor_codes.money_word(t):
            out.append(iso)
    return out


def place_of(tok: Token) -> list[Token]:
    """A named place where the action happens: "in Kirkuk", "in the northern city of Kirkuk", "across Indonesia"."""
    for p in prep_objects(tok, {"in", "into", "across", "throughout"}):
        if p.ent_type_ == "GPE":
            return [p]
        named = [g for g in prep_objects(p, {"of"}) if g.ent_type_ == "GPE"]
        named = named or [g for g in p.children if g.dep_ == "compound" and g.ent_type_ == "GPE"]  # "Montenegro province"
        if named:
            return named[:1]
    return []


#: dependents whose words belong to the phrase they hang on: "Israeli tank fire", "Iran-backed militias",
#: "soldiers from Israel", "the embassy of Iraq"; a passive's by-phrase names the doer or its means
_OWN_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod", "nummod", "det", "agent"})
_OWN_PREPS = frozenset({"of", "from", "by"})


def owned_tokens(heads: list[Token], acts: list[Token]) -> set[int]:
    """Token indices of words that belong to a participant or to the act: its modifiers and of/from-phrases
    ("wounded by Israeli tank fire", "attacks blamed on Iran-backed militias"). A country named only there
    is that participant's (or the doer's), not the place's, so it is no fallback for the others."""
    out: set[int] = set()

    def own(tok: Token, depth: int) -> None:
        if tok.i in out:
            return
        out.add(tok.i)
        for c in tok.children:
            if c.dep_ in _OWN_DEPS or c.dep_ == "conj":
                out.update(t.i for t in c.subtree)
        if depth > 0:
            for p in prep_objects(tok, set(_OWN_PREPS)):
                own(p, depth - 1)

    for h in heads:
        own(h, 1)
    for a in acts:  # the act's own modifiers, not the act word itself (a verb's subject is a head above)
        for c in a.children:
            if c.dep_ in _OWN_DEPS:
                out.update(t.i for t in c.subtree)
    return out


#: nouns for people gathered at one place, or the occasion standing for them: a strike that "hit a wedding
#: party in Hodeidah" or "a funeral" hits the people there, and the town is only where (not the target)
GATHERING_NOUNS = frozenset(
    "wedding funeral crowd gathering procession mourner worshipper congregation audience ceremony celebration "
    "vigil shopper bystander onlooker spectator queue rally sit-in marcher".split()
)


def is_gathering(tok: Token) -> bool:
    """"a wedding party", "the funeral", "a market crowd", "mourners": people gathered, a target in their own right."""
    return tok.lemma_.lower() in GATHERING_NOUNS or any(
        m.dep_ in ("compound", "nmod", "amod") and m.lemma_.lower() in GATHERING_NOUNS for m in tok.children)
