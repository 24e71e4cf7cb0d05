"""The driver: order, failures as rejects, and several processes giving the same records as one."""

from __future__ import annotations

from khabar.pipeline import STAGES, extract
from khabar.records import Extraction, Reject

from conftest import make_article

TEXTS = [
    "Iraqi forces launched an operation against ISIS fighters near Kirkuk on Tuesday, the army said.",
    "Lebanon's foreign ministry summoned Iran's ambassador in April over his comments.",
    "Police arrested 12 protesters in Nairobi on Monday, officials said.",
    "The weather was mild and the markets were quiet.",
    "Egypt's foreign minister met his Jordanian counterpart in Amman to discuss aid for Gaza.",
]


def _articles():
    return [make_article(t, "2025-06-04") for t in TEXTS]


def test_stage_list_is_visible_and_ordered(nlp):
    names = nlp.pipe_names
    assert names.index("khabar_blocks") < names.index("parser")
    assert [n for n in names if n.startswith("khabar_") and n not in ("khabar_blocks", "khabar_attribute_ruler", "khabar_lemmatizer")] == list(STAGES)


def test_records_come_back_in_input_order(nlp):
    out = list(extract(_articles(), nlp, batch_size=2))
    assert [o.article.text for o in out] == TEXTS
    assert all(isinstance(o, Extraction) for o in out)
    assert out[0].events and not out[3].events


def test_two_processes_give_the_same_records_as_one(nlp):
    one = list(extract(_articles(), nlp, batch_size=2))
    two = list(extract(_articles(), nlp, batch_size=2, n_process=2))
    assert two == one


def test_a_stage_failure_is_a_reject_and_the_rest_goes_on(nlp, monkeypatch):
    from khabar.extract import events

    real = events.find_events

    def flaky(doc):
        if "weather" in doc.text:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(events, "find_events", flaky)
    out = list(extract(_articles(), nlp, batch_size=5))
    rejects = [o for o in out if isinstance(o, Reject)]
    assert len(out) == 5 and len(rejects) == 1
    assert rejects[0].code == "K201" and "boom" in rejects[0].message
