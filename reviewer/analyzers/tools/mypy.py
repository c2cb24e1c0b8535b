"""mypy, run once per project root so that each project's own settings and modules apply."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.analyzers.base import (
    ToolCrashedError,
    ToolError,
    ToolOutput,
    gist,
    merged,
    python_module,
    run_tool,
)
from reviewer.analyzers.tools.mypy_environment import project_environment
from reviewer.analyzers.tools.mypy_excludes import without_excluded
from reviewer.analyzers.tools.mypy_project import mypy_config
from reviewer.analyzers.tools.mypy_seeds import CacheSeeds
from reviewer.analyzers.tools.mypy_settings import safe_config
from reviewer.analyzers.tools.mypy_unresolved import (
    NOT_FOUND,
    UNRESOLVED,
    UNTYPED,
    caused_by_unknown_import,
    files_with_unknown_imports,
    is_project_module,
    unresolved_module,
)
from reviewer.config.analyzers import MypyOptions
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.projects import project_groups
from reviewer.languages import analyzed_by
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location
from reviewer.runtime.paths import display_path

# The analyzer's name: the registry's key (reviewer.analyzers), its findings' source.
NAME = "mypy"

MAX_RETRIES = 8
# What mypy reads in place of a module it stops at: any name imported from it is `Any`.
STAND_IN = "from typing import Any\n\n\ndef __getattr__(name: str) -> Any: ...\n"
FLAGS = (
    "--output",
    "json",
    "--no-error-summary",
    "--show-error-codes",
    "--follow-imports",
    "silent",
    "--check-untyped-defs",
    "--no-color-output",
    "--no-pretty",
    "--hide-error-context",
)


@dataclass(frozen=True)
class MypyAnalyzer:
    options: MypyOptions = field(default_factory=MypyOptions)
    name: str = NAME
    languages: frozenset[str] = field(default_factory=lambda: analyzed_by(NAME))

    def version(self) -> str:
        from importlib.metadata import version

        return version("mypy")

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        """Every project at once, as many as there are cores, the largest first."""
        groups = without_excluded(project_groups(files))
        largest_first = sorted(groups, key=lambda root: -len(groups[root]))
        workers = min(len(groups), os.cpu_count() or 1)
        seeds = CacheSeeds()
        with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
            futures = {
                root: pool.submit(self._seeded, root, _modules(groups[root]), seeds)
                for root in largest_first
            }
            return merged(*(futures[root].result() for root in groups))

    def _seeded(self, root: Path, files: list[SourceFile], seeds: CacheSeeds) -> AnalyzerResult:
        """Check a project, its cache started from another's made under the same settings."""
        cache = cache_dir(self.options.cache_dir, root)
        if cache == os.devnull:
            return self._check_project(root, files, cache)[0]
        settings = mypy_config(root)
        seeds.plant(settings, Path(cache))
        result, used = self._check_project(root, files, cache)
        if used == cache and all(error.path for error in result.errors):  # mypy ran to its end
            seeds.offer(settings, Path(cache))
        return result

    def _check_project(
        self, root: Path, files: list[SourceFile], cache: str
    ) -> tuple[AnalyzerResult, str]:
        """Check a project; a file that stops mypy (found twice under two module names, say)
        is set aside with an error of its own and the rest checked again, a few times at most.
        Also the cache mypy used in the end."""
        with tempfile.TemporaryDirectory(prefix="review-mypy-") as scratch:
            where = _Where.of(root, cache, Path(scratch))
            python, venv = self.options.python, self.options.venv
            found = project_environment(root, python, venv).flags(Path(scratch))
            where = dataclasses.replace(where, environment=tuple(found))
            return self._retried(where, files)

    def _retried(self, where: _Where, files: list[SourceFile]) -> tuple[AnalyzerResult, str]:
        """Check again each time mypy stops at a module: that module is then read as a
        stand-in whose every name is `Any` (a file that does not parse, and those that import
        it are still checked) and set aside with an error of its own. When mypy fails in a
        way a cache can cause, check again with the cache emptied, then without one."""
        skipped: list[AnalysisError] = []
        shadowed: list[str] = []
        fallbacks = _fallbacks(where.cache)
        for _ in range(MAX_RETRIES + 1):
            try:
                checked = self._check(where, files, shadowed)
                return AnalyzerResult(checked.findings, (*skipped, *checked.errors)), where.cache
            except ToolError as failure:
                stopped = failure
            if isinstance(stopped, BlockedError) and _shadowable(stopped.source, shadowed):
                shadowed.append(stopped.source)
                files = [f for f in files if f.path != stopped.path]
                skipped.append(self._set_aside(where.root, stopped))
                continue
            cache = next(fallbacks, None) if _may_be_the_cache(stopped) else None
            if cache is None:
                return self._failed(where.root, skipped, stopped), where.cache
            where = dataclasses.replace(where, cache=cache)
        stopped = ToolError(f"stopped again after setting {MAX_RETRIES} files aside")
        return self._failed(where.root, skipped, stopped), where.cache

    def _set_aside(self, root: Path, blocked: BlockedError) -> AnalysisError:
        shown = blocked.path or display_path(root / blocked.source)
        return AnalysisError(self.name, f"not type-checked: {blocked}", shown)

    def _failed(
        self, root: Path, skipped: Sequence[AnalysisError], failure: ToolError
    ) -> AnalyzerResult:
        """The whole project went unchecked: a run-level error, not one file's."""
        message = f"in {_shown(root)}: {failure}"
        return AnalyzerResult(errors=(*skipped, AnalysisError(self.name, message)))

    def _check(
        self,
        where: _Where,
        files: Sequence[SourceFile],
        shadowed: Sequence[str] = (),
    ) -> AnalyzerResult:
        root = where.root
        relative = {os.path.relpath(f.real_path.resolve(), root): f.path for f in files}
        flags = where.flags(shadowed)
        command = [*python_module("mypy"), *FLAGS, *flags, "--", *sorted(relative)]
        output = where.unmasked(run_tool(command, self.options.timeout, (0, 1, 2), cwd=root))
        records = list(_records(output.stdout))
        if output.returncode == 2:  # a blocking error: mypy checked nothing after it
            raise _blocked(records, relative, output.stderr)
        errors = [r for r in records if r.get("severity") == "error"]
        findings = [_finding(r, relative) for r in _meant(errors, root)]
        return AnalyzerResult(tuple(findings), tuple(_config_problems(output.stderr, root)))


@dataclass(frozen=True)
class _Where:
    """Where one project's mypy runs: its root, its cache, and the copy of its configuration
    it reads (without the options that write files or run programs: see mypy_settings)."""

    root: Path
    cache: str
    stand_in: str
    config_file: str = ""
    config_shown: str = ""
    environment: tuple[str, ...] = ()  # the flags that give mypy the project's packages

    @classmethod
    def of(cls, root: Path, cache: str, scratch: Path) -> _Where:
        """The project's configuration copied to `scratch`, as mypy would find it."""
        stand_in = scratch / "any_module.pyi"
        stand_in.write_text(STAND_IN, encoding="utf-8")
        found = mypy_config(root)
        if not found:  # none in the project: mypy reads the user's own, if any
            return cls(root, cache, str(stand_in))
        copy = safe_config(found, scratch)
        return cls(root, cache, str(stand_in), copy, os.path.relpath(found, root))

    def flags(self, shadowed: Sequence[str]) -> list[str]:
        """The command line's settings: ours, where the configuration's would do harm; the
        modules mypy stopped at, read as the stand-in."""
        chosen = ["--config-file", self.config_file] if self.config_file else []
        for source in shadowed:
            chosen += ["--shadow-file", source, self.stand_in]
        return ["--cache-dir", self.cache, *self.environment, *chosen]

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
            problems.append(AnalysisError(NAME, f"configuration ignored: {message}", shown))
    return problems


def _modules(files: Sequence[SourceFile]) -> list[SourceFile]:
    """One file per module: where a stub (`.pyi`) sits beside its `.py`, mypy reads the stub."""
    stubs = {f.path[:-1] for f in files if f.path.endswith(".pyi")}
    return [f for f in files if f.path not in stubs]


class BlockedError(ToolError):
    """mypy stopped at a blocking error; `source` is the file it blames as mypy names it,
    `path` the same file as we name it when it is one we gave mypy."""

    def __init__(self, message: str, source: str = "", path: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.path = path


def _blocked(
    records: Sequence[Mapping[str, Any]], relative: Mapping[str, str], stderr: str
) -> BlockedError:
    for record in records:
        if record.get("severity") == "error":
            blamed = str(record.get("file", ""))
            message = str(record.get("message", ""))
            return BlockedError(message, blamed, relative.get(blamed, ""))
    for line in stderr.splitlines():  # `path: error: Cannot read file: ...` comes as text
        said = _TEXT_ERROR.match(line.strip())
        if said and said["path"] in relative:
            return BlockedError(said["message"], said["path"], relative[said["path"]])
    return BlockedError(f"mypy stopped: {gist(stderr)}")


def _shadowable(source: str, shadowed: Sequence[str]) -> bool:
    """A module mypy can read a stand-in for (not its configuration file, say), and does
    not already."""
    return source.endswith((".py", ".pyi")) and source not in shadowed


def _may_be_the_cache(failure: ToolError) -> bool:
    """mypy crashed, or stopped blaming no file (an internal error): what a damaged cache,
    or one that cannot be written (a full disk), makes it do."""
    if isinstance(failure, BlockedError):
        return not failure.source
    # SIGKILL is ours (Ctrl-C) or the kernel's (out of memory): not the cache's doing
    return isinstance(failure, ToolCrashedError) and "SIGKILL" not in str(failure)


def _fallbacks(cache: str) -> Iterator[str]:
    """Where mypy's cache goes after mypy failed with it: the same folder emptied (a damaged
    cache is rebuilt), then nowhere (one that cannot be written costs only the cache; what
    failed writes left in it is removed, no seed for another project or the next run)."""
    if cache == os.devnull:
        return
    if _emptied(Path(cache)):
        yield cache
    _emptied(Path(cache))
    yield os.devnull


def _emptied(folder: Path) -> bool:
    """Our mypy cache folder made empty; False when it cannot be (never followed when it is
    a symbolic link: the folder is only ever one we made)."""
    try:
        shutil.rmtree(folder)
        folder.mkdir()
    except OSError:
        return False
    return True


_TEXT_ERROR = re.compile(r"(?P<path>.+?): error: (?P<message>.+)")


def cache_dir(ours: str | None, root: Path) -> str:
    """mypy's incremental cache for one project inside ours (projects apart, as two of them
    often hold modules of the same name), or nowhere when caching is off or the folder cannot
    be written (a read-only checkout): mypy stops with an internal error there."""
    if ours is None:
        return os.devnull
    project = hashlib.sha256(root.as_posix().encode()).hexdigest()[:16]
    folder = Path(os.path.abspath(Path(ours, "mypy", project)))
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


def _meant(errors: Sequence[Mapping[str, Any]], root: Path) -> Iterator[Mapping[str, Any]]:
    """mypy's errors, less what an unresolved or untyped import caused: a package mypy could
    not find becomes one record naming it (said once for the review, see mypy_unresolved),
    one it cannot read is left out as `--ignore-missing-imports` would, and an error whose
    cause is the `Any` they leave is dropped."""
    unknown = files_with_unknown_imports(errors)
    for record in errors:
        code = record.get("code")
        package = unresolved_module(str(record.get("message", ""))) if code == NOT_FOUND else ""
        if package and not is_project_module(root, package):
            yield {**record, "code": UNRESOLVED, "message": package}
        elif code != UNTYPED and not caused_by_unknown_import(record, unknown):
            yield record


def _finding(record: Mapping[str, Any], relative: Mapping[str, str]) -> Finding:
    path = str(record.get("file", ""))
    line = int(record.get("line") or 1)
    end_line = max(int(record.get("end_line") or line), line)
    location = Location(
        relative.get(path, path), line, end_line, int(record.get("column") or 0) + 1
    )
    code = str(record.get("code") or "misc")
    return Finding(NAME, code, location, str(record.get("message", "")))
