"""SOLID, single responsibility at the HTTP edge: controllers that query or decide.

A short Eloquent call in an action is Laravel's idiom; only a query with real logic in it
(several conditions, a join, raw SQL), one repeated across actions, or any query when the
project declares repositories (`[php] architecture = "repositories"`) is a point. Files the
framework scaffolded (Breeze, Fortify, the skeleton) are left alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.access import access_checks
from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import is_query_name, is_relation_query, is_static_query
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.scaffolding import is_scaffolding
from reviewer.analyzers.php.syntax import (
    CALLS,
    LOOPS,
    MEMBER_CALLS,
    call_name,
    descendants,
    receiver,
    scope_name,
    text,
)
from reviewer.model import Finding

MIN_CONDITIONS = 3
CONDITION = re.compile(r"^(?:or)?(?:where|having)", re.IGNORECASE)
RAW_DB_CALLS = frozenset({"raw", "select", "statement", "unprepared", "selectOne", "scalar"})
# An `if` or ternary on what the client asked for: content negotiation, not a business rule.
NEGOTIATION = re.compile(r"->(?:wantsJson|expectsJson|ajax|pjax|acceptsJson|isJson|prefers)\(")
# What a guard clause's body may do and still only answer the request.
ANSWER = re.compile(
    r"^(?:return\b|throw\b|abort(?:_if|_unless)?\(|session\(|\$request->session\(|Session::"
    r"|\$this->(?:show\w*|flash\w*|success|error|warning|info|jsonError)\(|flash\(|toast\("
    r"|notify\(|redirect\()"
)
PERMISSION = re.compile(r"\b(?:userCan|can|cannot|hasPermission\w*|isAdmin|isGuest)\(")
STATEMENT_KINDS = frozenset({"expression_statement", "return_statement", "if_statement"})


# --- queries ---------------------------------------------------------------------------------


def query_in_controller(php: PhpFile) -> Iterator[Finding]:
    """A controller action whose query holds logic, repeats another action's, or, when the
    project keeps queries in repositories, any query; once per action."""
    if not php.has_role(Role.CONTROLLER) or is_scaffolding(php.path):
        return
    seen: set[int] = set()
    shapes: dict[str, FunctionInfo] = {}
    for call in php.calls_named(is_query_name):
        function = php.function_at(call)
        if function is None or function.role is not Role.CONTROLLER:
            continue
        if function.node.id in seen:
            continue
        if is_static_query(call, php.imports):
            why = _query_point(php, call, function, shapes)
        elif is_relation_query(call, php.imports) and _whole_chain(call) == call:
            why = _relation_query_point(call)
        else:
            continue
        if why:
            seen.add(function.node.id)
            yield php.finding("controller-query", call, f"`{function.qualified}` {why}")


def _query_point(
    php: PhpFile, call: Node, function: FunctionInfo, shapes: dict[str, FunctionInfo]
) -> str:
    """Why this query in an action is worth a comment, or an empty string."""
    target = f"`{scope_name(call)}::{call_name(call)}`"
    if php.keeps_queries_in_repositories:
        return f"queries {target} itself, though the project keeps queries in repositories"
    chain = _whole_chain(call)
    logic = _logic_of(chain)
    if logic:
        return f"builds a query on {target} with {logic}"
    shape = "".join(text(chain).split())
    conditioned = any(CONDITION.match(call_name(c)) for c in _calls_in(chain))
    earlier = shapes.setdefault(shape, function) if conditioned else function
    if earlier is not function:
        return f"repeats the {target} query of `{earlier.qualified}`"
    return ""


def _relation_query_point(terminal: Node) -> str:
    """Why a query through a relation (`$page->revisions()->...->paginate()`) is worth a
    comment: only for the logic in it."""
    start = terminal
    while (inner := receiver(start)) is not None and inner.type in MEMBER_CALLS:
        start = inner
    if inner is None or inner.type == "scoped_call_expression":
        return ""  # a static query's chain: judged from its static call
    logic = _logic_of(terminal)
    return f"builds a query on `{text(start)}` with {logic}" if logic else ""


def _whole_chain(call: Node) -> Node:
    """The outermost call of the builder chain a static query starts."""
    current = call
    parent = current.parent
    while parent is not None and parent.type in MEMBER_CALLS:
        if parent.child_by_field_name("object") != current:
            break
        current, parent = parent, parent.parent
    return current


def _calls_in(node: Node) -> Iterator[Node]:
    """The node if it is a call, then every call inside it (iteratively: a long chain or
    concatenation nests deeper than Python's recursion allows)."""
    if node.type in CALLS:
        yield node
    yield from descendants(node, CALLS)


def _logic_of(chain: Node) -> str:
    """`3 conditions`, `a join`, `raw SQL`: what makes a query more than a lookup."""
    calls = list(_calls_in(chain))
    conditions = sum(1 for c in calls if CONDITION.match(call_name(c)))
    joins = sum(1 for c in calls if "join" in call_name(c).lower())
    raw = any(_is_raw(c) for c in calls)
    parts = []
    if conditions >= MIN_CONDITIONS:
        parts.append(f"{conditions} conditions")
    if joins:
        parts.append("a join" if joins == 1 else f"{joins} joins")
    if raw:
        parts.append("raw SQL")
    return " and ".join(parts)


def _is_raw(call: Node) -> bool:
    name = call_name(call)
    return name.endswith("Raw") or (scope_name(call) == "DB" and name in RAW_DB_CALLS)


# --- decisions -------------------------------------------------------------------------------


def logic_in_controller(php: PhpFile) -> Iterator[Finding]:
    """A controller action with loops or several decisions about the domain. Content
    negotiation (`wantsJson()`), guard clauses that only answer the request (a redirect, a
    flash message, an error response), `??` defaults and access checks are not counted."""
    if is_scaffolding(php.path):
        return
    for function in php.functions:
        if function.role is not Role.CONTROLLER:
            continue
        checks = access_checks(function)
        found = [
            d
            for d in php.decisions.get(function.node.id, [])
            if not _answers_only(d) and not any(_within(d, c.condition) for c in checks)
        ]
        loops = sum(1 for d in found if d.type in LOOPS)
        branches = len(found) - loops
        if loops or branches >= php.thresholds.min_controller_decisions:
            message = f"`{function.qualified}` holds business logic: {_describe(loops, branches)}"
            extras = {"metric": len(found)}
            yield php.finding("controller-logic", head(function), message, extras)


def _answers_only(decision: Node) -> bool:
    """A decision that only shapes the answer: content negotiation, a `??` default, an `if`
    whose every branch only answers the request (a guard clause, a choice of flash message),
    or a `catch` that only answers."""
    if decision.type == "binary_expression":
        operator = text(decision.child_by_field_name("operator"))
        return operator == "??" or _negotiates(decision) or _about_access(decision)
    if decision.type == "conditional_expression":
        elvis = decision.child_by_field_name("body") is None  # `$a ?: $b`, a default
        return elvis or bool(NEGOTIATION.search(text(decision.child_by_field_name("condition"))))
    if decision.type == "if_statement":
        if NEGOTIATION.search(text(decision.child_by_field_name("condition"))):
            return True
        return all(_only_answers(branch) for branch in _branches(decision))
    if decision.type == "else_if_clause" and decision.parent is not None:
        return _answers_only(decision.parent)
    if decision.type == "catch_clause":
        return _only_answers(decision.child_by_field_name("body"))
    return False


def _about_access(operator: Node) -> bool:
    """A `&&`/`||` inside a statement about permissions (`userCan(...) || userCan(...)`):
    authorization, which a Policy holds, not the domain's logic."""
    statement = operator.parent
    while statement is not None and statement.type not in STATEMENT_KINDS:
        statement = statement.parent
    return statement is not None and PERMISSION.search(text(statement)) is not None


def _branches(statement: Node) -> list[Node | None]:
    """The bodies of an `if`, its `elseif`s and its `else`."""
    clauses = [c for c in statement.children if c.type in ("else_clause", "else_if_clause")]
    return [statement.child_by_field_name("body")] + [
        c.child_by_field_name("body") for c in clauses
    ]


def _negotiates(operator: Node) -> bool:
    """A `&&`/`||` inside the condition of an `if` on content negotiation."""
    current = operator.parent
    while current is not None and current.type not in ("if_statement", "compound_statement"):
        current = current.parent
    return current is not None and current.type == "if_statement" and _answers_only(current)


def _only_answers(body: Node | None) -> bool:
    if body is None:
        return False
    statements = body.named_children if body.type == "compound_statement" else [body]
    statements = [s for s in statements if s.type != "comment"]
    return bool(statements) and all(ANSWER.match(text(s)) for s in statements)


def _within(node: Node, container: Node) -> bool:
    return container.start_byte <= node.start_byte and node.end_byte <= container.end_byte


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
