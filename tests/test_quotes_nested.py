"""Quotations tied to a cue after them or to a name label before them (khabar.extract.quotes._orphans)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def run_nlp(run_to_quotes):
    return run_to_quotes


def _speaker_of(doc, words: str):
    """The speaker text of the quote whose content starts with `words` (None when no such quote)."""
    for q in doc._.khabar_quotes:
        if q.content.text.startswith(words):
            return q.speaker.text if q.speaker else None
    raise AssertionError(f"no quote starting {words!r}: {[q.content.text for q in doc._.khabar_quotes]}")


# text -> (start of a quotation's content, its expected speaker)
CLOSING = [
    (  # a quotation ending in a comma belongs to the cue after it, not to the quote before it
        "“The pumps have failed twice this month,” the engineer said.\n\n"
        "“Nobody in this district has had clean water since the storm,” Mayor Lina Farouk, "
        "standing beside the broken main, said quietly as the crowd gathered.",
        ("Nobody in this district", "Mayor Lina Farouk"),
    ),
    (  # a paragraph left open continues into the next one, which carries the closing cue
        "The council met on Monday.\n\n"
        "“The old pipes under the market street cracked in a dozen places this winter\n\n"
        "“We will keep asking until the pipes arrive,” said Omar Saleh, the council chairman.",
        ("The old pipes under the market", "Omar Saleh, the council chairman"),
    ),
]

LABELLED = [
    (
        "FARMERS LOSE PATIENCE WITH THE SUBSIDY PLAN - Maria Lopez: “The payments arrive late every season "
        "and the banks will not wait for them.”",
        ("The payments arrive late", "Maria Lopez"),
    ),
]


@pytest.mark.parametrize("text, expected", CLOSING + LABELLED)
def test_quotation_speaker(run_nlp, text, expected):
    words, speaker = expected
    assert _speaker_of(run_nlp(text), words) == speaker


def test_resumed_quote_keeps_previous_speaker(run_nlp):
    # “...,” X said. “...” -- the second stretch has no cue after it: it still resumes X
    text = "“The road is open again,” the governor said. “Trucks will carry grain to the coast by Friday.”"
    assert _speaker_of(run_nlp(text), "Trucks will carry grain") == "the governor"


def test_closing_cue_shares_the_attribution(run_nlp):
    text = (
        "“Nobody in this district has had clean water since the storm,” Mayor Lina Farouk, "
        "standing beside the broken main, said quietly."
    )
    quotes = [q for q in run_nlp(text)._.khabar_quotes if q.content.text.startswith("Nobody")]
    assert quotes and quotes[0].cue is not None and quotes[0].cue.text == "said"


def _draft_after(text: str, cue: str, content: str, nlp) -> "Draft":
    """A draft whose cue is the word `cue` and whose content is `content` (speaker: the word before the cue)."""
    from khabar.extract.quote_spans import Draft

    doc = nlp.make_doc(text)
    c = text.index(cue)
    s = text.index(content)
    speaker = doc.char_span(text.rindex(" ", 0, c - 1) + 1, c - 1)
    return Draft(s, s + len(content), cue=(c, c + len(cue)), speaker=speaker, direct=True)


# text, (cue word of the later quote, its content) -> does the first quotation belong to that cue?
CLOSING_TABLE = [
    ("“The wells are dry again,” the mayor of the town, Farouk, said of a plan to bring water.",
     ("said", "of a plan to bring water"), True),
    ("“The wells are dry again.” Farouk said the plan would bring water.",  # a full stop: a new sentence
     ("said", "the plan would bring water"), False),
    ("“The wells are dry again,” and the crowd waited.\n\nLater Farouk said the plan would bring water.",
     ("said", "the plan would bring water"), False),  # the cue is in another paragraph
    ("“The wells are dry again\n\n“We need a plan that brings water,” Farouk said.",
     ("said", "We need a plan that brings water"), True),  # left open: the next paragraph closes it
]


@pytest.mark.parametrize("text, later, expected", CLOSING_TABLE)
def test_closing_cue_table(nlp, text, later, expected):
    from khabar.extract.quote_marks import find_quote_marks
    from khabar.extract.quotes import _closing

    marks = find_quote_marks(text, None)
    draft = _draft_after(text, *later, nlp)
    assert (_closing(text, marks[0], [draft]) is draft) == expected


def test_conjoined_prepositional_cue_is_its_own_attribution(run_nlp):
    # "said A, and he railed against B": the railing is a second attribution, not more of what was said
    text = "Mendez said the real extremist on taxes is Mayor Ortiz, and he railed against city moderators for failing to bring up the budget."
    quotes = {q.cue.text: q.content.text for q in run_nlp(text)._.khabar_quotes if q.cue}
    assert quotes["said"] == "the real extremist on taxes is Mayor Ortiz"
    assert "railed" in quotes


def _quotes(doc):
    return {(q.speaker.text if q.speaker else None, q.content.text) for q in doc._.khabar_quotes}


# a headline "Name: <line>" whose line has a first-person cue: the name speaks the whole line, once
LABEL_OVER_FIRST_PERSON = [
    ("Okafor: I Still Believe The Dam Will Flood The Valley\n\nThe minister spoke on Monday.",
     ("Okafor", "I Still Believe The Dam Will Flood The Valley")),
    ("Farmers Union: We Think The Tariff Will Ruin The Harvest\n\nThe union met in the capital.",
     ("Farmers Union", "We Think The Tariff Will Ruin The Harvest")),
]


@pytest.mark.parametrize("text, expected", LABEL_OVER_FIRST_PERSON)
def test_label_speaks_first_person_line(run_nlp, text, expected):
    quotes = _quotes(run_nlp(text))
    assert expected in quotes
    assert not any(speaker in ("I", "We") for speaker, _ in quotes)  # no second, nested "I believe" quote


def test_label_does_not_take_a_named_inner_speaker(run_nlp):
    # the line names its own speaker: the label is a topic, the inner cue keeps its source
    text = "Okafor: engineers said the dam would flood the valley\n\nThe minister spoke on Monday."
    speakers = {speaker for speaker, _ in _quotes(run_nlp(text))}
    assert "Okafor" not in speakers


# a speech noun as object, the from/by phrase and the that-clause hung on the verb: the noun's frame
GIVEN_NOUN = [
    ("The senator ignored repeated warnings from his attorney that the deal was illegal.",
     ("his attorney", "the deal was illegal")),
    ("The governor brushed aside claims by opposition lawmakers that the budget was padded.",
     ("opposition lawmakers", "the budget was padded")),
]


@pytest.mark.parametrize("text, expected", GIVEN_NOUN)
def test_noun_content_with_source_on_the_verb(run_nlp, text, expected):
    quotes = _quotes(run_nlp(text))
    assert expected in quotes
    subject = text.split(" ignored")[0].split(" brushed")[0]
    assert not any(speaker == subject and content == expected[1] for speaker, content in quotes)


# a cue inside the clause another cue reports: one attribution, the outer one, with the whole clause
REPORTED_WITHIN = [
    ("The spokesman said the governor had claimed the bridge was safe.",
     ("The spokesman", "the governor had claimed the bridge was safe"), "claimed"),
    ("Most farmers believe the new tariff is unfair, according to a survey released on Monday.",
     ("a survey released on Monday", "Most farmers believe the new tariff is unfair"), "believe"),
    ("The minister refused to confirm that the talks had failed.",
     ("The minister", "to confirm that the talks had failed"), "confirm"),
    ("Analysts expect the bank to announce that rates will rise.",
     ("Analysts", "the bank to announce that rates will rise"), "announce"),
]


@pytest.mark.parametrize("text, expected, inner_cue", REPORTED_WITHIN)
def test_reported_cue_is_not_a_second_quote(run_nlp, text, expected, inner_cue):
    doc = run_nlp(text)
    assert expected in _quotes(doc)
    assert not any(q.cue and q.cue.text == inner_cue for q in doc._.khabar_quotes)


# ... but an inner quote that quotes its speaker's words stays a quote of its own (who said what, to whom)
QUOTED_WITHIN = [
    ('According to the ministry, the envoy told the premier that he wanted "a fresh start" with Ankara.',
     ("the envoy", 'he wanted "a fresh start" with Ankara')),
    ('The spokesman said the governor had told reporters the bridge was "perfectly safe".',
     ("the governor", 'the bridge was "perfectly safe"')),
]


@pytest.mark.parametrize("text, expected", QUOTED_WITHIN)
def test_inner_quote_with_quoted_words_stays(run_nlp, text, expected):
    quotes = _quotes(run_nlp(text))
    assert any(speaker == expected[0] and expected[1].strip('"') in content for speaker, content in quotes), quotes


# a cue beside the reported clause (conjoined, adverbial) keeps its own attribution
OWN_ATTRIBUTION = [
    ("Twenty percent of voters said the tax was fair, while a majority of farmers said it would ruin them.",
     ("a majority of farmers", "it would ruin them")),
    ("The mayor said the water was clean after the inspectors reported that the pipes had been replaced.",
     ("the inspectors", "the pipes had been replaced")),
]


@pytest.mark.parametrize("text, expected", OWN_ATTRIBUTION)
def test_side_cue_keeps_its_attribution(run_nlp, text, expected):
    assert expected in _quotes(run_nlp(text))
