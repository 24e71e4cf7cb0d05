"""Country evidence for toponym resolution that is no toponym: the article's demonyms and known actors.

Same-name places in different countries (Tripoli, Libya / Lebanon; Punjab, Pakistan / India; Hyderabad,
India / Pakistan; Córdoba, Argentina / Spain) are told apart by the countries the article is about, as
Mordecai and CLAVIN score a candidate by the article's country context. Besides the other toponyms
(`khabar.geo.resolve`), a reader takes that context from:

* demonyms. Strong where they say where: "the Iraqi city of Mosul", "Iraqi residents", and a demonym
  that modifies people who act where they live ("Pakistani police", "Lebanese protesters": the actors
  stage's local sectors, less nationals abroad such as tourists and workers). Weak where they say whose:
  "French officials", "the Lebanese army" (officials, armies and diplomats act abroad too). Foreign
  where they name the owner of an embassy, a flag or an envoy ("the Lebanese embassy in Tripoli"):
  never evidence that the story is there;
* the known actors the article names (actors_known.tsv: "Hezbollah", "the Taliban", "Narendra Modi"),
  weak evidence: an armed group or a leader usually acts at home, but not always; media none.

Weak evidence decides between namesakes of a size ("the Lebanese army said ... in Tripoli": Lebanon) but
cannot carry a world-famous city's name to a namesake an order of magnitude smaller ("American officials
in Cairo" is still Egypt): `scoring.WEAK_RATIO`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import actor_codes
from khabar.extract.actor_countries import LOCAL_SECTORS
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.place_cues import ADMIN_CUES, OF_CUES

_MODIFIER_DEPS = {"amod", "compound", "nmod", "poss"}
# a country named as the owner of one of these is not where the story is: "the US embassy in Cairo"
FOREIGN_NOUNS = {"embassy", "embassies", "consulate", "consulates", "flag", "flags", "ambassador", "ambassadors",
                 "envoy", "envoys", "legation", "chancery", "passport", "passports"}
# people named by their nationality are the ones abroad: "Lebanese nationals in Libya", "British tourists",
# "Israeli settlers" (in the West Bank), "Indian workers in Qatar": no local evidence, whatever their sector
_NATIONALS = {"national", "citizen", "settler", "prisoner", "tourist", "expatriate", "expat", "worker", "migrant",
              "pilgrim", "refugee", "student", "visitor", "traveller", "traveler", "passenger", "hostage"}
# known actors whose country is no evidence of where the story is: media report on the whole world
_NOT_EVIDENCE_KINDS = {"media", "country"}


@dataclass(slots=True)
class Evidence:
    """ISO2 codes of the article's country evidence: one entry per demonym mention, one per known actor."""

    strong: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # an embassy's or a flag's owner: whose, never where
    # (sentence start, ISO2) of the strong and weak ones: a country named in a toponym's own sentence is
    # the nearest context ("clashes in Tripoli, the Lebanese army said")
    near: list[tuple[int, str]] = field(default_factory=list)
    # (sentence start, ISO2) of demonyms of local people ("Colombian police", "Pakistani protesters"): they
    # act where they live, so they name the country of a place of their own sentence even against a far
    # bigger namesake abroad ("Colombian police in Armenia" is Armenia, Colombia)
    local: list[tuple[int, str]] = field(default_factory=list)


def country_evidence(doc: Doc, gaz: Gazetteer) -> Evidence:
    """The country evidence of `doc` that is no toponym: its demonyms and known actors."""
    out = Evidence()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            cc = gaz.demonym(ent.text)
            if not cc:
                continue
            kind = _demonym_kind(ent)
            getattr(out, kind).append(cc)
            if kind != "foreign":
                out.near.append((_sentence(ent), cc))
            if kind == "strong" and ent.root.head.i >= ent.end and _local_people(ent.root.head):
                out.local.append((_sentence(ent), cc))
    for span, cc in actor_countries(doc):
        out.weak.append(cc)
        out.near.append((_sentence(span), cc))
    return out


def _sentence(span: SpacySpan) -> int:
    """Start offset of a span's sentence (`Mention.sentence`)."""
    return span.sent.start_char if span.doc.has_annotation("SENT_START") else 0


def _demonym_kind(ent: SpacySpan) -> str:
    """"strong", "weak" (it modifies a noun other than a place or local people: "French officials") or
    "foreign" (it modifies an embassy, a flag, an envoy: "the American flag")."""
    root = ent.root
    if root.dep_ not in _MODIFIER_DEPS or root.head.i < ent.end:
        return "strong"
    head = root.head
    if head.lower_ in OF_CUES or head.lower_ in ADMIN_CUES:
        return "strong"  # "the Iraqi city of Mosul", "the Iraqi province"
    if head.lower_ in FOREIGN_NOUNS:
        return "foreign"
    return "strong" if _local_people(head) else "weak"


def _local_people(noun: Token) -> bool:
    """Whether a noun names people who act where they live ("police", "protesters", "farmers", "judges")."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() in _NATIONALS or noun.lower_ in _NATIONALS:
        return False
    return actor_codes.sector_of_noun(noun) in LOCAL_SECTORS


def actor_countries(doc: Doc) -> list[tuple[SpacySpan, str]]:
    """The first mention and ISO2 code of each known actor the article names: "Hezbollah" -> LB."""
    seen: set[str] = set()
    out = []
    for span, entry in actor_codes.known_matches(doc):
        if not entry.country or entry.kind in _NOT_EVIDENCE_KINDS or entry.canonical in seen:
            continue
        seen.add(entry.canonical)
        cc = _iso2(entry.country)
        if cc:
            out.append((span, cc))
    return out


@lru_cache(maxsize=512)
def _iso2(iso3: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else {"XKX": "XK"}.get(iso3)


__all__ = ["FOREIGN_NOUNS", "Evidence", "actor_countries", "country_evidence"]
