"""Rewrites that give a function a seam a test can use: the current time passed in as a
parameter in place of the clock read inside, and collaborators received by the constructor
in place of being created there."""

from __future__ import annotations

import ast

from reviewer.model import Suggestion
from reviewer.suggestions.base import Edit, Flagged, made
from reviewer.suggestions.python_source import PythonSource, dotted

# The clock reads we can replace, by the last two parts of their name, and the type of the
# value they give (None: the type is the class the call is made on, as written).
CLOCK_READS: dict[str, str | None] = {
    "datetime.now": None,
    "datetime.utcnow": None,
    "datetime.today": None,
    "date.today": None,
    "time.time": "float",
}
FUNCTIONS = ast.FunctionDef | ast.AsyncFunctionDef


def now_parameter(flagged: Flagged) -> Suggestion | None:
    """`def is_overdue(invoice): return datetime.now() > invoice.due_at` ->
    `def is_overdue(invoice, now: datetime): return now > invoice.due_at`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for call in source.flagged_nodes(ast.Call):
        kind = _clock_type(call)
        function = source.enclosing_function(call)
        if kind is None or function is None:
            continue
        name = "today" if dotted(call.func).endswith("today") else "now"
        reads = [c for c in _calls_in(function) if source.code(c) == source.code(call)]
        added = _added_parameter(source, function, f"{name}: {kind}")
        if added is None or _uses_name(function, name):
            return None
        edits = [added, *(source.replace(c, name) for c in reads)]
        note = (
            f"takes `{name}` as a parameter in place of `{source.code(call)}`: callers pass the"
            f" current time in, tests a fixed one; each caller of `{function.name}` changes"
        )
        return made(flagged, edits, safe=False, source="review", note=note)
    return None


def _clock_type(call: ast.Call) -> str | None:
    name = dotted(call.func)
    owner, _, method = name.rpartition(".")
    key = f"{owner.rpartition('.')[2]}.{method}"
    if key not in CLOCK_READS:
        return None
    return CLOCK_READS[key] or owner


def _calls_in(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
    """The function's own calls, not those of functions defined in it."""
    found: list[ast.Call] = []
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Call):
            found.append(node)
        if not isinstance(node, FUNCTIONS | ast.Lambda | ast.ClassDef):
            pending.extend(ast.iter_child_nodes(node))
    return found


def _uses_name(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    taken = {a.arg for a in every} | {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
    return name in taken


def _added_parameter(
    source: PythonSource, function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str
) -> Edit | None:
    """The parameter added after the positional ones; None where it cannot simply go last
    (after parameters with defaults, `*args`, keyword-only ones or `**kwargs`)."""
    arguments = function.args
    if arguments.defaults or arguments.vararg or arguments.kwonlyargs or arguments.kwarg:
        return None
    positional = [*arguments.posonlyargs, *arguments.args]
    if positional:
        return source.insert_after(positional[-1], f", {parameter}")
    opening = source.flagged.text.find("(", source.start(function))
    if opening < 0 or source.flagged.text[opening + 1 : opening + 2] != ")":
        return None
    return Edit(opening + 1, opening + 1, parameter)
