"""The evaluation gate: quick subsets of the benchmarks must stay above their pinned floors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _gate_module():
    spec = importlib.util.spec_from_file_location("khabar_gate", BENCH / "gate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gate_file_is_well_formed():
    gate = json.loads((BENCH / "gate.json").read_text())
    assert gate["benchmarks"], "the gate pins no benchmark"
    for name, spec in gate["benchmarks"].items():
        assert (BENCH / f"bench_{name}.py").exists(), name
        assert spec["floors"] and spec["data"], name


def test_quality_gate(bench_dir):
    failures = _gate_module().check(bench_dir)
    assert not failures, "\n".join(failures)


def test_gate_detects_a_regression(bench_dir, tmp_path):
    """The gate must be able to fail: an impossible floor and a wrong data hash are both reported."""
    gate = json.loads((BENCH / "gate.json").read_text())
    name, spec = next(iter(gate["benchmarks"].items()))
    key = next(iter(spec["floors"]))
    broken = {"benchmarks": {name: {"data": {p: "0" * 64 for p in spec["data"]}, "floors": {key: 1e9}}}}
    failures = _gate_module().check(bench_dir, broken)
    assert any("changed" in f for f in failures)
    assert any("< floor" in f for f in failures)
