"""csrf-exempt-state-change: a view with CSRF protection switched off that changes state and
checks no signature of its own."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.access.routes import GUARD_WORDS, Route, class_decorators
from reviewer.analyzers.design.ast_tools import (
    dotted,
    last_name,
    methods,
    name_tokens,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

# Calls that write to the database, on a queryset, a model or a form.
WRITES = frozenset(
    {"save", "update", "delete", "create", "bulk_create", "bulk_update", "get_or_create"}
    | {"update_or_create", "add", "remove", "set", "clear"}
)
# Writes that are a database write only on a relation (`obj.tags.add`), not a local set.
RELATION_WRITES = frozenset({"add", "remove", "set", "clear"})
# Names of plain dicts whose `update` is not a write.
LOCAL_DICTS = frozenset(
    {"context", "data", "payload", "params", "kwargs", "defaults", "options", "result", "extra"}
)
# What a webhook checks instead of a CSRF token.
SIGNATURE_WORDS = frozenset({"signature", "hmac", "construct", "verify", "digest", "signed"})


@detector("csrf-exempt-state-change")
def csrf_exempt_state_change(module: ModuleContext) -> Iterator[Finding]:
    """A view of the signed-in user that writes data with its CSRF check switched off."""
    for route in _exempt_views(module):
        exemption = _exemption(route)
        write = _first_write(route, module)
        if exemption is None or write is None or _checks_signature(route, module):
            continue
        if _session_user(route):
            message = (
                f"`{route.name}` switches CSRF protection off and writes data"
                f" (`{ast.unparse(write.func)}`) for the signed-in user"
            )
            yield module.finding(exemption, message)


def _exempt_views(module: ModuleContext) -> Iterator[Route]:
    classes = {id(m): c for c in module.class_nodes for m in methods(c)}
    for function in module.function_nodes:
        names = [a.arg for a in function.args.args]
        if "request" in names[:2]:
            yield Route(function, classes.get(id(function)), frozenset())


def _exemption(route: Route) -> ast.expr | None:
    """`@csrf_exempt`, `@csrf.exempt`, or `@method_decorator(csrf_exempt, ...)` on the view or
    its class."""
    for decorator in [*route.function.decorator_list, *class_decorators(route)]:
        names = {dotted(n) or "" for n in ast.walk(decorator)}
        if any(n.endswith("csrf_exempt") or n.endswith("csrf.exempt") for n in names):
            return decorator
    return None


def _first_write(route: Route, module: ModuleContext) -> ast.Call | None:
    for node in module.body_nodes(route.function):
        if isinstance(node, ast.Call) and _writes(node.func):
            return node
    return None


def _writes(func: ast.expr) -> bool:
    """A write to the database: `.save()`, `qs.update(...)`, `obj.tags.add(...)`; not a
    dict's `update` nor a local set's `add`."""
    if not isinstance(func, ast.Attribute) or func.attr not in WRITES or _is_session(func.value):
        return False
    if func.attr in RELATION_WRITES:
        return isinstance(func.value, ast.Attribute)
    return last_name(func.value) not in LOCAL_DICTS


def _is_session(node: ast.expr) -> bool:
    """`request.session.update(...)`, `messages.add(...)`: not the database."""
    name = dotted(node) or ""
    return name.endswith(("session", "messages", "META", "headers")) or name in {"set", "list"}


def _checks_signature(route: Route, module: ModuleContext) -> bool:
    names = (last_name(n) for n in module.body_nodes(route.function))
    return any(name_tokens(name) & SIGNATURE_WORDS or "hmac" in name for name in names if name)


def _session_user(route: Route) -> bool:
    """The view acts for the user of the session: it reads `request.user` or a decorator
    signs the user in or checks their role."""
    decorators = [*route.function.decorator_list, *class_decorators(route)]
    named = (n for d in decorators for n in ast.walk(d) if isinstance(n, ast.Name | ast.Attribute))
    words = GUARD_WORDS | {"login", "required"}
    if any(name_tokens(last_name(n)) & words for n in named):
        return True
    reads = (dotted(n) or "" for n in ast.walk(route.function))
    return any(r.startswith(("request.user", "self.request.user")) for r in reads)
