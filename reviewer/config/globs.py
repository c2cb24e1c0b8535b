"""Globs a configuration file names, made absolute from the file's folder."""

from __future__ import annotations

import os
from pathlib import Path


def anchored_glob(folder: Path, glob: str) -> str:
    """A config file's exclude glob made absolute from the file's folder, as ruff and mypy
    read theirs: `gen/*` in proj/pyproject.toml means proj/gen wherever review runs from."""
    if os.path.isabs(glob):
        return glob
    base = Path(os.path.abspath(folder)).as_posix().rstrip("/")
    return f"{_literal(base)}/{glob}"


def _literal(text: str) -> str:
    """Text that fnmatch matches only as itself: `[`, `*` and `?` in a folder's name."""
    return "".join(f"[{c}]" if c in "[]*?" else c for c in text)
