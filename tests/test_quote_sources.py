"""Quote sources and span boundaries: who a verb cue's source is (khabar.extract.sources) and where
contents start and end (attribution.py, stances.py). Sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import by_cue as _by_cue, check_cue_quote


# sentence -> (cue, source span text, content text) of the quote with that cue
SOURCES = [
    # a participle closing a reported clause belongs to the reporter, not to the clause's subject
    (
        "Economists said several factors had contributed to the slowdown, citing weak exports and high rates.",
        ("citing", "Economists", "weak exports and high rates"),
    ),
    (
        "The senator said the vote was rigged, arguing that ballots had been lost.",
        ("arguing", "The senator", "ballots had been lost"),
    ),
    (
        "In a statement, the federation said: “The season will go ahead,” adding that fans would be allowed back in May.",
        ("adding", "the federation", "fans would be allowed back in May"),
    ),
    # ... and the quotation before such a participle ends at its closing mark
    (
        "In a statement, the federation said: “The season will go ahead,” adding that fans would be allowed back in May.",
        ("said", "the federation", "The season will go ahead"),
    ),
    # "forced Y to admit": Y admits
    (
        "The committee forced the chief executive to admit that the accounts had been altered.",
        ("admit", "the chief executive", "the accounts had been altered"),
    ),
    # ... but "used his speech to call for": the speech is a means, the subject still speaks
    (
        "Ramos used his acceptance speech to call for the resignation of the president.",
        ("call", "Ramos", "the resignation of the president"),
    ),
    # something issued speaks for its issuer
    (
        "The campaign released a video that says the senator voted against the farm bill.",
        ("says", "The campaign", "the senator voted against the farm bill"),
    ),
    # datelines and labels are not part of the source
    (
        "BRUSSELS - European ministers said on Friday that the border would stay open.",
        ("said", "European ministers", "the border would stay open"),
    ),
    (
        "WASHINGTON (AP) — Senator Ruth Okafor said on Monday that the bill was dead.",
        ("said", "Senator Ruth Okafor", "the bill was dead"),
    ),
    # an apposition after the head stays, and a hyphen inside a word is no break
    (
        "Senator Ruth Okafor, the committee chair, said the bill was dead.",
        ("said", "Senator Ruth Okafor, the committee chair", "the bill was dead"),
    ),
    (
        "The long-serving senator said the bill was dead.",
        ("said", "The long-serving senator", "the bill was dead"),
    ),
    (
        "Budget fight: Opposition lawmakers said the plan would raise taxes.",
        ("said", "Opposition lawmakers", "the plan would raise taxes"),
    ),
    # a share of respondents keeps its percent sign
    ("About 42% said the economy was getting worse.", ("said", "About 42%", "the economy was getting worse")),
    # a second quotation after "adding later," is the participle's own
    (
        "“The budget is balanced,” the treasurer said, adding later, “We will not raise taxes.”",
        ("adding", "the treasurer", "We will not raise taxes."),
    ),
    # stance contents: the reason phrase after the object, and who is called on to act
    ("Sanders mocked the governor for skipping the debate.", ("mocked", "Sanders", "the governor for skipping the debate")),
    ("The mayor called on residents to stay indoors.", ("called", "The mayor", "residents to stay indoors")),
]


@pytest.mark.parametrize("text,expected", SOURCES, ids=[f"{e[0]}:{t[:30]}" for t, e in SOURCES])
def test_source_and_content(quotes_of, text, expected):
    check_cue_quote(quotes_of(text), *expected)


# sentence -> a cue word that must not yield a quote
NOT_QUOTES = [
    ("The mayor said she hopes the bridge will reopen by spring.", "hopes"),  # the saying is the attribution
    ("Officials said they believe the fire was set deliberately.", "believe"),
    ("The council offered no evidence for the claim.", "offered"),  # nothing put forward
    ("The lawyer said the videos show that the officer never drew his weapon.", "show"),  # what was said
]


@pytest.mark.parametrize("text,cue", NOT_QUOTES, ids=[c for _, c in NOT_QUOTES])
def test_not_a_quote(quotes_of, text, cue):
    assert not _by_cue(quotes_of(text), cue)


def test_reported_belief_keeps_the_saying(quotes_of):
    quotes = quotes_of("The mayor said she hopes the bridge will reopen by spring.")
    said = _by_cue(quotes, "said")
    assert said and said[0].content.text == "she hopes the bridge will reopen by spring"


def test_belief_on_its_own_is_still_a_quote(quotes_of):
    # outside a reported clause a belief verb is an attribution of its own
    assert _by_cue(quotes_of("The mayor hopes that the bridge will reopen by spring."), "hopes")


def test_cue_inside_one_clause_keeps_both_sides(quotes_of):
    # "<A>, he says, <B>" with the cue inside one clause: both sides are what was said, short A included
    quotes = _by_cue(quotes_of("Climate change, the president often says, is the greatest threat facing the world."), "says")
    assert [q.content.text for q in quotes] == ["Climate change", "is the greatest threat facing the world"]
    assert {q.speaker.text for q in quotes} == {"the president"}


# sentence -> (cue, speaker span, content) of the quote with that cue (the last one when a cue repeats)
LAST_CUE_SOURCES = [
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


@pytest.mark.parametrize("text,expected", LAST_CUE_SOURCES)
def test_source_of_the_last_cue(quotes_of, text, expected):
    check_cue_quote(quotes_of(text), *expected, last=True)


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


# sentence -> (cue, speaker span, resolved speaker name) for sources the parser hides (table written for
# these tests): who plans what a noun with an infinitive names, a subject the parser made a clause of its
# own, a participle after a comma, an absolute "with X doing"
SPEAKERS = [
    # "launched a campaign to condemn": the one who launched it, not "a campaign to"
    ("The mayor launched a campaign to condemn the new tax.", ("condemn", "The mayor", "mayor")),
    # "officials privy to the talks say": "privy" read as a verb of a clause of its own
    ("Several officials privy to the budget talks say the deal is nearly done.",
     ("say", "Several officials", "Several officials")),
    # "... but said X, adding: ...": the participle is the reporter's, not the reported clause's subject
    ("The spokesman declined to answer questions but said the meeting was off, adding: “We will try again soon.”",
     ("adding", "The spokesman", "The spokesman")),
    # a participle after a comma hung on a preposition that already has its object
    ("The retired admiral has given no details about how he planned to revive his campaign, saying in a statement "
     "only that he was adjusting some staff roles.", ("saying", "The retired admiral", "retired admiral")),
    # "went so far as to say": the subject of the verb the adverb modifies
    ("The columnist went so far as to say that the party was finished.", ("say", "The columnist", "The columnist")),
    # an absolute "with" phrase: the noun before the participle is its subject
    ("The interview opens with Garcia asking the minister whether the army would withdraw.",
     ("asking", "Garcia", "Garcia")),
    # after a quotation an inverted cue's name may be parsed as its object
    ("“Farmers should leave their tractors at home,” opined the Riverton Gazette.",
     ("opined", "the Riverton Gazette", None)),
    # an aside between paired dashes belongs to the source; a dateline's lone dash does not
    ("Several senior Democrats — and, in particular, Senator Ann Ruiz — insisted that the bill include a delay.",
     ("insisted", "Several senior Democrats — and, in particular, Senator Ann Ruiz", None)),
    ("Hastily seizing on the flood — much as he did after the fire last year — Mayor Dunn promised new levees.",
     ("promised", "Mayor Dunn", "Dunn")),
]


@pytest.mark.parametrize("text,expected", SPEAKERS, ids=[f"{e[0]}:{t[:30]}" for t, e in SPEAKERS])
def test_hidden_speaker(quotes_of, text, expected):
    cue, speaker, name = expected
    found = _by_cue(quotes_of(text), cue)
    assert found and found[0].speaker is not None
    assert found[0].speaker.text == speaker
    assert name is None or found[0].speaker_name == name


# sentence -> cue whose quote names nobody: an extraposed "it" and the one a question is put to
NO_SPEAKER = [
    ("It is difficult to predict whether the talks will succeed.", "predict"),
    ("Asked whether the strike had been hard for the union, Ms. Reyes said the vote was close.", "Asked"),
]


@pytest.mark.parametrize("text,cue", NO_SPEAKER, ids=[c for _, c in NO_SPEAKER])
def test_nobody_named(quotes_of, text, cue):
    assert all(q.speaker is None for q in _by_cue(quotes_of(text), cue))
