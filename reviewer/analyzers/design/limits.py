"""Unbounded reads: a route whose client chooses how many rows come back (a `limit` or
`per_page` parameter, or query-string value) with no maximum before it reaches the query."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

# Parameters and query-string keys that say how many rows a client wants.
LIMIT_NAMES = frozenset({"limit", "per_page", "page_size", "size", "count", "max_results"})
# Route decorators of FastAPI, Flask and Starlette routers and apps.
ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "route", "api_route"})
# Where the number becomes a row count: SQL/ORM limits, pagination, slices.
CAPS = frozenset({"min", "clamp", "conint"})
BOUNDS = frozenset({"le", "lt"})


@detector("unbounded-limit")
def unbounded_limit(module: ModuleContext) -> Iterator[Finding]:
    """A client-chosen row count used in a route's query with no maximum."""
    for function in module.function_nodes:
        if not _is_route(function):
            continue
        for name, node in _client_counts(function):
            if _reaches_query(function, name) and not _capped(function, name):
                message = (
                    f"`{name}` comes from the client and sets how many rows `{function.name}`"
                    " reads, with no maximum"
                )
                yield module.finding(node, message)


def _is_route(function: FunctionNode) -> bool:
    calls = (d for d in function.decorator_list if isinstance(d, ast.Call))
    return any(isinstance(c.func, ast.Attribute) and c.func.attr in ROUTE_DECORATORS for c in calls)


def _client_counts(function: FunctionNode) -> Iterator[tuple[str, ast.AST]]:
    """FastAPI parameters named like a count (without `le=`), and Flask's
    `request.args.get("limit", type=int)` given to a name."""
    arguments = function.args
    defaults = dict(zip(reversed(arguments.args), reversed(arguments.defaults), strict=False))
    for parameter in arguments.args:
        default = defaults.get(parameter)
        bounded = _bounded(default) or _bounded_annotation(parameter.annotation)
        if parameter.arg in LIMIT_NAMES and default is not None and not bounded:
            yield parameter.arg, parameter
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and _query_string_count(node.value):
                yield target.id, node


def _bounded(default: ast.expr | None) -> bool:
    """`Query(100, le=500)`: FastAPI refuses a larger number before the function runs."""
    return isinstance(default, ast.Call) and any(k.arg in BOUNDS for k in default.keywords)


def _bounded_annotation(annotation: ast.expr | None) -> bool:
    """`Annotated[int, Query(le=100)]`, FastAPI's recommended form, bounds it too."""
    if not isinstance(annotation, ast.Subscript) or not isinstance(annotation.slice, ast.Tuple):
        return False
    return any(_bounded(part) for part in annotation.slice.elts[1:])


def _query_string_count(value: ast.expr) -> bool:
    if not isinstance(value, ast.Call) or not (dotted(value.func) or "").endswith("args.get"):
        return False
    key = value.args[0] if value.args else None
    named = isinstance(key, ast.Constant) and key.value in LIMIT_NAMES
    return named and any(k.arg == "type" for k in value.keywords)


def _reaches_query(function: FunctionNode, name: str) -> bool:
    """The name is given to `.limit(...)`, `.paginate(...)`, `.fetchmany(...)` or a slice."""
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            given = [*node.args, *(k.value for k in node.keywords)]
            if node.func.attr in {"limit", "paginate", "fetchmany"} and _uses(given, name):
                return True
        if isinstance(node, ast.Slice) and _uses([node.lower, node.upper], name):
            return True
    return False


def _capped(function: FunctionNode, name: str) -> bool:
    """`min(limit, 100)` or `limit = min(...)` somewhere in the function."""
    calls = (n for n in ast.walk(function) if isinstance(n, ast.Call))
    return any(dotted(c.func) in CAPS and _uses(c.args, name) for c in calls)


def _uses(nodes: Sequence[ast.expr | None], name: str) -> bool:
    return any(
        isinstance(n, ast.Name) and n.id == name
        for node in nodes
        if node is not None
        for n in ast.walk(node)
    )
