"""Dependency inversion: constructors that build their collaborators, module-level clients."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.ast_tools import methods
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.roles import (
    FunctionScope,
    classes,
    collaborator_name,
    functions,
    is_factory_class,
    is_fallback_default,
    is_service_class,
    is_value_class,
    parameter_names,
)
from reviewer.model import Finding, Severity


@detector("constructs-collaborator")
def constructs_collaborator(module: ModuleContext) -> Iterator[Finding]:
    """`__init__` that creates connections, clients or services instead of receiving them."""
    if module.is_test or module.is_entry_point:
        return
    for cls in classes(module):
        if is_factory_class(cls) or is_value_class(module, cls):
            continue
        init = next((m for m in methods(cls) if m.name == "__init__"), None)
        if init is None:
            continue
        made = created_collaborators(module, init)
        if made:
            names = list(dict.fromkeys(name for name, _ in made))
            shown = ", ".join(f"`{n}`" for n in names)
            message = f"`{cls.name}.__init__` creates its own collaborators: {shown}"
            extras: dict[str, object] = {"metric": len(names), "collaborators": names}
            raised = is_service_class(cls) or len(names) >= 2
            yield module.finding(made[0][1], message, extras, Severity.MAJOR if raised else None)


def created_collaborators(
    module: ModuleContext, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> list[tuple[str, ast.Call]]:
    """Collaborators a function creates itself, skipping `param or Default()` fallbacks."""
    parameters = parameter_names(function)
    made = []
    for node in module.body_nodes(function):
        if isinstance(node, ast.Call):
            name = collaborator_name(node, module)
            if name and not is_fallback_default(module, node, parameters):
                made.append((name, node))
    return made


@detector("module-singleton")
def module_singleton(module: ModuleContext) -> Iterator[Finding]:
    """A client or connection kept in a module global and used from functions."""
    if module.is_test or module.is_entry_point:
        return
    scopes = list(functions(module))
    reported: set[str] = set()
    for name, node, made in _module_clients(module, scopes):
        if name in reported:
            continue
        reported.add(name)
        users = [s.qualname for s in scopes if name in _names_used(module, s)]
        if users:
            shown = ", ".join(f"`{u}`" for u in users[:3])
            message = f"`{name}` is a module-level `{made}` used by {shown}"
            extras = {"metric": len(users), "users": users, "client": made}
            yield module.finding(node, message, extras)


def _module_clients(
    module: ModuleContext, scopes: list[FunctionScope]
) -> Iterator[tuple[str, ast.stmt, str]]:
    """Module globals bound to a collaborator, at import time or lazily through `global`."""
    for statement in module.tree.body:
        target, value = _single_assignment(statement)
        if target and isinstance(value, ast.Call):
            made = collaborator_name(value, module)
            if made:
                yield target, statement, made
    for scope in scopes:
        declared = {
            n for s in module.body_nodes(scope.node) if isinstance(s, ast.Global) for n in s.names
        }
        for node in module.body_nodes(scope.node):
            target, value = _single_assignment(node)
            if target in declared and isinstance(value, ast.Call) and isinstance(node, ast.stmt):
                made = collaborator_name(value, module)
                if made:
                    yield target, node, made


def _single_assignment(statement: ast.AST) -> tuple[str, ast.expr | None]:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        return (target.id, statement.value) if isinstance(target, ast.Name) else ("", None)
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value
    return "", None


def _names_used(module: ModuleContext, scope: FunctionScope) -> frozenset[str]:
    return frozenset(
        node.id
        for node in module.body_nodes(scope.node)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    )
