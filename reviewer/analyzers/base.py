"""The Analyzer protocol, and the helpers every tool adapter shares."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reviewer.config import ReviewConfig
from reviewer.discovery import SourceFile
from reviewer.model import AnalysisError, AnalyzerResult


class Analyzer(Protocol):
    """One tool or detector family. `run` never raises for a bad file: it reports an error."""

    @property
    def name(self) -> str: ...

    @property
    def languages(self) -> frozenset[str]: ...

    def version(self) -> str: ...

    def run(self, files: Sequence[SourceFile], config: ReviewConfig) -> AnalyzerResult: ...


@dataclass(frozen=True)
class Wrapped:
    """An analyzer around another one (cached, shown in the progress display, run in a worker):
    it answers to the inner analyzer's name, languages and version."""

    inner: Analyzer

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def languages(self) -> frozenset[str]:
        return self.inner.languages

    def version(self) -> str:
        return self.inner.version()


class ToolError(Exception):
    """The tool could not give a usable answer: missing, crashed, timed out or printed garbage."""


@dataclass(frozen=True)
class ToolOutput:
    stdout: str
    stderr: str
    returncode: int


def run_tool(
    args: Sequence[str], timeout: float, ok_codes: Sequence[int] = (0, 1), cwd: Path | None = None
) -> ToolOutput:
    """Run a tool without a shell and return what it printed; ToolError on anything else."""
    try:
        done = subprocess.run(  # noqa: S603  # nosec B603 - a fixed argument list, no shell
            list(args),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            encoding="utf-8",
            errors="replace",
            stdin=subprocess.DEVNULL,
            cwd=cwd,
        )
    except FileNotFoundError as error:
        raise ToolError(f"{args[0]} is not installed") from error
    except subprocess.TimeoutExpired as error:
        raise ToolError(f"timed out after {timeout:g} s") from error
    if done.returncode not in ok_codes:
        raise ToolError(f"exited with {done.returncode}: {last_line(done.stderr or done.stdout)}")
    return ToolOutput(done.stdout, done.stderr, done.returncode)


def python_module(module: str) -> list[str]:
    """The command that runs a module of the interpreter `review` itself runs in."""
    return [sys.executable, "-m", module]


def last_line(text: str) -> str:
    """The last non-empty line of a tool's output, for a one-line error message."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no output"


def parse_json(text: str, tool: str) -> object:
    """The tool's JSON output, or ToolError naming the tool when it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ToolError(f"{tool} printed output that is not JSON: {last_line(text)}") from error


def failed(analyzer: str, failure: Exception) -> AnalyzerResult:
    """A result that says the whole analyzer could not run."""
    return AnalyzerResult(errors=(AnalysisError(analyzer, str(failure)),))
