"""The working directory, and paths as `review` shows them: relative to it when below it."""

from __future__ import annotations

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
