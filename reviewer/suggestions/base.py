"""What a suggestion builder is given, and the helpers every builder shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reviewer.languages.base import source_lines
from reviewer.model import Finding, Suggestion


@dataclass(frozen=True)
class Flagged:
    """A comment's lead place: its rule, the lines flagged, the analyzers' findings there
    (their `extras` carry, for ruff, its own fix), and the text of the whole file."""

    rule_id: str
    path: str
    line: int
    end_line: int
    findings: tuple[Finding, ...]
    text: str

    @property
    def lines(self) -> list[str]:
        """The file's lines as the analyzers number them (index 0 is line 1)."""
        return source_lines(self.text)

    def excerpt(self, line: int, end_line: int) -> str:
        """Lines `line`..`end_line` of the file, joined, without a final newline."""
        return "\n".join(self.lines[line - 1 : end_line])


Builder = Callable[[Flagged], Suggestion | None]
Namer = Callable[[Flagged], str]


def replacing(
    flagged: Flagged, line: int, end_line: int, after: str, *, safe: bool, note: str
) -> Suggestion | None:
    """A suggestion from review that puts `after` in place of lines `line`..`end_line`; None
    when it would change nothing."""
    before = flagged.excerpt(line, end_line)
    if after == before:
        return None
    return Suggestion(flagged.path, line, end_line, before, after, safe, "review", note)
