"""khabar_places: recognise toponyms, resolve them against the offline gazetteer; locate events.

Recognition unions these sources:

* spaCy NER spans labelled GPE, LOC or FAC;
* a PhraseMatcher over the gazetteer's country, admin1, alias and big-city (500k+) names, for names the
  model misses, mislabels ("Diyala", "Nineveh" tagged PERSON) or cuts short ("Burkina" + "Faso"). A hit
  must be capitalised, hold a proper noun, and not sit inside a longer PERSON/ORG name ("Abdullah Kirkuk",
  "Kirkuk Joint Operation Command": a place inside an organisation's name is not a mention); a hit the
  model labels PERSON/ORG on its own needs a country/region/alias name or a place cue ("in", "province");
* a capitalised name after a place noun and "of": "the town of Mainok", "the villages of A and B";
* the object of in/at/near/around/outside/into/toward (or "from" after "fled", "fired") that the gazetteer
  knows as a town or region, whatever NER labelled it ("in Bucharest Monday" DATE, "near Tal Afar" PERSON);
  a small town NER calls ORG/PERSON ("in Sderot"), or one named as struck ("rockets hit Sderot"), only
  when it lies in the article's countries or their neighbours and names none of its actors (place_cues);
* places inside the names of bodies and buildings ("the Athens Police Department", "the University of
  Hartford") and streets ("N. Poplar St.": `khabar.geo.embedded`); hometowns in party tags ("R-Charleston"),
  towns before their people ("a Chapin man"), datelines in capitals, a person's town ("Smith, 22, of
  Winfield"), a town with its state ("Sioux Falls, S.D.") and names listed with a place ("Temryuk and
  Anapa"): `khabar.geo.local_cues`. Demonyms stay context: LGL marks them as toponyms, GeoVirus does not.

Spans that are no place are dropped (`_trim`): trailing weekdays, lowercase common nouns, language names,
unknown all-caps acronyms ("ICRC"), "a Dane".

A dateline ("BAGHDAD (Reuters) -") is a mention too. Demonyms (NORP: "Iraqi") are context, not mentions;
the states that open an organisation's name are context too where no rule takes them as a mention.
Every mention becomes a `Place`: resolved with its gazetteer record, or `resolved=False` with its text.
`location_for` lives in `khabar.geo.location`.
"""

from __future__ import annotations

import logging
import re

import numpy
from spacy.attrs import DEP, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as SpacySpan
from spacy.vocab import Vocab

from khabar.errors import KhabarError
from khabar.extract.quote_spans import known_text
from khabar.geo.embedded import name_place_spans, street_spans
from khabar.geo.evidence import FOREIGN_NOUNS as _FOREIGN_NOUNS, country_evidence
from khabar.geo.local_cues import local_town_spans, word_positions
from khabar.geo.place_cues import ADMIN_CUES as _ADMIN_CUES, CITY_CUES as _CITY_CUES, OF_CUES as _OF_CUES
from khabar.geo.place_cues import coordinated_names, language_names, level_hint, listed_region_spans
from khabar.geo.place_cues import FROM_VERBS, STRIKE_VERBS, article_countries, town_in_context
from khabar.geo.gazetteer import ALTERNATE, OFFICIAL, PREFERRED, Gazetteer, get_gazetteer
from khabar.geo.location import dateline_spans, location_for  # location_for: re-exported for the events stage
from khabar.geo.resolve import Mention, resolve
from khabar.nlp import extensions  # noqa: F401
from khabar.records import Place

log = logging.getLogger(__name__)
PLACE_LABELS = {"GPE", "LOC", "FAC"}
_BEFORE_CUES = {"in", "at", "near", "from", "to", "into", "across", "outside", "around", "toward", "towards"}
_LOWER_OK = {"of", "the", "al", "el", "de", "du", "da", "and", "upon", "on", "la", "le", "ad", "ash", "ar", "an"}

# region and city names that are everyday words too: the matcher leaves them to NER
_COMMON_WORDS = {"west", "east", "north", "south", "central", "centre", "center", "capital", "coast", "lakes",
                 "upper", "lower", "northern", "southern", "eastern", "western", "interior", "federal", "man",
                 "mobile", "reading", "nice", "split", "bath", "orange", "mission", "independence", "normal",
                 "surprise", "enterprise", "temple", "victoria", "columbia", "sale", "deal", "march", "may",
                 "of", "centre-nord", "south-west", "north-west", "mountain", "plateau", "littoral", "islands",
                 "national capital", "district", "eastern province", "western province", "northern province",
                 "southern province", "central province", "north east", "south east", "north west", "south west"}
_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,4}\.")
MATCHER_MIN_CITY = 500_000  # smaller cities are left to NER: their names are too often people or firms ("Toyota")
_NAME_GLUE = {"al", "el", "ad", "as", "ash", "ar", "at", "az", "an", "de", "del", "di", "la", "le", "bin", "ibn", "abu"}
_matchers: dict[int, tuple[Gazetteer, PhraseMatcher]] = {}


@Language.factory("khabar_places", default_config={})
def make_places(nlp: Language, name: str):
    # open the gazetteer and build its PhraseMatcher with the pipeline, not inside the first article;
    # without a gazetteer each article fails as before (a Reject), building the pipeline does not
    try:
        _matcher(nlp.vocab, get_gazetteer())
    except KhabarError as exc:
        log.warning("places: %s", exc)

    def khabar_places(doc: Doc) -> Doc:
        doc._.khabar_places = find_places(doc)
        return doc

    return khabar_places


def _matcher(vocab: Vocab, gaz: Gazetteer) -> PhraseMatcher:
    cached = _matchers.get(id(vocab))
    if cached is not None and cached[0] is gaz:
        return cached[1]
    import spacy

    matcher = PhraseMatcher(vocab, attr="LOWER")
    # spaCy's English tokenizer (rules only, no model) splits names as it splits the article
    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    # not "Ill." or "Wash.": AP state abbreviations are words too; NER finds them after a comma
    names = sorted({n.lower() for n in gaz.names_for_matcher(min_population=MATCHER_MIN_CITY)
                    if (len(n) > 2 or n in ("US", "UK")) and not _ABBREVIATION.fullmatch(n)
                    and n.lower() not in _COMMON_WORDS and not vocab[n.lower()].is_stop})
    matcher.add("PLACE", list(tokenizer.pipe(names)))
    _matchers[id(vocab)] = (gaz, matcher)
    return matcher


def _capitalised(span: SpacySpan) -> bool:
    words = [t for t in span if t.is_alpha]
    return bool(words) and words[0].text[0].isupper() and all(
        t.text[0].isupper() or t.lower_ in _LOWER_OK for t in words
    )


def _ner_spans(doc: Doc) -> list[SpacySpan]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ in ("the",):
            start += 1
        while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
            end -= 1
        if end > start:
            out.append(doc[start:end])
    return out


def _cue_spans(doc: Doc, taken: list[SpacySpan], lower: numpy.ndarray | None = None) -> list[SpacySpan]:
    """Names the model missed after a place noun: "the town of Mainok", "the villages of Mardes and Kafr Nabl"."""
    used = {i for s in taken for i in range(s.start, s.end)}
    out = []
    # only the "of" tokens: an array compare instead of a Token object per word of the article
    if lower is None:
        lower = doc.to_array(LOWER)
    for at in numpy.flatnonzero(lower == numpy.uint64(doc.vocab.strings["of"])):
        tok = doc[int(at)]
        if tok.i == 0 or doc[tok.i - 1].lower_ not in _OF_CUES:
            continue
        i = tok.i + 1
        while i < len(doc):
            start = i
            while i < len(doc) and _name_token(doc, i, start):
                i += 1
            while i > start and not doc[i - 1].is_title:  # no trailing glue ("Taybat al")
                i -= 1
            if i > start and not any(j in used for j in range(start, i)):
                out.append(doc[start:i])
            # "the towns of Ma'ardes, Sawran and Taybat Al-Imam"
            if i < len(doc) - 1 and doc[i].lower_ in (",", "and") and doc[i + 1].is_title and i > start:
                i += 1
                continue
            break
    return out


def _name_token(doc: Doc, i: int, start: int) -> bool:
    t = doc[i]
    if t.is_title or (t.is_upper and len(t) > 1 and t.is_alpha):
        return True
    if i == start:
        return False
    if t.lower_ in _NAME_GLUE or t.text in ("-", "'", "’"):
        return i + 1 < len(doc) and (doc[i + 1].is_title or doc[i + 1].lower_ in _NAME_GLUE)
    return False


def _has_cue(doc: Doc, span: SpacySpan) -> bool:
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return after in _ADMIN_CUES or after in _CITY_CUES or before in _BEFORE_CUES


def _matcher_spans(doc: Doc, gaz: Gazetteer) -> list[SpacySpan]:
    ent_of = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            ent_of[i] = ent
    out = []
    for _, start, end in _matcher(doc.vocab, gaz)(doc):
        span = doc[start:end]
        if not _capitalised(span) or not any(t.pos_ == "PROPN" for t in span):
            continue
        ents = {ent_of[i] for i in range(start, end) if i in ent_of}
        places = [e for e in ents if e.label_ in PLACE_LABELS]
        if any(e.start <= start and e.end >= end for e in places):
            continue  # NER has it, as long or longer: the NER span wins
        if places:  # NER cut a name short ("Burkina" + "Faso"): the gazetteer's longer name wins
            out.append(span)
            continue
        if any(e.start < start or e.end > end for e in ents if e.label_ not in ("NORP",)):
            continue  # part of a longer name: "Abdullah Kirkuk", "Kirkuk Joint Operation Command"
        if _small_pinned_town(gaz, span.text):
            # small towns are left to NER; the matcher only takes back a town aliases.tsv pins that the
            # model called a person ("Israeli tanks shelled Khan Younis"), where it is no subject or owner
            if ents and all(e.label_ == "PERSON" for e in ents) and span.root.dep_ not in _NOT_PLACE_DEPS:
                out.append(span)
            continue
        if ents and not _has_cue(doc, span):
            strong = any(c.level != "city" and c.name_kind <= OFFICIAL for c in gaz.lookup(span.text))
            if not strong:
                continue
        out.append(span)
    return out


def _small_pinned_town(gaz: Gazetteer, text: str) -> bool:
    """Whether the matcher knows `text` only as an aliases.tsv pin of a town under MATCHER_MIN_CITY."""
    found = [c for c in gaz.lookup(text) if c.name_kind != ALTERNATE]
    return any(c.name_kind == PREFERRED for c in found) and all(
        c.level == "city" and c.population < MATCHER_MIN_CITY for c in found)


def _context_names(doc: Doc, gaz: Gazetteer, taken: dict) -> list[str]:
    """Counties and states that open an organisation's or building's name ("Clarke County Superior Court",
    "Ohio Department of Health"): no mention of a place, but evidence of where the story is."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC"):
            continue
        first, last = ent.start_char, ent.end_char
        if any(a < last and first < b for a, b in taken):
            continue
        words = [t for t in ent if t.lower_ != "the"]
        for k in range(len(words) - 1, 0, -1):
            if words[k - 1].lower_ in ("county", "parish"):
                out.append(" ".join(t.text for t in words[:k]))
                break
        else:  # a state's own bodies, not "Washington Post"
            if len(words) > 1 and words[1].lower_ in _STATE_BODIES and any(
                e.level == "admin1" and e.name_kind <= OFFICIAL for e in gaz.lookup(words[0].text)
            ):
                out.append(words[0].text)
    return out


_STATE_BODIES = {"department", "state", "highway", "supreme", "legislature", "house", "senate", "general",
                 "attorney", "board", "commission", "division", "bureau", "police", "national", "public", "office"}


_MODIFIER_DEPS = {"amod", "compound", "nmod", "poss"}
# a person's or firm's roles: who acts, whose thing, a name's part
_NOT_PLACE_DEPS = {"nsubj", "nsubjpass", "poss", "compound", "appos", "npadvmod"}


def _modifier_of(span: SpacySpan, nouns: set[str]) -> bool:
    root = span.root
    return root.dep_ in _MODIFIER_DEPS and root.head.i >= span.end and root.head.lower_ in nouns


def find_places(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Place]:
    """All toponym mentions of `doc`, in text order, each resolved or marked unresolved."""
    gaz = gazetteer or get_gazetteer()
    lower = doc.to_array(LOWER)  # read once, shared by the rules that look for words
    spans = _ner_spans(doc)
    spans += _matcher_spans(doc, gaz)
    spans += _cue_spans(doc, spans, lower)
    spans += listed_region_spans(doc, gaz, spans)
    spans += _prep_object_spans(doc, gaz, spans, lower)
    spans += name_place_spans(doc, gaz, spans)
    spans += street_spans(doc, spans, lower)
    spans += local_town_spans(doc, gaz, spans, lower)
    spans = [s for s in (_trim(doc, gaz, s) for s in spans) if s is not None]
    chars: dict[tuple[int, int], Mention] = {}
    for span in sorted(spans, key=lambda s: (s.start_char, -(s.end_char - s.start_char))):
        key = (span.start_char, span.end_char)
        if any(a < key[1] and key[0] < b for a, b in chars):
            continue  # overlaps a longer/earlier mention
        chars[key] = mention_for(doc, span, spans)
    for a, b in dateline_spans(doc):
        if not any(x < b and a < y for x, y in chars):
            chars[(a, b)] = Mention(a, b, known_text(doc)[a:b], "dateline")  # doc.text joins every token
    mentions = [chars[k] for k in sorted(chars)]
    evidence = country_evidence(doc, gaz)
    resolve(gaz, mentions, evidence.strong, _context_names(doc, gaz, chars), weak_demonyms=evidence.weak,
            near=evidence.near, foreign_demonyms=evidence.foreign, local=evidence.local)
    return [_to_place(i, m) for i, m in enumerate(mentions, 1)]


def mention_for(doc: Doc, span: SpacySpan, spans: list[SpacySpan], source: str = "text") -> Mention:
    """The mention a span of `doc` makes, with what its neighbours say: a cue word ("Kirkuk province",
    "the town of X"), the name after a comma ("Springfield, Illinois"; `spans` are the other toponyms),
    a country named as an owner ("the US embassy")."""
    m = Mention(span.start_char, span.end_char, span.text, source, level_hint=level_hint(doc, span),
                weak_evidence=_modifier_of(span, _FOREIGN_NOUNS),
                sentence=span.sent.start_char if doc.has_annotation("SENT_START") else None)
    nxt = span.end
    if nxt + 1 < len(doc) and doc[nxt].text == "," and doc[nxt + 1].text[:1].isupper():
        m.next_text = _next_name(doc, nxt + 1, spans)
    m.peers = coordinated_names(span, spans)
    return m



# "in Bucharest Monday", "near Deir Ezzor", "at Karachi": the object of a locative preposition that the
# gazetteer knows is a place, whatever NER called it (DATE, PERSON, ORG)
_LOCATIVE_PREPS = {"in", "at", "near", "around", "outside", "into", "toward", "towards", "from"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_MONTHS = {"january", "february", "march", "april", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
           "nov", "dec"}
_DATE_WORDS = _WEEKDAYS | _MONTHS | {"morning", "afternoon", "evening", "night", "today", "tonight", "yesterday"}
_CLAUSE_DEPS = {"mark", "prep", "cc", "det", "advmod"}
_PREP_DATES = _DATE_WORDS | {"may"}  # capitalised after "in", "May" is the month (not the modal verb)


def _prep_object_spans(doc: Doc, gaz: Gazetteer, taken: list[SpacySpan],
                       lower: numpy.ndarray | None = None) -> list[SpacySpan]:
    used = {i for s in taken for i in range(s.start, s.end)}
    out = []
    countries: set[str] | None = None  # the article's countries, worked out at the first mislabelled town
    # only the preposition tokens, found by array compare (as in `_cue_spans`)
    for at in word_positions(doc, "locative_preps", _LOCATIVE_PREPS, lower):
        prep = doc[at]
        # not after "the": "in the War of 1812", "in the Battle for X" are events, not places
        if prep.i + 1 >= len(doc) or not doc[prep.i + 1].is_title:
            continue
        if prep.lower_ == "from" and prep.head.lemma_ not in FROM_VERBS and prep.head.lower_ not in FROM_VERBS:
            continue
        start = end = prep.i + 1
        while end < len(doc) and end - start < 5 and _name_token(doc, end, start) and doc[end].lower_ not in _PREP_DATES:
            if doc[end].is_lower and doc[end].dep_ in _CLAUSE_DEPS:
                break  # "fled from Qamishli as Turkish troops advanced": "as" opens a clause, not "Ras al Ain"
            end += 1
        while end > start and not doc[end - 1].is_title and not doc[end - 1].is_upper:
            end -= 1
        if end == start or any(i in used for i in range(start, end)):
            continue
        # the name must hang off the preposition (its object, or the object's own name parts)
        if not any(t.head.i == prep.i and t.dep_ == "pobj" for t in doc[start:end]) and not (
            doc[end - 1].head.i == prep.i or (end < len(doc) and doc[end].head.i == prep.i and doc[end].lower_ in _DATE_WORDS)
        ):
            continue
        span = doc[start:end]
        if any(t.ent_type_ in PLACE_LABELS for t in span) or span.text.isupper() or not _gazetteer_place(gaz, span):
            continue
        # one word NER calls an ORG/PERSON: a big place, a region, or a town of the article's countries
        if len(span) == 1 and span[0].ent_type_ in ("ORG", "PERSON") and not any(
            e.name_kind != ALTERNATE and (e.level != "city" or e.population >= MATCHER_MIN_CITY // 5)
            for e in gaz.lookup(span.text)
        ):
            if countries is None:
                countries = article_countries(doc, gaz)
            if (span.text.lower() in _COMMON_WORDS or (prep.lower_ == "at" and span[0].ent_type_ == "ORG")
                    or not town_in_context(doc, gaz, span, countries)):  # "at Harvard": the university
                continue
        out.append(span)
    return out + _struck_town_spans(doc, gaz, used | {i for s in out for i in range(s.start, s.end)})


def _struck_town_spans(doc: Doc, gaz: Gazetteer, used: set[int]) -> list[SpacySpan]:
    """A one-word town named as what was struck, that NER called nothing or NORP/ORG/PERSON: "rockets hit
    Sderot", "jets pounded Saraqib"; only a town of the article's countries that is no actor of it."""
    out: list[SpacySpan] = []
    countries: set[str] | None = None
    # only the direct objects, found by array compare (no Token object per word of the article)
    for at in numpy.flatnonzero(doc.to_array(DEP) == numpy.uint64(doc.vocab.strings["dobj"])).tolist():
        tok = doc[at]
        if tok.dep_ != "dobj" or tok.i in used or not tok.is_title or tok.ent_type_ in PLACE_LABELS:
            continue
        if tok.head.lemma_ not in STRIKE_VERBS or tok.head.pos_ != "VERB" or tok.lower_ in _COMMON_WORDS:
            continue
        if (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title) or (tok.i > 0 and doc[tok.i - 1].is_title):
            continue  # part of a longer name
        span = doc[tok.i:tok.i + 1]
        if countries is None:
            countries = article_countries(doc, gaz)
        if town_in_context(doc, gaz, span, countries):
            out.append(span)
    return out


def _gazetteer_place(gaz: Gazetteer, span: SpacySpan) -> bool:
    """A populated place or an admin region by that name; an alternate spelling only for a name of two words
    or more ("Tal Afar"): single-word alternates are too often someone's surname."""
    for e in gaz.lookup(span.text):
        if e.level not in ("city", "admin1", "admin2") and e.level != "country":
            continue
        if e.name_kind != ALTERNATE or len(span) > 1:
            return True
    return False


def _trim(doc: Doc, gaz: Gazetteer, span: SpacySpan) -> SpacySpan | None:
    """Drop what is no place: trailing date words ("South Saturday"), a bare direction word, a lowercase
    common noun ("highland") unless khabar's alias table has it, a language name ("Pashto"), an
    organisation's acronym the gazetteer does not know ("ICRC"), a person noun ("a Dane")."""
    start, end = span.start, span.end
    # NER sometimes takes in the full stop that ends the text ("in Mandalay.") or a stray mark
    while end > start and (doc[end - 1].lower_ in _DATE_WORDS or _stray_end(doc, gaz, start, end)):
        end -= 1
    while start < end and doc[start].is_punct:
        start += 1
    if end == start:
        return None
    # a direction NER ran into a weekday ("the South Saturday") is no reliable mention; "the South" is kept
    if end < span.end and doc[start:end].text.lower() in _DIRECTIONS_ALONE:
        return None
    span = doc[start:end]
    text = span.text
    low = text.lower()
    if not any(ch.isupper() for ch in text) and not any(e.name_kind in (PREFERRED, OFFICIAL) for e in gaz.lookup(text)):
        return None
    if len(span) == 1:
        if low in language_names() and not any(e.level in ("country", "admin1") and e.name_kind != ALTERNATE
                                           for e in gaz.lookup(text)):
            return None
        if text.isupper() and len(text) >= 3 and not gaz.lookup(text):
            return None
        if start > 0 and doc[start - 1].lower_ in ("a", "an") and gaz.demonym(text):
            return None
    return span


def _stray_end(doc: Doc, gaz: Gazetteer, start: int, end: int) -> bool:
    """A mark ending a place span that is no part of the name. A full stop stays after an abbreviation the
    tokenizer split it from ("W.Va.", "Vt.", "Calif."): a short word that is no place name on its own."""
    tok = doc[end - 1]
    if not tok.is_punct:
        return False
    if tok.text != "." or end - 1 == start:
        return True
    before = doc[start:end - 1].text
    if "." in doc[end - 2].text:
        return False
    return len(doc[end - 2].text) >= 6 or any(e.name_kind in (PREFERRED, OFFICIAL) for e in gaz.lookup(before))


_DIRECTIONS_ALONE = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                     "central", "northern", "southern", "eastern", "western"}


def _next_name(doc: Doc, i: int, spans: list[SpacySpan]) -> str | None:
    for s in spans:
        if s.start == i:
            return s.text
    return doc[i].text if doc[i].is_alpha else None


def _to_place(i: int, m: Mention) -> Place:
    e = m.choice
    if e is None:
        return Place(id=f"p{i}", start=m.start, end=m.end, text=m.text, resolved=False, reason=m.reason or "no_candidate")
    return Place(
        id=f"p{i}", start=m.start, end=m.end, text=m.text, resolved=True, name=e.name, geonameid=e.geonameid,
        lat=e.lat, lon=e.lon, feature_class=e.feature_class, feature_code=e.feature_code, level=e.level,
        admin1_code=e.admin1_code, admin1_name=e.admin1_name, country_iso2=e.country_iso2,
        country_iso3=e.country_iso3, population=e.population, reason=m.reason,
    )


__all__ = ["find_places", "location_for", "make_places", "mention_for"]
