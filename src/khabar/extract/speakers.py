"""Who a quote's speaker is: `actors.actor_at` first, then local rules while it has no answer.

"He"/"she" take the person who was last the subject of a sentence or the speaker of a quote (names
inside what somebody said do not count); "who" takes the noun it qualifies; a title with a name
("spokesperson, Colonel Myles Caggins") takes the name, under its longest form in the article.
"""

from __future__ import annotations

import logging
from bisect import bisect_left

from spacy.tokens import Doc, Span as SpacySpan

from khabar.extract.quote_spans import np_span
from khabar.extract.cues import PERSON_PRONOUNS
from khabar.records import Quote

log = logging.getLogger(__name__)


def resolve_speaker(doc: Doc, speaker: SpacySpan, done: list[Quote]) -> tuple[str | None, str]:
    """(actor id, canonical name) of a speaker mention: actors.actor_at first, then local rules."""
    named = _entity_span(doc, speaker)  # "spokesperson for OIR, Colonel Myles Caggins": ask about the name
    try:
        from khabar.extract import actors  # at call time: quotes keep working while actors is rebuilt

        ref = actors.actor_at(doc, named if named is not None else speaker)
    except Exception as exc:  # noqa: BLE001 -- the actors stage is another module; its failure must not lose quotes
        log.warning("actor_at failed on %r: %s", speaker.text, exc)
        ref = None
    if ref is not None:
        return ref.actor_id, ref.name
    root = speaker.root
    if root.lower_ in PERSON_PRONOUNS:
        return None, _antecedent(doc, speaker, done) or speaker.text
    if root.lower_ in ("who", "that") and root.head.dep_ == "relcl":
        antecedent = np_span(root.head.head)
        return None, _entity_name(doc, antecedent) or antecedent.text
    return None, _entity_name(doc, speaker) or speaker.text


def _antecedent(doc: Doc, pronoun: SpacySpan, done: list[Quote]) -> str | None:
    """Whom "he"/"she" means: the latest person who was the subject of a recent sentence or the speaker
    of a recent quote. Names inside what somebody said do not count ("He explained that Abdullah ...")."""
    said = [(q.content.start, q.content.end) for q in done]
    window = pronoun.start_char - 1500
    best: tuple[int, str] | None = None
    for ent in doc.ents:
        if ent.label_ != "PERSON" or not (window <= ent.start_char and ent.end_char <= pronoun.start_char):
            continue
        if ent.root.dep_ not in ("nsubj", "appos", "compound") or any(a <= ent.start_char < b for a, b in said):
            continue
        best = (ent.start_char, _full_name(doc, ent))
    people = {_full_name(doc, e) for e in doc.ents if e.label_ == "PERSON"}
    for quote in done:
        if quote.speaker is None or quote.speaker_name not in people:
            continue
        if window <= quote.speaker.start < pronoun.start_char and (best is None or quote.speaker.start > best[0]):
            best = (quote.speaker.start, quote.speaker_name)
    if best is not None:
        return best[1]
    return _person_before(doc, pronoun.start_char)


def _entity_name(doc: Doc, span: SpacySpan) -> str | None:
    """The name a noun phrase is about, under its longest form in the article."""
    ent = _entity_span(doc, span)
    if ent is None:
        return None
    return _full_name(doc, ent) if ent.label_ == "PERSON" else ent.text


ENTS_KEY = "khabar_speaker_ents"


def _ents_within(doc: Doc, span: SpacySpan) -> list[SpacySpan]:
    """`span.ents` (the entities wholly inside it) from a per-doc list and a bisect: `Span.ents` makes a
    Span of every entity in the doc on each call. The quotes stage drops the list when done."""
    cached = doc.user_data.get(ENTS_KEY)
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data[ENTS_KEY] = (ents, [e.start for e in ents])
    ents, starts = cached
    out = []
    for ent in ents[bisect_left(starts, span.start):]:
        if ent.end > span.end:
            break
        out.append(ent)
    return out


def _entity_span(doc: Doc, span: SpacySpan) -> SpacySpan | None:
    """The name entity holding a noun phrase's head, or a person in apposition to it."""
    root = span.root
    inside = _ents_within(doc, span)
    for ent in inside:
        if ent.start <= root.i < ent.end and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
            return ent
    for ent in inside:  # "spokesperson, Brigadier General Yahya Rasool": a person in apposition
        if ent.label_ == "PERSON" and ent.root.dep_ in ("appos", "nsubj") and ent.root.head.i in (root.i, root.head.i):
            return ent
    return None


def _person_before(doc: Doc, char: int) -> str | None:
    """The person named last before a pronoun, under the longest form the article gives that name."""
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= char]
    return _full_name(doc, people[-1]) if people else None


NAMES_KEY = "khabar_speaker_names"


def _full_name(doc: Doc, ent: SpacySpan) -> str:
    """"Abu Ragheef" -> "Fadel Abu Ragheef" when the article named him so earlier."""
    # the persons' texts and surnames are read once per doc and each answer kept: `_antecedent` asks this of
    # every person for every pronoun, and each ask read every entity's text (dropped with ENTS_KEY)
    memo = doc.user_data.get(NAMES_KEY)
    if memo is None:
        people = [(t, t.split()[-1].lower()) for t in (e.text for e in doc.ents if e.label_ == "PERSON")]
        memo = doc.user_data[NAMES_KEY] = (people, {})
    people, known = memo
    text = ent.text
    best = known.get(text)
    if best is None:
        surname = text.split()[-1].lower()
        best = text
        for other, last in people:
            if last == surname and len(other) > len(best) and (other.endswith(text) or text in other):
                best = other
        known[text] = best
    return best
