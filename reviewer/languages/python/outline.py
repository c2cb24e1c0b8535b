"""The defs and classes of a Python module, and for each line the ones around it."""

from __future__ import annotations

import ast
import functools
import warnings
from collections.abc import Iterator
from pathlib import Path

from reviewer.languages.base import NO_OUTLINE, Outline, Span, Stamp, file_stamp, outline_from
from reviewer.languages.pyast import parse_module

# Statement fields that hold nested statements: the only places a def or class can hide.
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def check_python(data: bytes) -> ast.Module:
    """The module's tree; SyntaxError or ValueError when the bytes are not Python that parses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_module(data)


def outline_of(tree: ast.AST) -> Outline:
    """The outline of a parsed module (outermost span first on every line)."""
    return outline_from(_spans(tree, ""))


def outline_on_disk(path: str) -> Outline:
    """The outline of a Python file as it is on disk now; empty when it does not parse."""
    return _outline(file_stamp(path))


@functools.lru_cache(maxsize=512)
def _outline(stamp: Stamp) -> Outline:
    try:
        tree = parse_module(Path(stamp[0]).read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return NO_OUTLINE
    return outline_of(tree)


def tree_on_disk(path: str) -> ast.Module | None:
    """The syntax tree of a Python file as it is on disk now; None when it does not parse."""
    return _tree(file_stamp(path))


@functools.lru_cache(maxsize=64)
def _tree(stamp: Stamp) -> ast.Module | None:
    try:
        return check_python(Path(stamp[0]).read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None


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
