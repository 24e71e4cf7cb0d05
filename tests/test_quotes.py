"""Quotes: who said what, to whom, through which medium (khabar.extract.quotes)."""

from __future__ import annotations

import pytest


from khabar.extract.quote_marks import find_quote_marks
from khabar.extract.quotes import find_quotes, quote_for


@pytest.fixture(scope="module")
def run_nlp(run_to_quotes):
    """conftest's run_to_quotes under the name these tests use."""
    return run_to_quotes

# sentence -> (speaker text, cue, content, direct, medium, addressee) of the quote whose cue is `cue`
TABLE = [
    (
        "The minister said that the talks would resume next week.",
        ("The minister", "said", "the talks would resume next week", False, None, None),
    ),
    (
        "“We will not retreat from the border,” the general told reporters.",
        ("the general", "told", "We will not retreat from the border", True, None, "reporters"),
    ),
    (
        "The ministry said in a statement that three soldiers were wounded near the dam.",
        ("The ministry", "said", "three soldiers were wounded near the dam", False, "statement", None),
    ),
    (
        "Senator Jane Holloway tweeted that the bill would pass easily.",
        ("Senator Jane Holloway", "tweeted", "the bill would pass easily", False, "twitter", None),
    ),
    (
        "The governor announced on Twitter that schools would reopen on Monday.",
        ("The governor", "announced", "schools would reopen on Monday", False, "twitter", None),
    ),
    (
        "The floods destroyed hundreds of homes in the valley, according to the United Nations.",
        ("the United Nations", "according to", "The floods destroyed hundreds of homes in the valley", False, None,
         None),
    ),
    (
        "Prices will keep rising through the winter, the central bank warned.",
        ("the central bank", "warned", "Prices will keep rising through the winter", False, None, None),
    ),
    (
        "The mayor told the local council that the budget was exhausted.",
        ("The mayor", "told", "the budget was exhausted", False, None, "the local council"),
    ),
    (
        "The opposition leader said in an interview with the BBC that he would run again.",
        ("The opposition leader", "said", "he would run again", False, "interview", "the BBC"),
    ),
    (
        "The mayor told CNN in an interview that the city was safe.",
        ("The mayor", "told", "the city was safe", False, "interview", "CNN"),
    ),
    (
        "The minister said on X that the border would reopen.",
        ("The minister", "said", "the border would reopen", False, "twitter", None),
    ),
    (
        "'We are not afraid,' the students said.",
        ("the students", "said", "We are not afraid", True, None, None),
    ),
    (
        "A spokesman for the ministry said the delegation had arrived in Geneva.",
        ("A spokesman for the ministry", "said", "the delegation had arrived in Geneva", False, None, None),
    ),
    (
        "The statement from the president's office said the meeting had been productive.",
        ("the president's office", "said", "the meeting had been productive", False, "statement", None),
    ),
    (
        'Farmers blocked the highway for a second day, the police said at a press conference.',
        ("the police", "said", "Farmers blocked the highway for a second day", False, "press conference", None),
    ),
    (
        "The ministry issued a statement saying the border would close on Friday.",
        ("The ministry", "saying", "the border would close on Friday", False, "statement", None),
    ),
    (
        "The rebels said they had seized the airport, adding that the army had withdrawn.",
        ("The rebels", "adding", "the army had withdrawn", False, None, None),
    ),
    # nominal cues: a speech noun with a that-clause, its owner the source
    (
        "Reporters questioned the senator's claim that thousands of ballots had been lost.",
        ("the senator", "claim", "thousands of ballots had been lost", False, None, None),
    ),
    (
        "The warning from the health ministry that the clinics would close came on Monday.",
        ("the health ministry", "warning", "the clinics would close", False, None, None),
    ),
    # clause-only cues, passive with an agent, an organisation as the source
    (
        "The court ruled that the election law was unconstitutional.",
        ("The court", "ruled", "the election law was unconstitutional", False, None, None),
    ),
    (
        "The newspaper has learned that the envoy left the capital on Friday.",
        ("The newspaper", "learned", "the envoy left the capital on Friday", False, None, None),
    ),
    (
        "It was announced by the ministry that the border would reopen.",
        ("the ministry", "announced", "the border would reopen", False, None, None),
    ),
    (
        "The White House said the president would travel to Nairobi next week.",
        ("The White House", "said", "the president would travel to Nairobi next week", False, None, None),
    ),
    # a headline whose cue the tagger reads as a noun
    (
        "Governor Okafor Says Schools Will Reopen After The Floods",
        ("Governor Okafor", "Says", "Schools Will Reopen After The Floods", False, None, None),
    ),
    # manner-of-speaking verbs count beside a quotation
    (
        "“The market is open again!” beamed the old trader.",
        ("the old trader", "beamed", "The market is open again!", True, None, None),
    ),
    # two clauses hung on the second cue: the quotation after it is its content
    (
        "She said the road was closed, and when asked about the bridge, she replied, ''It is gone.''",
        ("she", "replied", "It is gone.", True, None, None),
    ),
    # a participle cue after a comma starts its own attribution
    (
        "The mayor said the bridge must close for repairs, echoing a report from the city engineers.",
        ("The mayor", "said", "the bridge must close for repairs", False, None, None),
    ),
]


# stance quotes: a position taken on a thing or a plan (content a noun phrase or an infinitive)
STANCE = [
    ("The opposition urged voters to boycott the referendum.", "urged", "voters to boycott the referendum"),
    ("The bishops called for an immediate ceasefire in the north.", "called", "an immediate ceasefire in the north"),
    ("The prime minister criticized the court ruling on Tuesday.", "criticized", "the court ruling"),
    ("The rebels vowed to retake the city before winter.", "vowed", "to retake the city before winter"),
    ("The bishop's call for a ceasefire went unheeded.", "call", "a ceasefire"),
    ("The envoy called for the militias to leave the capital.", "called", "the militias to leave the capital"),
    ("The farmers cautioned against cutting the subsidies.", "cautioned", "cutting the subsidies"),
    ("The voters see the new tax as a punishment for the poor.", "see", "the new tax as a punishment for the poor"),
]


def _check_spans(doc, quotes):
    for q in quotes:
        for span in (q.content, q.speaker, q.cue, q.addressee):
            if span is not None:
                assert doc.text[span.start : span.end] == span.text


@pytest.mark.parametrize("sentence,expected", TABLE, ids=[t[1][1] + ":" + t[0][:30] for t in TABLE])
def test_table(run_nlp, sentence, expected):
    speaker, cue, content, direct, medium, addressee = expected
    doc = run_nlp(sentence)
    quotes = doc._.khabar_quotes
    _check_spans(doc, quotes)
    found = [q for q in quotes if q.cue is not None and q.cue.text == cue]
    assert found, [(q.cue.text if q.cue else None, q.content.text) for q in quotes]
    q = found[0]
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.content.text == content
    assert q.direct is direct
    assert q.medium == medium
    assert (q.addressee.text if q.addressee else None) == addressee


def test_speech_quotes_are_kind_speech(run_nlp):
    doc = run_nlp("The minister said that the talks would resume next week.")
    assert [q.kind for q in doc._.khabar_quotes] == ["speech"]


@pytest.mark.parametrize("sentence,cue,content", STANCE, ids=[s[1] for s in STANCE])
def test_stance(run_nlp, sentence, cue, content):
    doc = run_nlp(sentence)
    quotes = doc._.khabar_quotes
    _check_spans(doc, quotes)
    q = next(q for q in quotes if q.cue and q.cue.text == cue)
    assert (q.content.text, q.kind, q.direct) == (content, "stance", False)
    assert q.speaker is not None and q.speaker.text.lower().startswith("the ")


def test_material_verbs_are_not_stances(run_nlp):
    doc = run_nlp("The army attacked the town and supported the militia with artillery.")
    assert doc._.khabar_quotes == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Iran Seeks to Turn 'New Page' in Ties with Lebanon",  # a headline, not a stance
        "The Ministry Plans New Roads for the Northern Villages",
        "The air force supported the second phase of the operation.",  # material verbs
        "His comments did not mention the militia.",  # a negated cue takes no position
        "Unlike earlier visits by foreign envoys, his remarks did not mention the militia.",
        "The soldiers saw the tanks on the ridge.",  # "see" only in the "X as Y" shape
        "The king ruled the country for forty years.",  # clause-only cues need their clause
        "The calls for calm went unanswered.",  # no owner, no stance
        "The delegate beamed at the cameras.",  # a manner verb without a quotation
    ],
)
def test_no_stance_quote(run_nlp, sentence):
    assert run_nlp(sentence)._.khabar_quotes == []


def test_quote_for_skips_stance_unless_asked(run_nlp):
    doc = run_nlp("The rebels vowed to retake the city before winter.")
    retake = next(t for t in doc if t.text == "retake")
    assert quote_for(doc, retake) is None
    assert quote_for(doc, retake, stance=True).cue.text == "vowed"


def test_stance_inside_reported_speech_is_not_a_quote(run_nlp):
    doc = run_nlp("The spokesman said the rebels rejected the offer.")
    assert [q.cue.text for q in doc._.khabar_quotes] == ["said"]


def test_parenthetical_cue(run_nlp):
    doc = run_nlp("The new dam, the engineer said, will flood three villages in the valley.")
    quotes = doc._.khabar_quotes  # both sides of the cue: one attribution in two stretches
    assert [(q.speaker.text, q.cue.text) for q in quotes] == [("the engineer", "said")] * 2
    assert [q.content.text for q in quotes] == ["The new dam", "will flood three villages in the valley"]


@pytest.mark.parametrize(
    "sentence,parts",
    [
        (
            "The bridge will take two years to rebuild, the engineer said, and the ferry will run until then.",
            ["The bridge will take two years to rebuild", "and the ferry will run until then"],
        ),
        # a circumstance of the saying is not part of what was said
        (
            "The dam was never inspected, the engineer said, on condition of anonymity.",
            ["The dam was never inspected"],
        ),
        ("In the end, the mayor said, the city would pay for the repairs.", ["the city would pay for the repairs"]),
    ],
)
def test_cue_between_commas(run_nlp, sentence, parts):
    quotes = run_nlp(sentence)._.khabar_quotes
    assert [q.content.text for q in quotes] == parts
    assert len({(q.cue.start, q.speaker.text) for q in quotes}) == 1


def test_quote_signed_with_a_dash(run_nlp):
    text = "“The water has been cut for a week and nobody came to help us.” ― Samira Haddad\n\nThe town is quiet."
    doc = run_nlp(text)
    q = doc._.khabar_quotes[0]
    assert q.direct and q.speaker.text == "Samira Haddad" and q.content.text.startswith("The water has been cut")


def test_headline_label_speaker(run_nlp):
    doc = run_nlp("Haddad: the water cuts will end next week\n\nThe minister visited the pumping station.")
    q = doc._.khabar_quotes[0]
    assert (q.speaker.text, q.content.text) == ("Haddad", "the water cuts will end next week")


def test_transcript_turns(run_nlp):
    text = (
        "The host asked two questions.\n\n"
        '"OKONJO: Well, look, the minister thinks this is a game show. But this is serious.\n\n'
        '"HOST: If I may, we have limited time.'
    )
    doc = run_nlp(text)
    turns = [(q.speaker.text, q.content.text) for q in doc._.khabar_quotes if q.cue and q.cue.text == ":"]
    assert turns == [
        ("OKONJO", "Well, look, the minister thinks this is a game show. But this is serious"),
        ("HOST", "If I may, we have limited time"),
    ]


def test_cue_ending_with_colon_takes_next_paragraph(run_nlp):
    text = (
        "The governor added:\n\n"
        "The roads will be rebuilt before the rains. Nobody will be left behind.\n\nIt rained."
    )
    doc = run_nlp(text)
    q = doc._.khabar_quotes[0]
    assert (q.speaker.text, q.cue.text) == ("The governor", "added")
    assert q.content.text == "The roads will be rebuilt before the rains. Nobody will be left behind"


def test_dateline_label_is_not_a_speaker(run_nlp):
    doc = run_nlp("KHARTOUM: The army said the bridge was closed to traffic.")
    assert [(q.speaker.text, q.cue.text) for q in doc._.khabar_quotes] == [("The army", "said")]


def test_short_quote_resuming_after_cue(run_nlp):
    doc = run_nlp("“They are coming back,” the farmer said. “Soon.”")
    quotes = doc._.khabar_quotes
    assert [q.content.text for q in quotes] == ["They are coming back", "Soon."]
    assert quotes[1].speaker.text == "the farmer" and quotes[1].cue is None


def test_no_quote_without_cue_or_quotation(run_nlp):
    doc = run_nlp("The army shelled the village on Sunday and the residents fled north.")
    assert doc._.khabar_quotes == []


def test_scare_quotes_are_not_quotes(run_nlp):
    doc = run_nlp("The so-called “peace dividend” never reached the provinces.")
    assert doc._.khabar_quotes == []


def test_interrupted_quote_continues_with_same_speaker(run_nlp):
    text = (
        "“We have waited long enough,” the union leader said. "
        "“The workers will strike on Monday unless the owners come back to the table.”"
    )
    doc = run_nlp(text)
    quotes = doc._.khabar_quotes
    _check_spans(doc, quotes)
    assert [q.direct for q in quotes] == [True, True]
    assert quotes[0].content.text == "We have waited long enough"
    assert quotes[1].content.text.startswith("The workers will strike")
    assert quotes[1].speaker.text == quotes[0].speaker.text == "the union leader"


def test_multi_paragraph_direct_quote(run_nlp):
    text = (
        "The commander spoke to the troops before dawn.\n\n"
        "“The first task is to clear the road to the river crossing.\n\n"
        "“After that we hold the bridge until the engineers arrive,” she said."
    )
    doc = run_nlp(text)
    quotes = doc._.khabar_quotes
    _check_spans(doc, quotes)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.direct and q.speaker.text == "she" and q.cue.text == "said"
    assert q.content.text.startswith("The first task is")
    assert q.content.text.endswith("until the engineers arrive")


def test_quote_paragraphs_after_an_attributed_one_keep_its_speaker(run_nlp):
    text = (
        "“The harvest failed in every district,” the governor said on Monday.\n\n"
        "“We have asked the capital for grain and for trucks to carry it.\n\n"
        "“Until they arrive, the schools will serve one meal a day to every child.”\n\n"
        "The capital has not replied."
    )
    doc = run_nlp(text)
    quotes = doc._.khabar_quotes
    _check_spans(doc, quotes)
    assert [q.speaker.text for q in quotes] == ["the governor"] * len(quotes)
    assert quotes[-1].content.text.endswith("one meal a day to every child.")


def test_pronoun_speaker_takes_previous_person(run_nlp):
    text = "Finance Minister Laila Haddad met the bankers on Monday.\n\nShe said the currency would hold for a month."
    doc = run_nlp(text)
    quotes = doc._.khabar_quotes
    assert len(quotes) == 1
    assert quotes[0].speaker.text == "She"
    assert quotes[0].speaker_name == "Laila Haddad"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The farmers’ union said the government’s plan didn’t help Iran's growers.", []),
        ("Voters' trust in the ’90s was high, the officials' records show.", []),
        ("She called the plan ‘unworkable’ and left.", ["unworkable"]),
        ("He called it 'a disgrace' on Sunday.", ["a disgrace"]),
        ('The minister said "we will rebuild" and left.', ["we will rebuild"]),
        ("The bill, dubbed “Clean Air,\" passed.", ["Clean Air,"]),
        ("The ''Old Guard'' resisted.", ["Old Guard"]),
    ],
)
def test_quote_marks_and_apostrophes(text, expected):
    marks = find_quote_marks(text)
    assert [text[m.inner_start : m.inner_end] for m in marks] == expected


def test_quote_marks_continue_over_paragraphs():
    text = "“One two three.\n\n“Four five six,” he said.\n\nUnrelated “scare” words."
    blocks = [(0, 15), (17, 42), (44, len(text))]
    marks = find_quote_marks(text, blocks)
    assert [text[m.inner_start : m.inner_end] for m in marks] == ["One two three.\n\n“Four five six,", "scare"]


def test_quote_for(run_nlp):
    doc = run_nlp("The minister said that the talks would resume next week.")
    talks = next(t for t in doc if t.text == "talks")
    quote = quote_for(doc, talks)
    assert quote is not None and quote.cue.text == "said"
    assert quote_for(doc, doc[1]) is None  # "minister" is the speaker, not what was said
    assert quote_for(doc, doc[4:7]) is quote  # "the talks would"


def test_find_quotes_on_bare_doc(nlp):
    doc = nlp("Officials said the border would stay closed.")  # no Article: blocks fall back to lines
    quotes = find_quotes(doc)
    assert [q.content.text for q in quotes] == ["the border would stay closed"]


SEED_EXPECT = [
    # (speaker name contains, cue, content contains, extra checks)
    ("Kadhimi", "noted", "our heroes of the armed forces", {}),
    ("Kadhimi’s media office", "said", "the operation aims to enhance security", {}),
    ("Counter-Terrorism Service", "announced", "the international anti-ISIS coalition", {}),
    (None, "announced", "CTS units succeeded in destroying", {"medium": "statement", "speaker": "the service"}),
    ("Yahya Rasool", "said", "the air force supported", {}),
    ("Myles Caggins", "tweeted", "everybody is working together", {"medium": "twitter", "direct": True}),
    ("Hisham al-Hashimi", "announced", "military operations were launched", {"medium": "twitter"}),
    ("Abu Ragheef", "said", "the southeastern areas of Kirkuk", {}),
    ("Abu Ragheef", "told", "the terrorist organization teaches", {"addressee": "Asharq al-Awsat"}),
    ("Abu Ragheef", "explained", "highly values the governorate", {"speaker": "He"}),
    ("Abu Ragheef", "added", "ISIS also takes advantage", {"speaker": "he"}),
    ("Araqchi", "told", "Iran wanted to turn", {"addressee": "Lebanese officials"}),
    ("Salam's office", "said", "Araqchi affirmed his country's keenness", {"direct": True}),
    ("Raggi's office", "said", "the pair had a", {"medium": "statement"}),
    ("Raggi's offices", "according to", "Araqchi told both", {"medium": "statement"}),
]


def test_seed_quotes(seed_path, run_nlp):
    text = seed_path.read_text(encoding="utf-8")
    doc = run_nlp(text, "2025-06-03")
    quotes = doc._.khabar_quotes
    _check_spans(doc, quotes)
    for name, cue, content, extra in SEED_EXPECT:
        hits = [q for q in quotes if q.cue and q.cue.text == cue and content in q.content.text]
        assert hits, (cue, content, [(q.cue.text if q.cue else None, q.content.text[:40]) for q in quotes])
        q = hits[0]
        if name is not None:  # the canonical name, or the mention itself for "X's office"
            said_by = (q.speaker_name + " | " + q.speaker.text).replace("’", "'")
            assert name.replace("’", "'") in said_by, (cue, said_by)
        for key, value in extra.items():
            got = getattr(q, key)
            got = got.text if hasattr(got, "text") else got
            assert got == value, (cue, key, got)
    # no headline stance ("Iran Seeks to Turn ..."), no material or negated cue
    assert not any(q.cue and q.cue.text in ("Seeks", "supported", "mention") for q in quotes)
    # captions mention Twitter but say nothing: no quote comes from them
    assert not any("official Twitter page" in q.content.text for q in quotes)


# PolNeAR's broader attribution: noun-phrase contents of speech verbs, backing by people, pro-forms ("said so"),
# "refer to X as Y", and hedges that attribute a clause to nobody. sentence -> (cue, speaker, content)
BROAD = [
    ("The senator noted her long record on veterans' affairs.", "noted", "The senator", "her long record on veterans' affairs"),
    ("The governor repeated his promise to cut taxes.", "repeated", "The governor", "his promise to cut taxes"),
    ("The minister expressed concern about the delays.", "expressed", "The minister", "concern about the delays"),
    ("The report detailed the ministry's spending on arms.", "detailed", "The report", "the ministry's spending on arms"),
    ("The opposition leader has been calling the president a fraud.", "calling", "The opposition leader", "the president a fraud"),
    ("Most voters said so.", "said", "Most voters", "so"),
    ("About 60 percent said the same of the governor.", "said", "About 60 percent", "the same of the governor"),
    ("The mayor said as much on Sunday.", "said", "The mayor", "as much"),
    ("She referred to the governor as a reliable partner.", "referred", "She", "the governor as a reliable partner"),
    ("The candidate hopes to win the state.", "hopes", "The candidate", "to win the state"),  # lemma "hop" mended
    ("Most voters prefer the incumbent.", "prefer", "Most voters", "the incumbent"),
    ("A majority of Democrats support the new tax.", "support", "A majority of Democrats", "the new tax"),
    ("The challenger angered many by calling them cowards.", "calling", "The challenger", "them cowards"),
    ("The group advocated for a public option.", "advocated", "The group", "a public option"),
    ("The governor cast his rival as a puppet of the banks.", "cast", "The governor", "his rival as a puppet of the banks"),
    ("The senator mocked the ambitions of three governors.", "mocked", "The senator", "the ambitions of three governors"),
    ("The mayor lashed out at the press.", "lashed out", "The mayor", "the press"),
    # speech nouns after a light verb: the verb's subject speaks
    ("The senator also took a shot at the governor.", "shot", "The senator", "the governor"),
    ("The minister has raised questions about the contract.", "questions", "The minister", "the contract"),
    ("She made the case for a ban on cluster bombs.", "case", "She", "a ban on cluster bombs"),
    # attitude adjectives
    ("The senator was critical of the plan.", "critical", "The senator", "the plan"),
    ("He is confident that the bill will pass.", "confident", "He", "the bill will pass"),
    ("She made clear that she would run again.", "clear", "She", "she would run again"),
    ("The governor was reluctant to endorse anyone.", "reluctant", "The governor", "to endorse anyone"),
    # a relative or reflexive object names nothing: what it is called is the content
    ("The strike was what union leaders called a last resort.", "called", "union leaders", "a last resort"),
    ("She hired Lopez, whom the president described as a trusted friend.", "described", "the president",
     "as a trusted friend"),
    ("Most delegates describe themselves as moderates.", "describe", "Most delegates", "themselves as moderates"),
    # a noun of standing position said of somebody, through a copula or an apposition
    ("The mayor is an outspoken supporter of the new dam.", "supporter of", "The mayor", "the new dam"),
    ("Baxter, a longtime critic of the levy, spoke first.", "critic of", "Baxter", "the levy"),
    ("The senator has been a vocal advocate for lower fees.", "advocate for", "The senator", "lower fees"),
    # a position received from a source: on its for/over phrase, else on whoever received it
    ("Ortiz faced criticism from farmers over the water plan.", "criticism", "farmers", "the water plan"),
    ("She won the endorsement of the nurses union last week.", "endorsement", "the nurses union", "She"),
    # an attitude noun held by the subject of "have"
    ("Many farmers had misgivings about the new dam.", "misgivings", "Many farmers", "the new dam"),
    ("The union has little confidence in the courts.", "confidence", "The union", "the courts"),
    ("Sanders took issue with the ruling.", "issue", "Sanders", "the ruling"),
    ("The union pushed for a ban on overtime.", "pushed", "The union", "a ban on overtime"),
    # a person's pronoun is what a stance on a person is on ("told him", "offered them" are not)
    ("The union endorsed her in the primary.", "endorsed", "The union", "her"),
    ("The farmers praised him for the new dam.", "praised", "The farmers", "him for the new dam"),
]

HEDGES = [
    ("The talks seem to have stalled.", "seem", "The talks seem to have stalled"),
    ("The president is expected to attend the summit.", "expected", "The president is expected to attend the summit"),
    ("It appears that the ceasefire is holding.", "appears", "the ceasefire is holding"),
    ("It is unclear whether the talks will resume.", "unclear", "whether the talks will resume"),
    # "seem"/"appear" with a predicate hedge the clause too (PolNeAR marks "the race appears closer")
    ("The governor seemed unperturbed by the protests.", "seemed", "The governor seemed unperturbed by the protests"),
    ("The vote appears close in Ohio.", "appears", "The vote appears close in Ohio"),
]


@pytest.mark.parametrize("sentence,cue,speaker,content", BROAD, ids=[b[1] + ":" + b[0][:24] for b in BROAD])
def test_broad_attributions(run_nlp, sentence, cue, speaker, content):
    doc = run_nlp(sentence)
    _check_spans(doc, doc._.khabar_quotes)
    q = next((q for q in doc._.khabar_quotes if q.cue and q.cue.text == cue), None)
    assert q is not None, [(q.cue.text if q.cue else None, q.content.text) for q in doc._.khabar_quotes]
    assert (q.speaker.text if q.speaker else None, q.content.text, q.kind) == (speaker, content, "stance")


@pytest.mark.parametrize("sentence,cue,content", HEDGES, ids=[h[1] for h in HEDGES])
def test_hedges_have_no_source(run_nlp, sentence, cue, content):
    doc = run_nlp(sentence)
    q = next(q for q in doc._.khabar_quotes if q.cue and q.cue.text == cue)
    assert (q.speaker, q.content.text, q.kind) == (None, content, "stance")
    assert quote_for(doc, doc[len(doc) - 2]) is None  # a hedge is not reported speech for the events stage


@pytest.mark.parametrize(
    "sentence",
    [
        "The ruins appeared on the horizon at dawn.",  # "appear" without a predicate: a sight, no hedge
        "The army supported the offensive with artillery.",  # backing by a force is material
        "The campaign maintains a comfortable lead in the polls.",  # material senses of speech verbs
        "He claimed a narrow victory in the primary.",
        "The president told reporters nothing new.",  # the object of "tell" is the hearer
        "The outcome of the vote is still unclear.",  # an attitude adjective without content
        "The delegates cast their ballots before noon.",  # "cast" takes a position only as "cast X as Y"
        # an office given to somebody is an event, not a position taken
        "Since then, the army commander was elected president and a new cabinet took power.",
        "The general was named defence minister on Monday.",
        "She was sworn in as prime minister after the vote.",
    ],
)
def test_no_broad_attribution(run_nlp, sentence):
    doc = run_nlp(sentence)
    assert [q for q in doc._.khabar_quotes if q.kind == "stance" and q.speaker is None] == []
    cues = {q.cue.text for q in doc._.khabar_quotes if q.cue}
    assert not cues & {"appeared", "supported", "maintains", "claimed", "told", "cast", "elected", "named",
                       "sworn"}, cues


def test_quotation_introduced_by_a_colon_clause(run_nlp):
    text = (
        "The young farmer echoed:\n\n"
        "“He speaks his mind, and that is what the country needs right now.”\n\n"
        "“Nobody owns him, and nobody ever will.”"
    )
    quotes = run_nlp(text)._.khabar_quotes
    assert [(q.speaker.text if q.speaker else None, q.content.text[:14]) for q in quotes] == [
        ("The young farmer", "He speaks his "),
        ("The young farmer", "Nobody owns hi"),
    ]
    assert quotes[0].cue.text == "echoed" and quotes[0].direct


@pytest.mark.parametrize(
    "sentence",
    [
        "Foreign Minister Omar Said met the Lebanese president in Beirut on Tuesday to discuss the war in Gaza.",
        "The two delegations met to discuss trade, water rights and border security.",
        "The council called an emergency session to review the ceasefire deal.",
        "Union leaders gathered on Friday to debate the pension reform and discuss a strike.",
    ],
)
def test_meeting_agenda_is_not_a_quote(run_nlp, sentence):
    """A meeting's purpose ("met ... to discuss X") reports nobody's words or position."""
    assert run_nlp(sentence)._.khabar_quotes == []


def test_went_on_to_discuss_is_still_an_attribution(run_nlp):
    doc = run_nlp("The pollster went on to discuss the latest surveys from three swing states.")
    assert [q.cue.text for q in doc._.khabar_quotes] == ["discuss"]


# sentence -> (speaker of the "said" quote, its content, (cue, content) of the relative clause's own stance)
RELATIVE = [
    (
        "The cabinet will resign within a week, said opposition leader Tarek Mansour, who called for early elections.",
        ("opposition leader Tarek Mansour", "The cabinet will resign within a week", ("called", "early elections")),
    ),
    (
        "The strike will go on, said Nadia Rahimi, who urged the drivers to stay home.",
        ("Nadia Rahimi", "The strike will go on", ("urged", "the drivers to stay home")),
    ),
    (
        "Union chief Ali Demir, who demanded higher wages, said the strike would last a week.",
        ("Union chief Ali Demir", "the strike would last a week", ("demanded", "higher wages")),
    ),
]


@pytest.mark.parametrize("sentence,expected", RELATIVE, ids=[r[1][0] for r in RELATIVE])
def test_relative_clause_is_not_part_of_the_source(run_nlp, sentence, expected):
    speaker, content, (cue, stance) = expected
    quotes = run_nlp(sentence)._.khabar_quotes
    said = next(q for q in quotes if q.cue and q.cue.text == "said")
    assert (said.speaker.text, said.content.text) == (speaker, content)
    own = [q for q in quotes if q.cue and q.cue.text == cue]
    assert [q.content.text for q in own] == [stance]  # the relative clause is its own stance, nothing more
    assert own[0].kind == "stance"


def test_descriptive_relative_clause_stays_in_the_source(run_nlp):
    """PolNeAR marks "X, who heads Y, said" with the clause in the source: it names who is speaking."""
    doc = run_nlp("Karim Nassar, who heads the port authority, said the docks would reopen in May.")
    said = next(q for q in doc._.khabar_quotes if q.cue and q.cue.text == "said")
    assert said.speaker.text == "Karim Nassar, who heads the port authority"


@pytest.mark.parametrize("sentence", [
    "Supporters of the plan rallied outside the hall.",  # a role noun as a plain subject: no holder said
    "The mayor met a critic of the dam on Monday.",  # nobody is said to be the critic
    "The governor faced criticism over the delays.",  # criticism from nobody named
    "The farmers still have doubts.",  # an attitude noun without what it is about
    "The army took a position on the ridge.",  # a military position is no stance
])
def test_role_and_received_nouns_need_their_frame(run_nlp, sentence):
    quotes = run_nlp(sentence)._.khabar_quotes
    cues = [q.cue.text for q in quotes if q.cue]
    assert not {"supporter of", "Supporters of", "critic of", "criticism", "doubts", "position"} & set(cues), cues


@pytest.mark.parametrize("sentence,cue,words", [
    # a fronted clause of the cue's own is its circumstance, not what was said
    ("When the envoy came to Washington in May, he felt blindsided by the demand.", "felt", "Washington"),
    ("After the talks collapsed in Geneva, the minister wrote.", "wrote", "Geneva"),
    # a pronoun object that is a hearer or a recipient is no content
    ("The minister told him about the new roads.", "told", "him"),
    ("The company offered them a contract in May.", "offered", "them"),
])
def test_no_content_from_circumstance_or_hearer(run_nlp, sentence, cue, words):
    doc = run_nlp(sentence)
    _check_spans(doc, doc._.khabar_quotes)
    got = [q.content.text for q in doc._.khabar_quotes if q.cue and q.cue.text == cue]
    assert not any(words in content.split() for content in got), got


@pytest.mark.parametrize(
    "sentence",
    [
        "The visa scheme, called Golden Door, lets investors buy residency.",
        "The families camped beside a mountain stream called Silver Run.",
        "The council called an emergency session to review the ceasefire deal.",
    ],
)
def test_naming_and_convening_are_not_stances(run_nlp, sentence):
    """"a stream called X" names a thing; "called a session" convenes one: nobody takes a position."""
    assert run_nlp(sentence)._.khabar_quotes == []


def test_calling_someone_names_is_still_a_stance(run_nlp):
    doc = run_nlp("The senator called the new tax a betrayal of working families.")
    assert [q.cue.text for q in doc._.khabar_quotes] == ["called"]
