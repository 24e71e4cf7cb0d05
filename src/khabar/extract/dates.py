"""khabar_dates: find temporal expressions and normalise them TIMEX3-style. (stub: see issue 4)"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.nlp import extensions  # noqa: F401
from khabar.records import DateMention, EventDate


def find_dates(doc: Doc) -> list[DateMention]:
    return []


@Language.component("khabar_dates")
def khabar_dates(doc: Doc) -> Doc:
    doc._.khabar_dates = find_dates(doc)
    return doc


def date_for(doc: Doc, trigger: Token | SpacySpan) -> EventDate:
    """The date of an event whose trigger is `trigger`: the expression governing it, else the
    publication date flagged as such."""
    article = doc._.article
    published = article.published if article is not None else None
    precision = article.date_precision if article is not None else None
    return EventDate(value=published, precision=precision, source="published")
