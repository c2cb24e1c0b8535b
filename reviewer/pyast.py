"""`ast.parse` behind one lock: CPython 3.11 can fail with "AST constructor recursion depth
mismatch" (a SystemError) when two threads build AST objects at once, and our in-process
analyzers run in threads side by side."""

from __future__ import annotations

import ast
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.RLock()


@contextmanager
def exclusive() -> Iterator[None]:
    """Hold the lock around code that calls `ast.parse` itself (radon, for one)."""
    with _LOCK:
        yield


def parse_expression(source: str) -> ast.expr:
    """One expression's tree, one thread at a time."""
    with _LOCK:
        return ast.parse(source, mode="eval").body


def parse_module(source: str | bytes, filename: str = "<unknown>") -> ast.Module:
    """A whole module's tree, one thread at a time."""
    with _LOCK:
        return ast.parse(source, filename=filename)
