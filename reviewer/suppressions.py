"""`# review: ignore[rule-id]` on the flagged line or on the header of an enclosing def or class."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.config_file import closest
from reviewer.model import AnalysisError, Concern
from reviewer.symbols import enclosing, file_stamp

# `# review: ignore` in Python, `// review: ignore[...]` or `# ...` in PHP.
_MARK = re.compile(r"(?:#|//)\s*review:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)
EVERY_RULE = "*"


@dataclass(frozen=True)
class Suppression:
    """The rule ids one comment silences; `*` for a bare `ignore`."""

    line: int
    rule_ids: frozenset[str]


@functools.lru_cache(maxsize=512)
def _suppressions(stamp: tuple[str, int, int]) -> Mapping[int, Suppression]:
    try:
        text = Path(stamp[0]).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    found: dict[int, Suppression] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARK.search(line)
        if match:
            ids = match.group("ids")
            names = {i.strip() for i in ids.split(",") if i.strip()} if ids else {EVERY_RULE}
            found[number] = Suppression(number, frozenset(names))
    return found


def suppressions_in(path: str) -> Mapping[int, Suppression]:
    """Every suppression comment of a file, by line."""
    return _suppressions(file_stamp(path))


def is_suppressed(concern: Concern) -> bool:
    """True when the flagged line or an enclosing def/class header silences this rule."""
    location = concern.finding.location
    marks = suppressions_in(location.path)
    if not marks:
        return False
    lines = {location.line, *(span.header for span in enclosing(location.path, location.line))}
    silenced = (marks[n].rule_ids for n in lines if n in marks)
    return any(EVERY_RULE in ids or concern.rule.id in ids for ids in silenced)


def unknown_ids(paths: Iterable[str], known: Sequence[str]) -> list[AnalysisError]:
    """A suppression naming a rule the catalog does not have is reported, with the closest id."""
    errors = []
    for path in paths:
        for mark in suppressions_in(path).values():
            for rule_id in sorted(mark.rule_ids - {EVERY_RULE} - set(known)):
                message = f"line {mark.line}: unknown rule '{rule_id}' in a suppression"
                errors.append(AnalysisError("review", message + closest(rule_id, known), path))
    return errors
