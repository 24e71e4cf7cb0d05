"""Coordinated modifiers on one head: one phrase, two (or more) participants.

"Ethiopian and Eritrean troops", "US and Iraqi forces", "Israeli and Palestinian negotiators" name one
group per modifier: Ethiopian troops (ETH MIL) and Eritrean troops (ERI MIL), not one group coded by the
first demonym. The parser also hangs the first of two coordinated names on the second as a modifier ("from
the Tribal Mobilization Forces and Popular Mobilization Forces": "Forces" nmod of the last "Forces", with
"Mobilization" its conjunct), which leaves the first name out of any event that reads the head alone.

`modifier_conjuncts` is the parse test (a modifier of the head with a conjunct of its own, both before the
head); `modifier_sides` turns the head's participant into one ActorRef per side:
- a country word (demonym, country name) is that country's share of the group: the
  head's sector, the modifier's country, actor_id None (the actors stage has no actor for "Ethiopian troops");
  the last side's text runs through the head ("Eritrean troops"), an earlier side's is its own words
  ("Ethiopian", named "Ethiopian troops");
- a people with no state ("Kurdish" in "Iraqi and Kurdish forces") is a side of no country;
- a modifier inside an actor mention of its own ("Tribal Mobilization Forces", "Salam" in "Salam and Raggi's
  offices") is that actor; one that starts the head's own name ("Popular Mobilization Forces") the head's side;
- anything else ("political and military leaders", "Sunni and Shiite militias") is no split.
A split needs two sides that differ (two countries, or two actors); otherwise the phrase stays one participant.
The actors stage codes such a phrase with no one country (`modifier_countries`). Used by
`participants.refs_for` (codes) and `arguments._reciprocal` ("Ethiopian and Eritrean troops clashed"
is the reciprocal fight of the two sides, as "India and Pakistan exchanged fire").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import actor_codes
from khabar.extract.quote_spans import doc_text
from khabar.records import ActorRef

#: dependencies of a modifier that may carry a side: "Ethiopian troops", "US forces", "Raggi's office"
MOD_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
_SKIP = frozenset({"cc", "punct", "det", "preconj", "case"})

ActorAt = Callable[[Doc, "Token | SpacySpan"], "ActorRef | None"]


def modifier_conjuncts(head: Token) -> list[Token]:
    """The coordinated modifiers of `head` in text order ("Ethiopian", "Eritrean" for "troops"), else []."""
    for m in head.children:
        if m.dep_ not in MOD_DEPS or m.i > head.i:
            continue
        conj = [c for c in m.conjuncts if c.i < head.i]
        if conj:
            return sorted([m, *conj], key=lambda t: t.i)
    return []


def _own_words(u: Token) -> list[Token]:
    """A conjunct's own words: its left part, without the other conjuncts, "and" or a determiner."""
    out = []
    for t in u.subtree:  # the later conjuncts hang on the first, after it
        if t.i > u.i:
            break
        if t.dep_ not in _SKIP:
            out.append(t)
    return out or [u]


def modifier_countries(head: Token) -> list[str]:
    """The distinct countries the coordinated modifiers of `head` name ("Ethiopian", "Eritrean" -> ETH, ERI)."""
    out: list[str] = []
    for u in modifier_conjuncts(head):
        iso = actor_codes.country_in(_own_words(u))
        if iso is not None and iso not in out:
            out.append(iso)
    return out


def modifier_sides(doc: Doc, head: Token, base: ActorRef, actor_at: ActorAt) -> list[ActorRef] | None:
    """One ActorRef per side of a head with coordinated modifiers (`base` is the head's own participant),
    or None when the modifiers do not name sides of their own."""
    conjuncts = modifier_conjuncts(head)
    if not conjuncts:
        return None
    text = doc_text(doc)
    countries = {a.id for a in doc._.khabar_actors or [] if a.kind == "country"}
    tail = doc[conjuncts[-1].i + 1 : head.i + 1]  # the words the sides share: "troops", "security forces"
    sides: list[ActorRef] = []
    for n, u in enumerate(conjuncts):
        words = _own_words(u)
        last = n == len(conjuncts) - 1
        ref = actor_at(doc, u)
        inside = ref is not None and ref.start <= head.idx < ref.end  # a mention of the whole phrase or its head
        if ref is not None and ref.actor_id is not None and not inside and ref.actor_id not in countries:
            sides.append(ref)  # a name of its own: "Tribal Mobilization Forces", "Salam"
            continue
        iso = actor_codes.country_in(words)
        # "Iraqi and Kurdish forces": a people with no state of its own is a side too, of no country
        people = any(t.ent_type_ == "NORP" for t in words) and not (inside and ref.start >= words[0].idx)
        if iso is not None or people:
            start = words[0].idx
            end = head.idx + len(head) if last else words[-1].idx + len(words[-1])
            name = f"{text[words[0].idx : words[-1].idx + len(words[-1])]} {tail.text}"
            sides.append(ActorRef(None, name, start, end, text[start:end], iso, base.sector))
            continue
        if not (inside and last and ref.start >= words[0].idx and ref.actor_id is not None
                and ref.actor_id == base.actor_id):
            return None  # "political and military leaders": no side of its own
        sides.append(replace(base))  # "Popular Mobilization Forces": the head's own name, from its first word
    distinct = {(r.actor_id, r.country if r.actor_id is None else None) for r in sides}
    if len(distinct) < 2:
        return None
    out: list[ActorRef] = []
    for ref in sides:  # one per actor, one per country
        key = (ref.actor_id, ref.country if ref.actor_id is None else None)
        if all((r.actor_id, r.country if r.actor_id is None else None) != key for r in out):
            out.append(ref)
    return out
