"""Cue words around a toponym: what level of place it names ("Kirkuk province", "the town of Mainok"), the
names of a list closed by a plural region word ("Cooke, Grayson and Love counties"), the toponyms
coordinated with it ("Florida and Cuba": peers, for the resolver), and the language names that are no
place ("Pashto")."""

from __future__ import annotations

import re

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span as SpacySpan

from khabar.geo.gazetteer import ALTERNATE, PREFERRED, Gazetteer

ADMIN_CUES = {"governorate", "province", "provinces", "region", "oblast", "state", "district", "county",
              "parish", "prefecture", "department", "emirate", "canton", "municipality"}
CITY_CUES = {"city", "town", "village", "capital"}
# "the town of X", "the villages of X and Y": nouns whose "of" introduces a place name
OF_CUES = {"city", "cities", "town", "towns", "village", "villages", "neighbourhood", "neighborhood", "neighbourhoods",
           "neighborhoods", "district", "districts", "province", "provinces", "region", "governorate", "suburb",
           "suburbs", "camp", "commune", "locality", "localities", "county", "island", "port", "outskirts"}
# "Cooke, Grayson and Love counties": a plural cue after a list makes every name of it a region
PLURAL_CUES = {"counties", "parishes", "provinces", "districts", "governorates", "regions", "states", "oblasts",
               "prefectures", "departments", "emirates", "cantons"}
LIST_CUES = {"counties", "parishes", "provinces", "districts", "governorates", "oblasts", "prefectures"}


def listed_region_spans(doc: Doc, gaz: Gazetteer, taken: list[SpacySpan]) -> list[SpacySpan]:
    """The names of a list closed by a plural region cue that the model missed: "Cooke, Grayson and Love
    counties". Walks back from the cue over capitalised names, commas and and/or; each name must be a
    gazetteer name."""
    used = {i for s in taken for i in range(s.start, s.end)}
    out = []
    # only the cue tokens, found by array compare (no Token object per word of the article)
    ids = numpy.array([doc.vocab.strings[w] for w in LIST_CUES], dtype=numpy.uint64)
    for at in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), ids)):
        tok = doc[int(at)]
        if tok.i == 0 or not doc[tok.i - 1].is_title:
            continue
        end, names = tok.i, []
        while end > 0 and doc[end - 1].is_title:
            start = end
            while start > 0 and doc[start - 1].is_title and end - start < 4:
                start -= 1
            names.append(doc[start:end])
            if start < 2 or doc[start - 1].text not in (",", "and", "or"):
                break
            end = start - 1
            if doc[end].text == "," and end > 0 and doc[end - 1].lower_ in ("and", "or"):
                end -= 1  # "A, B, and C counties"
        if len(names) < 2:
            continue  # "Walker counties" is no list; NER finds "Walker County" itself
        out += [n for n in names if not any(i in used for i in range(n.start, n.end)) and gaz.lookup(n.text)]
    return out


def _listed_regions(doc: Doc, i: int) -> bool:
    """The names from token i on are the rest of a list closed by a plural region cue ("..., Swift and Wilkin
    counties"): only commas, and/or and capitalised words until the cue, after at least one and/or/comma."""
    joined = False
    for j in range(i, min(len(doc), i + 16)):
        t = doc[j]
        if t.text in (",", "and", "or", "&"):
            joined = True
        elif t.lower_ in PLURAL_CUES:
            return joined and doc[j - 1].text[:1].isupper()
        elif not t.text[:1].isupper():
            return False
    return False


def level_hint(doc: Doc, span: SpacySpan) -> str | None:
    """"admin1" or "city" when a cue word around the name says so ("Kirkuk province", "the town of X",
    "Cooke, Grayson and Love counties"), else None."""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in ADMIN_CUES or after in PLURAL_CUES:
        return "admin1"
    if after in (",", "and", "or") and _listed_regions(doc, span.end):
        return "admin1"
    if after in CITY_CUES:
        return "city"
    if span.start >= 2 and doc[span.start - 1].lower_ == "of":
        before = doc[span.start - 2].lower_
        if before in ADMIN_CUES:
            return "admin1"
        if before in CITY_CUES:
            return "city"
    return None


# --- small towns NER mislabels in a locative phrase ("fighting in Sderot" ORG, "near Kiryat Shmona" PERSON) ---
# "from" is locative only after a verb of movement or firing: "fled from Qamishli", not "a statement from Smith"
FROM_VERBS = {"flee", "fled", "escape", "return", "withdraw", "retreat", "evacuate", "displace", "expel", "move",
              "launch", "fire", "arrive", "drive", "push", "travel", "relocate", "come", "smuggle", "transfer",
              "deport", "rescue", "emerge"}
# a town named as what was struck: "rockets hit Sderot", "jets pounded Saraqib"
STRIKE_VERBS = {"hit", "strike", "shell", "bomb", "pound", "target", "storm", "raid", "attack", "besiege",
                "capture", "seize", "recapture", "retake", "overrun", "bombard", "rocket", "invade", "liberate"}
_ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
MIN_TOWN = 15_000


def article_countries(doc: Doc, gaz: Gazetteer) -> set[str]:
    """ISO2 codes the article itself names: demonyms, countries, and regions or big cities NER tags as places
    (unambiguous ones), with their neighbours. A mislabelled small town is taken only inside them."""
    found: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            cc = gaz.demonym(ent.text)
            if cc:
                found.add(cc)
        elif ent.label_ in ("GPE", "LOC"):
            text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            entries = [e for e in gaz.lookup(text) if e.name_kind != ALTERNATE]
            # a country by that name, else the name khabar pins ("Gaza"), else the most populous region/city
            best = [e for e in entries if e.level == "country"] or [e for e in entries if e.name_kind == PREFERRED]
            best = best or [e for e in entries if e.level == "admin1" or e.population >= 100_000]
            if best:
                found.add(max(best, key=lambda e: e.population).country_iso2)
    for cc in list(found):
        found |= gaz.neighbours(cc)
    return found


def actor_words(doc: Doc, skip: int) -> set[str]:
    """Words the article uses for a person or organisation away from token `skip`: inside a longer PERSON/ORG
    name ("Jordan Henderson") or as one that acts or owns ("Mobile said", "Sderot's mayor" stay places)."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or ent.start <= skip < ent.end:
            continue
        if len(ent) > 1 or ent.root.dep_ in _ACTOR_DEPS and ent.root.head.pos_ == "VERB":
            out |= {t.lower_ for t in ent if t.is_title}
    return out


def town_in_context(doc: Doc, gaz: Gazetteer, span: SpacySpan, countries: set[str]) -> bool:
    """Whether a one-word name NER called nothing, NORP, ORG or PERSON is the gazetteer town: not a common
    word, not someone in this article, and a town of one of the article's countries (or its neighbours)."""
    tok = span[0]
    if len(span) != 1 or not tok.is_title or tok.is_stop or doc.vocab[tok.lower_].is_stop:
        return False
    if tok.lower_ in actor_words(doc, tok.i):
        return False
    # a hamlet's name is more often a word or a surname ("in Congress": Congress, Arizona)
    towns = [e for e in gaz.lookup(tok.text) if e.name_kind != ALTERNATE and e.level in ("city", "admin2")
             and e.population >= MIN_TOWN]
    return any(e.country_iso2 in countries for e in towns)


def coordinated_names(span: SpacySpan, spans: list[SpacySpan]) -> tuple[str, ...]:
    """The other toponyms coordinated with `span` ("Florida and Cuba", "Gori, Tbilisi and Batumi")."""
    root = span.root
    out = []
    for other in spans:
        r = other.root
        if r.i == root.i or span.start <= r.i < span.end:
            continue
        if (r.dep_ == "conj" and (r.head.i == root.i or (root.dep_ == "conj" and r.head.i == root.head.i))) or (
                root.dep_ == "conj" and root.head.i == r.i):
            out.append(other.text)
    return tuple(dict.fromkeys(out))


_LANGUAGES: set[str] = set()
# spellings news uses that ISO 639 names otherwise ("Pushto", "Persian")
_MORE_LANGUAGES = {"pashto", "dari", "farsi", "tamazight", "kiswahili", "mandarin", "cantonese", "hokkien"}


def language_names() -> set[str]:
    """Names of the major languages (ISO 639-1, from pycountry): "Pashto", "Urdu" name a tongue, not a place."""
    if not _LANGUAGES:
        import pycountry

        for lang in pycountry.languages:
            if hasattr(lang, "alpha_2"):
                _LANGUAGES.add(re.sub(r"\s*\(.*\)", "", lang.name).lower())
        _LANGUAGES.update(_MORE_LANGUAGES)
    return _LANGUAGES
