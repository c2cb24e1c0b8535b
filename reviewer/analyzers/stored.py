"""Analyzer results as plain JSON data, and the digests that key them where they are stored:
the result cache (reviewer.cache) and the design analyzer's own incremental one."""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location, Severity


@functools.lru_cache(maxsize=32)
def code_digest(kind: type) -> str:
    """A digest of the package or module an analyzer class lives in, so that a change to our
    own adapter or detectors invalidates its results even when the tool's version does not."""
    module = sys.modules.get(kind.__module__)
    source = Path(getattr(module, "__file__", "") or "")
    files = sorted(source.parent.rglob("*.py")) if source.name == "__init__.py" else [source]
    return digest(*(content_digest(str(f)) for f in files))


def content_digest(path: str) -> str:
    """The SHA-256 of a file's bytes, or of its absence."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def digest(*parts: str) -> str:
    """One SHA-256 of several strings, kept apart."""
    return hashlib.sha256("\0\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def result_to_json(result: AnalyzerResult) -> dict[str, Any]:
    """Plain data for the cache file."""
    return {
        "findings": [
            [
                f.analyzer,
                f.code,
                f.location.path,
                f.location.line,
                f.location.end_line,
                f.location.column,
                f.message,
                dict(f.extras),
                f.raise_to.value if f.raise_to else None,
            ]
            for f in result.findings
        ],
        "errors": [[e.analyzer, e.message, e.path] for e in result.errors],
    }


def result_from_json(data: Mapping[str, Any]) -> AnalyzerResult:
    """The result a cache file holds; KeyError, TypeError or ValueError when it is not one."""
    findings = tuple(
        Finding(
            str(a),
            str(c),
            Location(str(p), int(start), int(end), int(col)),
            str(m),
            dict(x),
            None if raised is None else Severity(raised),
        )
        for a, c, p, start, end, col, m, x, raised in data["findings"]
    )
    errors = tuple(AnalysisError(str(a), str(m), str(p)) for a, m, p in data["errors"])
    return AnalyzerResult(findings, errors)
