"""Error handling: failures that are only logged, and catch-alls around long blocks.

ruff already reports bare `except:` (E722), `except: pass` (S110), catch-all handlers (BLE001),
`raise` without `from` (B904) and `return` in `finally` (B012); these detectors add what a
line-level linter cannot see.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterable, Iterator

from reviewer.analyzers.design.ast_tools import (
    count_statements,
    dotted,
    last_name,
    without_docstring,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.roles import ROOT_NAMES, enclosing, under_main_guard, who
from reviewer.analyzers.design.testability import is_logging_call
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


@detector("log-and-swallow")
def log_and_swallow(module: ModuleContext) -> Iterator[Finding]:
    """A handler that logs the failure and carries on as if nothing happened."""
    if module.is_test:
        return
    for node in module.nodes_of(ast.ExceptHandler):
        if isinstance(node, ast.ExceptHandler) and _only_logs(node) and _reportable(module, node):
            scope = enclosing(module, node)
            where = who(module, scope)
            caught = "every exception" if is_broad(node) else f"`{ast.unparse(node.type or node)}`"
            log = next(_log_calls(node))
            message = f"{where} catches {caught} and only logs it with `{dotted(log.func)}`"
            yield module.finding(node, message, {"caught": caught_names(node)})


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
    if _returns_sentinel(module, handler):
        return False
    if is_broad(handler):
        return True
    if any(isinstance(s, ast.Continue) for s in handler.body):
        return False
    logs = list(_log_calls(handler))
    loud = any(last_name(c.func) not in QUIET_LEVELS for c in logs)
    return loud and not any(_keeps_traceback(c) for c in logs)


def _returns_sentinel(module: ModuleContext, handler: ast.ExceptHandler) -> bool:
    """`None` from a function that otherwise returns values: for its callers, `None` means it
    failed. The handler returns it explicitly, or falls off the end of the function."""
    scope = enclosing(module, handler)
    if scope is None:
        return False
    statement = module.parent(handler)
    returns_here = any(isinstance(s, ast.Return) for s in handler.body)
    returns_here = returns_here or _followed_by_return_none(scope.node.body, statement)
    if isinstance(statement, ast.Try) and any(
        isinstance(n, ast.Return) for n in module.index.body(statement.finalbody)
    ):
        return False
    if not returns_here and not (scope.node.body and scope.node.body[-1] is statement):
        return False
    returns = (n for n in module.body_nodes(scope.node) if isinstance(n, ast.Return))
    return any(r.value is not None and not _is_none(r.value) for r in returns)


def _followed_by_return_none(body: list[ast.stmt], statement: ast.AST | None) -> bool:
    """`try: ... except: log(...)` then `return None` right after the `try`."""
    for current, following in itertools.pairwise(body):
        if current is statement:
            value = following.value if isinstance(following, ast.Return) else ast.Constant(1)
            return isinstance(following, ast.Return) and (value is None or _is_none(value))
    return False


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


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


@detector("broad-try")
def broad_try(module: ModuleContext) -> Iterator[Finding]:
    """A catch-all handler around a long `try` body: it cannot know which step failed."""
    limit = module.thresholds.min_broad_try_statements
    for node in module.nodes_of(ast.Try | ast.TryStar):
        if not isinstance(node, ast.Try | ast.TryStar):
            continue
        handler = next((h for h in node.handlers if _catches_all_quietly(module, h)), None)
        size = count_statements(module.index.body(node.body))
        if handler is None or size < limit or _at_top_level(module, node):
            continue
        scope = enclosing(module, node)
        where = who(module, scope)
        caught = (
            "a bare `except:`" if handler.type is None else f"`except {ast.unparse(handler.type)}`"
        )
        message = f"{where} wraps {size} statements in one `try` caught by {caught}"
        yield module.finding(node, message, {"metric": size})


def _catches_all_quietly(module: ModuleContext, handler: ast.ExceptHandler) -> bool:
    """A catch-all that neither raises again nor keeps the exception."""
    if not is_broad(handler):
        return False
    nodes = module.index.subtree(handler)
    return not _reraises(nodes) and not _keeps(handler, nodes)


def _keeps(handler: ast.ExceptHandler, nodes: Iterable[ast.AST]) -> bool:
    """`except BaseException as e: error = e`: the exception is kept and dealt with later."""
    if handler.name is None:
        return False
    stores = (n for n in nodes if isinstance(n, ast.Assign))
    return any(dotted(s.value) == handler.name for s in stores)


def _reraises(nodes: Iterable[ast.AST]) -> bool:
    """A `raise` among a handler's nodes."""
    return any(isinstance(n, ast.Raise) for n in nodes)
