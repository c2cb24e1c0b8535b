"""The baseline applied and written: what a codebase already had (`inputs.baseline` reads it)
is dropped from a run's comments, and `review baseline` writes today's comments as one."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from reviewer import __version__
from reviewer.inputs.baseline import Baseline
from reviewer.inputs.scope import Scope
from reviewer.model import Comment

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class BaselineResult:
    comments: tuple[Comment, ...]
    matched: int
    stale: int


def baseline_json(comments: Iterable[Comment]) -> str:
    """The baseline file's text: entries sorted so that its diffs are readable."""
    entries = sorted(
        (
            {
                "path": o.location.path,
                "rule": c.rule.id,
                "fingerprint": o.fingerprint,
                "line": o.location.line,
            }
            for c in comments
            for o in c.occurrences
        ),
        key=lambda e: (str(e["path"]), str(e["rule"]), str(e["fingerprint"])),
    )
    data = {"schema_version": SCHEMA_VERSION, "tool": {"name": "reviewer", "version": __version__}}
    return json.dumps({**data, "entries": entries}, indent=2, ensure_ascii=False) + "\n"


def new_since(comments: Sequence[Comment], baseline: Baseline, complete: bool) -> BaselineResult:
    """Drop every occurrence the baseline already has; count stale entries on a complete run."""
    left = Counter(baseline.counts)
    kept: list[Comment] = []
    for comment in comments:
        fresh = []
        for place in comment.occurrences:
            if left[place.fingerprint] > 0:
                left[place.fingerprint] -= 1
            else:
                fresh.append(place)
        if fresh:
            kept.append(replace(comment, occurrences=tuple(fresh)))
    matched = sum(baseline.counts.values()) - sum(left.values())
    stale = sum(left.values()) if complete else 0
    return BaselineResult(tuple(kept), matched, stale)


def new_only(scope: Scope, comments: Sequence[Comment]) -> tuple[list[Comment], list[str]]:
    """Without what the scope's baseline already has; notes say how much it held back."""
    if scope.baseline is None:
        return list(comments), []
    result = new_since(comments, scope.baseline, complete=scope.changes is None)
    notes = [f"{_places(result.matched)} already in the baseline {scope.baseline.path}."]
    if result.stale:
        notes.append(
            f"{_places(result.stale)} in the baseline no longer match anything; "
            "`review baseline` writes it anew."
        )
    return list(result.comments), notes


def _places(count: int) -> str:
    return f"{count} place" if count == 1 else f"{count} places"
