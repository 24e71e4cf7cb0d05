"""Profile the full pipeline once and print where the time goes (pyinstrument, a sampling profiler).

    python benchmarks/profile_pipeline.py ../shared/bench [N]

Runs `khabar.pipeline.extract` over N synthetic PLOVER stories (default 300) after a warm-up, and prints the
khabar/spaCy throughput ratio in CPU time (first run and best of 3), the
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

from khabar.nlp.model import load_model  # noqa: E402
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


def cpu_ratio(articles, reps: int = 3) -> None:
    """bare spaCy / khabar in CPU seconds of this process (best of `reps`, interleaved): on a shared machine
    wall time swings with the neighbours' load, CPU time much less. The first khabar run includes what
    the stages load on their first article."""
    bare, full = load_model(), build_nlp()
    texts = [a.text for a in articles]
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(reps):
        for name, run in (("bare", lambda: sum(1 for _ in bare.pipe(texts, batch_size=32))),
                          ("full", lambda: sum(1 for _ in extract(articles, full, batch_size=32)))):
            start = time.process_time()
            run()
            times[name].append(time.process_time() - start)
    print(f"CPU s, bare spaCy {[round(t, 2) for t in times['bare']]}, khabar {[round(t, 2) for t in times['full']]}")
    print(f"ratio first run {times['bare'][0] / times['full'][0]:.3f}, "
          f"best of {reps} {min(times['bare']) / min(times['full']):.3f}")


def main() -> None:
    bench = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    articles = list(stories(bench, n))
    cpu_ratio(articles)
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
