"""The project's own ruff settings (`ruff.toml`, `.ruff.toml`, or `[tool.ruff]` of
pyproject.toml), read as ruff reads them: the nearest file at or above a folder."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reviewer.config.globs import anchored_glob
from reviewer.config.options import RuffSettings

# ruff's own order of precedence within one folder.
RUFF_FILES = (".ruff.toml", "ruff.toml", "pyproject.toml")
CODE = re.compile(r"^[A-Z]+[0-9]*$")
# The Python versions this ruff accepts; another value would stop ruff, so it is left out.
TARGET_VERSIONS = frozenset(f"py3{minor}" for minor in range(7, 15))
# A clause that bounds the version from below: `>=3.10`, `~=3.10`, `==3.10.*`, `>3.9`.
LOWER_BOUND = re.compile(r"(?:>=|~=|==|>)\s*3\.(\d+)")


def project_ruff(start: Path) -> RuffSettings:
    """The nearest ruff settings at or above `start` (not above the git work tree's top);
    empty settings when there are none, or when the file does not parse (ruff says so)."""
    folders = _folders_up(start)
    for folder in folders:
        for name in RUFF_FILES:
            table = _ruff_table(folder / name)
            if table is not None:
                return _settings(folder, table)
    # No ruff settings: ruff still takes its Python version from the nearest pyproject.toml.
    versions = (requires_python_target(folder / "pyproject.toml") for folder in folders)
    return RuffSettings(target_version=next(filter(None, versions), None))


def _folders_up(start: Path) -> list[Path]:
    """`start` and the folders above it, up to the git work tree's top."""
    folders: list[Path] = []
    for folder in (start, *start.parents):
        folders.append(folder)
        if (folder / ".git").exists():
            break
    return folders


def ruff_settings_in(path: Path, anchor: Path) -> RuffSettings:
    """The ruff settings of one named file (a `--config` file: those of the tree are not
    read then), its globs read from `anchor`; empty settings when it has none."""
    table = _ruff_table(path)
    return RuffSettings() if table is None else _settings(anchor, table, path.parent)


def _ruff_table(path: Path) -> Mapping[str, Any] | None:
    """The ruff table of a file: all of ruff.toml, [tool.ruff] of any other."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if path.name in RUFF_FILES[:2]:
        return data
    table = data.get("tool", {}).get("ruff") if isinstance(data.get("tool"), dict) else None
    return table if isinstance(table, dict) else None


def _settings(folder: Path, table: Mapping[str, Any], home: Path | None = None) -> RuffSettings:
    """The settings of a ruff table whose globs are read from `folder`; without a
    `target-version`, the lowest Python the pyproject.toml beside it (in `home`) allows."""
    found = table.get("lint")
    lint: Mapping[str, Any] = found if isinstance(found, dict) else {}
    either = {**table, **lint}  # top-level lint keys are ruff's older spelling
    files = {**_mapping(table.get("per-file-ignores")), **_mapping(lint.get("per-file-ignores"))}
    files |= _mapping(either.get("extend-per-file-ignores"))
    exclude = table.get("exclude")
    version = table.get("target-version")
    if version not in TARGET_VERSIONS:
        version = requires_python_target((home or folder) / "pyproject.toml")
    return RuffSettings(
        ignore=_codes([*_strings(either.get("ignore")), *_strings(either.get("extend-ignore"))]),
        per_file_ignores=tuple((_anchored(folder, g), _codes(c)) for g, c in files.items()),
        exclude=None if exclude is None else tuple(_globs(folder, exclude)),
        extend_exclude=tuple(_globs(folder, table.get("extend-exclude"))),
        target_version=version,
    )


def requires_python_target(pyproject: Path) -> str | None:
    """The ruff target version (`py310`) of the lowest Python that `[project]
    requires-python` allows, as ruff infers it; None without one, or one ruff does not know."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project")
    spec = project.get("requires-python") if isinstance(project, dict) else None
    minor = lowest_minor(spec) if isinstance(spec, str) else None
    version = None if minor is None else f"py3{minor}"
    return version if version in TARGET_VERSIONS else None


def lowest_minor(spec: str) -> int | None:
    """The lowest Python 3 minor version a version specifier allows (`>=3.10,<4` gives 10):
    the highest of its lower bounds; None when it sets none."""
    bounds = [int(minor) for minor in LOWER_BOUND.findall(spec)]
    return max(bounds) if bounds else None


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _codes(value: object) -> tuple[str, ...]:
    return tuple(code for code in _strings(value) if CODE.match(code))


def _mapping(value: object) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(glob): _strings(codes) for glob, codes in value.items()}


def _globs(folder: Path, value: object) -> list[str]:
    return [_anchored(folder, glob) for glob in _strings(value)]


def _anchored(folder: Path, glob: str) -> str:
    """A glob with a `/` made absolute from the settings' folder; a bare name (`gen`,
    `__init__.py`) matches that name in any folder, as in ruff."""
    return anchored_glob(folder, glob.removeprefix("./")) if "/" in glob else glob
