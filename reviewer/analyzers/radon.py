"""radon: cyclomatic complexity per function and maintainability index per module."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.config import ReviewConfig
from reviewer.discovery import SourceFile
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location, Severity
from reviewer.pyast import exclusive

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
        for source in files:
            try:
                findings += analyze_file(source.path, config.thresholds.max_complexity)
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the review
                errors.append(
                    AnalysisError(self.name, f"{type(error).__name__}: {error}", source.path)
                )
        return AnalyzerResult(tuple(findings), tuple(errors))


def analyze_file(path: str, max_complexity: int) -> list[Finding]:
    """Complex functions and a hard-to-maintain module, as findings."""
    from radon.complexity import cc_rank, cc_visit
    from radon.metrics import mi_visit

    code = Path(path).read_text(encoding="utf-8-sig")
    with exclusive():  # radon parses with `ast` itself
        blocks, index = cc_visit(code), mi_visit(code, multi=True)
    findings = []
    for block in blocks:
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
    findings += _maintainability(path, index)
    return findings


def _maintainability(path: str, index: float) -> list[Finding]:
    if index >= MI_RANK_B:
        return []
    rank = "B" if index >= MI_RANK_C else "C"
    # Left minor even at rank C: the index blends size and density into one number that says
    # a module is hard to change but not where; the complexity comments say where.
    extras: dict[str, object] = {"metric": round(index, 1), "rank": rank}
    message = f"maintainability index {index:.1f} (rank {rank})"
    return [Finding("radon", "mi", Location(path, 1, 1, 1), message, extras)]
