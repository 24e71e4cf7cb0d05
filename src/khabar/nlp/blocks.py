"""khabar_blocks: start a new sentence at every block (title, caption, paragraph) boundary.

Runs before the parser, which respects preset sentence starts: a headline never fuses with the first
body sentence, and a caption never with the paragraph after it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from khabar.nlp import extensions  # noqa: F401  (registers Doc._ extensions)


@Language.component("khabar_blocks")
def khabar_blocks(doc: Doc) -> Doc:
    article = doc._.article
    if article is None or not article.blocks:
        return doc
    for block in article.blocks:
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        first = span[0]
        while first.is_space and first.i + 1 < span.end:
            first = doc[first.i + 1]
        first.is_sent_start = True
        # the token after the block also starts a sentence (unless it is whitespace)
        if span.end < len(doc) and not doc[span.end].is_space:
            doc[span.end].is_sent_start = True
    return doc


def block_kind(doc: Doc, char: int) -> str | None:
    """The kind of block ('title', 'caption', 'paragraph') holding character offset `char`."""
    article = doc._.article
    if article is None:
        return None
    for block in article.blocks:
        if block.start <= char < block.end:
            return block.kind
    return None
