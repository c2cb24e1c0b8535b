"""SOLID, open/closed: behaviour chosen by comparing a status or type to strings."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import call_name, descendants, text
from reviewer.model import Finding

DISPATCH_SUBJECT = re.compile(r"(?i)(status|type|kind|state|role|category|mode|channel|plan|tier)")
STRING_TYPES = frozenset({"string", "encapsed_string"})
FACTORY_METHODS = frozenset({"create", "make", "from", "for", "of", "resolve", "build", "forType"})
SELECTOR_CLASSES = ("Factory", "Resolver", "Registry", "Map", "Provider")
DISPATCH_EXEMPT_ROLES = frozenset(
    {Role.ENUM, Role.FACTORY, Role.PROVIDER, Role.STRATEGY, Role.MIGRATION, Role.SEEDER, Role.TEST}
)
ARMS = frozenset({"match_conditional_expression", "match_default_expression"})
SHOWN_LABELS = 4
GIVING_UP = frozenset({"null", "throw_expression"})
CONSOLE_OUTPUT = frozenset({"info", "warn", "error", "line", "comment", "alert", "newLine"})
REQUEST_VALUE = re.compile(r"^(\$request->|request\(|\$this->request->)")

Dispatch = tuple[Node, str, list[str]]


def type_switch(php: PhpFile) -> Iterator[Finding]:
    """switch/match/if-else chains comparing a status or type to several strings."""
    for node, subject, labels in _dispatches(php):
        if len(labels) < php.thresholds.min_dispatch_cases or not DISPATCH_SUBJECT.search(subject):
            continue
        if not _dispatch_is_expected(php, node):
            shown = ", ".join(labels[:SHOWN_LABELS]) + (
                ", ..." if len(labels) > SHOWN_LABELS else ""
            )
            message = (
                f"{php.where(node)} branches on `{subject}` over {len(labels)} strings ({shown})"
            )
            yield php.finding("type-switch", node, message, {"metric": len(labels)})


def _dispatches(php: PhpFile) -> Iterator[Dispatch]:
    for node in php.of("switch"):
        yield node, *_switch_cases(node)
    for node in php.of("match"):
        yield node, *_match_cases(node)
    for node in php.of("if"):
        if not _continues_chain(node):
            yield node, *_if_chain_cases(node)


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
    return _selects_classes(node) or _translates_input(node) or _names_labels(node)


def _arm_results(node: Node) -> list[Node | None]:
    """The results of a match's arms, less a default that gives up (`null`, a `throw`)."""
    if node.type != "match_expression":
        return []
    results = [a.child_by_field_name("return_expression") for a in descendants(node, ARMS)]
    return [r for r in results if r is None or r.type not in GIVING_UP]


def _selects_classes(node: Node) -> bool:
    """Every arm produces an object, a class name or a collaborator the class holds
    (`'page' => $this->pages`): a factory map or a registry, not behaviour."""
    results = _arm_results(node)
    return bool(results) and all(r is not None and _is_selection(r) for r in results)


def _translates_input(node: Node) -> bool:
    """A match on a request value (`match ($request->type)`): the edge translating the API's
    words into calls, once, where they arrive."""
    subject = _unparenthesized(node.child_by_field_name("condition"))
    return node.type == "match_expression" and REQUEST_VALUE.match(subject) is not None


def _names_labels(node: Node) -> bool:
    """Every arm is a string (`'1' => 'User'`) or prints one in a console command
    (`'skipped' => $this->warn(...)`): a label for display, not behaviour."""
    results = _arm_results(node)
    return bool(results) and all(r is not None and _is_label(r) for r in results)


def _is_label(result: Node) -> bool:
    if result.type in STRING_TYPES:
        return True
    printer = result.type == "member_call_expression" and call_name(result) in CONSOLE_OUTPUT
    return printer and text(result.child_by_field_name("object")) == "$this"


def _is_selection(node: Node) -> bool:
    if node.type == "object_creation_expression":
        return True
    if node.type == "class_constant_access_expression":
        return text(node).endswith("::class")
    if node.type == "member_access_expression":
        return text(node.child_by_field_name("object")) == "$this"
    return node.type == "function_call_expression" and call_name(node) in ("app", "resolve")
