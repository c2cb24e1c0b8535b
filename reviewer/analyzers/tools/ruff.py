"""ruff, run with exactly the codes the catalog maps, never fixing, never caching in the tree."""

from __future__ import annotations

import fnmatch
import io
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from reviewer.analyzers.base import ToolError, failed, isolating, parse_json, run_tool
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import RuffSettings
from reviewer.config.thresholds import Thresholds
from reviewer.inputs.discovery import SourceFile
from reviewer.languages import analyzed_by
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location

# The analyzer's name: the registry's key (reviewer.analyzers), its findings' source.
NAME = "ruff"

# ruff's io-error: a file it could not read is reported as a diagnostic of its own.
UNREAD_CODES = frozenset({"E902"})


def ruff_binary() -> str:
    """The ruff executable installed with this package."""
    from ruff.__main__ import find_ruff_bin

    return str(find_ruff_bin())


def threshold_options(thresholds: Thresholds) -> list[str]:
    """`--config` overrides that carry our thresholds into ruff."""
    settings = {
        "lint.mccabe.max-complexity": thresholds.max_complexity,
        "lint.pylint.max-args": thresholds.max_args,
        "lint.pylint.max-returns": thresholds.max_returns,
        "lint.pylint.max-branches": thresholds.max_branches,
        "lint.pylint.max-statements": thresholds.max_statements,
        "lint.pylint.max-locals": thresholds.max_locals,
        "lint.pylint.max-positional-args": thresholds.max_positional_args,
    }
    options: list[str] = []
    for key, value in settings.items():
        options += ["--config", f"{key} = {value}"]
    return options


def ruff_settings(options: RuffOptions) -> str:
    """What ruff's result for a file depends on besides the file: a cached result is kept
    under it. The paths named count only when the project's excludes make them count."""
    project = project_options(options.project, options.codes, options.paths)
    return f"{options.codes}{options.thresholds}{project}"


def project_options(
    settings: RuffSettings, codes: Sequence[str], roots: Sequence[str] = ()
) -> list[str]:
    """The project's own ruff choices (ignores, per-file ignores, excludes, target version)
    as ruff's options. Only ruff's findings follow them: bandit's report of the same problem
    is the project's to silence in its own way."""
    options = _ignore_options(settings, codes) + _exclude_options(settings, roots)
    if settings.target_version:
        options.append(f"--target-version={settings.target_version}")
    return options


def _ignore_options(settings: RuffSettings, codes: Sequence[str]) -> list[str]:
    """`--ignore` and per-file ignores, narrowed to the codes review selects: ruff stops on a
    code it does not know, and a broad `S` must still win over our narrower `S608`."""
    options: list[str] = []
    ignored = _among(settings.ignore, codes)
    if ignored:
        options.append("--ignore=" + ",".join(ignored))
    files = {glob: _among(found, codes) for glob, found in settings.per_file_ignores}
    table = ", ".join(f"{_toml(glob)} = {_toml(found)}" for glob, found in files.items() if found)
    if table:
        options += ["--config", f"lint.per-file-ignores = {{{table}}}"]
    return options


def _exclude_options(settings: RuffSettings, roots: Sequence[str]) -> list[str]:
    """The project's excludes, applied to the files review hands ruff one by one, except
    those that leave out a path the user named (or a folder above one): as `ruff check`
    checks the paths it is given and excludes only what it finds below them."""
    options: list[str] = []
    if settings.exclude is not None:
        kept = _not_covering(settings.exclude, roots)
        options += ["--config", f"exclude = {_toml(kept)}"]
    if settings.extend_exclude:
        kept = _not_covering(settings.extend_exclude, roots)
        options += ["--config", f"extend-exclude = {_toml(kept)}"]
    return [*options, "--force-exclude"] if options else []


def _not_covering(globs: Sequence[str], roots: Sequence[str]) -> tuple[str, ...]:
    """The globs that match none of the named paths and none of the folders above them;
    a glob without `/` matches a name, as in ruff; others the absolute path."""
    named = [PurePosixPath(Path(os.path.abspath(root)).as_posix()) for root in roots]
    places = {p for root in named for p in (root, *root.parents)}
    return tuple(
        glob
        for glob in globs
        if not any(fnmatch.fnmatch(p.name if "/" not in glob else str(p), glob) for p in places)
    )


def _among(selectors: Sequence[str], codes: Sequence[str]) -> tuple[str, ...]:
    """The selectors as codes review selects: `S` becomes each selected S code, and a code
    under one of our prefixes (`ANN001` under `ANN`) stays itself."""
    found: set[str] = set()
    for selector in selectors:
        wide = selector == "ALL"
        found.update(code for code in codes if wide or code.startswith(selector))
        if any(selector.startswith(code) for code in codes):
            found.add(selector)
    return tuple(sorted(found))


def _toml(value: str | Sequence[str]) -> str:
    """A TOML string or array of strings (JSON's quoting, which TOML reads the same)."""
    return json.dumps(value if isinstance(value, str) else list(value), ensure_ascii=False)


@dataclass(frozen=True)
class RuffAnalyzer:
    options: RuffOptions
    name: str = NAME
    languages: frozenset[str] = field(default_factory=lambda: analyzed_by(NAME))

    def version(self) -> str:
        from importlib.metadata import version

        return version("ruff")

    @property
    def codes(self) -> tuple[str, ...]:
        """The ruff codes the catalog maps, the only ones ruff is asked for."""
        return self.options.codes

    def command(self, files: Sequence[SourceFile]) -> list[str]:
        """The ruff command line: isolated from stray config, read-only, JSON out. Each
        diagnostic's fix, safe or unsafe, is listed in the JSON without being applied."""
        return [
            ruff_binary(),
            "check",
            "--isolated",
            "--no-cache",
            "--no-fix",
            "--exit-zero",
            "--output-format",
            "json-lines",
            "--select",
            ",".join((*self.codes, *UNREAD_CODES)),
            *threshold_options(self.options.thresholds),
            *project_options(self.options.project, self.codes, self.options.paths),
            "--",
            *(f.path for f in files),
        ]

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        if not files or not self.codes:
            return AnalyzerResult()
        try:
            return isolating(self._check, files, self.name)
        except ToolError as failure:
            return failed(self.name, failure)

    def _check(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        output = run_tool(self.command(files), self.options.timeout, ok_codes=(0,))
        by_path = _shown_paths(files)
        findings: list[Finding] = []
        errors: list[AnalysisError] = []
        for record in _records(output.stdout):
            if record.get("code") in UNREAD_CODES:
                errors.append(_unread(record, by_path))
            elif (finding := _finding(record, by_path)) is not None:
                findings.append(finding)
        return AnalyzerResult(tuple(findings), tuple(errors))


def _shown_paths(files: Sequence[SourceFile]) -> dict[str, str]:
    """Our display path for each name ruff prints: the file's absolute path, `..` taken out
    but links kept, from the working directory with its links resolved (as `os.getcwd()`
    gives it); its resolved path as well, for a file no other one was named as."""
    resolved = {f.real_path.resolve().as_posix(): f.path for f in files}
    return resolved | {os.path.abspath(f.real_path): f.path for f in files}


def _unread(record: Mapping[str, Any], by_path: Mapping[str, str]) -> AnalysisError:
    """ruff could not read the file (it vanished, say): an error, not a comment."""
    filename = str(record.get("filename", ""))
    message = " ".join(str(record.get("message", "")).split())
    if "valid UTF-8" in message:  # ruff ignores PEP 263 coding declarations
        message = "ruff reads UTF-8 only, and this file is in another encoding"
    return AnalysisError(NAME, f"cannot be read: {message}", by_path.get(filename, filename))


def _records(stdout: str) -> Iterator[Mapping[str, Any]]:
    """ruff's diagnostics, one JSON object a line, each read and let go in turn: on django,
    81,759 of them, which as one JSON document took 200 MiB to hold at once."""
    for line in io.StringIO(stdout):
        if line.strip():
            record = parse_json(line, NAME)
            if not isinstance(record, dict):
                raise ToolError("ruff printed JSON of an unexpected shape")
            yield record


def _finding(record: Mapping[str, Any], by_path: Mapping[str, str]) -> Finding | None:
    """One ruff diagnostic; None for a syntax error (reported once, elsewhere) or a bad record."""
    try:
        start, end = record["location"], record.get("end_location") or record["location"]
        filename = str(record["filename"])
        location = Location(
            path=by_path.get(filename, filename),
            line=int(start["row"]),
            end_line=max(int(end["row"]), int(start["row"])),
            column=int(start["column"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    code = record.get("code")
    fix = record.get("fix")
    extras = {"fix": fix} if isinstance(fix, dict) and fix.get("edits") else {}
    message = str(record.get("message", ""))
    return Finding(NAME, str(code), location, message, extras) if code else None
