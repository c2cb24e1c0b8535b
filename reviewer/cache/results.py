"""Analyzer results cached by content: a file is analyzed again only when it, the analyzer's
version or the settings that shape its findings change. An unreadable or half-written entry
is ignored and rebuilt, never trusted."""

from __future__ import annotations

import enum
import functools
import hashlib
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.analyzers.base import Wrapped, innermost, merged
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.projects import project_groups
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location
from reviewer.runtime.atomic import entry_path, read_entry, write_entry

FORMAT_VERSION = "1"


class Scope(enum.Enum):
    """FILE: each file's findings depend on that file alone; RUN: on all files together;
    PROJECT: on all the files of their project (the nearest folder with a pyproject.toml,
    setup.py, .git...), so that a change in one project leaves the others' results cached."""

    FILE = "file"
    RUN = "run"
    PROJECT = "project"


Settings = Callable[[ReviewConfig], str]


def nothing_else(root: Path) -> str:
    """For analyzers whose results depend on the files they are given and nothing more."""
    return ""


@dataclass(frozen=True)
class CachedAnalyzer(Wrapped):
    """An analyzer whose results are kept in `folder`, keyed by content and settings, and
    for a group of files by whatever else `inputs` finds the group's result depends on."""

    folder: Path
    scope: Scope
    settings: Settings
    inputs: Callable[[Path], str] = nothing_else

    def run(self, files: Sequence[SourceFile], config: ReviewConfig) -> AnalyzerResult:
        adapter = code_digest(type(innermost(self.inner)))
        parts = (FORMAT_VERSION, self.name, self.version(), adapter, self.settings(config))
        prefix = "\0".join(parts)
        if self.scope is Scope.FILE:
            return self._run_by_file(files, config, prefix)
        whole = {Path.cwd(): list(files)} if self.scope is Scope.RUN else project_groups(files)
        return self._run_by_group(whole, config, prefix)

    def _run_by_group(
        self, groups: Mapping[Path, list[SourceFile]], config: ReviewConfig, prefix: str
    ) -> AnalyzerResult:
        """Each group's result from the cache, or all the missing groups in one run of the
        analyzer (which may check them in parallel), then stored group by group."""
        seen = _contents([f for group in groups.values() for f in group])
        keys = {
            root: digest(prefix, self.inputs(root), *(f"{f.path}\0{seen[f.path]}" for f in group))
            for root, group in groups.items()
        }
        found = {root: self._load(key) for root, key in keys.items()}
        missing = {root: (groups[root], keys[root]) for root, got in found.items() if got is None}
        fresh = (
            self.inner.run([f for g, _ in missing.values() for f in g], config) if missing else None
        )
        if fresh is not None:
            self._store_groups(fresh, missing, seen)
        return merged(*(r for r in found.values() if r is not None), *([fresh] if fresh else []))

    def _store_groups(
        self,
        fresh: AnalyzerResult,
        missing: Mapping[Path, tuple[list[SourceFile], str]],
        seen: Mapping[str, str],
    ) -> None:
        """Each group's share of a complete run, under the group's key, unless one of its
        files changed while it was analyzed."""
        if any(not e.path for e in fresh.errors):
            return
        paths = {root: [f.path for f in group] for root, (group, _) in missing.items()}
        for root, result in _by_group(fresh, paths).items():
            group, key = missing[root]
            if not _changed(group, seen):
                self._store(key, result)

    def _run_by_file(
        self, files: Sequence[SourceFile], config: ReviewConfig, prefix: str
    ) -> AnalyzerResult:
        seen = _contents(files)
        keys = {f.path: digest(prefix, f.path, seen[f.path]) for f in files}
        found = {path: self._load(key) for path, key in keys.items()}
        missing = [f for f in files if found[f.path] is None]
        fresh = self.inner.run(missing, config) if missing else AnalyzerResult()
        if not any(not e.path for e in fresh.errors):
            changed = _changed(missing, seen)
            steady = [f.path for f in missing if f.path not in changed]
            for path, result in _by_path(fresh, steady).items():
                self._store(keys[path], result)
        kept = [r for r in found.values() if r is not None]
        return merged(*kept, fresh)

    def _entry(self, key: str) -> Path:
        return entry_path(self.folder / self.name, key)

    def _load(self, key: str) -> AnalyzerResult | None:
        try:
            return result_from_json(read_entry(self._entry(key)))
        except (ValueError, KeyError, TypeError):
            return None

    def _store(self, key: str, result: AnalyzerResult) -> None:
        write_entry(self._entry(key), result_to_json(result))


@functools.lru_cache(maxsize=32)
def code_digest(kind: type) -> str:
    """A digest of the package or module an analyzer class lives in, so that a change to our
    own adapter or detectors invalidates its results even when the tool's version does not."""
    module = sys.modules.get(kind.__module__)
    source = Path(getattr(module, "__file__", "") or "")
    files = sorted(source.parent.rglob("*.py")) if source.name == "__init__.py" else [source]
    return digest(*(content_digest(str(f)) for f in files))


def _contents(files: Sequence[SourceFile]) -> dict[str, str]:
    return {f.path: content_digest(f.path) for f in files}


def _changed(files: Sequence[SourceFile], seen: Mapping[str, str]) -> set[str]:
    """The files whose bytes are no longer those the key was made of: what an analyzer said
    of a file saved while it ran is of other bytes, and is not kept under the old ones' key."""
    return {f.path for f in files if content_digest(f.path) != seen[f.path]}


def content_digest(path: str) -> str:
    """The SHA-256 of a file's bytes, or of its absence."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def digest(*parts: str) -> str:
    """One SHA-256 of several strings, kept apart."""
    return hashlib.sha256("\0\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _by_path(result: AnalyzerResult, paths: Sequence[str]) -> Mapping[str, AnalyzerResult]:
    findings: dict[str, list[Finding]] = defaultdict(list)
    errors: dict[str, list[AnalysisError]] = defaultdict(list)
    for finding in result.findings:
        findings[finding.location.path].append(finding)
    for error in result.errors:
        errors[error.path].append(error)
    return {p: AnalyzerResult(tuple(findings[p]), tuple(errors[p])) for p in paths}


def _by_group(
    result: AnalyzerResult, groups: Mapping[Path, Sequence[str]]
) -> Mapping[Path, AnalyzerResult]:
    """The result split by group: by the files of each, else by the folder a path is in (a
    project's config file); nothing when some finding or error belongs to no group."""
    home = {path: root for root, paths in groups.items() for path in paths}
    roots = sorted(groups, key=lambda root: -len(root.parts))
    findings: dict[Path, list[Finding]] = defaultdict(list)
    errors: dict[Path, list[AnalysisError]] = defaultdict(list)
    for finding in result.findings:
        findings[_group_of(finding.location.path, home, roots)].append(finding)
    for error in result.errors:
        errors[_group_of(error.path, home, roots)].append(error)
    if _NOWHERE in findings or _NOWHERE in errors:
        return {}
    return {r: AnalyzerResult(tuple(findings[r]), tuple(errors[r])) for r in groups}


_NOWHERE = Path("/dev/null")


def _group_of(path: str, home: Mapping[str, Path], roots: Sequence[Path]) -> Path:
    """The group a path belongs to, by its folders as written: `sub/../pyproject.toml`, the
    config file mypy read for `sub`, belongs to `sub`, and stays in its cached result."""
    if path in home:
        return home[path]
    if len(roots) == 1:
        return roots[0]
    where = Path(path) if Path(path).is_absolute() else Path.cwd().resolve() / path
    return next((root for root in roots if where.is_relative_to(root)), _NOWHERE)


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
            ]
            for f in result.findings
        ],
        "errors": [[e.analyzer, e.message, e.path] for e in result.errors],
    }


def result_from_json(data: Mapping[str, Any]) -> AnalyzerResult:
    """The result a cache file holds; KeyError, TypeError or ValueError when it is not one."""
    findings = tuple(
        Finding(str(a), str(c), Location(str(p), int(start), int(end), int(col)), str(m), dict(x))
        for a, c, p, start, end, col, m, x in data["findings"]
    )
    errors = tuple(AnalysisError(str(a), str(m), str(p)) for a, m, p in data["errors"])
    return AnalyzerResult(findings, errors)
