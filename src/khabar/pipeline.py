"""The visible list of stages, and the driver that streams articles through them.

    Article -> khabar_blocks -> (spaCy tagger, parser, attribute ruler and lemmatizer
            behind khabar's memos, ner) -> khabar_dates -> khabar_places
            -> khabar_actors -> khabar_quotes -> khabar_events -> Extraction

Each khabar stage is a spaCy component registered by the module named after it; it reads `doc._.article`
and the extensions set by the stages before it and sets its own (see `khabar.nlp.extensions`).
A failure on one article becomes a `Reject` (K200/K201); the stream goes on.

Memory stays flat over a long stream: once a pipeline has read its first WARM_ARTICLES, each batch runs inside
`nlp.memory_zone()`, so the strings and lexemes its new words add to the shared vocab are freed when the batch
is done (every record is built inside the zone: records hold plain strings, never a Doc, Span or hash). The
first articles run outside it, so that what spaCy and khabar build lazily on a first Doc (matchers, their label
strings), the lexemes of the common words and the tokenizer's cache of word splits (written only outside a
zone) stay for the whole run: a zone from the first batch on made tokenizing twice as slow (~5% of the
pipeline), after 1,000 articles it costs about nothing, and those articles' words are a few MB.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import weakref
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from spacy.language import Language
from spacy.tokens import Doc

from khabar.errors import reject
from khabar.extract import actors, dates, events, quotes  # noqa: F401  (register components)
from khabar.geo import places  # noqa: F401
from khabar.nlp import blocks  # noqa: F401
from khabar.nlp.memo import use_memo_components
from khabar.nlp.model import load_model
from khabar.records import Article, Extraction, Reject

log = logging.getLogger(__name__)

#: khabar's own stages, in the order they run after spaCy's (khabar_blocks runs before the parser).
STAGES: tuple[str, ...] = ("khabar_dates", "khabar_places", "khabar_actors", "khabar_quotes", "khabar_events")


def build_nlp(model: str | None = None, stages: Iterable[str] = STAGES) -> Language:
    """A fresh pipeline: the English spaCy model plus khabar's components. The model's attribute ruler and
    lemmatizer run behind memos (khabar.nlp.memo: the same output, a tenth of the time)."""
    nlp = use_memo_components(load_model(model))
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("khabar_blocks", before=before) if before else nlp.add_pipe("khabar_blocks", first=True)
    for stage in stages:
        nlp.add_pipe(stage)
    return nlp


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep what is alive when extraction starts (the model, lexicons, matchers, gazetteer index) out of the
    garbage collector's walks until it ends. The records built per article trigger a full collection every
    few hundred articles, and each walked all of that again (~0.25 s, ~3% of extraction time). Everything
    goes back at the end (gc.unfreeze), so a pipeline dropped later is still collected; the forked workers
    of `n_process > 1` inherit the frozen heap (Python's advice before fork: fewer copied pages)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.article = article
    return doc


def _to_extraction(doc: Doc) -> Extraction:
    return Extraction(
        article=doc._.article,
        entities=doc._.khabar_entities or [],
        actors=doc._.khabar_actors or [],
        events=doc._.khabar_events or [],
        quotes=doc._.khabar_quotes or [],
        dates=doc._.khabar_dates or [],
        places=doc._.khabar_places or [],
    )


def extract(
    articles: Iterable[Article],
    nlp: Language | None = None,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Extraction | Reject]:
    """Stream Extractions (or Rejects for articles a stage failed on), in input order.

    With n_process > 1, batches of articles go to forked worker processes that share the loaded pipeline and
    send back records (plain dataclasses), not Docs: spaCy's own n_process would serialise each Doc's
    extensions with msgpack, which cannot carry khabar's records.
    """
    nlp = nlp or build_nlp()
    with _frozen_heap():
        yield from _stream(articles, nlp, batch_size, n_process)


def _stream(articles: Iterable[Article], nlp: Language, batch_size: int, n_process: int) -> Iterator[Extraction | Reject]:
    batches = _batches(articles, batch_size)
    if n_process <= 1:
        for batch in batches:
            yield from _run_batch(nlp, batch, batch_size)
        return
    global _WORKER_NLP
    _WORKER_NLP = nlp  # inherited by the forked workers: no reload, no pickling of the pipeline
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(n_process) as pool:
        # a window of 2 batches per worker: Pool.imap alone would read the whole input stream into its queue
        window: list[list[Article]] = []
        for batch in batches:
            window.append(batch)
            if len(window) >= 2 * n_process:
                for results in pool.imap(_work, window):
                    yield from results
                window = []
        for results in pool.imap(_work, window):
            yield from results


_WORKER_NLP: Language | None = None


def _work(batch: list[Article]) -> list[Extraction | Reject]:
    return list(_run_batch(_WORKER_NLP, batch, len(batch)))


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


#: articles a pipeline reads outside memory zones before its batches go into one (see the module docstring)
WARM_ARTICLES = 1000
#: articles each pipeline has read outside a zone (in this process: a forked worker counts its own)
_WARM: weakref.WeakKeyDictionary[Language, int] = weakref.WeakKeyDictionary()


def _zone(nlp: Language, articles: int) -> AbstractContextManager:
    """The memory zone a batch of `articles` runs in: none while the pipeline warms up, nor inside a zone
    the caller opened (zones must not nest)."""
    if nlp.vocab.in_memory_zone:
        return nullcontext()
    warm = _WARM.get(nlp, 0)
    if warm >= WARM_ARTICLES:
        return nlp.memory_zone()
    _WARM[nlp] = warm + articles
    return nullcontext()


def _run_batch(nlp: Language, batch: list[Article], batch_size: int) -> Iterator[Extraction | Reject]:
    with _zone(nlp, len(batch)):  # the records are built and yielded inside it; the Docs die with it
        yield from _run_batch_docs(nlp, batch, batch_size)


def _run_batch_docs(nlp: Language, batch: list[Article], batch_size: int) -> Iterator[Extraction | Reject]:
    docs = (_make_doc(nlp, a) for a in batch)
    done = 0
    try:
        for doc in nlp.pipe(docs, batch_size=batch_size):
            yield _to_extraction(doc)
            done += 1
        return
    except Exception as exc:  # noqa: BLE001 -- one bad article must not stop the batch: redo one by one
        log.warning("batch failed (%s); retrying article by article", exc)
    for article in batch[done:]:
        try:
            yield _to_extraction(nlp(_make_doc(nlp, article)))
        except Exception as exc:  # noqa: BLE001 -- recorded as a reject with its reason
            yield reject("stage_failed", article.origin, f"article {article.id}: {type(exc).__name__}: {exc}")
