"""Analyzer results cached by content: a file is analyzed again only when it, the analyzer's
version or the settings that shape its findings change. An unreadable or half-written entry
is ignored and rebuilt, never trusted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.analyzers import Built
from reviewer.analyzers.base import Analyzer, CacheUnit, Wrapped, innermost, merged
from reviewer.analyzers.stored import (
    code_digest,
    content_digest,
    digest,
    result_from_json,
    result_to_json,
)
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.projects import project_groups
from reviewer.model import AnalysisError, AnalyzerResult, Finding
from reviewer.runtime.atomic import entry_path, read_entry, write_entry

FORMAT_VERSION = "2"  # 2: a finding keeps the severity it is raised to


Settings = Callable[[], str]


def nothing_else(root: Path) -> str:
    """For analyzers whose results depend on the files they are given and nothing more."""
    return ""


@dataclass(frozen=True)
class CachedAnalyzer(Wrapped):
    """An analyzer whose results are kept in `folder`, keyed by content and settings, and
    for a group of files by whatever else `inputs` finds the group's result depends on."""

    folder: Path
    unit: CacheUnit
    settings: Settings
    inputs: Callable[[Path], str] = nothing_else

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        adapter = code_digest(type(innermost(self.inner)))
        parts = (FORMAT_VERSION, self.name, self.version(), adapter, self.settings())
        prefix = "\0".join(parts)
        if self.unit is CacheUnit.FILE:
            return self._run_by_file(files, prefix)
        whole = {Path.cwd(): list(files)} if self.unit is CacheUnit.RUN else project_groups(files)
        return self._run_by_group(whole, prefix)

    def _run_by_group(self, groups: Mapping[Path, list[SourceFile]], prefix: str) -> AnalyzerResult:
        """Each group's result from the cache, or all the missing groups in one run of the
        analyzer (which may check them in parallel), then stored group by group."""
        seen = _contents([f for group in groups.values() for f in group])
        keys = {
            root: digest(prefix, self.inputs(root), *(f"{f.path}\0{seen[f.path]}" for f in group))
            for root, group in groups.items()
        }
        found = {root: self._load(key) for root, key in keys.items()}
        missing = {root: (groups[root], keys[root]) for root, got in found.items() if got is None}
        fresh = self.inner.run([f for g, _ in missing.values() for f in g]) if missing else None
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

    def _run_by_file(self, files: Sequence[SourceFile], prefix: str) -> AnalyzerResult:
        seen = _contents(files)
        keys = {f.path: digest(prefix, f.path, seen[f.path]) for f in files}
        found = {path: self._load(key) for path, key in keys.items()}
        missing = [f for f in files if found[f.path] is None]
        fresh = self.inner.run(missing) if missing else AnalyzerResult()
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


def _contents(files: Sequence[SourceFile]) -> dict[str, str]:
    return {f.path: content_digest(f.path) for f in files}


def _changed(files: Sequence[SourceFile], seen: Mapping[str, str]) -> set[str]:
    """The files whose bytes are no longer those the key was made of: what an analyzer said
    of a file saved while it ran is of other bytes, and is not kept under the old ones' key."""
    return {f.path for f in files if content_digest(f.path) != seen[f.path]}


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


def behind_cache(analyzers: Sequence[Built], folder: str | None) -> list[Analyzer]:
    """The analyzers, each whose results may be cached behind the cache in `folder` (None:
    no cache, as with --no-cache)."""
    return [_behind_cache(built, folder) for built in analyzers]


def _behind_cache(built: Built, folder: str | None) -> Analyzer:
    if folder is None or built.cache is CacheUnit.NONE:
        return built.analyzer
    inputs = built.inputs or nothing_else
    return CachedAnalyzer(built.analyzer, Path(folder), built.cache, built.settings, inputs)
