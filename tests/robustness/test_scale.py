"""Issue 8, item 6, in small: the scale benchmark's generated tree at 200 modules, reviewed by
the real command, completes with every file accounted for, no analysis error and bounded
memory. `python benchmarks/scale.py` runs the 5,000-module version."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import REPO


def load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "scale_benchmark", REPO / "benchmarks" / "scale.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_a_generated_tree_of_200_modules_is_reviewed_whole(tmp_path: Path) -> None:
    scale = load_benchmark()
    tree = scale.generate(tmp_path / "tree", 200)
    outcome = scale.review(tree)
    assert outcome.errors == []
    assert outcome.code == 1  # the generated SQL built with % is blocking
    assert (outcome.files, outcome.lines) == (tree.files + 3, tree.lines)  # + the __init__ files
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    rules = {c["rule"] for c in report["comments"]}
    assert {"sql-injection", "bare-except", "complex-function", "environment-read"} <= rules
    assert outcome.peak_rss_mib < 1024
