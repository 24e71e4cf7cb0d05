"""Quote sources the parser tends to lose or misplace (sources.py, quote_spans.py, signatures.py): a second
cue hung inside the first one's clause, a subject set off by commas, "more likely to say", and a short
closing "Name verb." after a quotation. Table tests: sentence -> (cue, speaker span, content); the
sentences were written for these tests."""

from __future__ import annotations

import pytest


def _by_cue(quotes, cue: str):
    return [q for q in quotes if q.cue is not None and q.cue.text == cue]


# sentence -> (cue, speaker span, content) of the quote with that cue (the last one when a cue repeats)
SOURCES = [
    # "said A and said B": the parser hangs the second cue on the last verb of A; it keeps A's subject
    (
        "She said the new rules have cost her firm dozens of contracts and said that the ministry had ignored her letters.",
        ("said", "She", "the ministry had ignored her letters"),
    ),
    (
        "The mayor says he would close the bridge for a month and tells residents the repairs cannot wait.",
        ("tells", "The mayor", "the repairs cannot wait"),
    ),
    # "X is more likely to say ...": the adjective's subject speaks
    (
        "Younger voters are far more likely to say that the economy is their main worry.",
        ("say", "Younger voters", "the economy is their main worry"),
    ),
    # a subject set off by commas that the parser hangs on a fronted phrase
    (
        "In an email to the Herald, the group's lawyer, Maria Ortega, said: “The permit expired in May.”",
        ("said", "the group's lawyer, Maria Ortega", "The permit expired in May."),
    ),
    (
        "In a statement to the Tribune, her chief of staff, Dana Whitlock, said: “The mayor regrets nothing.”",
        ("said", "her chief of staff, Dana Whitlock", "The mayor regrets nothing."),
    ),
    # a quotation closed by a short "Name verb." with a verb no lexicon lists
    (
        "“Sit down and read the report before you speak, you fool,” Ramirez barked.",
        ("barked", "Ramirez", "Sit down and read the report before you speak, you fool"),
    ),
    (
        "“Two things matter. Jobs and water,” Delgado answers.",
        ("answers", "Delgado", "Two things matter. Jobs and water"),
    ),
]


@pytest.mark.parametrize("text,expected", SOURCES)
def test_source(quotes_of, text, expected):
    cue, speaker, content = expected
    found = _by_cue(quotes_of(text), cue)
    assert found, f"no quote with cue {cue!r}"
    quote = found[-1]
    assert quote.speaker is not None and quote.speaker.text == speaker
    assert quote.content.text == content


# same-tense conjuncts keep their own reading: no reattachment when the forms agree
def test_same_form_conjunct_keeps_its_clause_subject(quotes_of):
    quotes = _by_cue(quotes_of("Officials said the rebels attacked the town and claimed it for their movement."), "said")
    assert quotes and quotes[0].speaker.text == "Officials"
    assert "claimed" in quotes[0].content.text


# a closing clause with more than a verb is left to the verb rules; a fronted adverb is no subject
@pytest.mark.parametrize("text,cue,speaker", [
    ("“We will rebuild the market,” Delgado said on Tuesday.", "said", "Delgado"),
    ("Still, the minister said the plan would work.", "said", "the minister"),
    ("Officials in the capital, Lagos, said the curfew would be lifted.", "said", "Officials in the capital, Lagos"),
])
def test_ordinary_sources_unchanged(quotes_of, text, cue, speaker):
    found = _by_cue(quotes_of(text), cue)
    assert found and found[0].speaker is not None and found[0].speaker.text == speaker


def test_closing_signature_needs_a_comma_inside_the_quotation(quotes_of):
    """A quotation that ends a sentence of its own is not signed by what follows it."""
    quotes = quotes_of("The banner read “Jobs now.” Delgado arrived later.")
    assert not _by_cue(quotes, "arrived")
