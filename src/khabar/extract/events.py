"""khabar_events: PLOVER 2.0 events with actors, recipients, trigger and sentence. (stub: issue 3)"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from khabar.nlp import extensions  # noqa: F401
from khabar.records import Event


@Language.component("khabar_events")
def khabar_events(doc: Doc) -> Doc:
    doc._.khabar_events = find_events(doc)
    return doc


def find_events(doc: Doc) -> list[Event]:
    return []
