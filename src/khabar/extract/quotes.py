"""khabar_quotes: direct and indirect quotes with speaker, cue, addressee, medium. (stub: issue 4)"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.nlp import extensions  # noqa: F401
from khabar.records import Quote


@Language.component("khabar_quotes")
def khabar_quotes(doc: Doc) -> Doc:
    doc._.khabar_quotes = find_quotes(doc)
    return doc


def find_quotes(doc: Doc) -> list[Quote]:
    return []


def quote_for(doc: Doc, where: Token | SpacySpan) -> Quote | None:
    """The quote whose content holds `where` (an event known only because someone said it)."""
    return None
