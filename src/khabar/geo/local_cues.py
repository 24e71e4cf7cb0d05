"""How local news names towns that NER misses or calls a person or a firm, each taken only where the
gazetteer knows the name as a place:

* a hometown in a politician's party tag: "Glenn McConnell, R-Charleston", "(R-Ocilla)", "DFL-Cook";
* a town before the people or police of it: "a 24-year-old Elkhart man", "Vicksburg residents",
  "Roswell police", "Chapin man dies after crash";
* a dateline in capitals inside the text: "... . MANSFIELD — The center", "BEIRUT: Unknown assailants";
* a person's town: "Thomas Hellinghausen, 22, of Winfield", "Michael Sweeney of Hayward";
* a town named with its state after a comma ("Sioux Falls, S.D."), when the gazetteer has a town of
  that name in that state;
* a name listed with a place ("Temryuk and Anapa", "Cairo, Giza and Al-Minya"), when the gazetteer
  has a place of that name in a country the listed place can be in.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import IS_UPPER, LOWER, ORTH
from spacy.tokens import Doc, Span as SpacySpan

from khabar.geo.gazetteer import ALTERNATE, Gazetteer
from khabar.geo.place_cues import actor_words

_LEVELS = ("city", "admin2", "admin1", "country")
PARTY_TAGS = {"R", "D", "I", "DFL", "Ind"}
# people and bodies a town's name is put before: "a Chapin man", "Winona police"
TOWN_PEOPLE = {"man", "men", "woman", "women", "resident", "residents", "couple", "teen", "teens", "teenager",
               "girl", "boy", "native", "natives", "police", "homeowners", "firefighters", "motorist", "driver",
               "officer", "officers", "detectives", "investigators", "voters", "landowner", "landowners"}
_HONORIFICS = {"miss", "mr", "mrs", "ms", "dr", "sir", "lady", "lord"}
_DASHES = {"—", "–", "―", "-", "--", "---", ":"}
_DATE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
               "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "christmas", "easter"}
_LIST_SEPS = {",", "and", "or"}
MIN_TOWN = 1_000  # a hamlet's name before "man" is as often a surname


_IDS: dict[str, numpy.ndarray] = {}  # rule -> sorted hashes of its words (the same in every vocab)


def _ids(doc: Doc, rule: str, words) -> numpy.ndarray:
    ids = _IDS.get(rule)
    if ids is None:
        ids = _IDS[rule] = _sorted_ids(doc, words)
    return ids


def word_positions(doc: Doc, rule: str, words, values: numpy.ndarray | None = None) -> list[int]:
    """Indices of the tokens whose lowercase form is one of `words` (a constant set, its hashes kept under
    the name `rule`); `values`: `doc.to_array(LOWER)` when the caller has it."""
    return _at(doc.to_array(LOWER) if values is None else values, _ids(doc, rule, words))


def _sorted_ids(doc: Doc, words) -> numpy.ndarray:
    return numpy.unique(numpy.array([doc.vocab.strings[w] for w in words], dtype=numpy.uint64))


def _at(values: numpy.ndarray, ids: numpy.ndarray) -> list[int]:
    """Indices of the tokens whose attribute value (a column of `doc.to_array`, read once per article) is
    one of the sorted `ids`: an array compare, not a Token object per word of the article (as in
    places.py); a binary search is a third of numpy.isin's cost on an article's few hundred tokens."""
    at = numpy.searchsorted(ids, values)
    at[at == len(ids)] = 0
    return numpy.flatnonzero(ids[at] == values).tolist()


def _places(gaz: Gazetteer, span: SpacySpan, min_town: int = 0) -> tuple:
    return _named_places(gaz, span.text, min_town)


@lru_cache(maxsize=1 << 14)  # the rules ask again for the names the article repeats
def _named_places(gaz: Gazetteer, text: str, min_town: int) -> tuple:
    return tuple(e for e in gaz.lookup(text) if e.name_kind != ALTERNATE and e.level in _LEVELS
                 and (e.level != "city" or e.population >= min_town))


def _name_run(doc: Doc, i: int, limit: int = 3) -> int:
    """End of the run of capitalised words from token i (i itself when there is none)."""
    end = i
    while end < len(doc) and end - i < limit and doc[end].is_title and doc[end].is_alpha:
        end += 1
    return end


# (doc, its entities' token bounds) while `local_town_spans` runs: doc.ents makes a Span per entity each
# time it is read, and the rules ask for it at every candidate
_ENTS: tuple[Doc | None, list[list[tuple[int, int]]]] = (None, [])  # the list: empty until first read


def _in_long_name(span: SpacySpan) -> bool:
    """Part of a longer PERSON/ORG name ("Washington and Lee University", "Paris Hilton")."""
    for t in (span[0], span[-1]):
        if t.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART", "EVENT") and t.ent_iob_ != "O":
            doc, cached = _ENTS
            if doc is not t.doc:
                bounds = [(e.start, e.end) for e in t.doc.ents]
            elif cached:
                bounds = cached[0]
            else:
                bounds = [(e.start, e.end) for e in t.doc.ents]
                cached.append(bounds)
            ent = next(((a, b) for a, b in bounds if a <= t.i < b), None)
            if ent is not None and (ent[0] < span.start or ent[1] > span.end):
                return True
    return False


def _party_towns(doc: Doc, gaz: Gazetteer, orth: numpy.ndarray) -> list[SpacySpan]:
    out = []
    for i in _at(orth, _ids(doc, "dash", ("-",))):
        tok = doc[i]
        if i < 2 or doc[i - 1].text not in PARTY_TAGS or doc[i - 2].text not in (",", "("):
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 3 and doc[end].text not in (",", ")", ";", "."):
            if not doc[end].text[:1].isupper():
                break
            end += 1
        if end > tok.i + 1 and (end == len(doc) or doc[end].text in (",", ")", ";", ".")):
            span = doc[tok.i + 1:end]
            if _places(gaz, span):
                out.append(span)
    return out


def _people_towns(doc: Doc, gaz: Gazetteer, lower: numpy.ndarray) -> list[SpacySpan]:
    out = []
    for i in _at(lower, _ids(doc, "people", TOWN_PEOPLE)):
        tok = doc[i]
        if i < 1 or not doc[i - 1].is_title:
            continue
        start = tok.i - 1
        while start > 0 and tok.i - start < 3 and doc[start - 1].is_title and doc[start - 1].is_alpha \
                and not doc[start - 1].is_sent_start:
            start -= 1
        span = doc[start:tok.i]
        if any(t.lower_ in _DATE_WORDS or not t.is_alpha or t.is_stop or t.pos_ != "PROPN" for t in span) \
                or span[0].ent_type_ in ("NORP", "DATE", "CARDINAL") or span[0].lower_ in _HONORIFICS:
            continue  # "One man", "Early voters", "Miss Teen"
        if _in_long_name(span) or (start > 0 and doc[start - 1].is_title and not doc[start].is_sent_start):
            continue
        if _places(gaz, span, MIN_TOWN):
            out.append(span)
    return out


def _caps_datelines(doc: Doc, gaz: Gazetteer) -> list[SpacySpan]:
    out: list[SpacySpan] = []
    upper = doc.to_array(IS_UPPER)
    for i in numpy.flatnonzero(upper).tolist():
        tok = doc[i]
        if not (tok.is_alpha and len(tok) > 1) or (i > 0 and upper[i - 1] and doc[i - 1].is_alpha) \
                or (out and out[-1].end > i):
            continue
        end = i
        while end < len(doc) and end - i < 4 and ((doc[end].is_upper and doc[end].is_alpha) or doc[end].text == "OF"):
            end += 1
        nxt = doc[end].text if end < len(doc) else ""
        if not doc[end - 1].whitespace_ and nxt != ":":
            nxt = ""  # "HIV-positive", "NATO-Russia": no dateline
        after_state = end + 2 < len(doc) and nxt == "," and doc[end + 2].text in _DASHES
        if nxt == ":" and not (doc[i].is_sent_start or (i > 0 and doc[i - 1].text in (".", "\n"))):
            nxt = ""  # "PHOTO DATE: NA": a label; "BEIRUT: A car bomb" opens its sentence
        if nxt in _DASHES or after_state:
            # the longest place the run ends with: "MEXICO-DRUG LORD MEXICO CITY --" (a slug before it)
            starts = range(i, end) if nxt != ":" else range(i, i + 1)
            span = next((doc[s:end] for s in starts if len(doc[s:end].text) > 2 and _places(gaz, doc[s:end])), None)
            if span is not None:
                out.append(span)
    return out


def _person_towns(doc: Doc, gaz: Gazetteer, lower: numpy.ndarray) -> list[SpacySpan]:
    """"Hellinghausen, 22, of Winfield", "Sweeney of Hayward", "Winstanley, 25, from Marston"."""
    out = []
    for i in _at(lower, _ids(doc, "of", ("of", "from"))):
        tok = doc[i]
        if i < 1 or i + 1 >= len(doc) or not doc[i + 1].is_title:
            continue
        before = doc[tok.i - 1]
        if before.text == "," and tok.i >= 3:
            before = doc[tok.i - 2]
            if before.like_num and doc[tok.i - 3].text == ",":
                before = doc[tok.i - 4] if tok.i >= 4 else before
        if before.ent_type_ != "PERSON":
            continue
        end = _name_run(doc, tok.i + 1)
        if end < len(doc) and doc[end].text not in (",", ".", "and", ";", ")", "was", "is", "has", "had", "who"):
            continue
        span = doc[tok.i + 1:end]
        if not _in_long_name(span) and _places(gaz, span, MIN_TOWN):
            out.append(span)
    return out


def _neighbour_towns(doc: Doc, gaz: Gazetteer, taken: list[SpacySpan]) -> list[SpacySpan]:
    """Names a recognised place lists or qualifies: "Sioux Falls, S.D.", "Temryuk and Anapa"."""
    out: list[SpacySpan] = []
    used = {i for s in taken for i in range(s.start, s.end)}
    by_start = {s.start: s for s in taken}
    by_end = {s.end: s for s in taken}
    for place in sorted(taken, key=lambda s: s.start):
        entries = _places(gaz, place)
        countries = {e.country_iso2 for e in entries}
        regions = {e.admin1_code for e in entries if e.level == "admin1" and e.admin1_code}
        if not countries:
            continue
        # "Sioux Falls, S.D.": the name before a state's name is a town of that state
        j = place.start - 1
        if regions and j > 0 and doc[j].text == "," and doc[j - 1].is_title:
            start = j - 1
            while start > 0 and j - start < 3 and doc[start - 1].is_title and doc[start - 1].is_alpha:
                start -= 1
            span = doc[start:j]
            if not any(i in used for i in range(span.start, span.end)) and not _in_long_name(span) and any(
                e.level == "city" and e.admin1_code in regions for e in _places(gaz, span)
            ):
                out.append(span)
                used.update(range(span.start, span.end))
        # lists: forward and backward over separators, while each name is a place in a country the
        # listed place can be in
        for step in (1, -1):
            at = place.end if step == 1 else place.start - 1
            while True:
                k = at
                seps = 0
                while 0 <= k < len(doc) and doc[k].lower_ in _LIST_SEPS and seps < 2:
                    k += step
                    seps += 1
                if seps == 0 or not (0 <= k < len(doc)) or not doc[k].is_title:
                    break
                if step == 1:
                    span = doc[k:_name_run(doc, k)]
                else:
                    s = k
                    while s > 0 and k - s < 2 and doc[s - 1].is_title and doc[s - 1].is_alpha:
                        s -= 1
                    span = doc[s:k + 1]
                if (not len(span) or any(i in used for i in range(span.start, span.end)) or _in_long_name(span)
                        or span.start in by_start or span.end in by_end):
                    break
                if step == -1 and span.start > 0 and doc[span.start - 1].is_title:
                    break
                if span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.pos_ == "VERB":
                    break  # "near Boston, Wagner said": who acts is no place
                if not any(e.country_iso2 in countries for e in _places(gaz, span, MIN_TOWN)):
                    break
                out.append(span)
                used.update(range(span.start, span.end))
                at = span.end if step == 1 else span.start - 1
    return out


def _based_towns(doc: Doc, gaz: Gazetteer, lower: numpy.ndarray) -> list[SpacySpan]:
    """"Northbrook-based Crate & Barrel", "a Rock Hill-based firm": where a firm is based is a place."""
    out = []
    for i in _at(lower, _ids(doc, "based", ("based",))):
        tok = doc[i]
        if i < 2 or doc[i - 1].text != "-" or not doc[i - 2].is_title:
            continue
        end = tok.i - 1
        start = end - 1
        while start > 0 and end - start < 3 and doc[start - 1].is_title and doc[start - 1].is_alpha:
            start -= 1
        span = doc[start:end]
        if not gaz.demonym(span.text) and _places(gaz, span, MIN_TOWN):
            out.append(span)
    return out


def _repeated_names(doc: Doc, gaz: Gazetteer, taken: list[SpacySpan], orth: numpy.ndarray) -> list[SpacySpan]:
    """The other mentions of a name the article already uses as a place ("Scottdale" in the headline and
    "a house fire in Scottdale"), one sense per article; not inside a longer name ("Bill Clinton"), nor a
    word the article uses inside a person's or firm's name elsewhere."""
    names: dict[str, list[tuple[str, ...]]] = {}
    for span in taken:
        if span[0].is_title and all(t.is_alpha or t.text == "." for t in span) and _places(gaz, span):
            words = tuple(t.text for t in span)
            names.setdefault(words[0], []).append(words)
    used = {i for s in taken for i in range(s.start, s.end)}
    out: list[SpacySpan] = []
    if not names:
        return out
    for i in _at(orth, _sorted_ids(doc, names)):
        tok = doc[i]
        for words in names[tok.text]:
            end = tok.i + len(words)
            if tok.i in used or end > len(doc) or tuple(t.text for t in doc[tok.i:end]) != words:
                continue
            if (tok.i > 0 and doc[tok.i - 1].is_title and not tok.is_sent_start) or (
                    end < len(doc) and doc[end].is_title):
                continue
            span = doc[tok.i:end]
            if _in_long_name(span) or tok.lower_ in actor_words(doc, tok.i):
                continue
            out.append(span)
            used.update(range(tok.i, end))
            break
    return out


def local_town_spans(doc: Doc, gaz: Gazetteer, taken: list[SpacySpan],
                     lower: numpy.ndarray | None = None) -> list[SpacySpan]:
    """All of the above that no earlier span covers, neighbours of the places found last, and the other
    mentions of every name found. `lower`: `doc.to_array(LOWER)` when the caller has it."""
    global _ENTS
    _ENTS = (doc, [])
    try:
        return _local_town_spans(doc, gaz, taken, lower)
    finally:
        _ENTS = (None, [])


def _local_town_spans(doc: Doc, gaz: Gazetteer, taken: list[SpacySpan], lower: numpy.ndarray | None) -> list[SpacySpan]:
    used = {i for s in taken for i in range(s.start, s.end)}
    out: list[SpacySpan] = []
    if lower is None:  # the columns are read once per article and shared by the rules
        lower = doc.to_array(LOWER)
    orth = doc.to_array(ORTH)
    for span in (_party_towns(doc, gaz, orth) + _people_towns(doc, gaz, lower) + _caps_datelines(doc, gaz)
                 + _person_towns(doc, gaz, lower) + _based_towns(doc, gaz, lower)):
        if not any(i in used for i in range(span.start, span.end)):
            out.append(span)
            used.update(range(span.start, span.end))
    out += _neighbour_towns(doc, gaz, taken + out)
    return out + _repeated_names(doc, gaz, taken + out, orth)


__all__ = ["PARTY_TAGS", "TOWN_PEOPLE", "local_town_spans", "word_positions"]
