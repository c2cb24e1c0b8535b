"""Python: `.py` and `.pyi` files, parsed when read (a file that does not parse is reported,
not reviewed), `#` comments, and ruff's `noqa` and bandit's `nosec` marks."""

from __future__ import annotations

import io
import os
import re
import tokenize
from pathlib import Path

from reviewer.languages.base import Language, Reading, ToolMark
from reviewer.languages.python.comments import hinted_comments
from reviewer.languages.python.migrations import migrations
from reviewer.languages.python.newer import newer_syntax
from reviewer.languages.python.outline import check_python, outline_of, outline_on_disk

# A tool's own mark silences the whole rule its code belongs to, so `# noqa: S608` also
# quiets bandit's B608 on that line: one root cause, one suppression.
NOQA = re.compile(r"#\s*noqa\b(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?")
NOSEC = re.compile(r"#\s*nosec\b\s*(?P<codes>B[0-9]+(?:[\s,]+B[0-9]+)*)?")


def read(data: bytes) -> Reading:
    """The outline and the suppression comments; SyntaxError (or ValueError, RecursionError,
    MemoryError) when the bytes are not Python that parses."""
    try:
        tree = check_python(data)
    except SyntaxError as error:
        raise newer_syntax(error, data) or error from None
    return Reading(outline_of(tree), hinted_comments(_text(data), tree))


def _text(data: bytes) -> str:
    """The source in its declared encoding. The parser lets a byte that encoding cannot
    decode pass in a comment; Python does not run such a file, nor can the analyzers read
    it: UnicodeDecodeError (a ValueError), at the byte."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:  # a first line that is not UTF-8, and no declaration
        encoding = "utf-8"
    return data.decode(encoding)


def refuse(data: bytes) -> str:
    """NUL bytes make a binary file of a `.py` one (and would stop the tools)."""
    return "contains NUL bytes: a binary file, not Python source" if b"\0" in data else ""


def skips(folder: Path) -> str:
    """A virtual environment holds installed packages, not the project's code."""
    # os.path's checks: an unreadable folder reads as holding nothing (Path's raise there)
    if os.path.isfile(folder / "pyvenv.cfg") or os.path.isdir(folder / "conda-meta"):
        return "a virtual environment"
    return ""


PYTHON = Language(
    name="python",
    title="Python",
    suffixes=(".py", ".pyi"),
    fence="python",
    comments=("#",),
    read=read,
    outline=outline_on_disk,
    tool_marks=(ToolMark("ruff", NOQA), ToolMark("bandit", NOSEC)),
    test_files=("conftest.py", "*_test.py"),
    script_files=("manage.py", "setup.py", "noxfile.py", "fabfile.py"),
    script_folders=("management/commands",),  # Django's commands, run by an operator
    refuse=refuse,
    excludes=(
        ".venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "site-packages",
    ),
    skips=skips,
    generated=migrations,
    analyzers=("ruff", "bandit", "radon", "mypy", "design"),
    cached=True,
)
