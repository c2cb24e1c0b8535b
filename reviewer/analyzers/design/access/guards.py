"""Checks of who may act: guard decorators and dependencies, permission classes, request hooks,
comparisons with the current user, lookups scoped by the user."""

from __future__ import annotations

import ast
from pathlib import PurePath

from reviewer.analyzers.design.access.routes import (
    FORBIDDEN,
    GUARD_NAMES,
    GUARD_WORDS,
    OWNER_FIELDS,
    REQUEST_HOOKS,
    SIGN_IN_PERMISSIONS,
    USER_EXPRESSIONS,
    Route,
    mentions_user,
    parameter_defaults,
    permission_classes,
)
from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    decorator_names,
    dotted,
    last_name,
    methods,
    name_tokens,
    string_text,
)
from reviewer.analyzers.design.context import ModuleContext


def is_guarded(route: Route, module: ModuleContext) -> bool:
    """The route compares something to the user, scopes a query by them, refuses with 403,
    or a decorator, dependency, helper or mixin says it checks permissions."""
    function = route.function
    if _guarded_class(route.view_class) or guard_named(function) or _guarded_module(module):
        return True
    for node in module.body_nodes(function):
        if isinstance(node, ast.Compare) and _compares_owner(node, route):
            return True
        if isinstance(node, ast.Call) and _scoped_by_user(node, route):
            return True
        if _refuses(node):
            return True
    return False


def _guarded_module(module: ModuleContext) -> bool:
    """A Flask `before_request` hook of the module that refuses with 403 or checks a role:
    every route of the blueprint is checked there."""
    return module.facts.get(("access", "before_request"), lambda: _has_guard_hook(module))


def _has_guard_hook(module: ModuleContext) -> bool:
    hooks = (f for f in module.function_nodes if decorator_names(f) & REQUEST_HOOKS)
    return any(_refuses(n) or _names_guard(n) for hook in hooks for n in ast.walk(hook))


def _refuses(node: ast.AST) -> bool:
    """`abort(403)`, `status.HTTP_403_FORBIDDEN`, `is_staff`, `PermissionDenied`."""
    if isinstance(node, ast.Constant):
        return node.value == FORBIDDEN
    return isinstance(node, ast.Name | ast.Attribute) and last_name(node) in GUARD_NAMES


def admin_area(route: Route, module: ModuleContext) -> bool:
    """A route under `/admin` or in an `admin` module, likely checked where it is mounted."""
    paths = (
        string_text(a) or ""
        for d in route.function.decorator_list
        if isinstance(d, ast.Call)
        for a in d.args[:1]
    )
    in_admin = any(p.lstrip("/").startswith("admin") for p in paths)
    path = PurePath(module.path)
    return in_admin or "admin" in name_tokens(path.stem) | name_tokens(path.parent.name)


def guard_named(function: FunctionNode) -> bool:
    """A decorator, a dependency or a helper called in the body whose name says it checks
    permissions: `@organiser_only`, `Depends(get_current_active_superuser)`, `ensure_owner`."""
    places: list[ast.AST] = [*function.decorator_list, *parameter_defaults(function).values()]
    places += [a.annotation for a in function.args.args if a.annotation is not None]
    places += [n.func for n in ast.walk(function) if isinstance(n, ast.Call)]
    return any(_names_guard(node) for place in places for node in ast.walk(place))


def _names_guard(node: ast.AST) -> bool:
    if not isinstance(node, ast.Name | ast.Attribute):
        return False
    return bool(name_tokens(last_name(node)) & GUARD_WORDS)


def _guarded_class(view_class: ast.ClassDef | None) -> bool:
    """A permission mixin, DRF `permission_classes` beyond signing in (`IsOwner`,
    `IsAdminUser`), or a `get_queryset`/`get_object` of the view's own (where the query is
    scoped)."""
    if view_class is None:
        return False
    bases = (n for b in view_class.bases for n in ast.walk(b))
    own = {m.name for m in methods(view_class)}
    scoped = own & {"get_queryset", "get_object", "test_func", "has_permission"}
    checked = set(permission_classes(view_class)) - SIGN_IN_PERMISSIONS
    return any(_names_guard(n) for n in bases) or bool(scoped) or bool(checked)


def _compares_owner(node: ast.Compare, route: Route) -> bool:
    sides = [node.left, *node.comparators]
    owner = any(isinstance(s, ast.Attribute) and s.attr in OWNER_FIELDS for s in sides)
    return owner or any(mentions_user(s, route) for s in sides)


def _scoped_by_user(call: ast.Call, route: Route) -> bool:
    """`filter_by(owner=current_user)`, `get_object_or_404(Order, pk=pk, user=request.user)`,
    `request.user.orders.get(pk=pk)`."""
    if any(mentions_user(k.value, route) for k in call.keywords):
        return True
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    name = dotted(receiver) if receiver is not None else None
    roots = USER_EXPRESSIONS | route.user_names
    return name is not None and any(name.startswith(f"{root}.") for root in roots)
