"""Project roots: the nearest folder above a file that looks like the root of a project."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from reviewer.discovery import SourceFile

ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "mypy.ini", ".mypy.ini", ".git")


def project_root(path: Path) -> Path:
    """The nearest folder above the file that looks like a project root, else the working one."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    cwd = Path.cwd().resolve()
    return cwd if folder.is_relative_to(cwd) else folder


def project_groups(files: Sequence[SourceFile]) -> Mapping[Path, list[SourceFile]]:
    """The files by project root, in the order of their first file."""
    groups: dict[Path, list[SourceFile]] = defaultdict(list)
    for source in files:
        groups[project_root(source.real_path)].append(source)
    return groups
