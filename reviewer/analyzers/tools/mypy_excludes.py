"""The project's mypy `exclude`, applied to the files review hands mypy: mypy applies it only
to the files it finds itself, and checks a file named on its command line anyway."""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from reviewer.analyzers.tools.mypy_project import mypy_config
from reviewer.analyzers.tools.mypy_settings import mypy_setting
from reviewer.inputs.discovery import SourceFile


def without_excluded(
    groups: Mapping[Path, Sequence[SourceFile]],
) -> dict[Path, list[SourceFile]]:
    """Each project's files less those its mypy `exclude` leaves out; a project left with
    none is not checked at all."""
    kept = {root: not_excluded(root, files) for root, files in groups.items()}
    return {root: files for root, files in kept.items() if files}


def not_excluded(root: Path, files: Sequence[SourceFile]) -> list[SourceFile]:
    """The files the `exclude` of the mypy configuration read in `root` leaves in."""
    patterns = exclude_patterns(mypy_config(root))
    if not patterns:
        return list(files)
    return [f for f in files if not is_excluded(_relative(f, root), patterns)]


def exclude_patterns(config: str) -> tuple[re.Pattern[str], ...]:
    """The configuration's `exclude` regular expressions; none when it has none, when it does
    not parse, or when one does not compile (mypy says so itself)."""
    try:
        value = _exclude(Path(config)) if config else None
        found = [value] if isinstance(value, str) else value
        if not isinstance(found, list):
            return ()
        return tuple(re.compile(str(text).strip()) for text in found if str(text).strip())
    except (OSError, UnicodeDecodeError, ValueError, configparser.Error, re.error):
        return ()


def is_excluded(relative: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    """As mypy matches while it walks: each folder on the way (with a trailing `/`), then the
    file, its path relative to where mypy runs, searched anywhere in it."""
    path = PurePosixPath(relative)
    folders = [f"{p.as_posix()}/" for p in reversed(path.parents) if p.as_posix() != "."]
    return any(p.search(part) for part in (*folders, relative) for p in patterns)


def _exclude(source: Path) -> object:
    return mypy_setting(source.read_text(encoding="utf-8"), source, "exclude")


def _relative(source: SourceFile, root: Path) -> str:
    return Path(os.path.relpath(source.real_path.resolve(), root.resolve())).as_posix()
