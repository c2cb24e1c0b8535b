"""Error handling: failures that are only logged, and catch-alls around long blocks.

ruff already reports bare `except:` (E722), `except: pass` (S110), catch-all handlers (BLE001),
`raise` without `from` (B904) and `return` in `finally` (B012); these detectors add what a
line-level linter cannot see.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.python_design.ast_tools import (
    count_statements,
    dotted,
    last_name,
    without_docstring,
)
from reviewer.analyzers.python_design.context import ModuleContext
from reviewer.analyzers.python_design.roles import ROOT_NAMES, enclosing, under_main_guard
from reviewer.analyzers.python_design.testability import is_logging_call
from reviewer.model import Finding

BROAD = frozenset({"Exception", "BaseException"})
EXPECTED = frozenset(
    {
        "ImportError",
        "ModuleNotFoundError",
        "KeyboardInterrupt",
        "StopIteration",
        "StopAsyncIteration",
        "GeneratorExit",
        "CancelledError",
    }
)
QUIET_LEVELS = frozenset({"debug", "info"})


def caught_names(handler: ast.ExceptHandler) -> list[str]:
    """The exception names a handler catches; empty for a bare `except:`."""
    if handler.type is None:
        return []
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return [last_name(t) for t in types]


def is_broad(handler: ast.ExceptHandler) -> bool:
    names = caught_names(handler)
    return not names or bool(set(names) & BROAD)


def log_and_swallow(module: ModuleContext) -> Iterator[Finding]:
    """A handler that logs the failure and carries on as if nothing happened."""
    if module.is_test:
        return
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ExceptHandler) and _only_logs(node) and _reportable(module, node):
            scope = enclosing(module, node)
            where = f"`{scope.name}`" if scope else "This module"
            caught = "every exception" if is_broad(node) else f"`{ast.unparse(node.type or node)}`"
            log = next(_log_calls(node))
            message = f"{where} catches {caught} and only logs it with `{dotted(log.func)}`"
            yield module.finding("log-and-swallow", node, message, {"caught": caught_names(node)})


def _only_logs(handler: ast.ExceptHandler) -> bool:
    """Every statement logs, passes, continues or returns nothing, and one of them logs."""
    body = without_docstring(handler.body)
    logs = [s for s in body if isinstance(s, ast.Expr) and is_logging_call(s.value)]
    rest = [s for s in body if s not in logs]
    quiet = all(_says_nothing(s) for s in rest)
    return bool(logs) and quiet


def _says_nothing(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass | ast.Continue):
        return True
    if isinstance(statement, ast.Return):
        value = statement.value
        return value is None or (isinstance(value, ast.Constant) and value.value is None)
    return False


def _reportable(module: ModuleContext, handler: ast.ExceptHandler) -> bool:
    """Broad handlers always; narrow ones only when a failure is logged without its traceback."""
    if set(caught_names(handler)) & EXPECTED or _at_top_level(module, handler):
        return False
    if is_broad(handler):
        return True
    if any(isinstance(s, ast.Continue) for s in handler.body):
        return False
    logs = list(_log_calls(handler))
    loud = any(last_name(c.func) not in QUIET_LEVELS for c in logs)
    return loud and not any(_keeps_traceback(c) for c in logs)


def _log_calls(handler: ast.ExceptHandler) -> Iterator[ast.Call]:
    for statement in handler.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if isinstance(call, ast.Call) and is_logging_call(call):
            yield call


def _keeps_traceback(call: ast.Call) -> bool:
    if last_name(call.func) == "exception":
        return True
    return any(k.arg in {"exc_info", "stack_info"} for k in call.keywords)


def _at_top_level(module: ModuleContext, node: ast.AST) -> bool:
    """`main()` and the `__main__` block are where a program may report and stop."""
    scope = enclosing(module, node)
    return under_main_guard(module, node) or (scope is not None and scope.name in ROOT_NAMES)


def broad_try(module: ModuleContext) -> Iterator[Finding]:
    """A catch-all handler around a long `try` body: it cannot know which step failed."""
    limit = module.thresholds.min_broad_try_statements
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Try | ast.TryStar):
            continue
        handler = next((h for h in node.handlers if is_broad(h) and not _reraises(h)), None)
        size = count_statements(node.body)
        if handler is None or size < limit or _at_top_level(module, node):
            continue
        scope = enclosing(module, node)
        where = f"`{scope.name}`" if scope else "This module"
        caught = (
            "a bare `except:`" if handler.type is None else f"`except {ast.unparse(handler.type)}`"
        )
        message = f"{where} wraps {size} statements in one `try` caught by {caught}"
        yield module.finding("broad-try", node, message, {"metric": size})


def _reraises(handler: ast.ExceptHandler) -> bool:
    return any(isinstance(s, ast.Raise) for s in ast.walk(handler) if isinstance(s, ast.stmt))
