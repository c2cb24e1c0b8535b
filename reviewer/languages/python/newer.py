"""Syntax newer than the Python review runs on, told from the SyntaxError it raises here:
which construct it is and the Python version that reads it."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

from reviewer.languages.base import NewerSyntaxError

RUNNING = sys.version_info[:2]
EXCEPT = re.compile(r"\s*except\*?\s+(.+?)\s*:")
CLASS_NAME = re.compile(r"(?:[A-Za-z_]\w*\.)*[A-Z]\w*")
# An f-string whose braces hold a whole string in its own quotes (`f"{x["a"]}"`), which
# Python before 3.12 reads as the f-string ending early; a brace never closed does not match.
QUOTES_REUSED = tuple(
    re.compile(rf"[fF]{q}[^{q}]*\{{[^}}{q}]*{q}[^{q}]*{q}[^}}{q}]*\}}[^{q}]*{q}") for q in "\"'"
)


@dataclass(frozen=True)
class Construct:
    """A construct a Python version added, and how its SyntaxError on older ones looks."""

    version: tuple[int, int]
    words: str
    matches: Callable[[str, str], bool]  # (the error's message, its line) -> is it this


CONSTRUCTS = (
    Construct(
        (3, 14),
        "`except A, B:` without parentheses (PEP 758)",
        lambda message, line: (
            message == "multiple exception types must be parenthesized" and _names_classes(line)
        ),
    ),
    Construct(
        (3, 12),
        "a `type` statement (PEP 695)",
        lambda message, line: re.match(r"\s*type\s+[A-Za-z_]\w*\s*[\[=]", line) is not None,
    ),
    Construct(
        (3, 12),
        "type parameters in brackets (PEP 695)",
        lambda message, line: (
            re.match(r"\s*(?:async\s+def|def|class)\s+[A-Za-z_]\w*\s*\[", line) is not None
        ),
    ),
    Construct(
        (3, 12),
        "an f-string with its own quotes or a backslash inside (PEP 701)",
        lambda message, line: (
            message == "f-string expression part cannot include a backslash"
            or any(pattern.search(line) for pattern in QUOTES_REUSED)
        ),
    ),
)


def newer_syntax(error: SyntaxError, data: bytes) -> NewerSyntaxError | None:
    """The error as syntax of a later Python than this one, when it is one we can tell."""
    message, line = str(error.msg), _line(error, data)
    for construct in CONSTRUCTS:
        if construct.version > RUNNING and construct.matches(message, line):
            version = ".".join(map(str, construct.version))
            return NewerSyntaxError(version, construct.words, error.lineno or 0)
    return None


def _names_classes(line: str) -> bool:
    """True when each name an `except` lists is a class's (`ValueError`, `errors.Timeout`):
    Python 2's `except ValueError, error:` binds a name instead, and 3.14 does not read it so."""
    found = EXCEPT.match(line)
    names = found.group(1).split(",") if found else []
    return bool(names) and all(CLASS_NAME.fullmatch(name.strip()) for name in names)


def _line(error: SyntaxError, data: bytes) -> str:
    lines = data.decode("utf-8", errors="replace").splitlines()
    number = error.lineno or 0
    return lines[number - 1] if 0 < number <= len(lines) else str(error.text or "")
