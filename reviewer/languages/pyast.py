"""`ast.parse` behind one lock: CPython 3.11 can fail with "AST constructor recursion depth
mismatch" (a SystemError) when two threads build AST objects at once, and our in-process
analyzers run in threads side by side.

Deeply nested code that CPython compiles (a 1,200-branch `elif` chain) can still exceed the
recursion limit here, where the parse starts many frames down a worker thread, or in a tool
that walks the tree recursively (radon): `in_fresh_thread` gives such a call the room that
CPython's own top level has, or more."""

from __future__ import annotations

import ast
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

_LOCK = threading.RLock()
_DEEP = threading.Lock()
_inside = threading.local()
T = TypeVar("T")
# A recursion limit and a stack that let radon's recursive visitor walk the deepest tree
# CPython's parser builds (about 5,000 nested blocks); the stack is reserved, not used.
DEEP_RECURSION_LIMIT = 20_000
DEEP_STACK_BYTES = 256 * 1024 * 1024


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
    """A whole module's tree, one thread at a time. A module nested too deeply for the
    frames left in this thread is parsed again in a fresh one, as `python` itself would."""
    with _LOCK:
        try:
            return ast.parse(source, filename=filename)
        except RecursionError:
            return in_fresh_thread(
                lambda: ast.parse(source, filename=filename), DEEP_RECURSION_LIMIT
            )


def in_fresh_thread(call: Callable[[], T], recursion_limit: int | None = None) -> T:
    """`call()` in a new thread with a large stack, under `recursion_limit` when given;
    its result, or the exception it raised. One such call at a time: the recursion limit is
    the whole process's, and is put back as soon as the call ends."""
    if getattr(_inside, "deep", False):
        return call()  # already in such a thread: the lock is ours
    outcome: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        _inside.deep = True
        try:
            outcome.append(call())
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread
            failure.append(error)

    with _DEEP:
        saved = sys.getrecursionlimit()
        sys.setrecursionlimit(max(saved, recursion_limit or saved))
        try:
            _run_with_large_stack(work)
        finally:
            sys.setrecursionlimit(saved)
    if failure:
        raise failure[0]
    return outcome[0]


def _run_with_large_stack(work: Callable[[], None]) -> None:
    """Run `work` in a new thread and wait for it; RecursionError when the platform cannot
    start a thread with so large a stack."""
    try:
        previous = threading.stack_size(DEEP_STACK_BYTES)
    except (ValueError, RuntimeError) as error:
        raise RecursionError("no thread with a larger stack could be started") from error
    try:
        thread = threading.Thread(target=work, name="review-deep", daemon=True)
        thread.start()
    except RuntimeError as error:
        raise RecursionError("no thread with a larger stack could be started") from error
    finally:
        threading.stack_size(previous)
    thread.join()
