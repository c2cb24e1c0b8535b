"""The function or class around a line: its name for comments, its header for suppressions."""

from __future__ import annotations

import ast
import contextlib
import functools
import os
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import NamedTuple

from reviewer.languages.pyast import parse_module

# Statement fields that hold nested statements: the only places a def or class can hide.
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


class Span(NamedTuple):
    """A def or class: from its first decorator to its last line; `header` is the def line."""

    first: int
    header: int
    last: int
    name: str


Stamp = tuple[str, int, int]
_steady: ContextVar[dict[str, Stamp] | None] = ContextVar("steady", default=None)


@contextlib.contextmanager
def steady_files() -> Iterator[None]:
    """Within, each file's stamp is taken once: one review asks about each file thousands of
    times (django: 188,000 `stat` calls), and the files do not change under it."""
    token = _steady.set({})
    try:
        yield
    finally:
        _steady.reset(token)


def file_stamp(path: str) -> Stamp:
    """The absolute path with its modification time and size, so an edited file is read again."""
    taken = _steady.get()
    if taken is None:
        return _stamp(path)
    if path not in taken:
        taken[path] = _stamp(path)
    return taken[path]


def _stamp(path: str) -> Stamp:
    absolute = _absolute(os.getcwd(), path)
    try:
        status = os.stat(absolute)
    except (OSError, ValueError):
        return (absolute, 0, 0)
    return (absolute, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=4096)
def _absolute(cwd: str, path: str) -> str:
    """os.path.abspath, once per path: a review asks about each file thousands of times."""
    return os.path.normpath(os.path.join(cwd, path))


class Outline(NamedTuple):
    """Every def and class of a file, and for each line the spans that hold it."""

    spans: tuple[Span, ...]
    holding: tuple[tuple[Span, ...], ...]


def outline_of(tree: ast.AST) -> Outline:
    """The outline of a parsed module (outermost span first on every line)."""
    return outline_from(_spans(tree, ""))


def outline_from(found: Sequence[Span]) -> Outline:
    """The outline of a module with these spans, in source order."""
    spans = tuple(found)
    last = max((s.last for s in spans), default=0)
    holding: list[list[Span]] = [[] for _ in range(last + 2)]
    for span in spans:
        for line in range(span.first, span.last + 1):
            holding[line].append(span)
    return Outline(spans, tuple(tuple(h) for h in holding))


@functools.lru_cache(maxsize=512)
def _outline(stamp: tuple[str, int, int]) -> Outline:
    try:
        tree = parse_module(Path(stamp[0]).read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return Outline((), ())
    return outline_of(tree)


def remember(path: str, outline: Outline) -> None:
    """Keep the outline of a file parsed (or cached) elsewhere, so it is not parsed twice."""
    _known.setdefault(file_stamp(path), outline)


_known: dict[tuple[str, int, int], Outline] = {}


def _children(node: ast.AST) -> Iterator[ast.AST]:
    for field in _BODIES:
        value = getattr(node, field, None)
        if isinstance(value, list):
            yield from value


def _spans(tree: ast.AST, prefix: str) -> list[Span]:
    """Every def and class below the node, in source order. Walked with a stack, not by
    recursion: a valid 1,200-branch `elif` chain nests deeper than Python's recursion limit."""
    found: list[Span] = []
    pending: list[tuple[ast.AST, str]] = [(tree, prefix)]
    while pending:
        node, outer = pending.pop()
        inner = outer
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = f"{outer}{node.name}"
            found.append(_span(node, inner))
            inner += "."
        pending.extend((child, inner) for child in reversed(list(_children(node))))
    return found


def _span(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, name: str) -> Span:
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return Span(first, node.lineno, node.end_lineno or node.lineno, name)


def _python_outline(path: str) -> Outline:
    stamp = file_stamp(path)
    return _known.get(stamp) or _outline(stamp)


def enclosing(path: str, line: int) -> Sequence[Span]:
    """Every def and class that holds the line, outermost first."""
    if path.endswith(".php"):
        from reviewer.languages.php_outline import php_enclosing

        return [Span(*span) for span in php_enclosing(path, line)]
    if not path.endswith((".py", ".pyi")):
        return []
    holding = _python_outline(path).holding
    return holding[line] if 0 <= line < len(holding) else ()


def symbol_at(path: str, line: int) -> str:
    """The innermost function or class (dotted, e.g. `OrderService.place`) that holds the line."""
    if path.endswith(".php"):
        from reviewer.languages.php_outline import php_symbol_at

        return php_symbol_at(path, line)
    holding = enclosing(path, line)
    return holding[-1].name if holding else ""
