"""Check-then-insert on a unique column: a view asks whether a row with this e-mail (username,
slug) exists, answers the duplicate itself, then writes and commits with no `IntegrityError`
handled. Two requests at once both pass the check; the second write fails on the unique index
and becomes a 500."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name
from reviewer.analyzers.design.context import ClassRef, ModuleContext, ModuleInfo, qualify
from reviewer.analyzers.design.web import is_view
from reviewer.model import Finding

FILTERS = frozenset({"filter", "filter_by", "exists", "get"})
WRITES = frozenset({"add", "save", "create", "commit", "bulk_create"})
# Handlers that answer a failed insert: the constraint's own error, or wider ones.
INTEGRITY_HANDLERS = frozenset(
    {"IntegrityError", "DatabaseError", "SQLAlchemyError", "DBAPIError", "Exception"}
)


@dataclass(frozen=True)
class Check:
    """A query for rows of `model` by `column`, at `node` (the call the view makes)."""

    node: ast.AST
    model: ClassRef
    column: str


def unique_race_findings(module: ModuleContext) -> Iterator[Finding]:
    for function in module.function_nodes:
        if module.is_test or not is_view(module, function):
            continue
        checks = [c for c in _checks(module, function) if _answers_duplicate(module, function, c)]
        unique = [c for c in checks if _is_unique(module, c)]
        write = _later_write(module, function, unique[0].node) if unique else None
        if not unique or write is None or _handles_integrity(module, function, write):
            continue
        columns = " or ".join(dict.fromkeys(f"`{c.column}`" for c in unique))
        message = (
            f"`{function.name}` checks that no `{unique[0].model.node.name}` has this {columns} "
            f"and then writes it (line {write.lineno}) with no `IntegrityError` handled: two "
            "requests at once can both pass the check, and the second fails with a 500"
        )
        yield module.finding(unique[0].node, message, {"columns": columns})


def _checks(module: ModuleContext, function: FunctionNode) -> Iterator[Check]:
    """Queries by a column in the view, or calls of project functions that make one."""
    for node in module.body_nodes(function):
        if not isinstance(node, ast.Call):
            continue
        found = list(_column_queries(node, module.info, module))
        if not found:
            found = list(_through_function(module, node))
        yield from (Check(node, model, column) for model, column in found)


def _column_queries(
    call: ast.Call, home: ModuleInfo, module: ModuleContext
) -> Iterator[tuple[ClassRef, str]]:
    """`select(User).where(User.email == x)`, `User.query.filter_by(email=x)`,
    `User.objects.filter(email=x)`: the model and the column compared."""
    for node in ast.walk(call):
        if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.Eq):
            left = node.left
            if isinstance(left, ast.Attribute) and isinstance(left.value, ast.Name):
                model = module.project.resolve(left.value, home)
                if model is not None:
                    yield model, left.attr
        if isinstance(node, ast.Call) and last_name(node.func) in FILTERS:
            model = _chain_model(node, home, module)
            if model is not None:
                yield from ((model, k.arg) for k in node.keywords if k.arg)


def _chain_model(call: ast.Call, home: ModuleInfo, module: ModuleContext) -> ClassRef | None:
    """`User` for `User.query.filter_by(...)` or `User.objects.filter(...)`."""
    current: ast.expr = call.func
    while isinstance(current, ast.Attribute | ast.Call):
        current = current.func if isinstance(current, ast.Call) else current.value
        if isinstance(current, ast.Attribute) and current.attr in {"query", "objects"}:
            return module.project.resolve(current.value, home)
    return None


def _through_function(module: ModuleContext, call: ast.Call) -> Iterator[tuple[ClassRef, str]]:
    """`crud.get_user_by_email(...)`: the column queries of a project function it calls."""
    found = _project_function(module, call)
    if found is None:
        return
    function, home = found
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            yield from _column_queries(node, home, module)


def _project_function(
    module: ModuleContext, call: ast.Call
) -> tuple[FunctionNode, ModuleInfo] | None:
    name = dotted(call.func)
    if name is None or name.startswith("self."):
        return None
    if "." not in name:
        local = _top_level(module.info, name)
        if local is not None:
            return local, module.info
    module_name, _, function = qualify(name, module.info.imports).rpartition(".")
    target = module.project.modules.get(module_name)
    found = _top_level(target, function) if target else None
    return (found, target) if found is not None and target is not None else None


def _top_level(info: ModuleInfo, name: str) -> FunctionNode | None:
    return next((n for n in info.tree.body if isinstance(n, FunctionNode) and n.name == name), None)


def _answers_duplicate(module: ModuleContext, function: FunctionNode, check: Check) -> bool:
    """The check decides an `if` that leaves the view (raise, return, abort) when a row was
    found: `if found:`, `if db.session.scalar(...):`, `if found and found.id != me.id:`."""
    holder = module.parent(check.node)
    tested: set[str] = set()
    if isinstance(holder, ast.Assign):
        tested = {t.id for t in holder.targets if isinstance(t, ast.Name)}
    for node in module.body_nodes(function):
        if isinstance(node, ast.If) and _leaves(node.body) and not _uses(node.body, tested):
            test = node.test
            parts = test.values if isinstance(test, ast.BoolOp) and _is_and(test) else [test]
            if any(_found(part, check.node, tested) for part in parts):
                return True
    return False


def _uses(body: list[ast.stmt], names: set[str]) -> bool:
    """The branch uses the row it found (`return token_for(user)`): a lookup that succeeded,
    not a refusal of a duplicate."""
    return any(isinstance(n, ast.Name) and n.id in names for s in body for n in ast.walk(s))


def _is_and(test: ast.expr) -> bool:
    return isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And)


def _found(test: ast.expr, call: ast.AST, tested: set[str]) -> bool:
    """The check itself, its name, or `name is not None`."""
    if test is call or (isinstance(test, ast.Name) and test.id in tested):
        return True
    if isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.IsNot):
        return isinstance(test.left, ast.Name) and test.left.id in tested
    return False


def _leaves(body: list[ast.stmt]) -> bool:
    for statement in body:
        if isinstance(statement, ast.Raise | ast.Return):
            return True
        if isinstance(statement, ast.Expr) and last_name(statement.value) == "abort":
            return True
    return False


def _is_unique(module: ModuleContext, check: Check) -> bool:
    """The model (or a project base of it) declares the column with `unique=True`."""
    for ref in [check.model, *module.project.ancestors(check.model)]:
        for statement in ref.node.body:
            target = _declared(statement)
            if target == check.column and _unique(statement):
                return True
    return False


def _declared(statement: ast.stmt) -> str:
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id
    return ""


def _unique(statement: ast.stmt) -> bool:
    value = statement.value if isinstance(statement, ast.Assign | ast.AnnAssign) else None
    if value is None:
        return False
    keywords = (k for n in ast.walk(value) if isinstance(n, ast.Call) for k in n.keywords)
    return any(
        k.arg in {"unique", "primary_key"}
        and isinstance(k.value, ast.Constant)
        and k.value.value is True
        for k in keywords
    )


def _later_write(module: ModuleContext, function: FunctionNode, after: ast.AST) -> ast.Call | None:
    """The first insert, save or commit after the check, directly or in a project function."""
    start = getattr(after, "end_lineno", 0) or 0
    for node in module.body_nodes(function):
        if not isinstance(node, ast.Call) or node.lineno <= start:
            continue
        if last_name(node.func) in WRITES and isinstance(node.func, ast.Attribute):
            return node
        found = _project_function(module, node)
        if found is not None and _writes(found[0]):
            return node
    return None


def _writes(function: FunctionNode) -> bool:
    calls = (n for n in ast.walk(function) if isinstance(n, ast.Call))
    return any(last_name(c.func) in {"commit", "save", "create"} for c in calls)


def _handles_integrity(module: ModuleContext, function: FunctionNode, write: ast.Call) -> bool:
    """The view, or the project function that writes, catches `IntegrityError` somewhere."""
    scopes: list[ast.AST] = [function]
    found = _project_function(module, write)
    if found is not None:
        scopes.append(found[0])
    handlers = (h for s in scopes for h in ast.walk(s) if isinstance(h, ast.ExceptHandler))
    return any(_catches(h) for h in handlers)


def _catches(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(last_name(t) in INTEGRITY_HANDLERS for t in types)
