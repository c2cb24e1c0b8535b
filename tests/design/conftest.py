"""The `analyze` fixture: the design analyzer run for real on files in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.model import Finding
from tests.design.helpers import Analyze, run_design


@pytest.fixture
def analyze(tmp_path: Path) -> Analyze:
    """`analyze(source, name="module.py", **other_files)` -> the findings of that one file."""

    def run(source: str, name: str = "module.py", **others: str) -> list[Finding]:
        files = {name: source, **{f"{key}.py": text for key, text in others.items()}}
        result = run_design(tmp_path, files)
        assert result.errors == ()
        target = (tmp_path / name).as_posix()
        return [f for f in result.findings if f.location.path == target]

    return run
