"""What a suggestion builder is given, and the helpers every builder shares."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
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


@dataclass(frozen=True)
class Edit:
    """Text put in place of the file's characters `start`..`end` (offsets, end excluded)."""

    start: int
    end: int
    content: str


def made(
    flagged: Flagged, edits: Sequence[Edit], *, safe: bool, source: str, note: str
) -> Suggestion | None:
    """The smallest run of whole lines holding every edit, as it is and with the edits made;
    None without edits, with overlapping ones, or when nothing would change."""
    text, starts = flagged.text, line_starts(flagged.text)
    ordered = sorted(edits, key=lambda e: e.start)
    if not ordered or any(a.end > b.start for a, b in itertools.pairwise(ordered)):
        return None
    first = min(_row_of(e.start, starts) for e in ordered)
    last = max(_last_row(e, starts) for e in ordered)
    begin, stop = starts[first - 1], starts[min(last, len(starts) - 1)]
    changed = text[begin:stop]
    for edit in reversed(ordered):
        changed = changed[: edit.start - begin] + edit.content + changed[edit.end - begin :]
    before, after = _without_line_end(text[begin:stop]), _without_line_end(changed)
    if before == after:
        return None
    return Suggestion(flagged.path, first, last, before, after, safe, source, note)


def _row_of(offset: int, starts: Sequence[int]) -> int:
    """The line (from 1) the offset falls on; the last line for the text's very end."""
    found = max(row for row, start in enumerate(starts, 1) if start <= offset)
    return max(1, min(found, len(starts) - 1))


def _last_row(edit: Edit, starts: Sequence[int]) -> int:
    """The last whole line an edit touches: one that ends at a line's start (a whole line
    removed) stops at the line before; an insertion there changes that line."""
    row = _row_of(edit.end, starts)
    at_line_start = starts[row - 1] == edit.end and edit.end > edit.start
    return max(row - 1 if at_line_start else row, _row_of(edit.start, starts))


def _without_line_end(text: str) -> str:
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text
