"""Migrations, told by what their files hold: Django's `class Migration(migrations.Migration)`,
Alembic's `revision` and `down_revision` and the environment `alembic init` writes."""

from __future__ import annotations

import os
import re
from pathlib import Path

DJANGO = re.compile(rb"^class Migration\(migrations\.Migration\)", re.MULTILINE)
ALEMBIC_REVISION = re.compile(rb"^down_revision\s*(?::[^=\n]*)?=", re.MULTILINE)
HEAD_BYTES = 8192  # the marks sit at the top of a migration file
MAX_FILES = 20  # files looked at in one folder: migrations folders hold nothing else
# The folders whose files are looked into: Django's and Alembic's own names for them.
NAMES = frozenset({"migrations", "versions"})


def migrations(folder: Path) -> str:
    """`Django migrations` or `Alembic migrations` when the folder holds them; empty when not."""
    if os.path.isfile(folder / "script.py.mako") and os.path.isdir(folder / "versions"):
        return "Alembic migrations"
    if folder.name not in NAMES:
        return ""
    heads = [_head(path) for path in _python_files(folder)]
    if any(DJANGO.search(head) for head in heads):
        return "Django migrations"
    if any(ALEMBIC_REVISION.search(head) for head in heads):
        return "Alembic migrations"
    return ""


def _python_files(folder: Path) -> list[Path]:
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".py") and n != "__init__.py")
    except OSError:
        return []
    return [folder / name for name in names[:MAX_FILES]]


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read(HEAD_BYTES)
    except OSError:
        return b""
