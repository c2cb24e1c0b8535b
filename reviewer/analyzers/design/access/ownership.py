"""missing-ownership-check and ownership-unclear: a record loaded by a client-given id and
returned, changed or deleted with no sign that it is the caller's."""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.access.guards import admin_area, is_guarded
from reviewer.analyzers.design.access.loads import change_made, client_ids, is_name, loads, returned
from reviewer.analyzers.design.access.models import model_class, owner_field, user_field
from reviewer.analyzers.design.access.routes import (
    PUBLIC_WORDS,
    RESPONDERS,
    USER_MODELS,
    USER_SIGNS,
    Load,
    Route,
    knows_user,
    routes,
)
from reviewer.analyzers.design.ast_tools import (
    last_name,
    name_tokens,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding


@dataclass(frozen=True)
class Verdict:
    """What one load by a client-given id comes to: asserted (major) or asked; `user_field`
    is the record's foreign key to the user model, when it has one (for a rewrite)."""

    asserted: bool
    node: ast.stmt
    message: str
    user_field: str = ""


@detector("missing-ownership-check")
def missing_ownership_check(module: ModuleContext) -> Iterator[Finding]:
    """A record of a user, loaded by a client-given id and changed with no owner check."""
    for verdict in _ownership_verdicts(module):
        if verdict.asserted:
            extras = {"user_field": verdict.user_field} if verdict.user_field else None
            yield module.finding(verdict.node, verdict.message, extras)


@detector("ownership-unclear")
def ownership_unclear(module: ModuleContext) -> Iterator[Finding]:
    """The same, where the model or the route's user cannot be seen: a question."""
    for verdict in _ownership_verdicts(module):
        if not verdict.asserted:
            yield module.finding(verdict.node, verdict.message)


def _has_users(module: ModuleContext) -> bool:
    """The module deals with signed-in users: it imports sign-in, security or user names."""
    imported = " ".join([*module.info.imports, *module.info.imports.values()])
    return any(name_tokens(word) & USER_SIGNS for word in re.split(r"[ .]", imported))


def _ownership_verdicts(module: ModuleContext) -> tuple[Verdict, ...]:
    return module.facts.get(("access", "ownership"), lambda: tuple(_verdicts(module)))


def _verdicts(module: ModuleContext) -> Iterator[Verdict]:
    for route in routes(module):
        ids = client_ids(route, module)
        if not ids or is_guarded(route, module):
            continue
        for load in loads(route, module, ids):
            verdict = _verdict(load, route, module)
            if verdict is not None:
                yield verdict
                break


def _verdict(load: Load, route: Route, module: ModuleContext) -> Verdict | None:
    ref = model_class(module, load.model)
    owner = owner_field(module, ref) if ref is not None else None
    is_user = bool(name_tokens(load.model) & USER_MODELS) and owner is None
    change = change_made(load, route, module)
    where = (
        f"`{route.name}` loads the `{load.model}` whose id the client sends (`{load.client_id}`)"
    )
    if change:
        if (owner or is_user) and knows_user(route) and not admin_area(route, module):
            check = (
                "checking that it is the current user"
                if is_user
                else f"comparing its `{owner}` to the current user"
            )
            message = f"{where} and {change} it without {check}"
            return Verdict(True, load.node, message, user_field(module, ref, owner))
        if (ref is None and _has_users(module)) or owner or is_user:
            message = f"{where} and {change} it; no check against the current user is visible"
            return Verdict(False, load.node, message)
        return None
    private = owner and not name_tokens(load.model) & PUBLIC_WORDS
    if not private or not knows_user(route):
        return None
    use = _handed_to(load, route, module)
    if returned(load, route, module) and not use:
        use = "sends it back"
    if not use:
        return None
    message = f"{where} and {use} without comparing its `{owner}` to the current user"
    return Verdict(False, load.node, message)


def _handed_to(load: Load, route: Route, module: ModuleContext) -> str:
    """`hands it to `service.finish`` when the record is given to a call of the project's
    own (a service that may change it), not to a response or a template."""
    for node in module.body_nodes(route.function):
        if not isinstance(node, ast.Call) or last_name(node.func) in RESPONDERS:
            continue
        called = ast.unparse(node.func)
        given = [*node.args, *(k.value for k in node.keywords)]
        if any(is_name(g, load.target) for g in given) and _project_call(called):
            return f"hands it to `{called}`"
    return ""


def _project_call(called: str) -> bool:
    """Not a builtin (`str`, `isinstance`) nor a log call (`logger.info`)."""
    head = called.partition(".")[0]
    return bool(called) and called not in vars(builtins) and not head.startswith("log")
