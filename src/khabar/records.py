"""Typed records that flow between khabar's stages.

Records are plain data: no I/O, no spaCy objects. Every span carries `start`/`end`
character offsets into `Article.text`, and `article.text[start:end] == text` always holds.

    sources -> ingest -> Article -> nlp (spaCy Doc) -> dates · places · actors · quotes · events -> store
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

DatePrecision = Literal["time", "day", "week", "month", "quarter", "season", "year", "decade", "century", "unknown"]
DateSource = Literal["metadata", "caption", "dateline", "text", "none"]
BlockKind = Literal["title", "caption", "paragraph"]
Modality = Literal["asserted", "negated", "hypothetical", "future", "historical", "alleged"]


@dataclass(slots=True)
class Span:
    """A piece of `Article.text`: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Block:
    """A structural unit of an article: its title, a photo caption or a body paragraph."""

    kind: BlockKind
    start: int
    end: int


@dataclass(slots=True)
class Caption:
    """A photo caption: its text lives in `Article.text` (start/end); the credit does not."""

    start: int
    end: int
    text: str
    credit: str | None = None


@dataclass(slots=True)
class Origin:
    """Where an article or reject came from: a file (or '-' for stdin) and a position in it.

    `position` is 1-based: a line number for JSONL, an entry number for feeds, an article number
    for text dumps, 1 for a single HTML page. For a folder or glob, `path` is the member file.
    """

    path: str
    position: int = 1
    reader: str = ""


@dataclass(slots=True)
class Article:
    """A clean news article. `id` is a content hash: the same article from two files is one."""

    id: str
    text: str
    title: str | None = None
    blocks: list[Block] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    published: str | None = None  # ISO 8601, as precise as `date_precision` says (2025-06-03, 2025-06, 2025)
    date_precision: DatePrecision | None = None
    date_source: DateSource = "none"
    source: str | None = None  # outlet
    url: str | None = None
    author: str | None = None
    language: str | None = None
    origin: Origin = field(default_factory=lambda: Origin(path="-"))
    external_id: str | None = None  # the id given by the input (JSONL `id`, feed guid)

    @property
    def paragraphs(self) -> list[str]:
        return [self.text[b.start : b.end] for b in self.blocks if b.kind == "paragraph"]


@dataclass(slots=True)
class Reject:
    """An input that could not become an article. Stored, counted, never silently dropped."""

    code: str  # stable code from khabar.errors.CATALOGUE, e.g. "K103"
    reason: str  # the catalogue's short name, e.g. "binary_file"
    message: str  # human sentence with the specifics
    origin: Origin = field(default_factory=lambda: Origin(path="-"))


# ---------------------------------------------------------------- extraction records


@dataclass(slots=True)
class Entity:
    """A named-entity mention (spaCy NER or khabar's matchers)."""

    id: str  # "e1", unique within the article
    start: int
    end: int
    text: str
    label: str  # OntoNotes label: PERSON, ORG, GPE, NORP, LOC, FAC, ...
    actor_id: str | None = None  # the Actor this mention refers to, if any


@dataclass(slots=True)
class Actor:
    """One participant of the article under one canonical name, with its code.

    `country` is ISO 3166-1 alpha-3; `sector` a PLOVER/CAMEO sector code (GOV, MIL, COP, REB, PTY,
    JRN, IGO, NGO, BUS, CVL, ...); `kind` one of person, organization, country, group, media.
    """

    id: str  # "a1", unique within the article
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class ActorRef:
    """An actor as a participant of one event: the mention in the event's sentence and its code."""

    actor_id: str | None
    name: str
    start: int
    end: int
    text: str
    country: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class DateMention:
    """A temporal expression, normalised TIMEX3-style against the publication date."""

    id: str  # "t1"
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str | None  # 2025-06-03, 2025-04, 2024, 2024-W23, P3D, 199X; None when unresolvable
    precision: DatePrecision | None = None
    resolved: bool = True  # False: relative expression with no anchor (value holds the offset)
    relative: str | None = None  # e.g. "-1Y" for "last year" when no anchor is known
    anchor: str | None = None  # the reference date used


@dataclass(slots=True)
class Place:
    """A toponym mention resolved (or not) against khabar's gazetteer."""

    id: str  # "p1"
    start: int
    end: int
    text: str
    resolved: bool = False
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    level: str | None = None  # country, admin1, admin2, city, other
    admin1_code: str | None = None
    admin1_name: str | None = None
    country_iso2: str | None = None
    country_iso3: str | None = None
    population: int | None = None
    reason: str | None = None  # why this candidate won (context, population, alias, ...)


@dataclass(slots=True)
class Quote:
    """Somebody saying something: direct (quotation marks) or indirect (said that ...)."""

    id: str  # "q1"
    content: Span
    direct: bool
    speaker: Span | None = None
    speaker_actor_id: str | None = None
    speaker_name: str | None = None
    cue: Span | None = None
    addressee: Span | None = None
    medium: str | None = None  # twitter, statement, interview, ...
    # "speech": a proposition said (quotation marks or a clause: "said that ..."); "stance": a position taken on a
    # thing or plan, content a noun phrase or infinitive ("urged voters to ...", "called for talks", "criticized X")
    kind: str = "speech"
    # the probability a learned step gave the quote (the back-off's regression, the attribution tagger);
    # None for a quote the hand-written rules found
    confidence: float | None = None


@dataclass(slots=True)
class EventDate:
    value: str | None
    precision: DatePrecision | None
    source: str  # "text" (an expression governs the trigger) or "published" (fallback, flagged)
    date_id: str | None = None  # DateMention id when source == "text"


@dataclass(slots=True)
class EventLocation:
    place_id: str | None
    text: str | None
    reason: str  # locative_phrase, sentence, dateline, article_main_place, none
    lat: float | None = None
    lon: float | None = None
    country_iso3: str | None = None


@dataclass(slots=True)
class Event:
    """Who did what to whom, PLOVER 2.0-coded, with the sentence as proof."""

    id: str  # "v1"
    type: str  # PLOVER: AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE,
    #             REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT
    trigger: Span
    sentence: Span
    actors: list[ActorRef] = field(default_factory=list)
    recipients: list[ActorRef] = field(default_factory=list)
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None  # CAMEO root code, "19"
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    acled_type: str | None = None
    acled_subtype: str | None = None
    modality: Modality = "asserted"
    magnitude: dict[str, int] = field(default_factory=dict)  # killed / injured / arrested
    date: EventDate | None = None
    location: EventLocation | None = None
    speaker_actor_id: str | None = None  # set when the event is only known because someone said it
    quote_id: str | None = None
    confidence: float = 0.5


@dataclass(slots=True)
class Extraction:
    """Everything khabar extracts from one article: one line of `khabar extract`."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)


def to_dict(record: Any) -> Any:
    """JSON-ready dict of a record (articles also get their `paragraphs`)."""
    if isinstance(record, Article):
        d = dataclasses.asdict(record)
        d["paragraphs"] = record.paragraphs
        return d
    if isinstance(record, Extraction):
        d = {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
        return d
    if isinstance(record, list):
        return [to_dict(r) for r in record]
    if dataclasses.is_dataclass(record):
        return dataclasses.asdict(record)
    return record
