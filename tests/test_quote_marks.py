"""Quotation-mark pairing on scraped text (khabar.extract.quote_marks.find_quote_marks): one paragraph's stray or
unclosed mark must not re-pair the marks after it, nor hide a real cue inside a made-up quotation."""

from __future__ import annotations

import pytest

from conftest import make_article

from khabar.extract.quote_marks import find_quote_marks
from khabar.extract.quotes import find_quotes

# text (paragraphs split on blank lines) -> inner text of each double quotation, "+" when it has a closing mark
MARKS = [
    # a partial quotation left open mid-paragraph: the next quotation in the same paragraph pairs by itself
    (
        'Officials called the flood a "national disgrace. The governor said the levees "held as designed" on Monday.',
        ["national disgrace.", "held as designed+"],
    ),
    # a scare quote left open does not run on into the next paragraph's quotation
    (
        'Residents called the blackout a "collective punishment, the mayor said on Friday.\n\n'
        '"We will restore power within a week," the energy minister told reporters.',
        ["collective punishment, the mayor said on Friday.", "We will restore power within a week,+"],
    ),
    # a whole-sentence quotation does continue: no closing mark, the next paragraph re-opens with a mark
    (
        'The general said: "Our troops entered the town at dawn.\n\n"They met no resistance," he added.',
        ['Our troops entered the town at dawn.\n\n"They met no resistance,+'],
    ),
    # ... but not into a paragraph that does not open with a mark
    (
        'The general said: "Our troops entered the town at dawn.\n\nThe ministry called the raid "a success" later.',
        ["Our troops entered the town at dawn.", "a success+"],
    ),
    # a lost closing mark: the stretch stops at the paragraph, later paragraphs pair as written
    (
        '"The talks are over, the envoy said after the meeting.\n\nAides said the border "remains closed" for now.'
        '\n\nTraders said prices "will rise" soon.',
        ["The talks are over, the envoy said after the meeting.", "remains closed+", "will rise+"],
    ),
    # an odd count in one paragraph leaves the next paragraphs' pairs alone
    (
        'Farmers said the "relief" package was "too small.\n\nThe minister said "more is coming" and left.'
        '\n\n"Wait and see," an aide said.',
        ["relief+", "too small.", "more is coming+", "Wait and see,+"],
    ),
    # inch marks after digits are not quotation marks
    ('Workers laid a 12" pipe under the square. "It will carry water to every house," the engineer said.',
     ["It will carry water to every house,+"]),
    ('"We need a 24" main under this road," the engineer said.', ['We need a 24" main under this road,+']),
    ('The 36" mains burst twice, "which nobody expected," the inspector said.', ["which nobody expected,+"]),
    # ... unless nothing else can close the quotation a digit ends
    ('The coach said "we lost 3-2" and left.', ["we lost 3-2+"]),
    ('He put the count at "exactly 12".', ["exactly 12+"]),
    # curly marks: a second opening mark inside an open quotation means the first was stray
    ("Critics called it “a farce. The speaker said the vote “was fair” and closed the session.",
     ["a farce.", "was fair+"]),
    # ... but a quotation in the other style is nested
    ('He read: "The sign said “Closed” all week," the owner recalled.', ['The sign said “Closed” all week,+']),
    # a “ after a word and before a space is a mistyped ”
    ("Officials called the plan “reckless.“ The council voted it down.", ["reckless.+"]),
    # a straight mark's direction from its neighbours: after a space it opens, before a space it closes
    ('Protesters chanted "no more war" and "bread first" outside.', ["no more war+", "bread first+"]),
]


def _blocks(text: str) -> list[tuple[int, int]]:
    return [(b.start, b.end) for b in make_article(text).blocks]


@pytest.mark.parametrize(("text", "expected"), MARKS)
def test_pairing(text, expected):
    marks = [m for m in find_quote_marks(text, _blocks(text)) if m.double]
    got = [text[m.inner_start : m.inner_end] + ("+" if m.end > m.inner_end else "") for m in marks]
    assert got == expected


def test_pairing_without_blocks():
    """Lines stand in for paragraphs when the article has no blocks."""
    text = 'Locals called it a "curse.\n"It is a blessing," the priest said.'
    marks = find_quote_marks(text)
    assert [text[m.inner_start : m.inner_end] for m in marks] == ["curse.", "It is a blessing,"]


# several paragraphs with a bad one early -> (cue, speaker, words the content must hold) of a later quote
AFTER_BAD = [
    (
        'Villagers described the shelling as a "massacre, according to a local council.\n\n'
        '"We counted forty houses destroyed," the council head told reporters on Sunday.\n\n'
        "The army said it had targeted only armed positions.",
        "told",
        "the council head",
        "forty houses destroyed",
    ),
    (
        'The new 48" water main was laid last spring.\n\n'
        'The contractor said "the work was finished early" and under budget.\n\n'
        'The mayor said the repairs "will last a generation."',
        "said",
        "The mayor",
        "will last a generation",
    ),
    (
        'Opposition leaders called the election "rigged and promised to challenge it in court. '
        'The electoral commission said the count "was clean" on Tuesday.\n\n'
        "Observers from the regional bloc said they had seen no fraud.",
        "said",
        "The electoral commission",
        "was clean",
    ),
    (
        '“The ceasefire is dead, the rebel spokesman said late on Monday.\n\n'
        'The defence minister warned that the army "will respond to every attack."\n\n'
        "Aid groups said convoys were halted.",
        "warned",
        "The defence minister",
        "will respond to every attack",
    ),
]


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def _run(text: str):
        doc = nlp.make_doc(text)
        doc._.article = make_article(text)
        for name, proc in nlp.pipeline:
            if name == "khabar_quotes":
                return doc, find_quotes(doc)
            doc = proc(doc)
        raise AssertionError("no khabar_quotes stage")

    return _run


@pytest.mark.parametrize(("text", "cue", "speaker", "words"), AFTER_BAD)
def test_cue_after_bad_paragraph_keeps_its_quote(quotes_of, text, cue, speaker, words):
    _, quotes = quotes_of(text)
    later = [q for q in quotes if q.cue and q.cue.text == cue and q.speaker and q.speaker.text == speaker]
    assert later, [(q.cue and q.cue.text, q.speaker and q.speaker.text, q.content.text) for q in quotes]
    assert words in later[0].content.text
    assert len(later[0].content.text) < len(words) + 40  # the quotation's own words, not the paragraph before
