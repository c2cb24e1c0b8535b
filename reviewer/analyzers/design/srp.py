"""Single Responsibility: classes of unrelated parts; classes and functions mixing kinds of I/O."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    count_statements,
    decorator_names,
    is_dunder,
    methods,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.infrastructure import kinds_in, ordered
from reviewer.analyzers.design.roles import classes, functions, is_value_class
from reviewer.model import Finding

SKIPPED_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "property", "cached_property", "setter"}
)


@detector("low-cohesion")
def low_cohesion(module: ModuleContext) -> Iterator[Finding]:
    """LCOM4: groups of methods that share no instance attribute and never call each other."""
    limits = module.thresholds
    for cls in classes(module):
        if _exempt_from_cohesion(module, cls) or not _big_enough(module, cls):
            continue
        groups = substantial(lcom4_groups(module, cls), limits.min_group_methods)
        if len(groups) >= limits.min_lcom4_components:
            shown = "; ".join("{" + ", ".join(g) + "}" for g in groups)
            message = (
                f"`{cls.name}` splits into {len(groups)} groups of methods that share no "
                f"state: {shown}"
            )
            extras = {"metric": len(groups), "groups": groups, "methods": len(methods(cls))}
            yield module.finding(cls, message, extras)


def _exempt_from_cohesion(module: ModuleContext, cls: ast.ClassDef) -> bool:
    if module.is_test or cls.name.startswith("Test") or is_value_class(module, cls):
        return True
    return module.project.is_interface(module.class_ref(cls))


def _big_enough(module: ModuleContext, cls: ast.ClassDef) -> bool:
    limits = module.thresholds
    lines = (cls.end_lineno or cls.lineno) - cls.lineno + 1
    return len(methods(cls)) >= limits.min_cohesion_methods or lines >= limits.min_cohesion_lines


def lcom4_groups(module: ModuleContext, cls: ast.ClassDef) -> list[list[str]]:
    """Connected groups of the methods that use instance state, linked by attributes and calls."""
    uses = {m.name: _self_attributes(module, m) for m in methods(cls) if _counts_for_cohesion(m)}
    uses = {name: attrs for name, attrs in uses.items() if attrs}
    parent = {name: name for name in uses}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    first_user: dict[str, str] = {}
    for name, attrs in uses.items():
        for attr in attrs:
            # A call to another counted method links the two; anything else (a field, a
            # property, a static helper) links every method that touches it.
            other = attr if attr in uses else first_user.setdefault(attr, name)
            parent[root(name)] = root(other)
    groups: dict[str, list[str]] = {}
    for name in uses:
        groups.setdefault(root(name), []).append(name)
    return sorted(groups.values(), key=lambda g: (-len(g), g))


def substantial(groups: list[list[str]], least: int) -> list[list[str]]:
    """Groups of several methods: one or two methods with their own attribute are a helper, not
    a second responsibility."""
    return [group for group in groups if len(group) >= least]


def _counts_for_cohesion(method: FunctionNode) -> bool:
    """Instance methods other than dunders and property accessors."""
    if is_dunder(method.name) or decorator_names(method) & SKIPPED_DECORATORS:
        return False
    return bool(method.args.args)


def _self_attributes(module: ModuleContext, method: FunctionNode) -> frozenset[str]:
    """Attributes read, written or called on `self` in a method."""
    me = method.args.args[0].arg
    return frozenset(
        node.attr
        for node in module.body_nodes(method)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == me
    )


@detector("mixed-infrastructure")
def mixed_infrastructure(module: ModuleContext) -> Iterator[Finding]:
    """A class that talks to several kinds of infrastructure."""
    if module.is_test:
        return
    for cls in classes(module):
        found = class_kinds(module, cls)
        if len(found) >= module.thresholds.min_infrastructure_kinds:
            kinds = ordered(found)
            message = f"`{cls.name}` uses {len(kinds)} kinds of infrastructure: {', '.join(kinds)}"
            lines = {kind: getattr(found[kind], "lineno", 0) for kind in kinds}
            extras = {"metric": len(kinds), "kinds": kinds, "lines": lines}
            yield module.finding(cls, message, extras)


def class_kinds(module: ModuleContext, cls: ast.ClassDef) -> dict[str, ast.AST]:
    """Every kind of infrastructure the methods of a class use directly, with the first node of
    each kind."""
    found: dict[str, ast.AST] = {}
    for method in methods(cls):
        for kind, node in function_kinds(module, method).items():
            found.setdefault(kind, node)
    return found


def function_kinds(module: ModuleContext, function: FunctionNode) -> Mapping[str, ast.AST]:
    """Every kind of infrastructure a function's own body uses, with the first node of each
    kind; computed once per function."""
    return module.facts.get(
        ("function_kinds", id(function)),
        lambda: MappingProxyType(kinds_in(module.body_nodes(function), module.info)),
    )


@detector("long-mixed-function")
def long_mixed_function(module: ModuleContext) -> Iterator[Finding]:
    """A long function that also mixes kinds of infrastructure."""
    limits = module.thresholds
    mixed_classes = {
        id(cls)
        for cls in classes(module)
        if len(class_kinds(module, cls)) >= limits.min_infrastructure_kinds
    }
    for scope in functions(module):
        if scope.owner is not None and id(scope.owner) in mixed_classes:
            continue
        statements = count_statements(module.body_nodes(scope.node))
        if statements < limits.min_function_statements:
            continue
        kinds = ordered(function_kinds(module, scope.node))
        if len(kinds) >= limits.min_function_kinds:
            message = f"`{scope.name}` has {statements} statements and mixes {', '.join(kinds)}"
            extras = {"metric": statements, "kinds": kinds}
            yield module.finding(scope.node, message, extras)
