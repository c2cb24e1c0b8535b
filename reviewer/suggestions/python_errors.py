"""Rewrites about what a function's caller and its failures see: the exceptions a broad
`except` should name, and a mutable default made `None` and filled in the body."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.model import Suggestion
from reviewer.suggestions.base import Edit, Flagged, made
from reviewer.suggestions.python_source import PythonSource, dotted

BROAD = frozenset({"Exception", "BaseException"})
# What the common calls raise when their input is not as hoped.
RAISED_BY = {
    "int": "ValueError",
    "float": "ValueError",
    "open": "OSError",
    "json.loads": "json.JSONDecodeError",
    "json.load": "json.JSONDecodeError",
}
# Calls that raise nothing a handler is for on ordinary values.
QUIET_CALLS = frozenset(
    {"len", "str", "repr", "bool", "isinstance", "print", "list", "tuple", "dict", "set", "sorted"}
)
# Methods of files, strings and mappings that raise nothing beyond what `open` or a lookup
# already named.
QUIET_METHODS = frozenset(
    {"read", "readline", "readlines", "strip", "lower", "upper", "split", "encode", "get"}
)
MUTABLE_CALLS = frozenset({"list", "dict", "set", "collections.defaultdict", "defaultdict"})


def named_exceptions(flagged: Flagged) -> Suggestion | None:
    """`except Exception as err:` -> `except (ValueError, OSError) as err:`, naming what
    the `try` body's calls are known to raise; None when it calls nothing known."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for handler in source.flagged_nodes(ast.ExceptHandler):
        if handler.type is None or dotted(handler.type) not in BROAD:
            continue
        attempt = source.parents.get(handler)
        if not isinstance(attempt, ast.Try):
            return None
        raised = list(dict.fromkeys(_raised(attempt.body)))
        if not raised or _calls_unknown(attempt.body):  # jwt.decode: what else it raises?
            return None
        named = raised[0] if len(raised) == 1 else f"({', '.join(raised)})"
        note = (
            f"catches {', '.join(f'`{r}`' for r in raised)}, what the `try` body's calls"
            " raise on bad input; any other error then reaches the caller"
        )
        return made(
            flagged, [source.replace(handler.type, named)], safe=False, source="review", note=note
        )
    return None


def _raised(body: list[ast.stmt]) -> Iterator[str]:
    for statement in body:
        for node in _walk_here(statement):
            if isinstance(node, ast.Call) and dotted(node.func) in RAISED_BY:
                yield RAISED_BY[dotted(node.func)]
            elif _keyed(node):
                yield "KeyError"


def _calls_unknown(body: list[ast.stmt]) -> bool:
    """A call whose failures are not known here: naming fewer exceptions than it raises would
    turn its errors into crashes."""
    calls = (n for s in body for n in _walk_here(s) if isinstance(n, ast.Call))
    return not all(_known(call) for call in calls)


def _known(call: ast.Call) -> bool:
    name = dotted(call.func)
    if name in RAISED_BY or name in QUIET_CALLS:
        return True
    return isinstance(call.func, ast.Attribute) and call.func.attr in QUIET_METHODS


def _keyed(node: ast.AST) -> bool:
    """`data["key"]`: a lookup by a string key, which raises `KeyError`."""
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.ctx, ast.Load)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    )


def _walk_here(node: ast.AST) -> Iterator[ast.AST]:
    """The node and those under it, not entering functions or classes defined there."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(
            child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
        ):
            yield from _walk_here(child)


def none_default(flagged: Flagged) -> Suggestion | None:
    """`def add(item, seen=[]):` -> `def add(item, seen=None):` and the body starts with
    `if seen is None: seen = []`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    functions = [n for n in ast.walk(source.tree) if isinstance(n, ast.FunctionDef)]
    for function in functions:
        found = _mutable_default(function, flagged)
        if found is None:
            continue
        parameter, default = found
        first = _first_statement(function)
        if first is None or first.lineno <= default.end_lineno:  # type: ignore[operator]
            return None
        indent = " " * first.col_offset
        line_start = source.offset(first.lineno, 0)
        name, fresh = parameter.arg, source.code(default)
        filled = f"{indent}if {name} is None:\n{indent}    {name} = {fresh}\n"
        edits = [source.replace(default, "None"), Edit(line_start, line_start, filled)]
        if parameter.annotation is not None and "None" not in source.code(parameter.annotation):
            edits.append(source.insert_after(parameter.annotation, " | None"))
        note = f"gives `{name}` a fresh `{fresh}` on every call that leaves it out"
        return made(flagged, edits, safe=False, source="review", note=note)
    return None


def _mutable_default(
    function: ast.FunctionDef, flagged: Flagged
) -> tuple[ast.arg, ast.expr] | None:
    """The parameter whose default, on the flagged lines, is a fresh list, dict or set."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    pairs = list(
        zip(
            positional[len(positional) - len(arguments.defaults) :], arguments.defaults, strict=True
        )
    )
    pairs += [
        (p, d)
        for p, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
        if d is not None
    ]
    for parameter, default in pairs:
        literal = isinstance(default, ast.List | ast.Dict | ast.Set)
        made_fresh = isinstance(default, ast.Call) and dotted(default.func) in MUTABLE_CALLS
        if (literal or made_fresh) and flagged.line <= default.lineno <= flagged.end_line:
            return parameter, default
    return None


def _first_statement(function: ast.FunctionDef) -> ast.stmt | None:
    """The body's first statement after the docstring."""
    body = function.body
    documented = (
        isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )
    rest = body[1:] if documented else body
    return rest[0] if rest else None
