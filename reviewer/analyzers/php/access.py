"""SOLID, single responsibility at the HTTP edge: an action that decides itself who may act
(`abort(403)` on an ownership or role check), which a Policy says once for every caller."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.scaffolding import is_scaffolding
from reviewer.analyzers.php.syntax import CALLS, arguments, call_name, descendants, text
from reviewer.model import Finding

IFS = frozenset({"if_statement"})
FORBIDDEN = frozenset({"403", "Response::HTTP_FORBIDDEN", "404", "Response::HTTP_NOT_FOUND"})
DENIALS = re.compile(r"\bthrow\s+new\s+\\?(?:\w+\\)*(?:AuthorizationException|AccessDenied\w*)")
# Who the request is from: the user, their id, role or permissions.
ABOUT_A_USER = re.compile(
    r"user\(|\$user\b|->user\b|Auth::|auth\(|_id\b|->id\b|isAdmin|isModerator|->can\("
    r"|->cannot\(|hasPermission|owner|author|role",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AccessCheck:
    """An inline authorization decision: the node to point at, its condition, how it reads."""

    node: Node
    condition: Node
    reads: str


def inline_authorization(php: PhpFile) -> Iterator[Finding]:
    """A controller action that decides who may act itself (`abort_unless($user->isAdmin(),
    403)`, `if ($order->user_id !== $user->id) abort(403)`): a Policy's job; once per action."""
    if is_scaffolding(php.path):
        return
    for function in php.functions:
        if function.role is not Role.CONTROLLER:
            continue
        check = next(iter(access_checks(function)), None)
        if check is not None:
            message = f"`{function.qualified}` decides access itself with `{check.reads}`"
            yield php.finding("controller-authorization", check.node, message)


def access_checks(function: FunctionInfo) -> list[AccessCheck]:
    """The access decisions of an action: `abort_if`/`abort_unless` with 403 (or 404 on a
    condition about the user), and `if`s whose body denies with such an abort or throws an
    authorization exception."""
    body = function.body
    if body is None:
        return []
    found = [_abort_check(c) for c in descendants(body, CALLS)]
    found += [_if_check(node) for node in descendants(body, IFS)]
    return sorted((c for c in found if c is not None), key=lambda c: c.node.start_byte)


def _abort_check(call: Node) -> AccessCheck | None:
    name = call_name(call)
    if call.type != "function_call_expression" or name not in ("abort_if", "abort_unless"):
        return None
    values = arguments(call)
    if len(values) < 2 or not _denies(text(values[1]), values[0]):
        return None
    return AccessCheck(call, values[0], f"{name}()")


def _if_check(statement: Node) -> AccessCheck | None:
    condition = statement.child_by_field_name("condition")
    body = statement.child_by_field_name("body")
    if condition is None or body is None:
        return None
    denial = text(body)
    aborts = re.search(r"\babort\(\s*([\w:]+)", denial)
    if aborts and _denies(aborts.group(1), condition):
        return AccessCheck(statement, condition, f"abort({aborts.group(1)})")
    thrown = DENIALS.search(denial)
    if thrown:
        return AccessCheck(statement, condition, thrown.group(0))
    return None


def _denies(status: str, condition: Node) -> bool:
    """A 403 (or a 404 that hides what exists) on a condition about the user: a rule about the
    model alone (`abort_if($playlist->is_smart, 403)`) is the domain's, not a policy's."""
    return status in FORBIDDEN and bool(ABOUT_A_USER.search(text(condition)))
