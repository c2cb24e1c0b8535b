"""`.review-baseline.json`: what a codebase already had, so that a run reports only what is new."""

from __future__ import annotations

import json
import stat
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reviewer import __version__
from reviewer.errors import ConfigError
from reviewer.model import Comment

BASELINE_FILE = ".review-baseline.json"
SCHEMA_VERSION = 1
# About 150 bytes an entry: 64 MiB holds some 400,000 places, far above a real codebase's.
MAX_BASELINE_BYTES = 64 << 20


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
        data = json.loads(_capped_bytes(path))
        marks = [str(entry["fingerprint"]) for entry in data["entries"]]
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
    except (NotABaselineError, RecursionError, ValueError, KeyError, TypeError) as error:
        why = _why_not(error)
        raise ConfigError(f"baseline {path} is not a review baseline: {why}") from None
    return Baseline(str(path), dict(Counter(marks)))


def _why_not(error: Exception) -> str:
    if isinstance(error, NotABaselineError):
        return str(error)
    if isinstance(error, RecursionError):
        return "it nests deeper than a JSON reader can follow"
    if isinstance(error, ValueError):
        return "it is not JSON (run `review baseline` again)"
    return "it has no list of entries with fingerprints (run `review baseline` again)"


class NotABaselineError(Exception):
    """Why a file cannot be a baseline, before its text is parsed."""


def _capped_bytes(path: Path) -> bytes:
    """The file's bytes, refused unread when it is a device, folder or socket (/dev/zero never
    ends), and never more than the cap from a file or pipe."""
    if not _regular_or_pipe(path.stat().st_mode):
        raise NotABaselineError("it is not a regular file")
    with path.open("rb") as stream:
        data = stream.read(MAX_BASELINE_BYTES + 1)
    if len(data) > MAX_BASELINE_BYTES:
        raise NotABaselineError(f"it is larger than {MAX_BASELINE_BYTES >> 20} MiB")
    return data


def _regular_or_pipe(mode: int) -> bool:
    # A pipe is a baseline the caller streams: `--baseline <(git show main:.review-baseline.json)`.
    return stat.S_ISREG(mode) or stat.S_ISFIFO(mode)


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
