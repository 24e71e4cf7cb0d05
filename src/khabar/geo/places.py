"""khabar_places: recognise and resolve toponyms; locate events. (stub: see issue 5)"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.nlp import extensions  # noqa: F401
from khabar.records import EventLocation, Place


@Language.factory("khabar_places", default_config={})
def make_places(nlp: Language, name: str):
    def khabar_places(doc: Doc) -> Doc:
        doc._.khabar_places = find_places(doc)
        return doc

    return khabar_places


def find_places(doc: Doc) -> list[Place]:
    return []


def location_for(doc: Doc, trigger: Token | SpacySpan) -> EventLocation:
    """Where the event triggered by `trigger` happened, with the reason for the choice."""
    return EventLocation(place_id=None, text=None, reason="none")
