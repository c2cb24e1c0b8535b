"""Shared fixtures: real files in temporary folders, the real CLI entry point."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer.cli import main

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_projects"


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, object]:
        data = json.loads(self.out)
        assert isinstance(data, dict)
        return data


@pytest.fixture
def chdir_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run the test inside an empty temporary folder."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Call `review` in-process, as the console script would, and capture what it prints."""

    def run(*args: str) -> CliRun:
        code = main(["--no-cache", *args])
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


def write(folder: Path, name: str, text: str) -> Path:
    """Write a file (and its folders) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
