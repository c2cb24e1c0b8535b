"""bandit, the security linter, through its JSON report."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reviewer.analyzers.base import ToolError, failed, isolating, parse_json, run_tool
from reviewer.config.options import DEFAULT_TIMEOUT
from reviewer.inputs.discovery import SourceFile
from reviewer.languages import analyzed_by
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location

# The analyzer's name: the registry's key (reviewer.analyzers), its findings' source.
NAME = "bandit"


@dataclass(frozen=True)
class BanditAnalyzer:
    timeout: float = DEFAULT_TIMEOUT
    name: str = NAME
    languages: frozenset[str] = field(default_factory=lambda: analyzed_by(NAME))

    def version(self) -> str:
        from importlib.metadata import version

        return version("bandit")

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        if not files:
            return AnalyzerResult()
        try:
            return isolating(lambda group: _check(group, self.timeout), files, self.name)
        except ToolError as failure:
            return failed(self.name, failure)


# bandit's visitor recurses once per `elif`: with Python's default limit of 1,000 it gives up
# on a chain of about 1,000 branches that CPython compiles (up to ~3,000), losing the file.
# `-P`, as for every tool: the working directory stays off the import path.
BANDIT = "import sys; sys.setrecursionlimit(10_000); from bandit.cli.main import main; main()"


def _check(files: Sequence[SourceFile], timeout: float) -> AnalyzerResult:
    command = [sys.executable, "-P", "-c", BANDIT, "--format", "json", "--quiet", "--"]
    output = run_tool([*command, *(f.path for f in files)], timeout)
    report = parse_json(output.stdout, NAME)
    if not isinstance(report, dict):
        raise ToolError("bandit printed JSON of an unexpected shape")
    shown = {os.path.normpath(f.path): f.path for f in files}
    return AnalyzerResult(
        findings=tuple(_findings(report.get("results", []), shown)),
        errors=tuple(_errors(report.get("errors", []), shown)),
    )


def _path(filename: object, shown: Mapping[str, str]) -> str:
    """Our display path for the name bandit printed (it may add `./`)."""
    name = str(filename)
    return shown.get(os.path.normpath(name), name.removeprefix("./"))


def _findings(results: object, shown: Mapping[str, str]) -> list[Finding]:
    records = results if isinstance(results, list) else []
    findings = (_finding(r, shown) for r in records if isinstance(r, dict))
    return [f for f in findings if f is not None]


def _finding(result: Mapping[str, Any], shown: Mapping[str, str]) -> Finding | None:
    try:
        lines = [int(n) for n in result.get("line_range") or [result["line_number"]]]
        location = Location(
            path=_path(result["filename"], shown),
            line=int(result["line_number"]),
            end_line=max(lines),
            column=int(result.get("col_offset", 0)) + 1,
        )
        code = str(result["test_id"])
    except (KeyError, TypeError, ValueError):
        return None
    cwe = result.get("issue_cwe") or {}
    extras = {
        "tool_severity": str(result.get("issue_severity", "")).lower(),
        "confidence": str(result.get("issue_confidence", "")).lower(),
        "cwe": cwe.get("id") if isinstance(cwe, dict) else None,
    }
    return Finding(NAME, code, location, str(result.get("issue_text", "")), extras)


def _errors(errors: object, shown: Mapping[str, str]) -> list[AnalysisError]:
    records = errors if isinstance(errors, list) else []
    return [
        AnalysisError(
            NAME,
            " ".join(str(e.get("reason", "could not be analyzed")).split()),
            _path(e.get("filename", ""), shown),
        )
        for e in records
        if isinstance(e, dict)
    ]
