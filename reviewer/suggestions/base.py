"""What a suggestion builder is given, and the helpers every builder shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import re

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


LINE_END = re.compile(r"\r\n|\n|\r")


def line_starts(text: str) -> list[int]:
    """The offset each line starts at (index 0 is line 1), then the text's length: line n
    runs from `starts[n - 1]` to `starts[n]`, its line ending included."""
    return [0, *(m.end() for m in LINE_END.finditer(text) if m.end() < len(text)), len(text)]


def applied(text: str, suggestion: Suggestion) -> str:
    """The file's text with the suggestion made: its lines replaced by `after` (an empty
    `after` removes them), each line keeping the file's own line ending."""
    starts = line_starts(text)
    begin, stop = starts[suggestion.line - 1], starts[min(suggestion.end_line, len(starts) - 1)]
    ending = LINE_END.search(text)
    newline = ending.group() if ending else "\n"
    replaced = text[begin:stop]
    kept_end = replaced[len(replaced.rstrip("\r\n")) :]
    if not suggestion.after:
        return text[:begin] + text[stop:]
    return text[:begin] + newline.join(source_lines(suggestion.after)) + kept_end + text[stop:]
