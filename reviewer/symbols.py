"""The function or class around a line: its name for comments, its header for suppressions."""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import NamedTuple

from reviewer.pyast import parse_module


class Span(NamedTuple):
    """A def or class: from its first decorator to its last line; `header` is the def line."""

    first: int
    header: int
    last: int
    name: str


def file_stamp(path: str) -> tuple[str, int, int]:
    """The path with its modification time and size, so an edited file is read again."""
    try:
        resolved = Path(path).resolve()
        status = resolved.stat()
    except (OSError, RuntimeError):
        return (path, 0, 0)
    return (str(resolved), status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=256)
def _python_spans(stamp: tuple[str, int, int]) -> tuple[Span, ...]:
    try:
        tree = parse_module(Path(stamp[0]).read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    return tuple(_spans(tree, ""))


def _spans(node: ast.AST, prefix: str) -> list[Span]:
    found: list[Span] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{child.name}"
            first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
            found.append(Span(first, child.lineno, child.end_lineno or child.lineno, name))
            found += _spans(child, f"{name}.")
        else:
            found += _spans(child, prefix)
    return found


def enclosing(path: str, line: int) -> list[Span]:
    """Every def and class that holds the line, outermost first."""
    if path.endswith(".php"):
        from reviewer.php_symbols import php_enclosing

        return [Span(*span) for span in php_enclosing(path, line)]
    if not path.endswith((".py", ".pyi")):
        return []
    return [s for s in _python_spans(file_stamp(path)) if s.first <= line <= s.last]


def symbol_at(path: str, line: int) -> str:
    """The innermost function or class (dotted, e.g. `OrderService.place`) that holds the line."""
    if path.endswith(".php"):
        from reviewer.php_symbols import php_symbol_at

        return php_symbol_at(path, line)
    holding = enclosing(path, line)
    return max(holding).name if holding else ""
