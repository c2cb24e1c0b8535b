"""dotenv files (`.env`, `.env.production`, `.env.bak`): the settings a project keeps out of
its code, secrets among them. They are read for what they hold, never run, and a line of one
is shown with its values masked."""

from __future__ import annotations

import re

from reviewer.languages.base import NO_OUTLINE, Language, Outline, Reading
from reviewer.languages.marks import hinted_lines

# `KEY=value`, `export KEY="value"`: the value is everything after the first `=`.
ASSIGNMENT = re.compile(r"^(?P<key>\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=\s*)(?P<value>.+)$")
MASK = "\N{BULLET}" * 8


def read(data: bytes) -> Reading:
    """The lines that may be suppressions (`# review: ignore[...]`); nothing to outline."""
    return Reading(NO_OUTLINE, hinted_lines(data.decode("utf-8", errors="replace")))


def masked(line: str) -> str:
    """The line as a report may show it: the key kept, the value replaced by bullets, so that
    a review printed into a CI log or a pull request never repeats a secret."""
    match = ASSIGNMENT.match(line)
    return f"{match['key']}{MASK}" if match else line


def no_outline(path: str) -> Outline:
    """A dotenv file has no definitions."""
    del path
    return NO_OUTLINE


DOTENV = Language(
    name="dotenv",
    title="dotenv",
    suffixes=(),
    names=(".env", ".env.*", "*.env"),
    fence="",
    comments=("#",),
    read=read,
    outline=no_outline,
    analyzers=("dotenv",),
    code=False,
    shown=masked,
)
