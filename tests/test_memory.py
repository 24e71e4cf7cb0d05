"""Memory stays flat over a long stream: the vocab's strings do not grow from batch to batch (each batch runs in
`nlp.memory_zone()`), the memo fronts stay within their bound, and neither changes a single output."""

from __future__ import annotations

import json
import random

import pytest
from conftest import make_article

from khabar import pipeline
from khabar.nlp import memo as memo_module
from khabar.pipeline import extract
from khabar.records import Extraction, to_dict
from khabar.runner import run
from khabar.store import connect

_SYLLABLES = ["zor", "vath", "kel", "mira", "dun", "osk", "tari", "bel", "quon", "ush", "phe", "ryl"]
_LINES = [
    "Police in {town} arrested {n} members of the {group} movement on Monday, a spokesman said.",
    "Protesters marched through {town} on Saturday demanding the release of {person}.",
    "The {group} party accused the governor of {town} of rigging the vote, {person} told reporters.",
    "Troops clashed with {group} fighters near {town} last week, leaving {n} people dead.",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def _articles(first: int, count: int) -> list:
    """Short news items each naming towns, people and groups no dictionary knows: every one brings new words
    (and new numbers) into the vocab, as a long news feed does."""
    out = []
    for i in range(first, first + count):
        rng = random.Random(i)
        lines = [
            rng.choice(_LINES).format(town=_word(rng), group=_word(rng), person=f"{_word(rng)} {_word(rng)}",
                                      n=1000 + i)  # fmt: skip
            for _ in range(3)
        ]
        # a plural of a new noun: its lemma ("kelmira") is neither its text nor its lower-case form
        lines.append(f"Customs officers seized {i % 50 + 2} {_word(rng).lower()}s at the border.")
        out.append(make_article(" ".join(lines), published=f"2025-03-{1 + i % 28:02d}", title=f"Bulletin {7000 + i}"))
    return out


def _lexemes(nlp) -> int:
    return sum(1 for _ in nlp.vocab)  # len(vocab) counts every lexeme ever made, freed ones too


def _dicts(outputs) -> list[dict]:
    assert all(isinstance(o, Extraction) for o in outputs), outputs
    return [to_dict(o) for o in outputs]


def test_strings_and_lexemes_do_not_grow_between_batches(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "WARM_ARTICLES", 8)
    batches = [_articles(100 * k, 8) for k in range(6)]
    list(extract(batches[0], nlp, batch_size=8))  # the articles a pipeline warms up on may keep their words
    sizes, first_pass = [], {}
    for k, batch in enumerate(batches[1:], start=1):
        first_pass[k] = _dicts(extract(batch, nlp, batch_size=8))
        sizes.append((len(nlp.vocab.strings), _lexemes(nlp)))
    assert sizes[0] == sizes[-1], sizes  # after batch 1 as after batch 5, each with ~100 new words
    # the memos keep entries for words whose strings the zone freed: the same batch again reads the same
    assert _dicts(extract(batches[1], nlp, batch_size=8)) == first_pass[1]
    lemmas = [t.lemma_ for t in nlp(batches[2][0].text)]  # outside a zone too: every memo lemma is a string
    assert all(lemmas)


def test_memo_fronts_stay_within_their_bound_with_the_same_output(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "WARM_ARTICLES", 0)
    articles = _articles(5000, 12)
    unbounded = _dicts(extract(articles, nlp, batch_size=4))
    monkeypatch.setattr(memo_module, "MEMO_SIZE", 40)
    fresh = _articles(9000, 12)  # new words: the generations turn over several times
    bounded = _dicts(extract(fresh + articles, nlp, batch_size=4))
    assert bounded[len(fresh):] == unbounded
    lemmatizer, ruler = nlp.get_pipe("khabar_lemmatizer"), nlp.get_pipe("khabar_attribute_ruler")
    for generation in (lemmatizer.memo, lemmatizer._old, ruler._named, ruler._named_old):
        assert len(generation) <= 40
    assert len(ruler.memo) <= 40 + max(len(nlp.make_doc(a.text)) for a in articles)  # emptied when full


@pytest.mark.parametrize("reextract", [False, True])
def test_a_repeated_article_in_one_run_is_extracted_once(nlp, tmp_path, reextract):
    """The ids a run has fed leave its in-memory set once stored: the store answers for them after that."""
    path = tmp_path / "feed.jsonl"
    items = _articles(300, 3)
    lines = [json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": a.published}) for a in items]
    path.write_text("\n".join(lines + lines) + "\n", encoding="utf-8")  # every article twice
    conn = connect(tmp_path / "k.db")
    run(conn, [str(path)], nlp=nlp)
    result = run(conn, [str(path), str(path)], nlp=nlp, reextract=reextract)
    assert result.skipped == (9 if reextract else 12)  # with --reextract each is redone once, not four times
    assert conn.execute("SELECT count(*) FROM articles WHERE extracted_at IS NOT NULL").fetchone()[0] == 3
