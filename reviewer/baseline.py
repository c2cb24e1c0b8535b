"""`.review-baseline.json`: what a codebase already had, so that a run reports only what is new."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reviewer import __version__
from reviewer.errors import ConfigError
from reviewer.model import Comment

BASELINE_FILE = ".review-baseline.json"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Baseline:
    """How many times each fingerprint was already there."""

    path: str
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BaselineResult:
    comments: tuple[Comment, ...]
    matched: int
    stale: int


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; a file that is not one is a one-line ConfigError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"]
        marks = [str(entry["fingerprint"]) for entry in entries]
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the baseline: {error}") from None
    except (ValueError, KeyError, TypeError):
        raise ConfigError(f"{path}: not a review baseline (run `review baseline` again)") from None
    return Baseline(str(path), dict(Counter(marks)))


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
