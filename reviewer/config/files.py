"""`[tool.reviewer]` in pyproject.toml, or `.reviewer.toml`: read and validated."""

from __future__ import annotations

import dataclasses
import os
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from reviewer.config.globs import anchored_glob
from reviewer.config.options import (
    FailOn,
    OutputFormat,
    Overrides,
    PhpArchitecture,
    ReviewConfig,
    RuffSettings,
    command_line_choices,
)
from reviewer.config.ruff_project import project_ruff, ruff_settings_in
from reviewer.config.source_links import blob_url
from reviewer.config.thresholds import (
    DesignThresholds,
    PhpThresholds,
    Thresholds,
    threshold_names,
    thresholds_from,
)
from reviewer.errors import ConfigError, closest
from reviewer.model import Severity, Voice
from reviewer.runtime.paths import display_path, working_directory

FILE_NAMES = (".reviewer.toml", "pyproject.toml")
TOP_KEYS = (
    "exclude",
    "fail-on",
    "max-comments",
    "brief",
    "voice",
    "disable",
    "timeout",
    "thresholds",
    "rules",
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "include-migrations",
    "python",
    "php",
)
PHP_KEYS = ("architecture",)
RULE_LEVELS = (*(s.value for s in Severity), "off")
# The thresholds of `Thresholds` go to ruff as `--config` TOML, which holds at most 2**63 - 1
# and stops ruff on anything larger. A round bound far below that keeps the message readable;
# a larger limit is a typo, and a rule one wants gone is turned "off" under [rules] instead.
MAX_RUFF_THRESHOLD = 1_000_000
# Seconds each analyzer may run, at most one day: `inf`, `nan` or 1e8 overflow the clocks and
# waits of the tools' processes (or stop nothing). A short one only times the tools out, which
# the review reports; tests use 0.05.
MAX_TIMEOUT = 86_400
TIMEOUT_RANGE = f"'timeout' must be a number of seconds above 0 and at most {MAX_TIMEOUT:,}"
E = TypeVar("E", FailOn, Voice, PhpArchitecture)


@dataclass(frozen=True)
class FileSettings:
    """What a configuration file says; None where it says nothing."""

    path: Path | None = None
    exclude: tuple[str, ...] = ()
    fail_on: FailOn | None = None
    max_comments: int | None = None
    brief: bool | None = None
    voice: Voice | None = None
    disable: frozenset[str] = frozenset()
    timeout: float | None = None
    thresholds: Mapping[str, int] = field(default_factory=dict)
    rules: Mapping[str, Severity | None] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ruff: RuffSettings = field(default_factory=RuffSettings)
    include_migrations: bool = False
    python_venv: str | None = None
    php_architecture: PhpArchitecture | None = None


def find_config(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The nearest `.reviewer.toml`, or pyproject.toml with [tool.reviewer], at or above start."""
    for folder in (start, *start.parents):
        for name in FILE_NAMES:
            candidate = Path(display_path(folder / name))
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return candidate, table
        if (folder / ".git").exists():
            break
    return None


def load_settings(explicit: Path | None = None, start: Path | None = None) -> FileSettings:
    """Settings from the named file, or from the nearest one; empty settings when none.
    The exclude globs of a file named with --config are relative to the working directory,
    as ruff reads its own: CI can hand the base branch's settings, kept anywhere, to a
    review of the change."""
    here = working_directory()  # every path below is read from it: check it first
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        found: tuple[Path, Mapping[str, Any]] | None = (explicit, _table(explicit) or {})
    else:
        found = find_config((start or here).resolve())
    settings = (
        FileSettings()
        if found is None
        else parse_settings(*found, globs_from=here if explicit is not None else None)
    )
    return dataclasses.replace(settings, ruff=_project_ruff(explicit, (start or here).resolve()))


def _project_ruff(explicit: Path | None, start: Path) -> RuffSettings:
    """The ruff settings of the --config file, when one is named (the tree's own are not
    read then: CI hands the base branch's settings), else the nearest ones."""
    return project_ruff(start) if explicit is None else ruff_settings_in(explicit, start)


def _table(path: Path) -> Mapping[str, Any] | None:
    """The review table of a file: all of .reviewer.toml, [tool.reviewer] of pyproject.toml."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table ([tool.NAME] sections)")
    table = tool.get("reviewer")
    if table is None and "review" in tool:  # the command's name, not the package's
        hint = "[tool.review] is ignored; did you mean [tool.reviewer]?"
        sys.stderr.write(f"review: warning: {path}: {hint}\n")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: 'tool.reviewer' must be a table: write [tool.reviewer]")
    return table


def parse_settings(
    path: Path, table: Mapping[str, Any], globs_from: Path | None = None
) -> FileSettings:
    """Validate every key and value; the first problem is a ConfigError naming file and key.
    Exclude globs are relative to `globs_from`, by default the file's own folder."""
    _check_keys(path, "", table, TOP_KEYS)
    anchor = globs_from or path.parent
    excludes = _strings(path, "exclude", table.get("exclude", []))
    return FileSettings(
        path=path,
        exclude=tuple(anchored_glob(anchor, glob) for glob in excludes),
        fail_on=_choice(path, "fail-on", table.get("fail-on"), FailOn),
        max_comments=_count(path, "max-comments", table.get("max-comments")),
        brief=_flag(path, "brief", table.get("brief")) if "brief" in table else None,
        voice=_choice(path, "voice", table.get("voice"), Voice),
        disable=frozenset(_strings(path, "disable", table.get("disable", []))),
        timeout=_seconds(path, table.get("timeout")),
        thresholds=_thresholds(path, table.get("thresholds", {})),
        rules=_rules(path, table.get("rules", {})),
        include_migrations=_flag(path, "include-migrations", table.get("include-migrations")),
        python_venv=_venv(path, table.get("python")),
        php_architecture=_php_architecture(path, table.get("php", {})),
        **_selection(path, table, anchor),
    )


def _selection(path: Path, table: Mapping[str, Any], anchor: Path) -> dict[str, Any]:
    """select, extend-select and ignore as given; per-file-ignores' globs anchored as
    `exclude` is."""
    words = {
        name.replace("-", "_"): tuple(_strings(path, name, table.get(name, [])))
        for name in ("select", "extend-select", "ignore")
    }
    files = table.get("per-file-ignores", {})
    if not isinstance(files, dict):
        raise ConfigError(f"{path}: 'per-file-ignores' must be a table of globs to rule lists")
    ignores = tuple(
        (anchored_glob(anchor, glob), tuple(_strings(path, f"per-file-ignores.{glob}", ids)))
        for glob, ids in files.items()
    )
    return {**words, "per_file_ignores": ignores}


def _php_architecture(path: Path, value: object) -> PhpArchitecture | None:
    """The `[php]` table's `architecture`: how the project says its layers are cut."""
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: 'php' must be a table ([php], or [tool.reviewer.php])")
    _check_keys(path, "php.", value, PHP_KEYS)
    return _choice(path, "php.architecture", value.get("architecture"), PhpArchitecture)


def _check_keys(path: Path, prefix: str, table: Mapping[str, Any], known: Iterable[str]) -> None:
    names = tuple(known)
    for key in table:
        if key not in names:
            raise ConfigError(f"{path}: unknown key '{prefix}{key}'{closest(key, names)}")


def _venv(path: Path, value: object) -> str | None:
    """The virtual environment's folder, relative to the file's own; its interpreter names
    it too. Never a program to run: the file is part of the reviewed tree."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{path}: 'python' must be the path of a virtual environment")
    named = path.parent.absolute() / value
    for folder in (named, named.parent.parent):
        if (folder / "pyvenv.cfg").is_file():
            return str(folder)
    raise ConfigError(
        f"{path}: 'python' must name a virtual environment (a folder with pyvenv.cfg); "
        f"{value!r} is not one. To run an interpreter, pass --python on the command line"
    )


def _strings(path: Path, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return list(value)


def _choice(path: Path, key: str, value: object, kind: type[E]) -> E | None:
    if value is None:
        return None
    allowed = [member.value for member in kind]
    if value not in allowed:
        hint = closest(str(value), allowed) or f"; choose one of {', '.join(allowed)}"
        raise ConfigError(f"{path}: '{key}' cannot be {value!r}{hint}")
    return kind(value)


def _flag(path: Path, key: str, value: object) -> bool:
    if value is not None and not isinstance(value, bool):
        raise ConfigError(f"{path}: '{key}' must be true or false")
    return bool(value)


def _count(path: Path, key: str, value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{path}: '{key}' must be a whole number of at least 0")
    return value


def _seconds(path: Path, value: object) -> float | None:
    """The timeout in seconds, above 0 and at most `MAX_TIMEOUT`."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{path}: {TIMEOUT_RANGE}")
    if not 0 < value <= MAX_TIMEOUT:  # nan compares false: rejected too
        raise ConfigError(f"{path}: {TIMEOUT_RANGE}")
    return float(value)


def _thresholds(path: Path, value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: 'thresholds' must be a table")
    _check_keys(path, "thresholds.", value, threshold_names())
    for_ruff = {f.name.replace("_", "-") for f in dataclasses.fields(Thresholds)}
    return {
        k: _positive(path, f"thresholds.{k}", v, MAX_RUFF_THRESHOLD if k in for_ruff else None)
        for k, v in value.items()
    }


def _positive(path: Path, key: str, value: object, most: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{path}: '{key}' must be a whole number of at least 1")
    if most is not None and value > most:
        raise ConfigError(f"{path}: '{key}' must be a whole number from 1 to {most:,}")
    return value


def _rules(path: Path, value: object) -> dict[str, Severity | None]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: 'rules' must be a table of rule ids")
    levels: dict[str, Severity | None] = {}
    for rule_id, level in value.items():
        if level not in RULE_LEVELS:
            hint = closest(str(level), RULE_LEVELS) or f"; choose one of {', '.join(RULE_LEVELS)}"
            raise ConfigError(f"{path}: 'rules.{rule_id}' cannot be {level!r}{hint}")
        levels[rule_id] = None if level == "off" else Severity(level)
    return levels


def resolve(overrides: Overrides, settings: FileSettings) -> ReviewConfig:
    """The run's options: the command line first, then the config file, then the defaults."""
    defaults = ReviewConfig()
    return ReviewConfig(
        **command_line_choices(overrides),
        paths=overrides.paths or (".",),
        fail_on=overrides.fail_on or settings.fail_on or default_fail_on(overrides),
        max_comments=_first(overrides.max_comments, settings.max_comments),
        brief=next((b for b in (overrides.brief, settings.brief) if b is not None), False),
        voice=overrides.voice or settings.voice or default_voice(overrides.output_format),
        exclude=(*settings.exclude, *overrides.exclude),
        disabled_analyzers=settings.disable,
        analyzer_timeout=settings.timeout or defaults.analyzer_timeout,
        cache_dir=None if overrides.no_cache else overrides.cache_dir or defaults.cache_dir,
        thresholds=thresholds_from(settings.thresholds, Thresholds),
        rule_severity=dict(settings.rules),
        design_thresholds=thresholds_from(settings.thresholds, DesignThresholds),
        source_url=blob_url(os.environ, Path.cwd()),
        php_thresholds=thresholds_from(settings.thresholds, PhpThresholds),
        config_path=str(settings.path) if settings.path else None,
        select=overrides.select or settings.select,
        extend_select=(*settings.extend_select, *overrides.extend_select),
        ignore=(*settings.ignore, *overrides.ignore),
        per_file_ignores=settings.per_file_ignores,
        project_ruff=settings.ruff,
        include_migrations=settings.include_migrations,
        python_venv=settings.python_venv,
        php_architecture=settings.php_architecture or defaults.php_architecture,
    )


WRITE_UPS = (OutputFormat.MARKDOWN, OutputFormat.HTML)


def draws_map(config: ReviewConfig) -> bool:
    """Only a write-up draws the map of the code: a text, JSON or CI run does not pay for
    reading every file's shape again (about 5 ms a file)."""
    return config.output_format in WRITE_UPS


def default_voice(output_format: OutputFormat) -> Voice:
    """Write-ups teach; terminal and machine output stay short."""
    return Voice.MENTOR if output_format in WRITE_UPS else Voice.PEER


def default_fail_on(overrides: Overrides) -> FailOn:
    """Writing a write-up to a file is not a verdict: without a `fail-on` from the command
    line or the config file, nothing blocks it (so `review -f html -o r.html && open r.html`
    opens the page); every other run blocks on majors."""
    if overrides.output and overrides.output_format in WRITE_UPS:
        return FailOn.NEVER
    return ReviewConfig().fail_on


def _first(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)
