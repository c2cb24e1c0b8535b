"""The labelled corpus (tests/corpus/design): precision and recall stay high."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "design_precision.py"


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("design_precision", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_corpus_is_large_enough_and_every_file_is_labelled() -> None:
    script = benchmark()
    files = sorted(script.CORPUS.glob("*.py"))
    assert len(files) >= 30
    for path in files:
        script.expectations(path)  # raises on a missing or malformed header


def test_every_code_has_a_positive_case_in_the_corpus() -> None:
    script = benchmark()
    corpus = script.CORPUS.glob("*.py")
    expected = {code for path in corpus for _, code, _ in script.expectations(path)}
    assert expected == set(script.categories())


def test_overall_precision_and_recall() -> None:
    evaluation = benchmark().evaluate()
    overall = evaluation.scores["overall"]
    assert overall.precision >= 0.9, evaluation.false_positives
    assert overall.recall >= 0.8, evaluation.false_negatives


def test_the_script_prints_a_table_per_category(capsys: pytest.CaptureFixture[str]) -> None:
    assert benchmark().main([]) == 0
    out = capsys.readouterr().out
    for row in ("solid", "testability", "performance", "error-handling", "praise", "overall"):
        assert f"\n{row}" in out


def test_held_out_files_score_as_well_as_the_corpus() -> None:
    script = benchmark()
    evaluation = script.evaluate(script.HELD_OUT)
    overall = evaluation.scores["overall"]
    assert overall.precision >= 0.9, evaluation.false_positives
    assert overall.recall >= 0.7, evaluation.false_negatives


def test_the_script_scores_each_detector(capsys: pytest.CaptureFixture[str]) -> None:
    assert benchmark().main(["--by-code"]) == 0
    out = capsys.readouterr().out
    assert "\nsigning-key-fallback " in out
    assert "held_out" in out
