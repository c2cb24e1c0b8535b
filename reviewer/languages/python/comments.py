"""The Python comment lines that may be suppressions: comments only, never a string or
docstring that mentions `# review: ignore`."""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator, Sequence

from reviewer.languages.base import Hinted, source_lines
from reviewer.languages.marks import HINT


def hinted_comments(text: str, tree: ast.Module | None = None) -> Hinted:
    """(line number, text) of the comment lines that mention a mark: all a file's
    suppressions can come from, and little enough to keep in the cache. With the file's
    parsed `tree`, only the lines that mention a mark are tokenized, not the whole file."""
    lines = source_lines(text)
    hinted = [n for n, line in enumerate(lines, start=1) if HINT.search(line)]
    if not hinted:
        return ()
    if tree is not None and not _in_long_strings(hinted, tree):
        verdicts = {n: _has_comment(lines[n - 1]) for n in hinted}
        if None not in verdicts.values():
            return tuple((n, lines[n - 1]) for n, commented in verdicts.items() if commented)
    return tuple((n, line) for n, line in _comment_lines(text, lines) if HINT.search(line))


def _in_long_strings(numbers: Sequence[int], tree: ast.Module) -> bool:
    """True when one of the lines lies in a string that spans lines: only the whole file's
    tokens tell whether a `#` there opens a comment."""
    wanted = set(numbers)
    spans = (
        range(node.lineno, (node.end_lineno or node.lineno) + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant | ast.JoinedStr) and node.end_lineno != node.lineno
    )
    return any(wanted.intersection(span) for span in spans)


def _has_comment(line: str) -> bool | None:
    """Whether a line, read on its own, holds a comment token; None when it cannot tell."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line + "\n").readline):
            if token.type == tokenize.COMMENT:
                return True
    except tokenize.TokenError:
        return False  # the line opens a bracket it does not close: no comment before that
    except (SyntaxError, ValueError):
        return None
    return False


def _comment_lines(text: str, lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """(line number, text) of the comment lines; every line when the text does not tokenize."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        yield from enumerate(lines, start=1)
        return
    for token in tokens:
        if token.type == tokenize.COMMENT:
            row = token.start[0]
            yield row, lines[row - 1]
