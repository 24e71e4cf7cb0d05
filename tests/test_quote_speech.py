"""Speech cues the rules know and used to miss or get wrong: a poll or someone's view framing a clause
("In a Gallup poll, ..."), transcript turns pasted as quotations, dash-signed quotations, appositions after an
inverted source, questions put to someone ("Asked about X, she said"), section titles that are not sources.
Sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import by_cue as _by_cue, check_cue_quote


# "in <poll>" / "in <someone's> view": sentence -> (source, content) of the quote cued by "in"
FRAMES = [
    (
        "In a Harbor Research poll released Tuesday, 48 percent of voters backed the transit levy.",
        ("a Harbor Research poll released Tuesday", "48 percent of voters backed the transit levy"),
    ),
    (
        "The mayor held a nine-point lead over her challenger in the latest city survey.",
        ("the latest city survey", "The mayor held a nine-point lead over her challenger"),
    ),
    (
        "The reform, in the governor's view, would cut waiting lists by half.",
        ("the governor", "would cut waiting lists by half"),
    ),
    (
        "In her words, the council had simply run out of money.",
        ("her", "the council had simply run out of money"),
    ),
]


@pytest.mark.parametrize("text,expected", FRAMES, ids=[t[:30] for t, _ in FRAMES])
def test_frame_source_and_content(quotes_of, text, expected):
    source, content = expected
    found = _by_cue(quotes_of(text), "in")
    assert found, "no quote cued by 'in'"
    assert found[0].speaker is not None and found[0].speaker.text == source
    assert found[0].content.text == content


# "in" phrases that frame nothing: a standing in the polls, literal eyes, a figure of speech
NOT_FRAMES = [
    "The senator has been stuck in single digits in the polls for months.",
    "The mourners had tears in their eyes as the coffin passed.",
    "Keep in mind that the bridge closes at night.",
    "Voters are evenly divided in their opinions of the new tax.",
    "He is a candidate who trails far behind in the polls.",
]


@pytest.mark.parametrize("text", NOT_FRAMES, ids=[t[:30] for t in NOT_FRAMES])
def test_not_a_frame(quotes_of, text):
    assert not _by_cue(quotes_of(text), "in")


def test_poll_frame_keeps_both_sides_of_the_finding(quotes_of):
    quotes = _by_cue(quotes_of("Ramos led Ortiz in the Coastal Post poll by eleven points among older voters."), "in")
    assert [q.content.text for q in quotes] == ["Ramos led Ortiz", "by eleven points among older voters"]
    assert {q.speaker.text for q in quotes} == {"the Coastal Post poll"}


def test_apposition_after_an_inverted_source_is_not_said(quotes_of):
    text = ("The pumping station had been idle for a decade, said Mara Lindqvist, a senior engineer with the "
            "regional water board that runs it.")
    quotes = _by_cue(quotes_of(text), "said")
    assert [q.content.text for q in quotes] == ["The pumping station had been idle for a decade"]
    assert quotes[0].speaker.text.startswith("Mara Lindqvist")


TRANSCRIPT = (
    "Here is a partial transcript of the interview.\n\n"
    '"HOST: Good morning, Governor. Will you sign the water bill this week?\n\n'
    '"ORTEGA: Well, look, we have waited long enough. The bill is on my desk and I will sign it on Friday.\n\n'
    '"HOST: And what do you say to the farmers who oppose it?\n\n'
    '"ORTEGA: I say that their wells will still be there next summer.\n'
)


def test_transcript_turns_pasted_as_quotations(quotes_of):
    turns = [(q.speaker.text, q.content.text[:20]) for q in _by_cue(quotes_of(TRANSCRIPT), ":") if q.speaker]
    assert turns == [
        ("HOST", "Good morning, Govern"),
        ("ORTEGA", "Well, look, we have "),
        ("HOST", "And what do you say "),
        ("ORTEGA", "I say that their wel"),
    ]


def test_dash_signed_quotation_without_a_verb(quotes_of):
    text = (
        "Readers sent us their verdicts on the debate.\n\n"
        "“No plan, no answers, no respect for the audience. A wasted evening for everyone.” ― Dana K. Whitfield\n"
    )
    signed = _by_cue(quotes_of(text), "―")
    assert signed and signed[0].speaker.text == "Dana K. Whitfield"
    assert signed[0].content.text.startswith("No plan, no answers")


# a question put to someone: the one asked is not the source; only a by-agent asks
ASKED = [
    ("Asked about the strike, the minister said talks would resume on Monday.", "asked", None),
    ("When asked whether he would run again, Keller smiled and said nothing.", "asked", None),
    ("Asked by a local reporter to explain the closures, the governor blamed the budget.", "Asked", "a local reporter"),
]


@pytest.mark.parametrize("text,cue,source", ASKED, ids=[t[:30] for t, _, _ in ASKED])
def test_question_put_to_someone(quotes_of, text, cue, source):
    found = _by_cue(quotes_of(text), cue)
    assert found, f"no quote cued by {cue!r}"
    assert (found[0].speaker.text if found[0].speaker else None) == source


def test_asked_with_an_if_clause_asks_the_clause(quotes_of):
    found = _by_cue(quotes_of("The host asked the senator if she would back the pipeline."), "asked")
    assert found and found[0].speaker.text == "The host"
    assert found[0].content.text == "if she would back the pipeline"


def test_section_title_is_not_a_source(quotes_of):
    text = (
        "Little Comfort for Growers: The drought has cut the harvest by a third, and prices keep rising.\n\n"
        "Senator Okafor: The drought relief bill will pass before the summer recess.\n\n"
        "Economists: The slowdown in farm lending will end by the spring.\n"
    )
    labels = [q.speaker.text for q in _by_cue(quotes_of(text), ":") if q.speaker]
    assert labels == ["Senator Okafor", "Economists"]  # a one-word label is a name or a group


# sentence -> (cue, source, content) of the quote with that cue
SPEECH = [
    # a quoted noun phrase the parser reads as a second subject is what was said, not who said it
    ("''A fine tax on paper,'' said Lena Marsh, a former budget director.",
     ("said", "Lena Marsh, a former budget director", "A fine tax on paper")),
    # what leads into a quotation is not a second subject: the one after the closing mark speaks
    ("Her verdict on the season: “It was not quite a disaster,” she said.",
     ("said", "she", "It was not quite a disaster")),
    # a quotation right after the cue is what was said, not the fronted question before it
    ("Asked on Tuesday whether she would run again, the governor smiled and said, “Not this time.”",
     ("said", "the governor", "Not this time.")),
    # "told X he was ...": without "that", the told clause is not a relative clause on the addressee
    ("The mayor told the council he was against the new parking fees.",
     ("told", "The mayor", "he was against the new parking fees")),
    # calling someone's vote a mistake is a verdict, not a vote called
    ("At the hearing, the mayor called her vote against the budget a mistake.",
     ("called", "the mayor", "her vote against the budget a mistake")),
    # a conjoined clause with its own subject and cue is a second attribution
    ("Farmers said they were worried the drought would last, and officials warned that prices could double.",
     ("said", "Farmers", "they were worried the drought would last")),
    ("Farmers said they were worried the drought would last, and officials warned that prices could double.",
     ("warned", "officials", "prices could double")),
]


@pytest.mark.parametrize("text,expected", SPEECH, ids=[f"{e[0]}:{t[:30]}" for t, e in SPEECH])
def test_speech_source_and_content(quotes_of, text, expected):
    check_cue_quote(quotes_of(text), *expected)


# sentence -> a cue word that must not yield a quote
NOT_SPEECH = [
    ("The council called a vote on the budget for Tuesday.", "called"),  # a vote convened
    ("Ortiz leads Ramos by 120 pledged delegates after the primary.", "pledged"),  # a kind of delegate
]


@pytest.mark.parametrize("text,cue", NOT_SPEECH, ids=[c for _, c in NOT_SPEECH])
def test_not_speech(quotes_of, text, cue):
    assert not _by_cue(quotes_of(text), cue)
