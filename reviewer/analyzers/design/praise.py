"""Earned praise: design choices a measurement confirms, at most one of each kind per file."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping

from reviewer.analyzers.design import dip, ocp
from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    decorator_names,
    dotted,
    last_name,
    methods,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.dip import created_collaborators
from reviewer.analyzers.design.infrastructure import is_sql_call
from reviewer.analyzers.design.roles import (
    classes,
    collaborator_name,
    enclosing,
    is_value_class,
)
from reviewer.languages import pyast
from reviewer.model import Finding

PLACEHOLDER = re.compile(r"\?|%s|%\(\w+\)s|(?<![:\w]):\w+|\$\d+")
MAPPING_WRAPPERS = frozenset({"MappingProxyType", "dict", "frozendict", "immutabledict"})
SET_CALLS = frozenset({"frozenset", "set", "tuple", "list"})


def without_contradicted_praise(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of one file, less any praise whose opposite problem is also there."""
    found = list(findings)
    codes = {f.code for f in found}
    return [f for f in found if not PRAISE_CONFLICTS.get(f.code, frozenset()) & codes]


def _module_finding(module: ModuleContext, message: str, extras: dict[str, object]) -> Finding:
    """A finding about the whole module: at its first line, where the module node is."""
    return module.finding(module.tree, message, extras)


@detector("praise-injected-dependencies")
def injected_dependencies(module: ModuleContext) -> Iterator[Finding]:
    """A class whose collaborators all arrive through `__init__`, typed by Protocols or ABCs."""
    if module.is_test:
        return
    best: tuple[ast.ClassDef, list[str]] | None = None
    for cls in classes(module):
        typed = _injected_interfaces(module, cls)
        enough = len(typed) >= module.thresholds.min_injected_protocols
        better = best is None or len(typed) > len(best[1])
        if enough and better and _builds_nothing(module, cls):
            best = (cls, typed)
    if best is not None:
        cls, typed = best
        shown = ", ".join(f"`{t}`" for t in dict.fromkeys(typed))
        message = (
            f"`{cls.name}` receives its {len(typed)} collaborators through `__init__`, each "
            f"typed by a Protocol or ABC: {shown}."
        )
        yield module.finding(
            cls,
            message,
            {"metric": len(typed), "interfaces": typed},
        )


def _injected_interfaces(module: ModuleContext, cls: ast.ClassDef) -> list[str]:
    init = next((m for m in methods(cls) if m.name == "__init__"), None)
    if init is None or is_value_class(module, cls):
        return []
    typed = []
    for arg in [*init.args.args[1:], *init.args.kwonlyargs]:
        for expr in _annotation_parts(arg.annotation):
            ref = module.project.resolve(expr, module.info)
            if ref is not None and module.project.is_interface(ref):
                typed.append(ref.node.name)
                break
    return typed


def _annotation_parts(annotation: ast.expr | None) -> list[ast.expr]:
    """The class names an annotation mentions at its top: `X | None`, `Optional[X]`, `"X"`."""
    if annotation is None:
        return []
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            return _annotation_parts(pyast.parse_expression(annotation.value))
        except SyntaxError:
            return []
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return [*_annotation_parts(annotation.left), *_annotation_parts(annotation.right)]
    if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Optional":
        return _annotation_parts(annotation.slice)
    return [annotation]


def _builds_nothing(module: ModuleContext, cls: ast.ClassDef) -> bool:
    """No method of the class creates a collaborator of its own."""
    for method in methods(cls):
        if created_collaborators(module, method):
            return False
        calls = (n for n in module.body_nodes(method) if isinstance(n, ast.Call))
        if any(collaborator_name(c, module) for c in calls):
            return False
    return True


@detector("praise-parameterized-sql")
def parameterized_sql(module: ModuleContext) -> Iterator[Finding]:
    """A module whose SQL statements all keep values apart from the statement text."""
    if module.is_test:
        return
    verdicts = [_sql_verdict(module, call) for call in _executions(module)]
    safe = verdicts.count("parameterized")
    if safe >= module.thresholds.min_parameterized_queries and verdicts.count("risky") == 0:
        message = (
            f"{'Both' if safe == 2 else f'All {safe}'} SQL statements that take values pass "
            f"them as parameters; none is built by formatting."
        )
        yield _module_finding(module, message, {"metric": safe})


def _executions(module: ModuleContext) -> Iterator[ast.Call]:
    for node in module.nodes_of(ast.Call):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        if last_name(node.func) in {"execute", "executemany"} and is_sql_call(node, module.info):
            yield node


def _sql_verdict(module: ModuleContext, call: ast.Call) -> str:
    """`parameterized`, `constant` (no values at all) or `risky` (formatted or unknown)."""
    statement = _statement_text(module, call.args[0])
    if statement is None:
        return "risky"
    has_params = len(call.args) >= 2 or bool(call.keywords)
    if PLACEHOLDER.search(statement):
        return "parameterized" if has_params else "risky"
    return "constant" if not has_params else "risky"


def _statement_text(module: ModuleContext, node: ast.expr) -> str | None:
    """The SQL text when it is a plain literal (or a name bound to one), else None."""
    if isinstance(node, ast.Name):
        node = _bound_value(module, node) or node
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _bound_value(module: ModuleContext, name: ast.Name) -> ast.expr | None:
    scope = enclosing(module, name)
    body = scope.node.body if scope else module.tree.body
    values = [
        node.value
        for node in (module.body_nodes(scope.node) if scope else body)
        if isinstance(node, ast.Assign) and any(dotted(t) == name.id for t in node.targets)
    ]
    if not values and scope is not None:
        values = [
            s.value
            for s in module.tree.body
            if isinstance(s, ast.Assign) and any(dotted(t) == name.id for t in s.targets)
        ]
    return values[0] if len(values) == 1 else None


@detector("praise-annotated")
def annotated(module: ModuleContext) -> Iterator[Finding]:
    """A module whose public functions are all fully annotated."""
    if module.is_test:
        return
    public = list(_public_functions(module))
    enough = len(public) >= module.thresholds.min_annotated_functions
    if enough and all(_fully_annotated(f, is_method) for f, is_method in public):
        message = f"All {len(public)} public functions in this module are fully annotated."
        yield _module_finding(module, message, {"metric": len(public)})


def _public_functions(module: ModuleContext) -> Iterator[tuple[FunctionNode, bool]]:
    for statement in module.tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            if not statement.name.startswith("_"):
                yield statement, False
        elif isinstance(statement, ast.ClassDef) and not statement.name.startswith("_"):
            for method in methods(statement):
                if not method.name.startswith("_") or method.name == "__init__":
                    yield method, "staticmethod" not in decorator_names(method)


def _fully_annotated(function: FunctionNode, is_method: bool) -> bool:
    args = function.args
    every = [*args.posonlyargs, *args.args]
    every = every[1:] if is_method else every
    every += [*args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a is not None)]
    if any(a.annotation is None for a in every):
        return False
    return function.returns is not None or (function.name == "__init__" and bool(every))


@detector("praise-state-machine-data")
def state_machine_data(module: ModuleContext) -> Iterator[Finding]:
    """Allowed status transitions kept in a mapping that code consults."""
    if module.is_test:
        return
    for name, statement, states in _transition_tables(module):
        users = _consulted_by(module, name)
        if users:
            message = (
                f"`{name}` lists the allowed transitions between {states} states as data, "
                f"consulted by `{users[0]}`."
            )
            yield module.finding(statement, message, {"metric": states, "users": users})
            return


def _transition_tables(module: ModuleContext) -> Iterator[tuple[str, ast.stmt, int]]:
    bodies = [module.tree.body, *(c.body for c in classes(module))]
    for statement in (s for body in bodies for s in body):
        target, value = _assignment(statement)
        table = _unwrap(value)
        if target and isinstance(table, ast.Dict) and _is_transition_table(module, table):
            yield target, statement, len(table.keys)


def _assignment(statement: ast.stmt) -> tuple[str, ast.expr | None]:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        return dotted(statement.targets[0]) or "", statement.value
    if isinstance(statement, ast.AnnAssign):
        return dotted(statement.target) or "", statement.value
    return "", None


def _unwrap(value: ast.expr | None) -> ast.expr | None:
    wrapped = isinstance(value, ast.Call) and last_name(value.func) in MAPPING_WRAPPERS
    if wrapped and isinstance(value, ast.Call) and len(value.args) == 1:
        return value.args[0]
    return value


def _is_transition_table(module: ModuleContext, table: ast.Dict) -> bool:
    """Keys are states, values are collections of states, and every target is a key."""
    keys = [ast.unparse(k) for k in table.keys if k is not None and _is_state(k)]
    if len(keys) < module.thresholds.min_state_machine_states or len(keys) != len(table.keys):
        return False
    targets = [_members(v) for v in table.values]
    if any(t is None for t in targets):
        return False
    flat = [item for t in targets if t is not None for item in t]
    return bool(flat) and all(item in keys for item in flat)


def _is_state(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    name = dotted(node)
    return bool(name) and "." in str(name) and last_name(node).isupper()


def _members(node: ast.expr) -> list[str] | None:
    """The states in a set, list or tuple literal (or `frozenset({...})`), else None."""
    if isinstance(node, ast.Call) and last_name(node.func) in SET_CALLS:
        if not node.args:
            return []
        return _members(node.args[0]) if len(node.args) == 1 else None
    literal = isinstance(node, ast.Set | ast.List | ast.Tuple)
    if literal and all(_is_state(e) for e in getattr(node, "elts", [])):
        return [ast.unparse(e) for e in getattr(node, "elts", [])]
    return None


def _consulted_by(module: ModuleContext, name: str) -> list[str]:
    users: list[str] = []
    for node in module.nodes_of(ast.Name | ast.Attribute):
        if _reads_name(node, name):
            scope = enclosing(module, node)
            if scope is not None and scope.name not in users:
                users.append(scope.name)
    return users


def _reads_name(node: ast.AST, name: str) -> bool:
    """A load of `name`, bare or as an attribute such as `self.name`."""
    if not isinstance(node, ast.Name | ast.Attribute) or not isinstance(node.ctx, ast.Load):
        return False
    return dotted(node) == name or (isinstance(node, ast.Attribute) and node.attr == name)


# A praise never sits beside the problem it is the opposite of.
PRAISE_CONFLICTS: Mapping[str, frozenset[str]] = {
    injected_dependencies.code: frozenset(
        {dip.constructs_collaborator.code, dip.module_singleton.code}
    ),
    parameterized_sql.code: frozenset(),
    annotated.code: frozenset(),
    state_machine_data.code: frozenset({ocp.type_dispatch.code}),
}
