"""The `analyze` fixture: real PHP files in a temporary folder, analyzed for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.model import AnalyzerResult
from tests.php.helpers import Analyze, run_php


@pytest.fixture
def analyze(tmp_path: Path) -> Analyze:
    """Write PHP source at a Laravel-style path below tmp_path and analyze it."""

    def run(source: str, name: str = "app/Services/OrderService.php") -> AnalyzerResult:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        result = run_php(path)
        assert result.errors == (), result.errors
        return result

    return run
