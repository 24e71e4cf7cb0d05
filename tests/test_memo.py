"""khabar's memo fronts give the model's own tags, POS, morphology, lemmas and labels, token for token, and sit
in the pipeline where the components they wrap were."""

from __future__ import annotations

import pytest

from khabar.nlp.memo import MemoAttributeRuler, MemoLemmatizer, use_memo_components
from khabar.nlp.model import load_model

pytestmark = pytest.mark.slow

# words whose lemma depends on POS and morphology: "meeting" (noun/verb), "left" (verb/adj/noun),
# "saw" (verb/noun), "better", plural and past forms, proper nouns, already-lemmatised exceptions ('s)
TEXTS = [
    "The meeting was meeting its goals; ministers were meeting in Cairo on Monday.",
    "He left the left wing of the party after the leaves fell and she saw a saw.",
    "Forces killed 12 fighters, arrested dozens and seized weapons near the borders.",
    "The better offer was better than the best one; prices rose, rising faster than wages.",
    "Iraq's prime minister says he's launched operations; they've been told it isn't over.",
    "UN peacekeepers were withdrawn. The Houthis' attacks continued. Mr. Salam met envoys.",
    "Protesters gathered, chanting slogans, and police dispersed them with tear gas.",
    # same word, same POS, different morphology, different lemma: "lay" (VB) -> lay, "lay" (VBD) -> lie
    "Prosecutors will lay charges against the men. The bodies lay in the street for days.",
    # the attribute ruler's multi-token patterns, and whitespace tokens
    "They're gonna say it ain't over.\n\n  The talks   resume today.\n",
    "There were clashes; there is no deal and there are no talks, but let's see.",
]


@pytest.fixture(scope="module")
def models():
    stock = load_model()
    memo = use_memo_components(load_model())
    return stock, memo


def _lemmas(nlp, texts):
    """Everything the two components set, per token."""
    return [[(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc] for doc in nlp.pipe(texts)]


def test_same_lemmas_as_the_model(models):
    stock, memo = models
    # twice: the second pass reads the memo filled by the first
    assert _lemmas(memo, TEXTS) == _lemmas(stock, TEXTS)
    assert _lemmas(memo, TEXTS) == _lemmas(stock, TEXTS)


def test_same_lemmas_on_the_seed(models, seed_path):
    stock, memo = models
    text = seed_path.read_text(encoding="utf-8")
    assert _lemmas(memo, [text]) == _lemmas(stock, [text])


def test_same_lemmas_on_news_stories(models, bench_dir):
    from_bench = bench_dir / "plover_synthetic"
    if not from_bench.exists():
        pytest.skip("plover_synthetic not present")
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import stories

    texts = [a.text for a in stories(bench_dir, 120)]
    stock, memo = models
    assert _lemmas(memo, texts) == _lemmas(stock, texts)


@pytest.mark.parametrize(
    "name, front, cls",
    [("lemmatizer", "khabar_lemmatizer", MemoLemmatizer), ("attribute_ruler", "khabar_attribute_ruler", MemoAttributeRuler)],
)
def test_takes_the_components_place(models, name, front, cls):
    stock, memo = models
    assert name not in memo.pipe_names
    i = stock.pipe_names.index(name)
    assert memo.pipe_names[i] == front
    assert isinstance(memo.get_pipe(front), cls)


def test_context_patterns_are_found(models):
    """Stretches where a multi-token pattern matches go to the model's ruler (the table tests above check that
    their tokens come out as the model's)."""
    _, memo = models
    ruler = memo.get_pipe("khabar_attribute_ruler")
    doc = memo.make_doc("Voters said there were gonna be riots.")
    for name, proc in memo.pipeline:
        if name == "khabar_attribute_ruler":
            break
        doc = proc(doc)
    assert [doc[s:e].text for s, e in ruler._context_regions(doc)] == ["there were", "gonna"]


def test_memo_is_filled_once_per_key(models):
    _, memo = models
    component = memo.get_pipe("khabar_lemmatizer")
    memo("Ministers met ministers and ministers met.")
    size = len(component.memo)
    memo("Ministers met ministers and ministers met.")
    assert len(component.memo) == size and size > 0


def test_a_pipeline_without_a_lemmatizer_is_left_alone():
    import spacy

    blank = spacy.blank("en")
    assert use_memo_components(blank).pipe_names == []
