"""SOLID, single responsibility at the HTTP edge: controllers that query or decide."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import is_query_name, is_static_query
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import LOOPS, call_name, scope_name
from reviewer.model import Finding


def query_in_controller(php: PhpFile) -> Iterator[Finding]:
    """A controller action that queries a model or `DB` itself, once per action."""
    if not php.has_role(Role.CONTROLLER):
        return
    seen: set[int] = set()
    for call in php.calls_named(is_query_name):
        function = php.function_at(call)
        if function is None or function.role is not Role.CONTROLLER:
            continue
        if function.node.id not in seen and is_static_query(call, php.imports):
            seen.add(function.node.id)
            target = f"{scope_name(call)}::{call_name(call)}"
            message = f"`{function.qualified}` queries the database itself through `{target}`"
            yield php.finding("controller-query", call, message)


def logic_in_controller(php: PhpFile) -> Iterator[Finding]:
    """A controller action with loops or several decisions: business logic at the edge."""
    for function in php.functions:
        if function.role is not Role.CONTROLLER:
            continue
        found = php.decisions.get(function.node.id, [])
        loops = sum(1 for d in found if d.type in LOOPS)
        branches = len(found) - loops
        if loops or branches >= php.thresholds.min_controller_decisions:
            message = f"`{function.qualified}` holds business logic: {_describe(loops, branches)}"
            extras = {"metric": len(found)}
            yield php.finding("controller-logic", head(function), message, extras)


def _describe(loops: int, branches: int) -> str:
    parts = []
    if loops:
        parts.append(f"{loops} loop{'s' if loops > 1 else ''}")
    if branches:
        parts.append(f"{branches} decision{'s' if branches > 1 else ''}")
    return " and ".join(parts)


def head(function: FunctionInfo) -> Node:
    """The node to point at for a whole function: its name."""
    return function.node.child_by_field_name("name") or function.node
