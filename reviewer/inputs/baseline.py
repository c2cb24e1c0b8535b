"""`.review-baseline.json` read: how many times each fingerprint was already there, so that a
run reports only what is new (`pipeline.baseline` drops the rest and writes the file)."""

from __future__ import annotations

import json
import stat
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import ConfigError

BASELINE_FILE = ".review-baseline.json"
# About 150 bytes an entry: 64 MiB holds some 400,000 places, far above a real codebase's.
MAX_BASELINE_BYTES = 64 << 20


@dataclass(frozen=True)
class Baseline:
    """How many times each fingerprint was already there."""

    path: str
    counts: Mapping[str, int] = field(default_factory=dict)


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
