"""Entities for the actor stage: spaCy's NER cleaned up and fixed by the known-actor lexicon.

A leading "the" and trailing punctuation go; "Asharq al-Awsat", "Twitter" (NER says PERSON) become ORG via
`actors_known.tsv`; a headline fused into one entity ("Iraq Launches Operation") is cut back to the
country; "Nineveh" as PERSON becomes GPE when it is a country, capital or a place the places stage
resolved; a title NER took for a name ("Brig", "Saudi Foreign Minister") is dropped, a title inside a
name ("Salafi cleric Muhammed Dahlan") is cut off; a last name seen in a full name ("Salam") is a PERSON.
"""

from __future__ import annotations

import numpy
from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span as SpacySpan

from khabar.extract import actor_codes as codes
from khabar.extract.actor_codes import KnownActor

NUMERIC = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
STRIP_LEFT = {"the", "a", "an", "'", '"', "“", "‘", "(", "[", "-", "–"}
STRIP_RIGHT = {"'s", "’s", "'", "’", '"', "”", ")", "]", ",", ".", "-", "–", ":"}
ORG_HEADS = {"center", "centre", "institute", "foundation", "committee", "council", "party", "ministry",
             "university", "agency", "organization", "organisation", "association", "union", "company", "bank",
             "group", "front", "movement", "brigade", "brigades", "army", "forces", "court", "commission"}
#: a name right after one of these is an organisation's, not a person's
ORG_NOUNS = {"newspaper", "daily", "weekly", "agency", "group", "party", "militia", "movement", "channel",
             "broadcaster", "network", "company", "firm", "website", "outlet", "organization", "organisation"}
RANKS = {"brig", "gen", "lt", "col", "maj", "sgt", "capt", "adm", "cpl", "pvt", "dr", "mr", "mrs", "ms", "sheikh"}

Ent = tuple[SpacySpan, str, KnownActor | None]


def trim(span: SpacySpan) -> SpacySpan | None:
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].lower_ in STRIP_LEFT or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in STRIP_RIGHT or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def entity_spans(doc: Doc) -> list[Ent]:
    """spaCy's named entities, cleaned and fixed by the known-actor lexicon, in text order."""
    lex = codes.lexicon()
    known = codes.known_matches(doc)
    out: list[Ent] = []
    used: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in NUMERIC:
            continue
        inside = [(s, k) for s, k in known if s.start < ent.end and ent.start < s.end]
        label, entry = ent.label_, None
        verb = next((t for t in ent[1:] if t.tag_ in ("VBZ", "VBD", "VB", "VBP")), None)
        if verb is not None and ent.label_ in ("ORG", "PERSON", "WORK_OF_ART"):
            # a title-case headline fused into one entity: "Iraq Launches Operation", "Iran Seeks"
            head = trim(doc[ent.start : verb.i])
            if head is not None and lex.country(head.text) and not any(i in used for i in range(head.start, head.end)):
                out.append((head, "GPE", None))
                used.update(range(head.start, head.end))
            continue
        if inside:
            one = len(inside) == 1 and not any(t.dep_ == "cc" for t in ent)
            s, k = inside[0]
            extra = [t for t in ent if not (s.start <= t.i < s.end)]
            modifiers_only = all(t.is_punct or t.lower_ in ("the", "led") or lex.country(t.text) for t in extra)
            if one and modifiers_only and s.start >= ent.start and s.end <= ent.end and len(s) < len(ent):
                entry = k  # "the Iraqi Counter-Terrorism Service": keep the longer name, code it as CTS
                label = k.label
            else:
                continue  # the lexicon's spans replace this one
        span = trim(ent)
        if span is not None and label == "PERSON":
            span, label = _person_span(span)
        if span is None:
            continue
        if entry is None and label in ("PERSON", "WORK_OF_ART", "PRODUCT", "ORG") and _is_place(doc, span, lex):
            label = "GPE"  # "Nineveh", "Salaheddine" tagged as people
        key = span.text.lower().replace("’", "'")
        if label in ("GPE", "LOC") and key in lex.demonyms and key not in lex.country_names:
            label = "NORP"  # "Briton", "Tajik"
        elif label == "NORP" and key in lex.country_names:
            label = "GPE"  # "Tajikistan"
        out.append((span, label, entry))
        used.update(range(span.start, span.end))
    for s, k in known:
        if not any(i in used for i in range(s.start, s.end)):
            out.append((s, k.label, k))
            used.update(range(s.start, s.end))
    out.sort(key=lambda e: e[0].start)
    return _surnames_as_people(doc, out, used)


def _person_span(span: SpacySpan) -> tuple[SpacySpan | None, str]:
    """Fix a PERSON span: "Salafi cleric Muhammed Dahlan" -> the name; "Saudi Foreign Minister" -> none;
    "Carter Center" -> ORG."""
    if _title_only(span):
        return None, "PERSON"
    if span[-1].lower_ in ORG_HEADS:
        return span, "ORG"
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in ORG_NOUNS:
        return span, "ORG"  # "the opposition newspaper La Prensa", "the rebel group M23"
    cut = None
    for j in range(len(span) - 1):
        hit = codes.title_at(list(span[: j + 1]))
        if hit is not None and hit[3] == span[j].i:
            cut = j + 1
    if cut is not None and any(t.pos_ == "PROPN" for t in span[cut:]):
        return span[cut:], "PERSON"
    return span, "PERSON"


def _is_place(doc: Doc, span: SpacySpan, lex: codes.Lexicon) -> bool:
    text = span.text.lower()
    if lex.country(span.text) or text in lex.capitals:
        return True
    for place in doc._.khabar_places or []:
        if place.resolved and place.start == span.start_char and place.end == span.end_char:
            return span.label_ != "ORG" or place.level == "country"
    return False


def _surnames_as_people(doc: Doc, ents: list[Ent], used: set[int]) -> list[Ent]:
    """Relabel or add the last name of a full person name: "Salam" (tagged WORK_OF_ART, or missed)."""
    places = {s.text for s, lab, _ in ents if lab in ("GPE", "LOC", "FAC", "NORP")}
    surnames: dict[tuple[str, ...], None] = {}  # insertion-ordered
    for span, label, _ in ents:
        words = [t.text for t in span if t.text not in ("-",)]
        if label == "PERSON" and len(words) >= 2:
            tail = words[-1].split("-")[-1] if words[-1].lower().startswith(("al-", "el-")) else words[-1]
            if tail not in places and not codes.lexicon().country(tail):
                surnames[(tail,)] = None
            if len(words) >= 3 and words[-2].lower() in ("abu", "bin", "ibn", "bou", "van", "de", "von"):
                surnames[tuple(words[-2:])] = None
    ordered = sorted(surnames, key=len, reverse=True)
    out: list[Ent] = []
    for span, label, entry in ents:
        key = tuple(t.text for t in span)
        if label not in ("PERSON", "GPE", "LOC", "FAC", "NORP") and entry is None and key in surnames:
            label = "PERSON"
        out.append((span, label, entry))
    firsts = {key[0] for key in ordered}
    # proper nouns from the POS column, a Token only for those that may start a surname
    for at in numpy.flatnonzero(doc.to_array(POS) == PROPN).tolist() if firsts else ():
        if at in used or doc[at].text not in firsts:
            continue
        tok = doc[at]
        for key in ordered:  # longest first, then first seen: a set's order changes with the hash seed
            if tok.text != key[0]:
                continue  # cheap test first: most proper nouns start no surname
            end = tok.i + len(key)
            if end <= len(doc) and tuple(t.text for t in doc[tok.i : end]) == key and not any(i in used for i in range(tok.i, end)):
                out.append((doc[tok.i : end], "PERSON", None))
                used.update(range(tok.i, end))
    out.sort(key=lambda e: e[0].start)
    return out


def _title_only(span: SpacySpan) -> bool:
    """"Brig", "Saudi Foreign Minister": a rank or a title (with a country) NER took for a name."""
    titles = codes.lexicon().titles
    words = [t.text.rstrip(".").lower() for t in span if not t.is_punct and not codes.country_of_token(t)]
    return not words or tuple(words) in titles or all(w in RANKS or (w,) in titles for w in words)
