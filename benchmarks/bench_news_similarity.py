"""Near-duplicate similarity against human judgements: SemEval-2022 Task 8 sample (news_similarity/dev.csv).

Each pair has a gold Overall score from 1 (very similar) to 4 (very dissimilar). The task's metric is the Pearson
correlation between system scores and gold; we correlate `khabar.dedupe.similarity` with (5 - Overall) so
higher is better, and report Spearman too. Also: MinHash (128 permutations, word trigrams) Jaccard estimate, the
signal the duplicate index uses. All pairs are English. quick: first 80 pairs.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from scipy.stats import pearsonr, spearmanr

from khabar.dedupe import signature, similarity


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    with open(bench_dir / "news_similarity" / "dev.csv", newline="", encoding="utf-8") as fh:
        pairs = [r for r in csv.DictReader(fh) if r["text1"].strip() and r["text2"].strip()]
    if quick:
        pairs = pairs[:80]
    gold = [5 - float(r["Overall"]) for r in pairs]
    start = time.perf_counter()
    ours = [similarity(r["text1"], r["text2"]) for r in pairs]
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    minhash = [signature(r["text1"]).jaccard(signature(r["text2"])) for r in pairs]
    t_mh = time.perf_counter() - start
    rows = []
    for name, scores, secs in (("khabar similarity", ours, t_ours), ("MinHash trigram Jaccard", minhash, t_mh)):
        rows.append({"dataset": "news_similarity dev", "task": name, "metric": "Pearson r",
                     "value": float(pearsonr(scores, gold)[0]), "items": len(pairs), "seconds": secs})
        rows.append({"dataset": "news_similarity dev", "task": name, "metric": "Spearman rho",
                     "value": float(spearmanr(scores, gold)[0]), "items": len(pairs), "seconds": secs})
    return rows


if __name__ == "__main__":
    for row in run(Path(sys.argv[1]), quick="--quick" in sys.argv):
        print(row)
