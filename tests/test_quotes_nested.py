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
