"""khabar_actors: entities and actors with one canonical name per article and a code. (stub: issue 3)"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.nlp import extensions  # noqa: F401
from khabar.records import Actor, ActorRef, Entity


@Language.component("khabar_actors")
def khabar_actors(doc: Doc) -> Doc:
    doc._.khabar_entities, doc._.khabar_actors = find_actors(doc)
    return doc


def find_actors(doc: Doc) -> tuple[list[Entity], list[Actor]]:
    return [], []


def actor_at(doc: Doc, where: Token | SpacySpan) -> ActorRef | None:
    """The actor a token or phrase (a subject, an object, a possessor) refers to, if any."""
    return None
