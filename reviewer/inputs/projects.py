"""Project roots: the nearest folder above a file that looks like the root of a project."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from reviewer.inputs.discovery import SourceFile

ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "mypy.ini", ".mypy.ini", ".git")


def project_root(path: Path) -> Path:
    """The nearest folder above the file that looks like a project root, else the working one."""
    return _root_of_folder(path.resolve().parent)


def is_project_root(folder: Path) -> bool:
    """True when the folder holds a file or folder that marks a project's root."""
    return any(os.path.exists(folder / marker) for marker in ROOT_MARKERS)  # never raises


def _root_of_folder(folder: Path) -> Path:
    for candidate in (folder, *folder.parents):
        if is_project_root(candidate):
            return candidate
    cwd = Path.cwd().resolve()
    return cwd if folder.is_relative_to(cwd) else folder


def project_groups(files: Sequence[SourceFile]) -> Mapping[Path, list[SourceFile]]:
    """The files by project root, in the order of their first file; each folder's root is
    looked for once (django: 2,774 files in 645 folders)."""
    groups: dict[Path, list[SourceFile]] = defaultdict(list)
    roots: dict[Path, Path] = {}
    for source in files:
        folder = source.real_path.resolve().parent
        if folder not in roots:
            roots[folder] = _root_of_folder(folder)
        groups[roots[folder]].append(source)
    return groups
