"""radon: cyclomatic complexity per function and maintainability index per module."""

from __future__ import annotations

import ast
import io
import re
import time
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.config import ReviewConfig
from reviewer.discovery import SourceFile
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location, Severity
from reviewer.pyast import exclusive
from reviewer.sources import decode_python

if TYPE_CHECKING:
    from radon.raw import Module

UNTOKENIZABLE = "cannot be measured: Python's tokenize module, which radon uses, rejects it"
# radon's own ranks: CC above 20 is rank D or worse, MI below 10 is rank C.
VERY_COMPLEX = 20
MI_RANK_B = 20.0
MI_RANK_C = 10.0


@dataclass(frozen=True)
class RadonAnalyzer:
    name: str = "radon"
    languages: frozenset[str] = frozenset({"python"})

    def version(self) -> str:
        from importlib.metadata import version

        return version("radon")

    def run(self, files: Sequence[SourceFile], config: ReviewConfig) -> AnalyzerResult:
        findings: list[Finding] = []
        errors: list[AnalysisError] = []
        # radon runs in this process, where no subprocess timeout can stop it: the per-analyzer
        # timeout is checked between files, and the files left over are reported, not lost.
        deadline = time.monotonic() + config.analyzer_timeout
        for source in files:
            if time.monotonic() > deadline:
                message = f"not analyzed: radon ran out of time ({config.analyzer_timeout:g} s)"
                errors.append(AnalysisError(self.name, message, source.path))
                continue
            try:
                findings += analyze_file(source.path, config.thresholds.max_complexity)
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the review
                errors.append(AnalysisError(self.name, _reason(error), source.path))
        return AnalyzerResult(tuple(findings), tuple(errors))


def _reason(error: Exception) -> str:
    """One line on why radon could not measure a file."""
    if isinstance(error, RecursionError):
        return "nested too deeply to measure"
    if isinstance(error, OSError):
        return f"cannot be read: {error.strerror or error}"
    if isinstance(error, SyntaxError) and error.msg == UNTOKENIZABLE:
        return UNTOKENIZABLE
    return " ".join(f"{type(error).__name__}: {error}".split())


def analyze_file(path: str, max_complexity: int) -> list[Finding]:
    """Complex functions and a hard-to-maintain module, as findings."""
    from radon.complexity import cc_rank, cc_visit_ast

    code = decode_python(Path(path).read_bytes())
    with exclusive():  # CPython 3.11 builds trees one thread at a time (see pyast)
        tree = ast.parse(code)
    findings = []
    for block in cc_visit_ast(tree):
        if block.letter in ("F", "M") and block.complexity > max_complexity:
            rank = cc_rank(block.complexity)
            message = (
                f"`{block.name}` has a cyclomatic complexity of {block.complexity} (rank {rank})"
            )
            extras: dict[str, object] = {"metric": block.complexity, "rank": rank}
            if block.complexity > VERY_COMPLEX:
                extras["raise_to"] = Severity.MAJOR.value
            location = Location(path, block.lineno, block.endline, block.col_offset + 1)
            findings.append(Finding("radon", "cc", location, message, extras))
    findings += _maintainability(path, maintainability_index(code, tree))
    return findings


def maintainability_index(code: str, tree: ast.Module) -> float:
    """radon's `mi_visit(code, multi=True)`, from a tree parsed once and linear raw counts."""
    from radon.metrics import h_visit_ast, mi_compute
    from radon.visitors import ComplexityVisitor

    raw = raw_metrics(code)
    comment_lines = raw.comments + raw.multi
    comments = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    volume = h_visit_ast(tree).total.volume
    complexity = ComplexityVisitor.from_ast(tree).total_complexity
    return float(mi_compute(volume, complexity, raw.lloc, comments))


def raw_metrics(code: str) -> Module:
    """What `radon.raw.analyze` counts, in linear time.

    radon finds each statement by tokenizing a growing buffer once per line the statement
    spans, so one long literal takes quadratic time (a 100 kB dict: 40 s). Here one pass of
    the tokenizer finds where statements end, and each statement is counted with radon's own
    helpers on exactly the text radon would tokenize. Anything unexpected falls back to radon;
    where radon itself fails on valid Python (it splits lines at form feeds and other
    separators Python does not end lines at), the lines are split as Python splits them.
    """
    from radon.raw import analyze

    lines = [line.strip() for line in code.splitlines()]
    try:
        return _counted(lines, _statement_ends(lines))
    except (tokenize.TokenError, SyntaxError, _MismatchError):
        pass
    try:
        return analyze(code)
    except SyntaxError:
        lines = [line.strip() for line in _python_lines(code)]
        try:
            return _counted(lines, _statement_ends(lines))
        except (tokenize.TokenError, _MismatchError) as error:
            # Python's tokenize module lags the parser (`A·` is a name to one, not the other)
            raise SyntaxError(UNTOKENIZABLE) from error


def _python_lines(code: str) -> list[str]:
    """The lines as Python's tokenizer sees them: ended by \\n, \\r\\n or \\r only."""
    lines = re.split(r"\r\n|\r|\n", code)
    return lines[:-1] if lines and lines[-1] == "" else lines


class _MismatchError(Exception):
    """A statement that radon would have delimited differently."""


def _statement_ends(lines: Sequence[str]) -> list[int]:
    """The index of the last line of every statement (or blank or comment line)."""
    ends: list[int] = []
    depth = 0
    source = io.StringIO("\n".join(lines))
    for token in tokenize.generate_tokens(source.readline):
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth = max(depth - 1, 0)
        elif token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth == 0):
            ends.append(token.start[0] - 1)
    return ends


def _counted(lines: Sequence[str], ends: Sequence[int]) -> Module:
    """radon's counting loop over statements already delimited."""
    from radon.raw import Module, _generate, _logical, is_single_token

    counts = dict.fromkeys(("lloc", "comments", "single", "multi", "blank", "sloc"), 0)
    start = 0
    trailing = range(max(ends, default=-1) + 1, len(lines))  # blank lines after the last token
    for end in [*ends, *trailing]:
        group = lines[start : end + 1]
        if not group:
            raise _MismatchError
        tokens = _generate("\n".join(group))
        if any(t[0] == tokenize.ERRORTOKEN for t in tokens):
            raise _MismatchError
        start = end + 1
        counts["comments"] += sum(1 for t in tokens if t[0] == tokenize.COMMENT)
        if is_single_token(tokenize.COMMENT, tokens):
            counts["single"] += 1
        elif is_single_token(tokenize.STRING, tokens):
            if tokens[0][2][0] == tokens[0][3][0]:
                counts["single"] += 1
            else:
                counts["multi"] += sum(1 for line in group if line)
                counts["blank"] += sum(1 for line in group if not line)
        else:
            counts["sloc"] += sum(1 for line in group if line)
            counts["blank"] += sum(1 for line in group if not line)
        counts["lloc"] += _logical(tokens)
    if start != len(lines):
        raise _MismatchError
    loc = counts["sloc"] + counts["blank"] + counts["multi"] + counts["single"]
    return Module(
        loc,
        counts["lloc"],
        counts["sloc"],
        counts["comments"],
        counts["multi"],
        counts["blank"],
        counts["single"],
    )


def _maintainability(path: str, index: float) -> list[Finding]:
    if index >= MI_RANK_B:
        return []
    rank = "B" if index >= MI_RANK_C else "C"
    # Left minor even at rank C: the index blends size and density into one number that says
    # a module is hard to change but not where; the complexity comments say where.
    extras: dict[str, object] = {"metric": round(index, 1), "rank": rank}
    message = f"maintainability index {index:.1f} (rank {rank})"
    return [Finding("radon", "mi", Location(path, 1, 1, 1), message, extras)]
