"""khabar_dates' Matcher run over candidate stretches only must give exactly the whole-Doc hits."""

from __future__ import annotations

import pytest

from khabar.extract import timex_patterns as P

SENTENCES = [
    ("The talks resume on Tuesday, June 3, 2025 at 10:30 a.m. local time.", ["Tuesday, June 3, 2025", "10:30 a.m."]),
    ("Two days ago the army said it would withdraw within the next three months.", ["Two days ago", "the next three months"]),
    ("Profits rose in the third quarter of 2024 and again a year earlier.", ["the third quarter of 2024"]),
    ("Officials meet every week; the 1990s and the '80s were quieter.", ["every week", "the 1990s"]),
    ("Prices are higher now than in the recent weeks, and will be in the near future.", ["now", "the near future"]),
    ("At noon Friday some 300 people gathered, five of them for the first time.", ["noon Friday"]),
    ("No date at all here, only soldiers and a checkpoint.", []),
    ("", []),
]


def _whole_doc(doc) -> list[tuple[int, int]]:
    return sorted((start, end) for _, start, end in P._matcher(doc)(doc))


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_stretches_give_the_whole_doc_hits(nlp, text, expected):
    doc = nlp.make_doc(text) if not text else nlp(text)
    got = sorted(P.matches(doc))
    assert got == _whole_doc(doc)
    texts = {doc[s:e].text for s, e in got}
    for phrase in expected:
        assert phrase in texts


def test_every_pattern_attribute_is_understood():
    # a pattern attribute the stretch test does not read would silently switch it off (whole-Doc matching)
    assert P._PLAN is not None


@pytest.mark.parametrize("word", ["Tuesday", "the", "1,200", "2025", "3rd", "10:30", "7pm", "a.m.", "years", "-",
                                  "'90s", "1990s", "soldiers", "twenty", "May", ","])
def test_word_bits_are_the_tests_it_passes(nlp, word):
    # a word type's bits come from lookups over the taken-apart tests: the same as asking each test
    lex = nlp.vocab[word]
    expected = sum(1 << i for i, test in enumerate(P._PLAN.tests) if test(lex)) if P._PLAN.any(lex) else -1
    assert P._PLAN.bits(lex) == expected
