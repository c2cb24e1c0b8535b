"""Lines of a reviewed file around a comment, for formats that show the code they talk about."""

from __future__ import annotations

import functools
import os
import re
from typing import NamedTuple

from reviewer.languages import fence_for, shown_line

# Control characters other than tab could move a terminal's cursor or recolor it, and line
# separators start a new line in a CI log: each is shown as its escape, `\x1b`, `\n`. So are the
# bidirectional overrides, which reorder what a reader sees ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
# Control characters up to it are shown as \xNN, the rest (bidi marks, separators) as \uNNNN.
MAX_BYTE = 0xFF
# A minified or generated line can be 50,000 characters: an excerpt shows its start only, so
# one line cannot push a review past a PR comment's size limit.
MAX_LINE_CHARS = 400


class ExcerptLine(NamedTuple):
    """One line of a file; `flagged` when it lies in the range a comment is about."""

    number: int
    text: str
    flagged: bool


def printable(text: str, keep: str = "") -> str:
    r"""`text` with control characters (other than tab and those in `keep`) shown as their
    escapes: `\x1b`, `\n`."""
    return _CONTROL.sub(lambda match: _escaped(match[0], keep), text)


def printable_lines(text: str) -> str:
    """`text` with its line breaks kept, and every other control character escaped."""
    return printable(text, keep="\n")


def _escaped(character: str, keep: str) -> str:
    if character in keep:
        return character
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code <= MAX_BYTE else f"\\u{code:04x}"


def language_for(path: str) -> str:
    """The info string of a fenced code block for `path`: "python", "php", or ""."""
    return fence_for(path)


def excerpt(
    path: str, line: int, end_line: int, context: int = 1, max_lines: int = 12
) -> tuple[ExcerptLine, ...]:
    """Lines `line`..`end_line` of `path` with `context` lines around, at most `max_lines`.

    Returns () when the file cannot be read or the range lies outside it; never raises.
    """
    lines = _lines(path)
    if not lines or line > len(lines):
        return ()
    end_line = max(end_line, line)
    first = max(1, line - max(context, 0))
    last = min(len(lines), end_line + max(context, 0), first + max(max_lines, 1) - 1)
    return tuple(
        ExcerptLine(
            number,
            printable(_shortened(shown_line(path, lines[number - 1]))),
            line <= number <= end_line,
        )
        for number in range(first, last + 1)
    )


def _shortened(text: str) -> str:
    if len(text) <= MAX_LINE_CHARS:
        return text
    return f"{text[:MAX_LINE_CHARS]} \N{HORIZONTAL ELLIPSIS} ({len(text):,} characters)"


def _lines(path: str) -> tuple[str, ...]:
    """The lines of `path`, read once per content version, or () when it cannot be read."""
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return ()
    return _read(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=128)
def _read(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """Split on newlines only: str.splitlines would also split on form feeds and shift numbers."""
    del mtime_ns, size  # part of the cache key only, so an edited file is read again
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except (OSError, ValueError):
        return ()
    return tuple(text.removesuffix("\n").split("\n")) if text else ()
