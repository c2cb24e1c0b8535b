"""How a path is shown: relative to the working directory when below it, as valid text."""

from __future__ import annotations

import os
from pathlib import Path

from reviewer.errors import UsageError


def working_directory() -> Path:
    """The working directory; a UsageError when it was deleted (`cd dir; rm -r ../dir`)."""
    try:
        return Path.cwd()
    except FileNotFoundError:
        raise UsageError("the working directory no longer exists") from None


def display_path(path: Path, cwd: Path | None = None) -> str:
    """POSIX path, relative to the working directory when the file is below it."""
    base = (cwd or Path.cwd()).resolve()
    absolute = path.absolute()
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            return absolute.as_posix()


def printable_path(path: str) -> str:
    """The path as valid text: bytes of a name that is not UTF-8 shown as `\\xe9` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
