"""Ranking events: how central an event's clause is, and what to do with headlines and captions.

Headlines and photo captions repeat the body in other words: an event found in a title or caption block
is dropped when a body event has the same type and the same trigger lemma or an actor of the same text,
and is otherwise kept at `TITLE_FACTOR` of its confidence (a caption alone still reports something).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from khabar.nlp.blocks import block_kind
from khabar.records import Event

SAY_LEMMAS = frozenset({"say", "tell", "state", "insist", "stress", "reiterate", "declare", "add", "argue", "assert",
                        "warn", "emphasize", "emphasise", "affirm", "announce", "report", "claim", "note"})
TITLE_FACTOR = 0.6
BACKGROUND_MARKS = frozenset({"as", "while", "when", "after", "before", "since", "because", "although", "though",
                               "until", "whereas", "once"})


def clause_factor(anchor: Token) -> float:
    """How central the clause of an event's verb is: main or reported clause 1.0, background clause 0.8."""
    if anchor.dep_ == "ROOT":
        return 1.0
    if anchor.dep_ in ("ccomp", "conj") and anchor.head.dep_ == "ROOT":
        return 1.0 if anchor.head.lemma_.lower() in SAY_LEMMAS or anchor.dep_ == "conj" else 0.92
    if anchor.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in BACKGROUND_MARKS for m in anchor.children):
        return 0.8
    if anchor.dep_ in ("xcomp", "advcl") and anchor.head.dep_ == "ROOT":
        return 0.92
    return 0.85


def dedupe_headlines(doc: Doc, events: list[Event], lemmas: dict[str, str]) -> list[Event]:
    """Drop title/caption events the body repeats; keep the rest at lower confidence."""
    if doc._.article is None:
        return events
    body = [e for e in events if block_kind(doc, e.trigger.start) in ("paragraph", None)]
    out = []
    for e in events:
        kind = block_kind(doc, e.trigger.start)
        if kind in ("title", "caption"):
            names = {a.text.lower() for a in e.actors}
            if any(b.type == e.type and (lemmas[b.id] == lemmas[e.id] or names & {a.text.lower() for a in b.actors})
                   for b in body):
                continue
            e.confidence = round(e.confidence * TITLE_FACTOR, 3)
        out.append(e)
    return out
