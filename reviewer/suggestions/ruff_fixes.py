"""ruff's own fixes, from the edits its JSON output carries, as the user's lines before and
after: the smallest run of whole lines that holds every edit, as it is and with them made."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reviewer.model import Finding, Suggestion
from reviewer.suggestions.base import Edit, Flagged, line_starts, made

# ruff's applicability words: "display-only" fixes are shown by ruff, never applied.
APPLIED = {"safe": True, "unsafe": False}


# Codes whose fix deletes the flagged statement where the rule's advice is to replace it.
DELETING_FIXES = frozenset({"T201", "T203"})
# A fix longer than this is a rewrite of the file, not a change at the flagged lines.
MAX_FIX_LINES = 10


def from_ruff(flagged: Flagged) -> Suggestion | None:
    """ruff's fix for the flagged lines, safe or unsafe as ruff says; None without one."""
    for finding in _with_fix_first(flagged):
        fix = finding.extras.get("fix")
        if not isinstance(fix, Mapping) or fix.get("applicability") not in APPLIED:
            continue
        edits = _edits(fix.get("edits"), line_starts(flagged.text), flagged.text)
        safe = APPLIED[str(fix.get("applicability"))]
        note = str(fix.get("message") or "ruff's own fix")
        suggestion = made(flagged, edits, safe=safe, source="ruff", note=note)
        if suggestion is not None and suggestion.end_line - suggestion.line < MAX_FIX_LINES:
            return suggestion
    return None


def _with_fix_first(flagged: Flagged) -> list[Finding]:
    """ruff's findings at the place that carry a fix, the one on the lead line first; not
    the fixes that only delete what the rule asks to replace (a `print` is to become a log
    call, not to vanish)."""
    found = [
        f
        for f in flagged.findings
        if f.analyzer == "ruff" and "fix" in f.extras and f.code not in DELETING_FIXES
    ]
    return sorted(found, key=lambda f: f.location.line != flagged.line)


def _edits(raw: object, starts: Sequence[int], text: str) -> list[Edit]:
    """The edits as offsets; empty when one does not fit the file as it is now."""
    if not isinstance(raw, list):
        return []
    edits = []
    for item in raw:
        try:
            start = _offset(item["location"], starts, text)
            end = _offset(item["end_location"], starts, text)
        except (KeyError, TypeError, ValueError):
            return []
        if start is None or end is None or end < start:
            return []
        edits.append(Edit(start, end, str(item.get("content") or "")))
    return edits


def _offset(place: Mapping[str, int], starts: Sequence[int], text: str) -> int | None:
    """ruff's row and column (both from 1, the column in characters) as an offset."""
    row, column = int(place["row"]), int(place["column"])
    if not 1 <= row <= len(starts) or column < 1:
        return None
    offset = starts[row - 1] + column - 1
    return offset if offset <= len(text) else None
