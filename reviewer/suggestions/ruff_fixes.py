"""ruff's own fixes, from the edits its JSON output carries, as the user's lines before and
after: the smallest run of whole lines that holds every edit, as it is and with them made."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reviewer.model import Finding, Suggestion
from reviewer.suggestions.base import Flagged, line_starts

# ruff's applicability words: "display-only" fixes are shown by ruff, never applied.
APPLIED = {"safe": True, "unsafe": False}


@dataclass(frozen=True)
class Edit:
    """One of ruff's edits, as offsets into the file's text (end excluded)."""

    start: int
    end: int
    content: str


def from_ruff(flagged: Flagged) -> Suggestion | None:
    """ruff's fix for the flagged lines, safe or unsafe as ruff says; None without one."""
    for finding in _with_fix_first(flagged):
        fix = finding.extras.get("fix")
        if not isinstance(fix, Mapping) or fix.get("applicability") not in APPLIED:
            continue
        suggestion = _suggested(flagged, fix)
        if suggestion is not None:
            return suggestion
    return None


def _with_fix_first(flagged: Flagged) -> list[Finding]:
    """ruff's findings at the place, the one on the lead line first."""
    found = [f for f in flagged.findings if f.analyzer == "ruff" and "fix" in f.extras]
    return sorted(found, key=lambda f: f.location.line != flagged.line)


def _suggested(flagged: Flagged, fix: Mapping[str, object]) -> Suggestion | None:
    starts = line_starts(flagged.text)
    edits = _edits(fix.get("edits"), starts, flagged.text)
    if not edits:
        return None
    first = min(_row_of(e.start, starts) for e in edits)
    last = max(_last_row(e, starts) for e in edits)
    begin, stop = starts[first - 1], starts[min(last, len(starts) - 1)]
    segment = flagged.text[begin:stop]
    changed = segment
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        changed = changed[: edit.start - begin] + edit.content + changed[edit.end - begin :]
    before, after = _without_line_end(segment), _without_line_end(changed)
    if before == after:
        return None
    safe = APPLIED[str(fix.get("applicability"))]
    note = str(fix.get("message") or "ruff's own fix")
    return Suggestion(flagged.path, first, last, before, after, safe, "ruff", note)


def _edits(raw: object, starts: Sequence[int], text: str) -> list[Edit]:
    """The edits as offsets; empty when one does not fit the file as it is now."""
    if not isinstance(raw, list):
        return []
    edits = []
    for item in raw:
        start = _offset(item["location"], starts, text)
        end = _offset(item["end_location"], starts, text)
        if start is None or end is None or end < start:
            return []
        edits.append(Edit(start, end, str(item.get("content") or "")))
    overlapping = any(a.end > b.start for a, b in zip(edits, edits[1:], strict=False))
    return [] if overlapping else sorted(edits, key=lambda e: e.start)


def _offset(place: Mapping[str, int], starts: Sequence[int], text: str) -> int | None:
    """ruff's row and column (both from 1, the column in characters) as an offset."""
    row, column = int(place["row"]), int(place["column"])
    if not 1 <= row <= len(starts) or column < 1:
        return None
    offset = starts[row - 1] + column - 1
    return offset if offset <= len(text) else None


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
