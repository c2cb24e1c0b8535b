"""The routes of a module (Flask and FastAPI functions, Django views) and how each knows the
signed-in user; the words and names the access detectors share."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    dotted,
    last_name,
    methods,
    name_tokens,
)
from reviewer.analyzers.design.context import ModuleContext, qualify

# Route decorators of Flask, FastAPI and Starlette routers and apps.
ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "route", "api_route"})
# Methods of a Django or DRF class-based view that answer a request.
VIEW_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "update", "partial_update", "destroy", "retrieve"}
)
# DRF permissions that only sign the user in: they say nothing of whose record it is.
SIGN_IN_PERMISSIONS = frozenset({"IsAuthenticated", "IsAuthenticatedOrReadOnly", "AllowAny"})
# Where the signed-in user is read: Flask-Login, Flask's `g`, Django, a view's request.
USER_EXPRESSIONS = frozenset(
    {"current_user", "g.user", "g.current_user", "request.user", "self.request.user"}
)
CURRENT_USER = re.compile(r"current_?(user|account|member)", re.IGNORECASE)
USER_CALLS = frozenset({"current_user", "get_current_user", "get_jwt_identity"})
# Words in a decorator, dependency or helper name that say it checks who may act.
GUARD_WORDS = frozenset(
    {
        "admin",
        "staff",
        "organiser",
        "organizer",
        "owner",
        "owns",
        "permission",
        "permissions",
        "perm",
        "perms",
        "role",
        "roles",
        "superuser",
        "moderator",
        "authorize",
        "authorise",
        "authorized",
        "can",
        "allowed",
        "privileges",
        "forbidden",
        "passes",
        "authorization",
    }
)
GUARD_NAMES = frozenset(
    {"is_superuser", "is_staff", "is_admin", "PermissionDenied", "Forbidden", "HTTP_403_FORBIDDEN"}
)
LOGIN_WORDS = frozenset({"login", "auth", "jwt", "token", "signed"})
# Imported names that say a module deals with signed-in users.
USER_SIGNS = frozenset({"login", "auth", "security", "user", "current", "jwt", "permission"})
# Fields that tie a record to the user it belongs to.
OWNER_FIELDS = frozenset(
    {
        "owner",
        "owner_id",
        "user",
        "user_id",
        "author",
        "author_id",
        "created_by",
        "created_by_id",
        "creator",
        "creator_id",
        "customer",
        "customer_id",
        "account_id",
        "tenant_id",
        "organization_id",
        "organisation_id",
        "uploaded_by",
        "submitted_by",
        "posted_by",
    }
)
# Records that are the user: changing one is changing an account.
USER_MODELS = frozenset({"user", "account"})
# Records usually meant to be read by anyone: reading one by id is not a finding.
PUBLIC_WORDS = frozenset(
    {
        "user",
        "profile",
        "post",
        "article",
        "comment",
        "story",
        "blog",
        "entry",
        "page",
        "product",
        "event",
        "review",
        "recipe",
        "tag",
        "category",
        "listing",
        "job",
        "topic",
        "thread",
        "question",
        "answer",
        "course",
        "lesson",
        "book",
        "author",
    }
)
FORBIDDEN = 403
REQUEST_HOOKS = frozenset({"before_request", "before_app_request"})
# Calls that take the model class as their first argument.
MODEL_TAKERS = frozenset({"get", "get_or_404", "get_object_or_404", "select", "query"})
# Calls whose result is one record, at the end of a load.
SINGLE_RESULTS = frozenset(
    {
        "get",
        "get_or_404",
        "get_object_or_404",
        "first",
        "first_or_404",
        "one",
        "one_or_none",
        "one_or_404",
        "scalar",
        "scalar_one",
        "scalar_one_or_none",
        "get_or_none",
    }
)
# Methods that change or remove the record they are called on.
MUTATORS = frozenset(
    {
        "save",
        "delete",
        "update",
        "sqlmodel_update",
        "from_dict",
        "update_from_dict",
        "soft_delete",
        "archive",
        "set_password",
    }
)
# Words of a helper that changes the record handed to it: `crud.update_item(db_item=item)`.
CHANGING_WORDS = frozenset({"update", "delete", "remove", "save", "edit", "change", "archive"})
# Calls that hand the record on as a response.
RESPONDERS = frozenset({"jsonify", "JsonResponse", "Response", "render", "render_template"})


@dataclass(frozen=True)
class Route:
    """A function that answers a request, with what it knows of the request's user."""

    function: FunctionNode
    view_class: ast.ClassDef | None
    user_names: frozenset[str]

    @property
    def name(self) -> str:
        owner = f"{self.view_class.name}." if self.view_class is not None else ""
        return f"{owner}{self.function.name}"


@dataclass(frozen=True)
class Load:
    """One record loaded by an id the client chose: where, into which name, of which model."""

    node: ast.stmt
    target: str
    model: str
    client_id: str


# --- routes and the user ------------------------------------------------------------------


def routes(module: ModuleContext) -> Iterator[Route]:
    """Flask and FastAPI routes, Django function views and class-based views' handlers."""
    classes = {id(m): c for c in module.class_nodes for m in methods(c)}
    for function in module.function_nodes:
        view_class = classes.get(id(function))
        if is_route(function) or _is_view(function, view_class, module):
            yield Route(function, view_class, _user_parameters(function, module))


def is_route(function: FunctionNode) -> bool:
    calls = (d for d in function.decorator_list if isinstance(d, ast.Call))
    return any(isinstance(c.func, ast.Attribute) and c.func.attr in ROUTE_DECORATORS for c in calls)


def _is_view(
    function: FunctionNode, view_class: ast.ClassDef | None, module: ModuleContext
) -> bool:
    names = [a.arg for a in function.args.args]
    if view_class is not None:
        bases = " ".join(dotted(b) or "" for b in view_class.bases)
        handler = function.name in VIEW_METHODS and names[1:2] == ["request"]
        return handler and ("View" in bases or "Mixin" in bases)
    top_level = module.parent(function) is module.tree
    return top_level and names[:1] == ["request"]


def _user_parameters(function: FunctionNode, module: ModuleContext) -> frozenset[str]:
    """FastAPI parameters that are the signed-in user: `current_user: CurrentUser`,
    `user: User = Depends(get_current_user)`, `me: Me` where
    `Me = Annotated[Member, Depends(get_current_member)]`."""
    arguments = [*function.args.args, *function.args.kwonlyargs]
    defaults = parameter_defaults(function)
    found = set()
    for argument in arguments:
        annotation = argument.annotation
        if isinstance(annotation, ast.Name):
            annotation = alias(annotation.id, module) or annotation
        said = " ".join(ast.unparse(n) for n in (annotation, defaults.get(argument.arg)) if n)
        if argument.arg == "current_user" or CURRENT_USER.search(said):
            found.add(argument.arg)
    return frozenset(found)


def parameter_defaults(function: FunctionNode) -> dict[str, ast.expr]:
    arguments = function.args
    positional = dict(zip(reversed(arguments.args), reversed(arguments.defaults), strict=False))
    keyword = zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    both = [*positional.items(), *((a, d) for a, d in keyword if d is not None)]
    return {a.arg: d for a, d in both}


def mentions_user(node: ast.AST, route: Route) -> bool:
    """Whether an expression reads the signed-in user."""
    for inner in ast.walk(node):
        name = dotted(inner)
        if name is not None and (name in USER_EXPRESSIONS or name in route.user_names):
            return True
        if isinstance(inner, ast.Call) and last_name(inner.func) in USER_CALLS:
            return True
    return False


def knows_user(route: Route) -> bool:
    """The route is for signed-in users: it reads the user or a decorator signs them in."""
    decorators = [*route.function.decorator_list, *class_decorators(route)]
    signed_in = any(name_tokens(_called_name(d)) & LOGIN_WORDS for d in decorators)
    bases = " ".join(dotted(b) or "" for b in (route.view_class.bases if route.view_class else []))
    given = bool(route.user_names)
    permissions = permission_classes(route.view_class) if route.view_class else []
    signed_in = signed_in or "LoginRequired" in bases or any("IsAuth" in p for p in permissions)
    return given or signed_in or mentions_user(route.function, route)


def class_decorators(route: Route) -> list[ast.expr]:
    return list(route.view_class.decorator_list) if route.view_class else []


def _called_name(node: ast.AST) -> str:
    return dotted(node.func if isinstance(node, ast.Call) else node) or ""


def permission_classes(view_class: ast.ClassDef) -> list[str]:
    """The names in the class's `permission_classes = (...)`."""
    values = [
        s.value
        for s in view_class.body
        if isinstance(s, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "permission_classes" for t in s.targets)
    ]
    return [last_name(n) for v in values for n in ast.walk(v) if isinstance(n, ast.Name)]


def alias(name: str, module: ModuleContext) -> ast.expr | None:
    """The value of a module-level `CurrentUser = Annotated[User, Depends(...)]`, here or in
    the module it is imported from."""
    path, _, alias = qualify(name, module.info.imports).rpartition(".")
    home = module.project.modules.get(path) if path else module.info
    for statement in home.tree.body if home is not None else []:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name) and target.id == (alias or name):
                return statement.value
    return None
