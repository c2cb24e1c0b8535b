"""SOLID: controllers that query or decide, dispatch on strings, `new` of collaborators,
fat interfaces, and overrides that refuse to work."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import is_query_name, is_static_query
from reviewer.analyzers.php.roles import WIRING_ROLES, Role
from reviewer.analyzers.php.syntax import (
    LOOPS,
    arguments,
    call_name,
    descendants,
    scope_name,
    short_name,
    statements,
    text,
)
from reviewer.model import Finding

DISPATCH_SUBJECT = re.compile(r"(?i)(status|type|kind|state|role|category|mode|channel|plan|tier)")
STRING_TYPES = frozenset({"string", "encapsed_string"})
FACTORY_METHODS = frozenset({"create", "make", "from", "for", "of", "resolve", "build", "forType"})
SELECTOR_CLASSES = ("Factory", "Resolver", "Registry", "Map", "Provider")
DISPATCH_EXEMPT_ROLES = frozenset(
    {Role.ENUM, Role.FACTORY, Role.PROVIDER, Role.STRATEGY, Role.MIGRATION, Role.SEEDER, Role.TEST}
)
INFRASTRUCTURE = re.compile(
    r"(Service|Repository|Gateway|Client|Mailer|Notifier|Sender|Logger|Manager|Connection"
    r"|Adapter|Api|Processor|Calculator|Cache|Storage|Publisher|Dispatcher|Importer|Exporter)$"
    r"|^(PDO|mysqli|Redis|Memcached|PHPMailer|SoapClient)$"
)
REFUSAL_EXCEPTIONS = re.compile(
    r"BadMethodCall|NotImplemented|Unsupported|NotSupported|^LogicException$"
)
REFUSAL_TEXT = re.compile(r"(?i)not (supported|implemented|available)|unsupported|not allowed here")


def query_in_controller(php: PhpFile) -> Iterator[Finding]:
    """A controller action that queries a model or `DB` itself, once per action."""
    if not php.has_role(Role.CONTROLLER):
        return
    seen: set[int] = set()
    for call in php.calls_named(is_query_name):
        function = php.function_at(call)
        if (
            function is None
            or function.role is not Role.CONTROLLER
            or not is_static_query(call, php.imports)
        ):
            continue
        if function.node.id in seen:
            continue
        seen.add(function.node.id)
        target = f"{scope_name(call)}::{call_name(call)}"
        message = f"`{function.qualified}` queries the database itself through `{target}`"
        yield php.finding("controller-query", call, message)


def logic_in_controller(php: PhpFile) -> Iterator[Finding]:
    """A controller action with loops or several decisions: business logic at the edge."""
    counts = php.decisions
    for function in php.functions:
        if function.role is not Role.CONTROLLER:
            continue
        found = counts.get(function.node.id, [])
        loops = sum(1 for d in found if d.type in LOOPS)
        branches = len(found) - loops
        if loops or branches >= php.thresholds.min_controller_decisions:
            what = _describe(loops, branches)
            message = f"`{function.qualified}` holds business logic: {what}"
            extras = {"metric": len(found)}
            yield php.finding("controller-logic", _head(function), message, extras)


def _describe(loops: int, branches: int) -> str:
    parts = []
    if loops:
        parts.append(f"{loops} loop{'s' if loops > 1 else ''}")
    if branches:
        parts.append(f"{branches} decision{'s' if branches > 1 else ''}")
    return " and ".join(parts)


def _head(function: FunctionInfo) -> Node:
    """The node to point at for a whole function: its name."""
    return function.node.child_by_field_name("name") or function.node


def type_switch(php: PhpFile) -> Iterator[Finding]:
    """switch/match/if-else chains comparing a status or type to several strings."""
    candidates = [
        *((n, _switch_cases(n)) for n in php.of("switch")),
        *((n, _match_cases(n)) for n in php.of("match")),
        *((n, _if_chain_cases(n)) for n in php.of("if") if not _continues_chain(n)),
    ]
    for node, (subject, labels) in candidates:
        if len(labels) < php.thresholds.min_dispatch_cases or not DISPATCH_SUBJECT.search(subject):
            continue
        if _dispatch_is_expected(php, node):
            continue
        where = php.function_at(node)
        owner = f"`{where.qualified}`" if where is not None else "This file"
        shown = ", ".join(labels[:4]) + (", ..." if len(labels) > 4 else "")
        message = f"{owner} branches on `{subject}` over {len(labels)} strings ({shown})"
        yield php.finding("type-switch", node, message, {"metric": len(labels)})


def _switch_cases(node: Node) -> tuple[str, list[str]]:
    subject = _unparenthesized(node.child_by_field_name("condition"))
    body = node.child_by_field_name("body")
    cases = [] if body is None else [c for c in body.named_children if c.type == "case_statement"]
    values = [c.child_by_field_name("value") for c in cases]
    return subject, [text(v) for v in values if v is not None and v.type in STRING_TYPES]


def _match_cases(node: Node) -> tuple[str, list[str]]:
    subject = _unparenthesized(node.child_by_field_name("condition"))
    labels = [
        text(value)
        for arm in descendants(node, frozenset({"match_condition_list"}))
        for value in arm.named_children
        if value.type in STRING_TYPES
    ]
    return subject, labels


def _if_chain_cases(node: Node) -> tuple[str, list[str]]:
    """The subject most compared to a string along an if/elseif chain, and those strings."""
    compared: list[tuple[str, str]] = []
    for condition in _chain_conditions(node):
        pair = _string_comparison(condition)
        if pair is not None:
            compared.append(pair)
    if not compared:
        return "", []
    subject = Counter(s for s, _ in compared).most_common(1)[0][0]
    return subject, [label for s, label in compared if s == subject]


def _chain_conditions(node: Node) -> Iterator[Node]:
    current: Node | None = node
    while current is not None and current.type == "if_statement":
        condition = current.child_by_field_name("condition")
        if condition is not None:
            yield condition
        following: Node | None = None
        for clause in current.named_children:
            if clause.type == "else_if_clause":
                inner = clause.child_by_field_name("condition")
                if inner is not None:
                    yield inner
            elif clause.type == "else_clause":
                body = clause.child_by_field_name("body")
                following = body if body is not None and body.type == "if_statement" else None
        current = following


def _string_comparison(condition: Node) -> tuple[str, str] | None:
    inner = (
        condition.named_children[0] if condition.type == "parenthesized_expression" else condition
    )
    if inner.type != "binary_expression":
        return None
    if text(inner.child_by_field_name("operator")) not in ("==", "==="):
        return None
    left, right = inner.child_by_field_name("left"), inner.child_by_field_name("right")
    if left is None or right is None:
        return None
    if right.type in STRING_TYPES and left.type not in STRING_TYPES:
        return text(left), text(right)
    if left.type in STRING_TYPES and right.type not in STRING_TYPES:
        return text(right), text(left)
    return None


def _continues_chain(node: Node) -> bool:
    """An `if` that is the `else if` of an outer chain, counted with that chain."""
    parent = node.parent
    return parent is not None and parent.type == "else_clause"


def _unparenthesized(node: Node | None) -> str:
    value = text(node)
    return value[1:-1].strip() if value.startswith("(") and value.endswith(")") else value


def _dispatch_is_expected(php: PhpFile, node: Node) -> bool:
    """Enums, factories, strategies and the composition root choose by type on purpose."""
    function = php.function_at(node)
    owner = php.class_at(node)
    if php.role_at(node) in DISPATCH_EXEMPT_ROLES:
        return True
    if owner is not None and owner.name.endswith(SELECTOR_CLASSES):
        return True
    if function is not None and function.is_static and function.name in FACTORY_METHODS:
        return True
    return _selects_classes(node)


def _selects_classes(node: Node) -> bool:
    """Every arm produces an object or a class name: a factory map, not behaviour."""
    if node.type != "match_expression":
        return False
    arms = list(
        descendants(node, frozenset({"match_conditional_expression", "match_default_expression"}))
    )
    results = [a.child_by_field_name("return_expression") for a in arms]
    return bool(results) and all(r is not None and _is_selection(r) for r in results)


def _is_selection(node: Node) -> bool:
    if node.type == "object_creation_expression":
        return True
    if node.type == "class_constant_access_expression":
        return text(node).endswith("::class")
    return node.type == "function_call_expression" and call_name(node) in ("app", "resolve")


def new_dependency(php: PhpFile) -> Iterator[Finding]:
    """`new` of a service or infrastructure class inside a constructor or method."""
    for creation in php.of("new"):
        function = php.function_at(creation)
        if function is None or function.role in WIRING_ROLES:
            continue
        if function.is_static and function.name in FACTORY_METHODS:
            continue
        created = short_name(text(_class_node(creation)))
        if not INFRASTRUCTURE.search(created) or created.startswith("Spl"):
            continue
        if _is_factory_result(creation):
            continue
        place = "its constructor" if function.name == "__construct" else f"`{function.qualified}`"
        owner = function.owner.name if function.owner is not None else function.name
        message = f"`{owner}` creates `{created}` with `new` in {place}"
        yield php.finding("new-dependency", creation, message, {"class": created})


def _is_factory_result(creation: Node) -> bool:
    """`return new X(...)` (a factory method) or `$given ?? new X()` (a default for injection)."""
    parent = creation.parent
    if parent is None:
        return False
    if parent.type == "return_statement":
        return True
    if parent.type == "conditional_expression":
        return True
    operator = text(parent.child_by_field_name("operator"))
    return parent.type == "binary_expression" and operator in ("??", "?:")


def _class_node(creation: Node) -> Node | None:
    return next((c for c in creation.named_children if c.type in ("name", "qualified_name")), None)


def fat_interface(php: PhpFile) -> Iterator[Finding]:
    """An interface that asks implementers for many methods."""
    for owner in php.classes:
        if not owner.is_interface:
            continue
        body = owner.node.child_by_field_name("body")
        methods = [m for m in statements(body) if m.type == "method_declaration"]
        if len(methods) >= php.thresholds.min_interface_methods:
            names = [text(m.child_by_field_name("name")) for m in methods]
            message = f"`{owner.name}` declares {len(methods)} methods: {', '.join(names)}"
            extras = {"metric": len(methods), "methods": names}
            yield php.finding("fat-interface", owner.node, message, extras)


def throwing_override(php: PhpFile) -> Iterator[Finding]:
    """A method of a subclass or implementation whose only statement throws 'not supported'."""
    for function in php.functions:
        owner = function.owner
        if owner is None or owner.is_interface or owner.role in (Role.EXCEPTION, Role.TEST):
            continue
        if not (owner.extends or owner.implements) or function.name.startswith("__"):
            continue
        body = statements(function.body)
        thrown = _thrown(body[0]) if len(body) == 1 else None
        if thrown is not None and _refuses(thrown):
            exception = short_name(text(_class_node(thrown)))
            message = f"`{function.qualified}` only throws `{exception}` instead of behaving"
            yield php.finding("throwing-override", _head(function), message)


def _thrown(statement: Node) -> Node | None:
    expression = statement.named_children[0] if statement.named_child_count else None
    if statement.type != "expression_statement" or expression is None:
        return None
    if expression.type != "throw_expression" or not expression.named_children:
        return None
    created = expression.named_children[0]
    return created if created.type == "object_creation_expression" else None


def _refuses(creation: Node) -> bool:
    name = short_name(text(_class_node(creation)))
    said = " ".join(text(a) for a in arguments(creation))
    return bool(REFUSAL_EXCEPTIONS.search(name) or REFUSAL_TEXT.search(said))
