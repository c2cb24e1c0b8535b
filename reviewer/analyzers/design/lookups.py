"""A row looked up by what the request names (`.first()`, `session.get(Model, id)`,
`Model.query.get(id)`, `session.scalar(...)`, Django's `Model.objects.get(...)`) and used as
if it were always found: an unknown id ends in a 500 instead of a 404."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.orm import is_model_query
from reviewer.analyzers.design.roles import parameter_names
from reviewer.analyzers.design.web import is_view
from reviewer.model import Finding

# Calls that end a query and give None when no row matches.
NONE_ENDS = frozenset({"first", "one_or_none", "scalar"})
# Parts of a chain that say the receiver is a query.
QUERY_LINKS = frozenset(
    {"query", "objects", "filter", "filter_by", "where", "order_by", "exec", "scalars", "execute"}
)
# Handlers that turn Django's `DoesNotExist` into an answer.
NOT_FOUND_HANDLERS = frozenset({"DoesNotExist", "ObjectDoesNotExist", "Exception", "Http404"})
MAX_SHOWN = 40
GUARDS = ast.If | ast.IfExp | ast.While | ast.Assert | ast.BoolOp


@dataclass(frozen=True)
class Lookup:
    """A name given a row that may be missing: the assignment, the call, and how it fails."""

    name: str
    statement: ast.Assign
    call: ast.Call
    raises: bool


def missing_record_findings(module: ModuleContext) -> Iterator[Finding]:
    for function in module.function_nodes:
        if module.is_test or not is_view(module, function):
            continue
        inputs = parameter_names(function) - {"self", "cls"}
        for lookup in _lookups(module, function, inputs):
            message = _message(module, function, lookup)
            if message is not None:
                shown = f"{_short(lookup.call)}()"
                extras = {"call": shown, "raises": lookup.raises}
                yield module.finding(lookup.statement, message, extras)


def _message(module: ModuleContext, function: FunctionNode, lookup: Lookup) -> str | None:
    shown = f"`{_short(lookup.call)}()`"
    if lookup.raises:
        return (
            f"`{function.name}` looks up `{lookup.name}` with {shown}, which raises "
            "`DoesNotExist` for an unknown key, and nothing catches it: a 500 instead of a 404"
        )
    line = _unchecked_use(module, function, lookup)
    if line is None:
        return None
    return (
        f"`{function.name}` uses `{lookup.name}` (line {line}) as if {shown} had found a row, "
        "but it gives `None` for an unknown key: a 500 instead of a 404"
    )


def _short(call: ast.Call) -> str:
    """The callee as written, or `.first` for a long chain."""
    written = ast.unparse(call.func)
    if len(written) <= MAX_SHOWN or not isinstance(call.func, ast.Attribute):
        return written
    return f".{call.func.attr}"


def _lookups(
    module: ModuleContext, function: FunctionNode, inputs: frozenset[str]
) -> Iterator[Lookup]:
    for node in module.body_nodes(function):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
            continue
        if not _from_request(value, inputs) or _in_handler(module, node):
            continue
        if _may_be_none(value):
            yield Lookup(target.id, node, value, raises=False)
        elif _django_get(value) and not _handled(module, node):
            yield Lookup(target.id, node, value, raises=True)


def _in_handler(module: ModuleContext, node: ast.AST) -> bool:
    """In an `except` block: a fallback whose `try` set up when it runs (`MultipleObjects
    Returned` means there are rows)."""
    current = module.parent(node)
    while current is not None and not isinstance(current, FunctionNode):
        if isinstance(current, ast.ExceptHandler):
            return True
        current = module.parent(current)
    return False


def _from_request(call: ast.Call, inputs: frozenset[str]) -> bool:
    """The lookup's key comes from the view's parameters or from `request`."""
    names = {n.id for n in ast.walk(call) if isinstance(n, ast.Name)}
    return bool(names & (inputs | {"request"}))


def _may_be_none(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in NONE_ENDS:
        return bool(_chain(func.value) & QUERY_LINKS)
    if func.attr == "get" and is_model_query(call):
        return True  # `User.query.get(id)`
    session_get = func.attr == "get" and last_name(func.value) == "session"
    first = call.args[0] if call.args else None
    return session_get and isinstance(first, ast.Name) and first.id[:1].isupper()


def _chain(node: ast.expr) -> set[str]:
    """The method and attribute names along a call chain: `A.query.filter_by(x).first`."""
    found: set[str] = set()
    current: ast.expr | None = node
    while current is not None:
        if isinstance(current, ast.Call):
            current = current.func
        elif isinstance(current, ast.Attribute):
            found.add(current.attr)
            current = current.value
        else:
            current = None
    return found


def _django_get(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "get" and "objects" in _chain(func)


def _handled(module: ModuleContext, node: ast.AST) -> bool:
    """Inside a `try` whose handlers catch `DoesNotExist` (or everything)."""
    current = module.parent(node)
    while current is not None and not isinstance(current, FunctionNode):
        if isinstance(current, ast.Try) and any(_catches(h) for h in current.handlers):
            return True
        current = module.parent(current)
    return False


def _catches(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(last_name(t) in NOT_FOUND_HANDLERS for t in types)


def _unchecked_use(module: ModuleContext, function: FunctionNode, lookup: Lookup) -> int | None:
    """The line of the first attribute or item read of the name after the lookup, when
    nothing tests the name."""
    after = lookup.statement.end_lineno or lookup.statement.lineno
    lines = []
    for node in module.body_nodes(function):
        if _tests(node, lookup.name):
            return None
        line = getattr(node, "lineno", 0)
        if _reads_into(node, lookup.name) and line > after:
            lines.append(line)
    return min(lines, default=None)


def _reads_into(node: ast.AST, name: str) -> bool:
    """`name.attr` or `name[key]`."""
    if isinstance(node, ast.Attribute | ast.Subscript):
        return isinstance(node.value, ast.Name) and node.value.id == name
    return False


def _tests(node: ast.AST, name: str) -> bool:
    """`if name`, `if not name`, `name is None`, `name or abort(404)`, `assert name`."""
    if isinstance(node, ast.Compare):
        sides = [node.left, *node.comparators]
        has_none = any(isinstance(s, ast.Constant) and s.value is None for s in sides)
        return has_none and any(dotted(s) == name for s in sides)
    if not isinstance(node, GUARDS):
        return False
    tests = node.values if isinstance(node, ast.BoolOp) else [node.test]
    for test in tests:
        inner = test.operand if isinstance(test, ast.UnaryOp) else test
        if isinstance(inner, ast.Name) and inner.id == name:
            return True
    return False
