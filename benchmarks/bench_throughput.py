"""Throughput of the full pipeline against bare spaCy, measured in one run on the same corpus.

Corpus: the synthetic PLOVER stories (news-like, ~200 words each), 2,000 articles (quick: 150). Bare spaCy is
`nlp.pipe` over the article texts with the same model (en_core_web_md) and batch size; khabar is
`khabar.pipeline.extract` (blocks, parser, NER and every khabar stage, records built). Single process, then
with all cores (`n_process=os.cpu_count()`) for both. Words are whitespace-separated tokens of article.text.
The ratio is khabar articles/s divided by bare spaCy articles/s, in wall-clock time. Single process, the two
take turns over chunks of 192 articles (bare spaCy then khabar on the same chunk, every chunk once): on a
shared machine the neighbours' load then falls on both sides alike, where two long back-to-back runs
measured the load as much as the code. With all cores, each side runs once over the whole corpus (a chunk
would pay for starting the worker processes again).

khabar runs the model's attribute ruler and lemmatizer behind memo fronts (khabar.nlp.memo: the model's output,
token for token, a fraction of the time), which makes its spaCy part faster than bare spaCy's. So that the
cost of khabar's own stages stays visible, the single-process turn also times a third pipeline, bare spaCy
with the same fronts, and reports khabar against it ("khabar / spaCy with khabar's memo fronts").
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import stories  # noqa: E402

from khabar.nlp.memo import use_memo_components  # noqa: E402
from khabar.nlp.model import load_model  # noqa: E402
from khabar.pipeline import build_nlp, extract  # noqa: E402


#: articles per turn in the single-process comparison (a multiple of the batch size)
CHUNK = 192


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(bench_dir: Path, quick: bool = False, n: int | None = None, batch_size: int = 32) -> list[dict]:
    n = n or (150 if quick else 2000)
    articles = list(stories(bench_dir, n))
    words = sum(len(a.text.split()) for a in articles)
    texts = [a.text for a in articles]
    bare, full, fronted = load_model(), build_nlp(), use_memo_components(load_model())
    rows = []
    procs = [1] if quick else [1, os.cpu_count() or 1]
    for p in dict.fromkeys(procs):
        step = CHUNK if p == 1 else n
        t_bare = t_full = t_fronted = 0.0
        for i in range(0, n, step):
            part, part_texts = articles[i : i + step], texts[i : i + step]
            t_bare += _time(lambda t=part_texts, p=p: sum(1 for _ in bare.pipe(t, batch_size=batch_size, n_process=p)))
            t_full += _time(lambda a=part, p=p: sum(1 for _ in extract(a, full, batch_size=batch_size, n_process=p)))
            if p == 1:
                t_fronted += _time(lambda t=part_texts: sum(1 for _ in fronted.pipe(t, batch_size=batch_size)))
        label = f"{p} process" + ("es" if p > 1 else "")
        if p == 1:
            rows.append({"dataset": "plover_synthetic", "task": f"khabar / spaCy with khabar's memo fronts, {label}",
                         "metric": "ratio", "value": t_fronted / t_full, "items": n, "seconds": t_fronted + t_full})
        rows += [
            {"dataset": "plover_synthetic", "task": f"spaCy nlp.pipe, {label}", "metric": "articles/s",
             "value": n / t_bare, "items": n, "seconds": t_bare},
            {"dataset": "plover_synthetic", "task": f"khabar extract, {label}", "metric": "articles/s",
             "value": n / t_full, "items": n, "seconds": t_full},
            {"dataset": "plover_synthetic", "task": f"khabar extract, {label}", "metric": "words/s",
             "value": words / t_full, "items": words, "seconds": t_full},
            {"dataset": "plover_synthetic", "task": f"khabar / spaCy ratio, {label}", "metric": "ratio",
             "value": t_bare / t_full, "items": n, "seconds": t_bare + t_full},
        ]
    return rows


if __name__ == "__main__":
    for row in run(Path(sys.argv[1]), quick="--quick" in sys.argv):
        print(row)
