"""Which files a review covers: the paths given, less excludes and what git ignores."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reviewer.errors import UsageError

LANGUAGES = {".py": "python", ".pyi": "python", ".php": "php"}
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "env",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".review_cache",
        "node_modules",
        "vendor",
        "build",
        "dist",
        "site-packages",
    }
)


@dataclass(frozen=True)
class SourceFile:
    """A file to review: its display path (POSIX, relative to cwd when below it) and language."""

    path: str
    language: str

    @property
    def real_path(self) -> Path:
        return Path(self.path)


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


def is_excluded(path: str, patterns: Iterable[str]) -> bool:
    """True when the path, or any of its parent folders, matches an exclude glob."""
    posix = PurePosixPath(path)
    candidates = [path, *(p.as_posix() for p in posix.parents if p.as_posix() != ".")]
    return any(fnmatch.fnmatch(c, pattern) for c in candidates for pattern in patterns)


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info"))
        for name in sorted(files):
            yield Path(folder) / name


def discover(paths: Iterable[str], exclude: Iterable[str] = ()) -> tuple[SourceFile, ...]:
    """Every reviewable file under the paths, in a stable order, each once."""
    patterns = tuple(exclude)
    found: dict[str, SourceFile] = {}
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            raise UsageError(f"path does not exist: {raw}")
        candidates = [root] if root.is_file() else list(_walk(root))
        for candidate in candidates:
            language = LANGUAGES.get(candidate.suffix.lower())
            shown = display_path(candidate)
            if language and not is_excluded(shown, patterns):
                found.setdefault(shown, SourceFile(shown, language))
    return tuple(found.values())
