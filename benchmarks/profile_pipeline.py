"""Profile the full pipeline once and print where the time goes (pyinstrument, a sampling profiler).

    python benchmarks/profile_pipeline.py ../shared/bench [N]

Runs `khabar.pipeline.extract` over N synthetic PLOVER stories (default 300) after a warm-up, and prints the
share of wall time per khabar stage (spaCy's own components and each khabar component, timed around the
component call) and pyinstrument's call tree. Not part of the CI gate; its findings are written up in
docs/benchmarks.md ("Profile").
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import stories  # noqa: E402

from khabar.pipeline import build_nlp, extract  # noqa: E402


def stage_times(nlp, articles) -> dict[str, float]:
    """Wall seconds per pipeline component, by wrapping each component's __call__/pipe."""
    totals: dict[str, float] = defaultdict(float)
    for name, proc in nlp.pipeline:
        def timed(doc, _proc=proc, _name=name):
            start = time.perf_counter()
            out = _proc(doc)
            totals[_name] += time.perf_counter() - start
            return out
        nlp._components[[n for n, _ in nlp._components].index(name)] = (name, timed)
    for _ in extract(articles, nlp, batch_size=32):
        pass
    return dict(totals)


def main() -> None:
    bench = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    articles = list(stories(bench, n))
    nlp = build_nlp()
    list(extract(articles[:20], nlp))  # warm-up: lazy loads (gazetteer, lexicons)
    totals = stage_times(build_nlp(), articles)
    grand = sum(totals.values())
    print(f"{n} articles, {grand:.1f}s in components")
    for name, secs in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {name:16s} {secs:7.2f}s  {100 * secs / grand:5.1f}%")
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("(pip install pyinstrument for the call tree)")
        return
    profiler = Profiler()
    profiler.start()
    list(extract(articles, nlp))
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
