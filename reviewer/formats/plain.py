"""Comment text for the terminal: one line, no Markdown (escapes undone, code spans unwrapped),
control characters shown escaped, so tree text never reaches the terminal raw."""

from __future__ import annotations

from reviewer.model import Comment, Occurrence
from reviewer.render.excerpts import excerpt, printable
from reviewer.render.prose import plain_inline


def place_title(comment: Comment, occurrence: Occurrence) -> str:
    """The comment's title said of one of its places: the rule's title, naming that place's
    function or class."""
    if occurrence is comment.primary and comment.title:
        return plain_inline(comment.title)
    symbol = f" in {occurrence.symbol}" if occurrence.symbol else ""
    return plain_inline(comment.rule.title) + printable(symbol)


def source_line(path: str, line: int) -> str:
    """`  12 | the flagged line`, escaped and shortened, or "" when the file cannot be read."""
    found = excerpt(path, line, line, context=0, max_lines=1)
    return f"{found[0].number} | {found[0].text}" if found else ""
