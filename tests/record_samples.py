"""Hand-built records with every field set, for the store, export and schema tests (text written for khabar)."""

from __future__ import annotations

import hashlib

from khabar.records import (
    Actor,
    ActorRef,
    Article,
    Block,
    Caption,
    DateMention,
    Entity,
    Event,
    EventDate,
    EventLocation,
    Extraction,
    Origin,
    Place,
    Quote,
    Reject,
    Span,
)

TITLE = "Ministers meet in Amman over border crossing"
CAPTION = "The two ministers shake hands in Amman on Monday."
BODY = (
    "Jordan's foreign minister Ayman Safadi met his Syrian counterpart in Amman on Monday, officials said. "
    '"We agreed to reopen the crossing," Safadi told reporters.'
)
BODY2 = "Police arrested three men near the border town of Ramtha last week, and one was injured."
TEXT = f"{TITLE}\n\n{CAPTION}\n\n{BODY}\n\n{BODY2}"


def span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


def article(text: str = TEXT, path: str = "sample/jordan.txt", position: int = 1) -> Article:
    title_end = text.index("\n\n")
    cap = span(text, CAPTION) if CAPTION in text else None
    blocks = [Block("title", 0, title_end)]
    if cap:
        blocks.append(Block("caption", cap.start, cap.end))
    pos = (cap.end if cap else title_end) + 2
    for para in text[pos:].split("\n\n"):
        start = text.index(para, pos)
        blocks.append(Block("paragraph", start, start + len(para)))
        pos = start + len(para)
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        text=text,
        title=text[:title_end],
        blocks=blocks,
        captions=[Caption(cap.start, cap.end, cap.text, credit="Staff photographer")] if cap else [],
        published="2025-06-03",
        date_precision="day",
        date_source="metadata",
        source="Example Daily",
        url="https://news.example.org/jordan-syria",
        author="A. Writer",
        language="en",
        origin=Origin(path=path, position=position, reader="text"),
        external_id="ext-1",
    )


def full_extraction(text: str = TEXT) -> Extraction:
    """An Extraction whose every record type has every field set (None only where a record has no value)."""
    art = article(text)
    safadi = span(text, "Ayman Safadi")
    jordan = span(text, "Jordan")
    syrian = span(text, "Syrian")
    amman = span(text, "Amman", text.index(BODY))
    ramtha = span(text, "Ramtha")
    police = span(text, "Police")
    monday = span(text, "Monday", text.index(BODY))
    last_week = span(text, "last week")
    met = span(text, "met")
    arrested = span(text, "arrested")
    s1 = span(text, BODY[: BODY.index("said.") + 5])
    s3 = span(text, BODY2)
    quote_text = span(text, "We agreed to reopen the crossing,")
    told = span(text, "told")
    reporters = span(text, "reporters")
    safadi2 = span(text, "Safadi", quote_text.end)
    actors = [
        Actor("a1", "Ayman Safadi", "person", "JOR", "GOV", "foreign minister", [safadi, safadi2]),
        Actor("a2", "Syria", "country", "SYR", "GOV", None, [syrian]),
        Actor("a3", "Jordanian police", "organization", "JOR", "COP", None, [police]),
    ]
    places = [
        Place("p1", amman.start, amman.end, amman.text, True, "Amman", 250441, 31.95522, 35.94503, "P", "PPLC", "city",
              "11", "Amman", "JO", "JOR", 1275857, "population"),
        Place("p2", ramtha.start, ramtha.end, ramtha.text, True, "Ar Ramtha", 250258, 32.5592, 36.0069, "P", "PPL",
              "city", "19", "Irbid", "JO", "JOR", 120000, "context"),
    ]
    events = [
        Event(
            id="v1", type="CONSULT", trigger=met, sentence=s1,
            actors=[ActorRef("a1", "Ayman Safadi", safadi.start, safadi.end, safadi.text, "JOR", "GOV")],
            recipients=[ActorRef("a2", "Syria", syrian.start, syrian.end, syrian.text, "SYR", "GOV")],
            mode="visit", context=["diplomatic"], cameo="04", quad_class=1, acled_type=None, acled_subtype=None,
            modality="asserted", magnitude={}, date=EventDate("2025-06-02", "day", "text", "t1"),
            location=EventLocation("p1", "Amman", "locative_phrase", 31.95522, 35.94503, "JOR"),
            speaker_actor_id=None, quote_id=None, confidence=0.8,
        ),
        Event(
            id="v2", type="COERCE", trigger=arrested, sentence=s3,
            actors=[ActorRef("a3", "Jordanian police", police.start, police.end, police.text, "JOR", "COP")],
            recipients=[],
            mode="arrest", context=["crime"], cameo="17", quad_class=4, acled_type="Strategic developments",
            acled_subtype="Arrests", modality="historical", magnitude={"arrested": 3, "injured": 1},
            date=EventDate("2025-W22", "week", "text", "t2"),
            location=EventLocation("p2", "Ramtha", "locative_phrase", 32.5592, 36.0069, "JOR"),
            speaker_actor_id="a1", quote_id="q1", confidence=0.65,
        ),
    ]
    return Extraction(
        article=art,
        entities=[
            Entity("e1", safadi.start, safadi.end, safadi.text, "PERSON", "a1"),
            Entity("e2", jordan.start, jordan.end, jordan.text, "GPE", None),
            Entity("e3", syrian.start, syrian.end, syrian.text, "NORP", "a2"),
        ],
        actors=actors,
        events=events,
        quotes=[
            Quote("q1", quote_text, True, safadi2, "a1", "Ayman Safadi", told, reporters, "interview", "speech", 0.74),
        ],
        dates=[
            DateMention("t1", monday.start, monday.end, monday.text, "DATE", "2025-06-02", "day", True, None,
                        "2025-06-03"),
            DateMention("t2", last_week.start, last_week.end, last_week.text, "DATE", "2025-W22", "week", True,
                        "-1W", "2025-06-03"),
        ],
        places=places,
    )


def reject(path: str = "sample/broken.bin", position: int = 1) -> Reject:
    return Reject("K103", "binary_file", "the file is binary, not text, HTML, a feed or JSONL: NUL bytes",
                  Origin(path, position, "auto"))
