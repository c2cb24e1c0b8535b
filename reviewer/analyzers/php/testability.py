"""Testability: collaborators a domain service hides, and a clock tests cannot freeze.

Laravel's facades (`Mail::fake()`, `Queue::fake()`, `Storage::fake()`, `Http::fake()`...) and
its Carbon clock (`now()`, `Carbon::now()`, frozen by `travelTo` or `Carbon::setTestNow`) are
testable as they are: neither is a point here."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.laravel import Imports, is_static_query
from reviewer.analyzers.php.roles import BUSINESS_RULE_ROLES, DOMAIN_ROLES
from reviewer.analyzers.php.syntax import (
    CALLS,
    arguments,
    call_name,
    descendants,
    receiver,
    scope_name,
    short_name,
    text,
)
from reviewer.model import Finding

# PHP's own clock, which Carbon's test clock does not reach.
CLOCK_FUNCTIONS = frozenset({"time", "date", "mktime", "date_create", "date_create_immutable"})
DATE_CLASSES = frozenset({"DateTime", "DateTimeImmutable"})
LOCATORS = frozenset({"app", "resolve"})
TIMESTAMP_FUNCTIONS = frozenset({"date", "mktime"})
# Calls whose time argument is an expiry: how long a value may be kept, not a business rule.
EXPIRY_CALLS = frozenset(
    {
        *("cache", "remember", "rememberForever", "setex", "expire", "expireAt", "putMany"),
        *("cookie", "setcookie", "withCookie", "lock"),
        *("temporaryUrl", "temporarySignedRoute", "signedRoute", "tokensExpireIn"),
    }
)
COMPARISONS = frozenset({"<", ">", "<=", ">=", "==", "===", "!=", "!==", "<>", "<=>"})
BINARY = frozenset({"binary_expression"})
STATEMENTS = frozenset({"expression_statement", "return_statement", "compound_statement"})
EXPIRY_NAME = re.compile(r"expir|ttl|lifetime|timeout|valid_?until", re.IGNORECASE)


def static_dependency(php: PhpFile) -> Iterator[Finding]:
    """The container asked for a collaborator from inside a domain service; with a declared
    repository architecture, a static Eloquent query there too."""
    if not php.has_role(*DOMAIN_ROLES):
        return
    for call in php.of("call"):
        if call.type not in ("scoped_call_expression", "function_call_expression"):
            continue
        function = php.function_at(call)
        if function is None or function.role not in DOMAIN_ROLES:
            continue
        how = _hidden_dependency(call, php.imports, php.keeps_queries_in_repositories)
        if how:
            message = f"`{function.qualified}` {how}"
            yield php.finding("static-dependency", call, message)


def _hidden_dependency(call: Node, imports: Imports, repositories: bool) -> str:
    """How a call reaches a collaborator the constructor does not show, or an empty string."""
    name = call_name(call)
    if call.type == "scoped_call_expression":
        if repositories and scope_name(call) != "DB" and is_static_query(call, imports):
            target = f"`{scope_name(call)}::{name}`"
            return f"queries {target} itself, though the project keeps queries in repositories"
        return ""
    if name in LOCATORS and arguments(call) and not _is_returned(call):
        return f"resolves `{text(arguments(call)[0])}` from the container with `{name}()`"
    return ""


def hidden_clock(php: PhpFile) -> Iterator[Finding]:
    """time()/date()/new DateTime() compared inside business rules: PHP's clock, which
    Laravel's test helpers cannot freeze. A time only recorded (`'mtime' => time()`, a folder
    named by `date('Y-m')`) or an expiry (cache, cookies, signed links) is no rule."""
    for node in (*php.calls_named(CLOCK_FUNCTIONS), *php.of("new")):
        reading = _clock_reading(node)
        if not reading or php.role_at(node) not in BUSINESS_RULE_ROLES or _is_expiry(node):
            continue
        function = php.function_at(node)
        if function is None or not _is_compared(node, function.node):
            continue
        message = f"`{function.qualified}` reads PHP's clock with `{reading}`"
        yield php.finding("hidden-clock", node, message)


def _clock_reading(node: Node) -> str:
    """How the node reads the current time (`time()`, `new DateTime()`), or an empty string."""
    if node.type == "object_creation_expression":
        return _new_clock(node)
    if node.type != "function_call_expression":
        return ""
    name = call_name(node)
    with_timestamp = name in TIMESTAMP_FUNCTIONS and len(arguments(node)) > 1
    with_date = name.startswith("date_create") and bool(arguments(node))
    return "" if with_timestamp or with_date else f"{name}()"


def _new_clock(node: Node) -> str:
    created = next((c for c in node.named_children if c.type in ("name", "qualified_name")), None)
    name = short_name(text(created))
    args = arguments(node)
    is_now = not args or text(args[0]).strip("'\"").lower() == "now"
    return f"new {name}()" if name in DATE_CLASSES and is_now else ""


def _is_expiry(node: Node) -> bool:
    """True when the time read is an expiry: an argument of a cache, cookie or signed-link
    call, or a value kept under a name such as `$expiresAt` or `ttl`."""
    current = node.parent
    while current is not None and current.type not in ("expression_statement", "return_statement"):
        if current.type in CALLS and _is_expiry_call(current):
            return True
        if _names_an_expiry(current):
            return True
        current = current.parent
    return False


def _is_expiry_call(call: Node) -> bool:
    owner = text(receiver(call)).lower() if call.type != "function_call_expression" else ""
    return call_name(call) in EXPIRY_CALLS or scope_name(call) == "Cache" or "cache" in owner


def _names_an_expiry(node: Node) -> bool:
    """`$expiresAt = ...` or `'ttl' => ...`: a value kept under an expiry's name."""
    if node.type == "assignment_expression":
        return bool(EXPIRY_NAME.search(text(node.child_by_field_name("left"))))
    if node.type == "array_element_initializer" and node.named_child_count == 2:
        return bool(EXPIRY_NAME.search(text(node.named_children[0])))
    return False


def _is_compared(node: Node, scope: Node) -> bool:
    """True when the time read decides something: it is compared, directly or through the
    variable it was put in (`$hourAgo = time() - 3600; if ($at < $hourAgo)`)."""
    current: Node | None = node
    while current is not None and current.type not in STATEMENTS:
        if _is_comparison(current):
            return True
        if current.type == "assignment_expression":
            held = text(current.child_by_field_name("left"))
            return held.startswith("$") and any(
                _mentions(c, held) for c in _comparisons(scope) if c.start_byte > node.end_byte
            )
        current = current.parent
    return False


def _is_comparison(node: Node) -> bool:
    if node.type != "binary_expression":
        return False
    return text(node.child_by_field_name("operator")) in COMPARISONS


def _comparisons(node: Node) -> Iterator[Node]:
    return (n for n in descendants(node, BINARY) if _is_comparison(n))


def _mentions(node: Node, variable: str) -> bool:
    return re.search(rf"{re.escape(variable)}\b", text(node)) is not None


def _is_returned(call: Node) -> bool:
    """`return app(LocalAdapter::class)` or a `match` arm: a factory method choosing the
    implementation, which is what the container is for."""
    current = call.parent
    while current is not None and current.type not in STATEMENTS:
        if current.type in ("return_statement", "match_expression", "arrow_function"):
            return True
        current = current.parent
    return current is not None and current.type == "return_statement"
