"""The quality gate: quick benchmark subsets with pinned floors, in the manner of trafilatura's eval gate.

`benchmarks/gate.json` pins, per gated figure, a floor (the figure measured when it was pinned, less a noise
margin) and the sha256 of each data file the figure is computed on. `check(bench_dir)` re-runs the quick subsets
and returns the failures: a figure under its floor, or data whose hash changed (then the floor means nothing and
must be re-pinned with `python benchmarks/gate.py BENCH_DIR --pin`).
Raising a floor is a normal part of improving a stage.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GATE = HERE / "gate.json"
sys.path.insert(0, str(HERE))

from run import load  # noqa: E402


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_paths(bench_dir: Path, pattern: str) -> str:
    """One hash over every file a glob names (sorted), so a folder of documents has one pin."""
    digest = hashlib.sha256()
    for path in sorted(p for p in bench_dir.glob(pattern) if p.is_file()):
        digest.update(path.relative_to(bench_dir).as_posix().encode())
        digest.update(sha256(path).encode())
    return digest.hexdigest()


def _key(row: dict) -> str:
    return f"{row['dataset']} | {row['task']} | {row['metric']}"


def check(bench_dir: Path, gate: dict | None = None) -> list[str]:
    gate = gate or json.loads(GATE.read_text())
    failures = []
    for bench, spec in gate["benchmarks"].items():
        for pattern, pinned in spec["data"].items():
            actual = _hash_paths(bench_dir, pattern)
            if actual != pinned:
                failures.append(f"{bench}: data {pattern} changed (sha256 {actual[:12]} != {pinned[:12]}); re-pin")
        rows = {_key(r): r["value"] for r in load(bench).run(bench_dir, quick=True)}
        for key, floor in spec["floors"].items():
            value = rows.get(key)
            if value is None:
                failures.append(f"{bench}: figure '{key}' no longer produced")
            elif value < floor:
                failures.append(f"{bench}: '{key}' = {value:.3f} < floor {floor:.3f}")
    return failures


def pin(bench_dir: Path, margin: float = 0.02) -> dict:
    """Re-measure every gated benchmark and pin floors = figure - margin (keeps the gated keys)."""
    gate = json.loads(GATE.read_text())
    for bench, spec in gate["benchmarks"].items():
        rows = {_key(r): r["value"] for r in load(bench).run(bench_dir, quick=True)}
        spec["floors"] = {k: round(rows[k] - margin, 3) for k in spec["floors"] if k in rows}
        spec["data"] = {p: _hash_paths(bench_dir, p) for p in spec["data"]}
    GATE.write_text(json.dumps(gate, indent=2) + "\n")
    return gate


if __name__ == "__main__":
    bench = Path(sys.argv[1])
    if "--pin" in sys.argv:
        print(json.dumps(pin(bench), indent=2))
    else:
        problems = check(bench)
        print("\n".join(problems) or "gate passed")
        sys.exit(1 if problems else 0)
