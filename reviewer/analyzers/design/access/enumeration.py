"""account-enumeration: login or reset messages that tell which of the account and the password
was wrong."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from reviewer.analyzers.design.access.guards import guard_named
from reviewer.analyzers.design.access.routes import Route, routes
from reviewer.analyzers.design.ast_tools import (
    last_name,
    name_tokens,
    string_text,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

LOGIN_HANDLERS = frozenset({"login", "signin", "logon", "authenticate"})
RESET_HANDLERS = frozenset({"reset", "forgot", "forgotten", "recover", "recovery"})
UNKNOWN_ACCOUNT = re.compile(
    r"\b(no|unknown) (such )?(user|account|e-?mail|username)\b"
    r"|\b(user|account|e-?mail|username|address)\b[^.]{0,40}?"
    r"\b(not (be )?found|does ?n[o']t exist|not registered|is not registered)"
    r"|\b(could|can|did) ?n[o']t find (a |an |any )?(user|account)\b"
    r"|\bnot registered\b",
    re.IGNORECASE,
)
WRONG_PASSWORD = re.compile(
    r"\b(wrong|incorrect|invalid|bad) password\b|\bpassword (is )?(wrong|incorrect|invalid)\b",
    re.IGNORECASE,
)
PASSWORD_CHECKS = frozenset({"check_password", "verify_password", "authenticate", "verify"})
NOT_FOUND = frozenset({"Http404", "HTTP_404_NOT_FOUND", "NotFound"})
NOT_FOUND_STATUS = 404


@detector("account-enumeration")
def account_enumeration(module: ModuleContext) -> Iterator[Finding]:
    """A sign-in or reset handler whose answer says the account does not exist."""
    for route in routes(module):
        words = name_tokens(route.function.name)
        login = bool(words & LOGIN_HANDLERS) or {"sign", "in"} <= words
        reset = bool(words & RESET_HANDLERS)
        if not (login or reset) or guard_named(route.function):
            continue
        telling = _telling_answer(route, module, login=login)
        if telling is not None:
            what = "sign-in" if login else "reset request"
            message = (
                f"`{route.name}` answers a {what} for an unknown account differently from"
                " other failures, so the answer tells whether the account exists"
            )
            yield module.finding(telling, message)


def _telling_answer(route: Route, module: ModuleContext, *, login: bool) -> ast.AST | None:
    """The message or the 404 that gives away a missing account."""
    nodes = module.body_nodes(route.function)
    texts = [(n, string_text(n) or "") for n in nodes if isinstance(n, ast.Constant)]
    unknown = next((n for n, text in texts if UNKNOWN_ACCOUNT.search(text)), None)
    if login:
        wrong = any(WRONG_PASSWORD.search(text) for _, text in texts)
        checks = any(
            isinstance(n, ast.Call) and last_name(n.func) in PASSWORD_CHECKS for n in nodes
        )
        return unknown if unknown is not None and (wrong or checks) else None
    if unknown is not None:
        return unknown
    return next((n for n in nodes if isinstance(n, ast.If) and _missing_account_404(n)), None)


def _missing_account_404(branch: ast.If) -> bool:
    """`if not user: raise HTTPException(404)` / `if user is None: abort(404)`."""
    tested = [n.id for n in ast.walk(branch.test) if isinstance(n, ast.Name)]
    about_account = any(name_tokens(name) & {"user", "account"} for name in tested)
    inside = [n for s in branch.body for n in ast.walk(s)]
    status = any(isinstance(n, ast.Constant) and n.value == NOT_FOUND_STATUS for n in inside)
    named = any(
        isinstance(n, ast.Name | ast.Attribute) and last_name(n) in NOT_FOUND for n in inside
    )
    return about_account and (status or named)
