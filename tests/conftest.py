"""Shared fixtures: real files in temporary folders, the real CLI entry point."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import SUBCOMMANDS, main
from tests.helpers import REPO, Cli, CliRun


@pytest.fixture(scope="session", autouse=True)
def review_key_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """review's per-user cache key made in a temporary folder, never in the real home."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


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
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Call `review` in-process, as the console script would, and capture what it prints."""

    def run(*args: str) -> CliRun:
        code = main(list(args) if args and args[0] in SUBCOMMANDS else ["--no-cache", *args])
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="module")
def repo_cli() -> Cli:
    """Call `review` in-process from the repository root, capturing standard output."""

    def run(*args: str) -> CliRun:
        old = Path.cwd()
        os.chdir(REPO)
        buffer, saved = io.StringIO(), sys.stdout
        sys.stdout = buffer
        try:
            code = main(["--no-cache", *args])
        finally:
            sys.stdout = saved
            os.chdir(old)
        return CliRun(code, buffer.getvalue(), "")

    return run
