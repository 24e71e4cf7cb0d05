"""Participants of an event: the phrases around a trigger that name its actors and recipients.

Phrases come from the parse (subject, object, prepositional objects); each goes through
`actors.actor_at` for its actor and code. Where the actors stage has no actor for a phrase, the phrase is
still kept (actor_id None) and given a country from a demonym or a named country inside it ("Lebanese
planes", "positions of the Palestinian forces"); a subject pronoun takes its reporting clause's subject
("Nigeria announced that it will ..."). Things are looked through to the actor they concern ("sanctions on
the Taliban", "70 million dollars of aid for Romania", "control of the ministry", "a formula for ending its
dispute with X", "the US-led war": the leader); where only things remain, a named place they are in stands
for the target. A country word inside a person's name ("Ali Iraq") gives no country.

One code per actor per article: a participant the actors stage linked to an actor it left without a country
gets one guess (the first event's) for all its events; a stateless one (a rebel group of no stated country,
"ISIS", a UN body, "the international coalition") gets none from where it acts. An outlet acting in an event
("Al-Ahram urged ...") is a participant (JRN). Collective anaphors are resolved in extract/collective.py,
coordinated modifiers ("Ethiopian and Eritrean troops": two sides) in extract/coordination.py, who claims an
act or has it pinned on them ("the Taliban claimed the bombing", "blamed on militias") in
extract/responsibility.py.

Countries from places: a city as participant takes its gazetteer country ("blocked transport into Abidjan");
a common noun's people take the country of the place the phrase puts them in ("demonstrators in Baghdad",
over a country the actors stage guessed from the article), and so does a people ("the Albanians of southern
Serbia", "the Albanian population", "the Russian minority": where they live, else the event's country);
people who act where they live ("20 civilians", "police") take the event's country over one guessed from the
text. A participant still without one (a sector noun, "23 people", "a roadside bomb") takes the event's
country (its place when the sentence names it, else the one country the sentence names), unless it names an
identity of its own ("Muslim hackers"), is a transnational body, is a name nobody knows ("Qamishli"), or is
an official or force whose only named country is the one it acts on ("Officials accused Iran").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import actor_codes
from khabar.extract import actors as actors_stage
from khabar.extract.actor_builder import COUNTERPART_SECTORS, LOCAL_SECTORS, counterpart_tokens
from khabar.extract.collective import COLLECTIVE_NOUNS, PAIR_NOUNS, collective_antecedents, collective_kinds
from khabar.extract.coordination import modifier_conjuncts, modifier_sides
from khabar.extract.coref import sentence_of, sentence_starts
from khabar.extract.lexicon import FIGHTER_WORDS, is_means, is_person, unquant
from khabar.extract.participant_places import (  # noqa: F401 -- PLACE_INDEX_KEY, place_of, sentence_countries, is_gathering: re-exported
    ACTOR_ENTS, PLACE_INDEX_KEY, is_gathering, located_country, place_iso, place_of, prep_objects,
    sentence_countries,
)
from khabar.records import ActorRef

NOT_RECIPIENTS = frozenset({"fire", "control", "part", "hand", "way", "step", "measure", "action", "themselves",
                            "himself", "herself", "itself", "ourselves"})
PRONOUNS = frozenset({"it", "they", "its", "their", "he", "she", "his", "her", "we", "our"})
NOT_ACTORS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: a diplomat with no country in the phrase serves abroad: no country from where the event happens
ENVOY_NOUNS = frozenset({"ambassador", "envoy", "diplomat"})
#: heads that may be a collective anaphor ("the pair", "the two men", "both"): a cheap test first
COLLECTIVE_WORDS = PAIR_NOUNS | frozenset(COLLECTIVE_NOUNS) | {"both", "two", "2"}
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_NAMED = frozenset({"PERSON", "ORG", "NORP"})
#: sectors whose country is not the place they act in
TRANSNATIONAL = frozenset({"IGO", "NGO", "MNC"})
MOD_DEPS = ("compound", "nmod", "amod", "poss")
#: adjectives that say how an act left its object ("shot dead", "beaten unconscious"), not who the object is
RESULT_ADJECTIVES = frozenset({"dead", "unconscious", "senseless"})


def with_conjuncts(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        if t.tag_ in ("WDT", "WP", "WP$") and t.head.dep_ == "relcl":
            t = t.head.head  # "forces, which attacked" -> forces
        t = unquant(t)
        # "clashes between police and protesters": the sides of a between-phrase may be actor and recipient;
        # extract/arguments.py lists both itself where they act together
        for u in (t,) if is_side(t) else (t, *t.conjuncts):
            if u not in out and u.pos_ not in ("VERB", "AUX", "ADP", "SCONJ"):
                out.append(u)
    return out


def is_side(tok: Token) -> bool:
    """One of the coordinated objects of "between"/"among"."""
    first = tok.head if tok.dep_ == "conj" else tok
    return first.dep_ == "pobj" and first.head.lower_ in ("between", "among")


def mod_doers(tok: Token, deps: tuple[str, ...] = ("amod", "compound", "nmod"), pos: tuple[str, ...] = ("NOUN",)) -> list[Token]:
    """An act's modifiers that name who does it: "Israeli air strikes", "army shelling", "police raids". A
    weapon or platform there is the means, not the doer ("drone attacks", "missile strikes", "a tank attack"):
    its own modifier may name who used it ("Houthi missile attacks", "Russian drone strikes"), else no one."""
    def doer(m: Token) -> bool:  # "a rebel mortar attack": a fighters' noun the tagger called an adjective
        return m.ent_type_ in ACTOR_ENTS or ((m.pos_ in pos or m.pos_ == "ADJ" and m.lemma_.lower() in FIGHTER_WORDS)
                                             and bool(actor_codes.sector_of_noun(m)))
    mods = [m for m in tok.children if m.dep_ in deps and m.i < tok.i]
    return [w for m in mods for w in ([x for x in m.children if x.dep_ in MOD_DEPS and x.i < m.i and not is_means(x)]
                                      if is_means(m) else [m]) if doer(w)]


def left_noun(tok: Token) -> list[Token]:
    i, sent_start = tok.i - 1, sentence_starts(tok.doc)[tok.i]
    while i >= max(sent_start, tok.i - 3) and tok.doc[i].is_punct:
        i -= 1
    if i >= sent_start and tok.doc[i].pos_ in ("PROPN", "NOUN") and tok.doc[i].i < tok.i - 1:
        return [tok.doc[i]]
    return []


def is_actorish(tok: Token) -> bool:
    """A participant rather than a thing; "Lebanese planes" counts (the demonym gives its country)."""
    if tok.ent_type_ in ACTOR_ENTS or tok.pos_ == "PRON" or is_person(tok):
        return True
    return any(m.dep_ in ("amod", "compound", "poss", "nmod") and m.ent_type_ in ACTOR_ENTS or _led_by(m)
               for m in tok.children)


def _led_by(mod: Token) -> bool:
    """"US-led war", "Saudi-led coalition": the leader named in the modifier is the actor behind the thing."""
    return mod.dep_ == "amod" and mod.lower_ == "led" and any(
        c.dep_ in ("npadvmod", "compound", "nmod", "amod") and c.ent_type_ in ACTOR_ENTS for c in mod.children)


#: nouns for a people living somewhere, whose demonym names a descent rather than a state
_PEOPLES = frozenset({"population", "minority", "community", "diaspora"})
_THROUGH = frozenset({"on", "against", "with", "to", "for", "from", "of", "by", "toward", "towards", "between",
                      "among", "into"})


def _actors_inside(tok: Token, depth: int = 2) -> list[Token]:
    """Actors in a thing's prepositional phrases, two levels deep: "70 million dollars of aid for Romania"."""
    found: list[Token] = []
    # "crimes committed by Croat forces", "attacks carried out by militants": the doer of a described act
    agents = [g for v in tok.children if v.dep_ == "acl" and v.tag_ == "VBN"
              for a in v.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
    # "a formula for ending its dispute with its partners": a gerund phrase's object is looked through too
    gerunds = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in _THROUGH for g in c.children
               if g.dep_ == "pcomp" and g.tag_ == "VBG"
               for o in [o for o in g.children if o.dep_ == "dobj"] + prep_objects(g, _THROUGH)]
    for p in prep_objects(tok, _THROUGH) + agents + gerunds:
        p = unquant(p)
        if is_actorish(p):
            found.extend([p, *p.conjuncts])
        elif depth > 1:
            found.extend(_actors_inside(p, depth - 1))
    return found


def actorish(toks: list[Token]) -> list[Token]:
    """Recipients, looking through things to the actor they concern: "sanctions on the Taliban",
    "relations with Russia", "positions of the Palestinian forces" (the thing stays when no actor is found)."""
    out: list[Token] = []
    for tok in toks:
        if tok.lemma_.lower() in NOT_RECIPIENTS or tok.ent_type_ == "MONEY" or (
                tok.ent_type_ in NOT_ACTORS and not (tok.like_num and tok.dep_ in ("dobj", "nsubjpass", "pobj"))):
            # "killing 12" keeps its victims; "on Monday" is no recipient; but an amount or a "control" may
            # name the one it concerns: "70 million dollars of aid for Romania", "control of the ministry"
            if tok.ent_type_ not in ("DATE", "TIME"):
                out.extend(t for t in _actors_inside(tok) if is_actorish(t))
            continue
        if is_actorish(tok):
            out.append(tok)
            continue
        inner = _actors_inside(tok)
        out.extend(inner) if inner else out.append(tok)
    out = [t for i, t in enumerate(out) if t not in out[:i]]
    if any(is_actorish(t) for t in out):
        return [t for t in out if is_actorish(t)]
    # only things ("a curfew", "settlements"): the place they are in stands for the target; not for people
    # gathered there ("hit a wedding party in Hodeidah": the party is hit, Hodeidah is where)
    if any(is_gathering(t) for t in out):
        return out
    for tok in out:
        for node in (tok, tok.head if tok.dep_ in ("dobj", "nsubjpass") else tok):
            places = [p for p in prep_objects(node, {"in", "into"}) if p.ent_type_ in ("GPE", "NORP")]
            if places:
                return places[:1]
    return out


def phrase(doc: Doc, head: Token) -> SpacySpan:
    start = head.left_edge.i if head.left_edge.i >= sentence_starts(doc)[head.i] else head.i
    if head.dep_ == "compound":  # "Saudi-led coalition air strikes": "Saudi-led" leads the coalition
        led = [m for m in head.head.children if _led_by(m) and m.right_edge.i == start - 1]
        start = led[0].left_edge.i if led and led[0].left_edge.i >= sentence_starts(doc)[head.i] else start
    while start < head.i and doc[start].dep_ in ("det", "punct", "cc", "preconj", "prep", "advmod") and not doc[start].ent_type_:
        start += 1
    # "shot dead five demonstrators": the verb's resultative adjective, which the parser hung on its object
    if start < head.i - 1 and doc[start].lower_ in RESULT_ADJECTIVES and doc[start + 1].tag_ in ("CD", "DT", "PDT"):
        start += 1
    end = head.i + 1
    if head.ent_iob_ in ("B", "I"):
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    return doc[start:end]


ACTOR_MEMO_KEY = "khabar_actor_at_memo"
#: actor id -> the country its events give it in this article (one code per actor; dropped with the memo)
ACTOR_CODE_KEY = "khabar_actor_codes"


def _actor_at(doc: Doc, where: Token | SpacySpan) -> ActorRef | None:
    """`actors.actor_at`, memoised per doc: it scans every mention per token, and the events rules ask for
    the same heads and phrases many times. Callers edit what they get, so each gets its own copy; the
    events stage drops the memo when done (tuple keys do not survive msgpack)."""
    memo = doc.user_data.get(ACTOR_MEMO_KEY)
    if memo is None:
        memo = doc.user_data[ACTOR_MEMO_KEY] = {}
    key = (where.start, where.end) if isinstance(where, SpacySpan) else (where.i, -1)
    if key not in memo:
        # an outlet that acts ("Al-Ahram urged Egyptians to vote", "Israel banned Al Jazeera") is a party to
        # that event, coded JRN; it is only the quotes stage that reads outlets as sources, not speakers
        memo[key] = actors_stage.actor_at(doc, where, include_media=True)
    ref = memo[key]
    return None if ref is None else replace(ref)


def inner_actor(doc: Doc, head: Token, depth: int = 2) -> ActorRef | None:
    """An actor named inside a phrase: "Lebanese planes", "positions of the Palestinian forces"."""
    inner = [c for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.ent_type_ in ACTOR_ENTS]
    for tok in inner:
        ref = _actor_at(doc, tok)
        if ref is not None and ref.country:
            return ref
    if depth > 0:
        for tok in prep_objects(head, {"of", "in", "from"}):
            ref = _actor_at(doc, tok)
            if ref is not None and ref.country:
                return ref
            ref = inner_actor(doc, tok, depth - 1)
            if ref is not None:
                return ref
    return None


def antecedent(head: Token) -> Token | None:
    """'Nigeria announced that it will withdraw': the reporting clause's subject for a subject pronoun."""
    if head.lower_ not in PRONOUNS or head.dep_ not in ("nsubj", "nsubjpass", "poss"):
        return None
    node = head.head if head.dep_ != "poss" else head.head.head
    if head.dep_ == "poss" and head.head.dep_ in ("dobj", "pobj"):
        # "The ILO reiterated its demand": the possessor is the clause's subject
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
        if subj:
            return subj[0]
    for _ in range(3):
        if node.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or node.head is node:
            return None
        node = node.head
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
        if subj:
            return subj[0]
    return None


def ref_for(doc: Doc, head: Token, fallback: str | None = None) -> ActorRef:
    """The participant a head stands for; a weapon modifying it gives no sector (actors.actor_at)."""
    if head.pos_ == "PRON":
        ante = antecedent(head)
        ref = _actor_at(doc, head)
        if (ref is None or not ref.country) and ante is not None:
            found = ref_for(doc, ante, fallback)
            span = doc[head.i : head.i + 1]
            return ActorRef(found.actor_id, found.name, span.start_char, span.end_char, span.text, found.country, found.sector)
    span = phrase(doc, head)
    ref = _actor_at(doc, span)
    if ref is not None and span.start > 0 and doc[span.start - 1].lower_ in RESULT_ADJECTIVES \
            and ref.start == doc[span.start - 1].idx < span.start_char <= ref.end:
        # the actors stage's mention took in the resultative too ("dead five demonstrators")
        ref.text, ref.start = ref.text[span.start_char - ref.start :], span.start_char
    if ref is not None and ref.actor_id is not None and not ref.country:
        # one code per actor per article: the first guess is every mention's, and an actor left stateless
        # ("ISIS", "al-Qaeda", the UN) gets none from the place it acts in
        codes = doc.user_data.setdefault(ACTOR_CODE_KEY, {})
        if ref.actor_id not in codes:
            codes[ref.actor_id] = None if _stateless(ref, span) else _guess_country(doc, head, span, ref, fallback)
        ref.country = codes[ref.actor_id]
        return ref
    if ref is not None and ref.country:
        # "demonstrators in Baghdad": where a common noun's people are beats a country guessed from the article
        if head.pos_ == "NOUN" and actor_codes.country_in([t for t in span if t.i <= head.i]) is None \
                and head.lemma_.lower() not in ENVOY_NOUNS:  # "its ambassador in Kenya" is not Kenya's
            # people who act where they live ("20 civilians", "police") with no country of their own: the
            # event's country beats one the actors stage guessed from the text before them
            local = fallback if ref.sector in LOCAL_SECTORS else None
            ref.country = located_country(doc, head) or local or ref.country
        elif head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS"):
            # "the Albanians of southern Serbia", "Kurds in Syria": a people coded where they live
            ref.country = located_country(doc, head, {"of", "in"}) or ref.country
        elif head.lemma_.lower() in _PEOPLES:
            # "the Albanian population of the province", "the Russian minority": where they live, else where
            # the event happens; the demonym names their descent
            ref.country = located_country(doc, head, {"of", "in"}) or fallback or ref.country
        return ref
    if ref is None:
        ref = ActorRef(actor_id=None, name=span.text, start=span.start_char, end=span.end_char, text=span.text)
        noun = head.pos_ == "NOUN" or head.lemma_.lower() in FIGHTER_WORDS  # "a rebel mortar attack": an ADJ to the tagger
        ref.sector = actor_codes.sector_of_noun(head) if noun else None
    ref.country = _guess_country(doc, head, span, ref, fallback)
    return ref


def _stateless(ref: ActorRef, span: SpacySpan) -> bool:
    """An actor the actors stage left without a country on purpose: a body above or across states or a
    rebel group of no stated country ("ISIS", "the UN", "terrorists"), a multinational force ("the
    international coalition"). Its events do not lend it the country they happen in."""
    return ref.sector in actors_stage.TRANSNATIONAL or actor_codes.is_multinational(list(span)) or (
        span.root.lemma_.lower() in ENVOY_NOUNS and actor_codes.country_in(list(span)) is None)


def _guess_country(doc: Doc, head: Token, span: SpacySpan, ref: ActorRef, fallback: str | None) -> str | None:
    """The country of a participant the actors stage gave none: an actor inside the phrase, a country word,
    the place it is in, else the event's country."""
    inner = inner_actor(doc, head)
    ref = replace(ref)
    if inner is not None:
        ref.country = inner.country  # the phrase's own code stays unknown; its country is the inner actor's
    else:  # a demonym or country name the actors stage did not turn into an actor ("Palestinian homes"); not
        # one inside a person's name ("Ali Iraq", "Abdullah Kirkuk")
        ref.country = actor_codes.country_in([t for t in span if t.ent_type_ != "PERSON"]) or ref.country
    if not ref.country:  # a city as target ("blocked transport into Abidjan"), "students in Jakarta"
        ref.country = (place_iso(doc, head) if head.ent_type_ in _PLACE_ENTS else None) or located_country(doc, head)
    # a name the gazetteer (or NER) does not know ("bombed Qamishli") is not thereby in the sentence's country
    unknown_name = head.ent_type_ in _PLACE_ENTS or (head.pos_ == "PROPN" and not head.ent_type_)
    identity = any(t.ent_type_ in _NAMED for t in span if t.i != head.i)  # "Muslim hackers": one of its own
    if not ref.country and fallback and ref.sector not in TRANSNATIONAL and not unknown_name and not identity \
            and not _counterparts_only(doc, head, ref.sector or _armed_means(span, head), fallback):
        ref.country = fallback  # "police", "23 people", "a roadside bomb": the event's country
    return ref.country


def _armed_means(span: SpacySpan, head: Token) -> str | None:
    """"Drone attacks hit Kyiv": a weapon modifier gives the phrase no sector, but the attack is an armed
    side's, not the target's country's."""
    return next((s for t in reversed(span) if t.i != head.i and t.pos_ in ("NOUN", "PROPN") and is_means(t)
                 and (s := actor_codes.sector_of_noun(t))), None)


def _counterparts_only(doc: Doc, head: Token, sector: str | None, iso: str) -> bool:
    """"Officials accused Iran": the one country named is the counterpart's, not the officials'."""
    if sector not in COUNTERPART_SECTORS:
        return False
    skip = counterpart_tokens(head)
    named = [t.i for t in sentence_of(head) if t.ent_type_ in ("GPE", "NORP", "LOC") and place_iso(doc, t) == iso]
    return bool(skip) and bool(named) and all(i in skip for i in named)


def refs_for(doc: Doc, toks: list[Token], fallback: str | None = None,
             memo: dict[tuple[int, str | None], ActorRef] | None = None) -> list[ActorRef]:
    """ActorRefs for participant heads; `memo` (one per doc) saves resolving a subject shared by several
    events again; each event gets its own copy."""
    out, seen = [], set()
    for t in with_conjuncts(toks):
        kinds = collective_kinds(t) if t.lower_ in COLLECTIVE_WORDS else None
        if kinds is not None:  # "the pair", "both sides": the two actors named before, or no one
            span = phrase(doc, t)
            for actor in collective_antecedents(doc, t, kinds):
                if (span.start_char, span.end_char, actor.id) not in seen:
                    seen.add((span.start_char, span.end_char, actor.id))
                    out.append(ActorRef(actor.id, actor.name, span.start_char, span.end_char, span.text,
                                        actor.country, actor.sector))
            continue
        if memo is None:
            ref = ref_for(doc, t, fallback)
        else:
            if (t.i, fallback) not in memo:
                memo[(t.i, fallback)] = ref_for(doc, t, fallback)
            ref = replace(memo[(t.i, fallback)])
        # "Ethiopian and Eritrean troops", "the Tribal [...] and Popular Mobilization Forces": a side per modifier
        sides = modifier_sides(doc, t, ref, _actor_at) if modifier_conjuncts(t) else None
        for ref in sides or [ref]:
            # "praised Turkey's role" on a visit to Ankara: two phrases, one actor, listed once
            if (ref.start, ref.end, ref.actor_id) not in seen and (ref.actor_id is None or ref.actor_id not in seen):
                seen.add((ref.start, ref.end, ref.actor_id))
                seen.add(ref.actor_id)
                out.append(ref)
    return out
