"""The name of the function or class around a line, so that comments can name the thing."""

from __future__ import annotations

import ast
import functools
from pathlib import Path


def _stamp(path: str) -> tuple[str, int, int]:
    """The path with its modification time and size, so an edited file is parsed again."""
    try:
        status = Path(path).resolve().stat()
    except OSError:
        return (path, 0, 0)
    return (str(Path(path).resolve()), status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=256)
def _python_spans(stamp: tuple[str, int, int]) -> tuple[tuple[int, int, str], ...]:
    path = stamp[0]
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError):
        return ()
    return tuple(_spans(tree, ""))


def _spans(node: ast.AST, prefix: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{child.name}"
            first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
            found.append((first, child.end_lineno or child.lineno, name))
            found += _spans(child, f"{name}.")
        else:
            found += _spans(child, prefix)
    return found


def symbol_at(path: str, line: int) -> str:
    """The innermost function or class (dotted, e.g. `OrderService.place`) that holds the line."""
    if not path.endswith((".py", ".pyi")):
        return ""
    holding = [
        (start, name) for start, end, name in _python_spans(_stamp(path)) if start <= line <= end
    ]
    return max(holding)[1] if holding else ""
