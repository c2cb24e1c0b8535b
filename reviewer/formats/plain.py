"""Comment text for the terminal: one line, no Markdown (escapes undone, code spans unwrapped),
control characters shown escaped, so tree text never reaches the terminal raw."""

from __future__ import annotations

import re

from reviewer.model import Comment, Occurrence
from reviewer.render.comments import unescaped
from reviewer.render.excerpts import excerpt, printable

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def without_code_spans(markdown: str) -> str:
    """Markdown prose with its escapes undone and its code spans' backticks dropped."""
    return _CODE_SPAN.sub(lambda span: _span_text(span[2]), unescaped(markdown))


def _span_text(inner: str) -> str:
    """A code span's text without the one space of padding CommonMark strips."""
    padded = len(inner) > 2 and inner[0] == inner[-1] == " " and bool(inner.strip())
    return inner[1:-1] if padded else inner


def plain_inline(markdown: str) -> str:
    """Markdown words as one plain, printable line."""
    return printable(" ".join(without_code_spans(markdown).split()))


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
