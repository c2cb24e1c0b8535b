"""Testability: facades and static calls inside domain services, and a hidden clock."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.laravel import (
    TRANSACTION_METHODS,
    Imports,
    is_facade_call,
    is_static_query,
)
from reviewer.analyzers.php.roles import BUSINESS_RULE_ROLES, DOMAIN_ROLES
from reviewer.analyzers.php.syntax import arguments, call_name, scope_name, short_name, text
from reviewer.model import Finding

CLOCK_FUNCTIONS = frozenset({"now", "today", "time", "date", "mktime"})
CLOCK_CLASSES = frozenset({"Carbon", "CarbonImmutable", "Date"})
CLOCK_METHODS = frozenset({"now", "today", "tomorrow", "yesterday"})
DATE_CLASSES = frozenset({"DateTime", "DateTimeImmutable", "Carbon", "CarbonImmutable"})
LOCATORS = frozenset({"app", "resolve"})
TIMESTAMP_FUNCTIONS = frozenset({"date", "mktime"})


def static_dependency(php: PhpFile) -> Iterator[Finding]:
    """A facade, a static Eloquent query or the container reached from inside a domain service."""
    if not php.has_role(*DOMAIN_ROLES):
        return
    for call in php.of("call"):
        if call.type not in ("scoped_call_expression", "function_call_expression"):
            continue
        function = php.function_at(call)
        if function is None or function.role not in DOMAIN_ROLES:
            continue
        how = _hidden_dependency(call, php.imports)
        if how:
            message = f"`{function.qualified}` {how}"
            yield php.finding("static-dependency", call, message)


def _hidden_dependency(call: Node, imports: Imports) -> str:
    """How a call reaches a collaborator the constructor does not show, or an empty string."""
    name = call_name(call)
    if call.type == "scoped_call_expression":
        target = f"`{scope_name(call)}::{name}`"
        if scope_name(call) == "DB" and name in TRANSACTION_METHODS:
            return ""
        if is_facade_call(call):
            return f"reaches {target} through a facade"
        if is_static_query(call, imports):
            return f"queries {target} through a static call"
        return ""
    if call.type == "function_call_expression" and name in LOCATORS and arguments(call):
        return f"resolves `{text(arguments(call)[0])}` from the container with `{name}()`"
    return ""


def hidden_clock(php: PhpFile) -> Iterator[Finding]:
    """now()/time()/date()/Carbon::now()/new DateTime() inside business rules."""
    for node in (*php.calls_named(CLOCK_FUNCTIONS | CLOCK_METHODS), *php.of("new")):
        reading = _clock_reading(node)
        if not reading or php.role_at(node) not in BUSINESS_RULE_ROLES:
            continue
        function = php.function_at(node)
        if function is None:
            continue
        message = f"`{function.qualified}` reads the clock with `{reading}`"
        yield php.finding("hidden-clock", node, message)


def _clock_reading(node: Node) -> str:
    """How the node reads the current time (`now()`, `new DateTime()`), or an empty string."""
    if node.type == "object_creation_expression":
        return _new_clock(node)
    name = call_name(node)
    if node.type == "scoped_call_expression":
        clock = scope_name(node) in CLOCK_CLASSES and name in CLOCK_METHODS
        return f"{scope_name(node)}::{name}()" if clock else ""
    if node.type != "function_call_expression" or name not in CLOCK_FUNCTIONS:
        return ""
    with_timestamp = name in TIMESTAMP_FUNCTIONS and len(arguments(node)) > 1
    return "" if with_timestamp else f"{name}()"


def _new_clock(node: Node) -> str:
    created = next((c for c in node.named_children if c.type in ("name", "qualified_name")), None)
    name = short_name(text(created))
    args = arguments(node)
    is_now = not args or text(args[0]).strip("'\"").lower() == "now"
    return f"new {name}()" if name in DATE_CLASSES and is_now else ""
