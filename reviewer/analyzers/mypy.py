"""mypy, run once per project root so that each project's own settings and modules apply."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.analyzers.base import (
    ToolError,
    ToolOutput,
    gist,
    merged,
    python_module,
    run_tool,
)
from reviewer.analyzers.mypy_project import mypy_config
from reviewer.analyzers.mypy_seeds import CacheSeeds
from reviewer.analyzers.mypy_settings import safe_config
from reviewer.config import ReviewConfig
from reviewer.discovery import SourceFile, display_path
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location
from reviewer.projects import project_groups

MAX_RETRIES = 3
FLAGS = (
    "--output",
    "json",
    "--no-error-summary",
    "--show-error-codes",
    "--follow-imports",
    "silent",
    "--ignore-missing-imports",
    "--check-untyped-defs",
    "--no-color-output",
    "--no-pretty",
    "--hide-error-context",
)


@dataclass(frozen=True)
class MypyAnalyzer:
    name: str = "mypy"
    languages: frozenset[str] = frozenset({"python"})

    def version(self) -> str:
        from importlib.metadata import version

        return version("mypy")

    def run(self, files: Sequence[SourceFile], config: ReviewConfig) -> AnalyzerResult:
        """Every project at once, as many as there are cores, the largest first."""
        groups = project_groups(files)
        largest_first = sorted(groups, key=lambda root: -len(groups[root]))
        workers = min(len(groups), os.cpu_count() or 1)
        seeds = CacheSeeds()
        with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
            futures = {
                root: pool.submit(self._seeded, root, _modules(groups[root]), config, seeds)
                for root in largest_first
            }
            return merged(*(futures[root].result() for root in groups))

    def _seeded(
        self, root: Path, files: list[SourceFile], config: ReviewConfig, seeds: CacheSeeds
    ) -> AnalyzerResult:
        """Check a project, its cache started from another's made under the same settings."""
        cache = cache_dir(config, root)
        if cache == os.devnull:
            return self._check_project(root, files, config, cache)
        settings = mypy_config(root)
        seeds.plant(settings, Path(cache))
        result = self._check_project(root, files, config, cache)
        if all(error.path for error in result.errors):  # mypy ran to its end
            seeds.offer(settings, Path(cache))
        return result

    def _check_project(
        self, root: Path, files: list[SourceFile], config: ReviewConfig, cache: str
    ) -> AnalyzerResult:
        """Check a project; a file that stops mypy (found twice under two module names, say)
        is set aside with an error of its own and the rest checked again, a few times at most."""
        with tempfile.TemporaryDirectory(prefix="review-mypy-") as scratch:
            where = _Where.of(root, cache, Path(scratch))
            return self._retried(where, files, config)

    def _retried(
        self, where: _Where, files: list[SourceFile], config: ReviewConfig
    ) -> AnalyzerResult:
        root = where.root
        skipped: list[AnalysisError] = []
        for _ in range(MAX_RETRIES + 1):
            try:
                checked = self._check(where, files, config)
                return AnalyzerResult(checked.findings, (*skipped, *checked.errors))
            except BlockedError as blocked:
                culprit = next((f for f in files if f.path == blocked.path), None)
                if culprit is None:
                    failure = f"in {_shown(root)}: {blocked}"
                    return AnalyzerResult(errors=(*skipped, AnalysisError(self.name, failure)))
                files = [f for f in files if f is not culprit]
                skipped.append(
                    AnalysisError(self.name, f"not type-checked: {blocked}", culprit.path)
                )
            except ToolError as failure:
                # the whole project went unchecked: a run-level error, not one file's
                message = f"in {_shown(root)}: {failure}"
                return AnalyzerResult(errors=(*skipped, AnalysisError(self.name, message)))
        message = f"in {_shown(root)}: stopped again after setting {MAX_RETRIES} files aside"
        return AnalyzerResult(errors=(*skipped, AnalysisError(self.name, message)))

    def _check(
        self, where: _Where, files: Sequence[SourceFile], config: ReviewConfig
    ) -> AnalyzerResult:
        root = where.root
        relative = {os.path.relpath(f.real_path.resolve(), root): f.path for f in files}
        command = [*python_module("mypy"), *FLAGS, *where.flags(), "--", *sorted(relative)]
        output = where.unmasked(run_tool(command, config.analyzer_timeout, (0, 1, 2), cwd=root))
        records = list(_records(output.stdout))
        if output.returncode == 2:  # a blocking error: mypy checked nothing after it
            raise _blocked(records, relative, output.stderr)
        findings = [_finding(r, relative) for r in records if r.get("severity") == "error"]
        return AnalyzerResult(tuple(findings), tuple(_config_problems(output.stderr, root)))


@dataclass(frozen=True)
class _Where:
    """Where one project's mypy runs: its root, its cache, and the copy of its configuration
    it reads (without the options that write files or run programs: see mypy_settings)."""

    root: Path
    cache: str
    config_file: str
    config_shown: str

    @classmethod
    def of(cls, root: Path, cache: str, scratch: Path) -> _Where:
        """The project's configuration copied to `scratch`, as mypy would find it."""
        found = mypy_config(root)
        if not found:  # none in the project: mypy reads the user's own, if any
            return cls(root, cache, "", "")
        return cls(root, cache, safe_config(found, scratch), os.path.relpath(found, root))

    def flags(self) -> list[str]:
        """The command line's settings: ours, where the configuration's would do harm."""
        chosen = ["--config-file", self.config_file] if self.config_file else []
        return ["--cache-dir", self.cache, *chosen]

    def unmasked(self, output: ToolOutput) -> ToolOutput:
        """mypy's output with the copy of the configuration called by the original's name."""
        if not self.config_file:
            return output
        copy, original = self.config_file, self.config_shown
        return ToolOutput(
            output.stdout.replace(copy, original),
            output.stderr.replace(copy, original),
            output.returncode,
        )


CONFIG_FILES = frozenset({"mypy.ini", ".mypy.ini", "setup.cfg", "pyproject.toml"})


def _config_problems(stderr: str, root: Path) -> list[AnalysisError]:
    """What mypy said about the project's configuration before going on without it: an
    error on the config file, so a broken mypy.ini is not ignored in silence."""
    problems = []
    for line in stderr.splitlines():
        name, _, message = line.partition(": ")
        if message and Path(name).name in CONFIG_FILES:
            shown = display_path(root / name)
            problems.append(AnalysisError("mypy", f"configuration ignored: {message}", shown))
    return problems


def _modules(files: Sequence[SourceFile]) -> list[SourceFile]:
    """One file per module: where a stub (`.pyi`) sits beside its `.py`, mypy reads the stub."""
    stubs = {f.path[:-1] for f in files if f.path.endswith(".pyi")}
    return [f for f in files if f.path not in stubs]


class BlockedError(ToolError):
    """mypy stopped at a blocking error; `path` names the file it blames, if any."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


def _blocked(
    records: Sequence[Mapping[str, Any]], relative: Mapping[str, str], stderr: str
) -> BlockedError:
    for record in records:
        if record.get("severity") == "error":
            blamed = str(record.get("file", ""))
            return BlockedError(str(record.get("message", "")), relative.get(blamed, ""))
    for line in stderr.splitlines():  # `path: error: Cannot read file: ...` comes as text
        said = _TEXT_ERROR.match(line.strip())
        if said and said["path"] in relative:
            return BlockedError(said["message"], relative[said["path"]])
    return BlockedError(f"mypy stopped: {gist(stderr)}")


_TEXT_ERROR = re.compile(r"(?P<path>.+?): error: (?P<message>.+)")


def cache_dir(config: ReviewConfig, root: Path) -> str:
    """mypy's incremental cache for one project inside ours (projects apart, as two of them
    often hold modules of the same name), or nowhere when caching is off or the folder cannot
    be written (a read-only checkout): mypy stops with an internal error there."""
    if config.cache_dir is None:
        return os.devnull
    project = hashlib.sha256(root.as_posix().encode()).hexdigest()[:16]
    folder = Path(config.cache_dir, "mypy", project).resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return os.devnull
    return str(folder)


def _shown(root: Path) -> str:
    try:
        return root.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return root.as_posix()


def _records(stdout: str) -> Iterator[dict[str, Any]]:
    for line in stdout.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict):
            yield record


def _finding(record: Mapping[str, Any], relative: Mapping[str, str]) -> Finding:
    path = str(record.get("file", ""))
    line = int(record.get("line") or 1)
    end_line = max(int(record.get("end_line") or line), line)
    location = Location(
        relative.get(path, path), line, end_line, int(record.get("column") or 0) + 1
    )
    code = str(record.get("code") or "misc")
    return Finding("mypy", code, location, str(record.get("message", "")))
