"""Validation caught by a catch-all: `$request->validate()` inside a `try` whose
`catch (\\Exception $e)` turns Laravel's `ValidationException` (a 422 with the field errors)
into a 500 or a generic message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES, Role
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    call_name,
    descendants,
    line,
    receiver,
    short_name,
    text,
)
from reviewer.analyzers.php.tracing import assigned_values
from reviewer.model import Finding

VALIDATING = frozenset({"validate", "validateWithBag"})
REQUEST = re.compile(r"^(\$\w*request|request\(\))$", re.IGNORECASE)
VALIDATOR = re.compile(r"^(\\?Validator::make|validator)\(")
CATCH_ALL = frozenset({"Exception", "Throwable"})
SERVER_ERROR = re.compile(r"\b50[03]\b|HTTP_INTERNAL_SERVER_ERROR|serverError")


@dataclass(frozen=True)
class CatchAll:
    """The generic catch clause that receives a validation failure, and what it makes of it."""

    clause: Node
    caught: str
    outcome: str


def validation_in_catch_all(php: PhpFile) -> Iterator[Finding]:
    """A validate call in a `try` body whose first matching catch is `Exception` or
    `Throwable` and neither rethrows nor hands validation failures on."""
    for call in php.calls_named(VALIDATING):
        if call.type not in MEMBER_CALLS or php.role_at(call) in DATABASE_SCRIPT_ROLES:
            continue
        if not _is_validation(php, call):
            continue
        attempt = _enclosing_try(call)
        catch = _catch_all(php, attempt) if attempt is not None else None
        if attempt is None or catch is None:
            continue
        message = (
            f"{php.where(call)} calls `{_shown(call)}` inside a `try` whose "
            f"`catch ({catch.caught})` {catch.outcome}: a validation failure (422 with the "
            "field errors) reaches the client as that instead"
        )
        extras = {"try_line": line(attempt), "first_statement": _is_first_statement(call, attempt)}
        yield php.finding("validation-in-catch-all", call, message, extras)


def _is_validation(php: PhpFile, call: Node) -> bool:
    """`$request->validate()`, `request()->validate()`, a controller's `$this->validate()`,
    `Validator::make(...)->validate()`, or a validator kept in a variable."""
    target = receiver(call)
    shown = text(target)
    if REQUEST.match(shown) or VALIDATOR.match(shown):
        return True
    if shown == "$this":
        return php.role_at(call) is Role.CONTROLLER
    if target is None or target.type != "variable_name":
        return False
    values = assigned_values(php.scope_of(call), target, before=call)
    return any(VALIDATOR.match(text(v)) for v in values)


def _enclosing_try(node: Node) -> Node | None:
    """The `try` statement whose protected body (not a catch) holds the node."""
    child, parent = node, node.parent
    while parent is not None and parent.type not in ("method_declaration", "function_definition"):
        if parent.type in ("anonymous_function", "arrow_function"):
            return None
        if parent.type == "try_statement" and parent.child_by_field_name("body") == child:
            return parent
        child, parent = parent, parent.parent
    return None


def _catch_all(php: PhpFile, attempt: Node) -> CatchAll | None:
    """The first catch that receives a `ValidationException`, when it is a catch-all that
    does not pass validation failures on."""
    for clause in (c for c in attempt.named_children if c.type == "catch_clause"):
        types = [short_name(text(t)) for t in _caught_types(clause)]
        if any("ValidationException" in t for t in types):
            return None
        generic = [t for t in _caught_types(clause) if _is_catch_all(php, t)]
        if generic:
            return _judged(clause, " | ".join(text(t) for t in _caught_types(clause)))
    return None


def _caught_types(clause: Node) -> list[Node]:
    types = clause.child_by_field_name("type")
    return [t for t in types.named_children if t.type == "named_type"] if types else []


def _is_catch_all(php: PhpFile, caught: Node) -> bool:
    written = text(caught)
    return php.qualified_name(written) in CATCH_ALL or written.lstrip("\\") in CATCH_ALL


def _judged(clause: Node, caught: str) -> CatchAll | None:
    """None when the catch rethrows what it caught or looks for validation failures."""
    body = clause.child_by_field_name("body")
    variable = text(clause.child_by_field_name("name"))
    source = text(body)
    if "ValidationException" in source or "->validator" in source:
        return None
    throws = list(descendants(body, frozenset({"throw_expression"}))) if body else []
    if variable and any(text(t).replace(" ", "") == f"throw{variable}" for t in throws):
        return None
    if SERVER_ERROR.search(source):
        outcome = "answers with a server error"
    elif "return" in source or "abort(" in source:
        outcome = "answers with a generic error"
    elif throws:
        outcome = "throws another exception"
    else:
        outcome = "carries on without the validated input"
    shown = f"{caught} {variable}".strip()
    return CatchAll(clause, shown, outcome)


def _shown(call: Node) -> str:
    return f"{text(receiver(call))}->{call_name(call)}()"


def _is_first_statement(call: Node, attempt: Node) -> bool:
    """The validate call is the whole first statement of the `try` body: moving it above the
    `try` changes nothing else."""
    body = attempt.child_by_field_name("body")
    first = next((c for c in body.named_children if c.type != "comment"), None) if body else None
    if first is None or first.type != "expression_statement" or not first.named_children:
        return False
    expression = first.named_children[0]
    if expression.type == "assignment_expression":
        expression = expression.child_by_field_name("right") or expression
    return expression == call
