"""Who may see and change what: records loaded by a client-given id with no ownership or
permission check, sensitive fields sent back, CSRF protection switched off, login messages
that tell which field was wrong."""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    decorator_names,
    dotted,
    last_name,
    methods,
    name_tokens,
    string_text,
)
from reviewer.analyzers.design.context import ClassRef, ModuleContext, qualify
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

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
        if _is_route(function) or _is_view(function, view_class, module):
            yield Route(function, view_class, _user_parameters(function, module))


def _is_route(function: FunctionNode) -> bool:
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
    defaults = _defaults(function)
    found = set()
    for argument in arguments:
        annotation = argument.annotation
        if isinstance(annotation, ast.Name):
            annotation = _alias(annotation.id, module) or annotation
        said = " ".join(ast.unparse(n) for n in (annotation, defaults.get(argument.arg)) if n)
        if argument.arg == "current_user" or CURRENT_USER.search(said):
            found.add(argument.arg)
    return frozenset(found)


def _defaults(function: FunctionNode) -> dict[str, ast.expr]:
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
    decorators = [*route.function.decorator_list, *_class_decorators(route)]
    signed_in = any(name_tokens(_called_name(d)) & LOGIN_WORDS for d in decorators)
    bases = " ".join(dotted(b) or "" for b in (route.view_class.bases if route.view_class else []))
    given = bool(route.user_names)
    permissions = _permission_classes(route.view_class) if route.view_class else []
    signed_in = signed_in or "LoginRequired" in bases or any("IsAuth" in p for p in permissions)
    return given or signed_in or mentions_user(route.function, route)


def _class_decorators(route: Route) -> list[ast.expr]:
    return list(route.view_class.decorator_list) if route.view_class else []


def _called_name(node: ast.AST) -> str:
    return dotted(node.func if isinstance(node, ast.Call) else node) or ""


# --- checks of who may act ----------------------------------------------------------------


def is_guarded(route: Route, module: ModuleContext) -> bool:
    """The route compares something to the user, scopes a query by them, refuses with 403,
    or a decorator, dependency, helper or mixin says it checks permissions."""
    function = route.function
    if _guarded_class(route.view_class) or _guard_named(function) or _guarded_module(module):
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


def _admin_area(route: Route, module: ModuleContext) -> bool:
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


def _guard_named(function: FunctionNode) -> bool:
    """A decorator, a dependency or a helper called in the body whose name says it checks
    permissions: `@organiser_only`, `Depends(get_current_active_superuser)`, `ensure_owner`."""
    places: list[ast.AST] = [*function.decorator_list, *_defaults(function).values()]
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
    checked = set(_permission_classes(view_class)) - SIGN_IN_PERMISSIONS
    return any(_names_guard(n) for n in bases) or bool(scoped) or bool(checked)


def _permission_classes(view_class: ast.ClassDef) -> list[str]:
    """The names in the class's `permission_classes = (...)`."""
    values = [
        s.value
        for s in view_class.body
        if isinstance(s, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "permission_classes" for t in s.targets)
    ]
    return [last_name(n) for v in values for n in ast.walk(v) if isinstance(n, ast.Name)]


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


# --- records loaded by a client-given id --------------------------------------------------


def client_ids(route: Route, module: ModuleContext) -> frozenset[str]:
    """Parameters named like an id (from the URL or body), and names given an id-like value
    read from the request: `order_id = request.form.get("order_id")`."""
    function = route.function
    arguments = [*function.args.args, *function.args.kwonlyargs]
    found = {a.arg for a in arguments if _id_like(a.arg) and a.arg not in route.user_names}
    for node in module.body_nodes(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and _request_value(node.value):
                found.add(target.id)
    return frozenset(found)


def _id_like(name: str) -> bool:
    """`id`, `pk`, `order_id`, `orderId`, `article_slug`: what names one record."""
    return name in {"id", "pk", "uuid", "slug"} or name.endswith(
        ("_id", "_pk", "_uuid", "_slug", "Id")
    )


def _request_value(value: ast.expr) -> bool:
    """`request.form["order_id"]`, `request.POST.get("id")`, `request.json.get("item_id")`."""
    key = None
    if isinstance(value, ast.Subscript):
        key, holder = value.slice, value.value
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.args:
        key, holder = value.args[0], value.func.value
    else:
        return False
    text = string_text(key) if key is not None else None
    return text is not None and _id_like(text) and (dotted(holder) or "").startswith("request.")


def loads(route: Route, module: ModuleContext, ids: frozenset[str]) -> Iterator[Load]:
    """Records loaded by one of the ids, given to a name or changed in the same statement."""
    for node in module.body_nodes(route.function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Expr):
            target, value = None, node.value
        else:
            continue
        used = sorted(_names_in(value) & ids)
        if target is None:
            model = _model_in(value) if _changes_in_place(value) else None
        else:
            model = loaded_model(value) if isinstance(target, ast.Name) else None
        if used and model is not None:
            yield Load(node, target.id if isinstance(target, ast.Name) else "", model, used[0])


def loaded_model(value: ast.expr) -> str | None:
    """The model of one record a value loads: `session.get(Item, id)`, `Item.query.get(id)`,
    `get_object_or_404(Item, pk=pk)`, `Item.objects.get(id=id)`,
    `session.scalar(select(Item).where(Item.id == id))`; None for anything else."""
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call) or last_name(value.func) not in SINGLE_RESULTS:
        return None
    return _model_in(value)


def _model_in(value: ast.expr) -> str | None:
    for node in ast.walk(value):
        if isinstance(node, ast.Call) and node.args:
            first, called = node.args[0], last_name(node.func)
            if called in MODEL_TAKERS and _class_name(first):
                return last_name(first)
        if _manager(node) is not None:
            return _manager(node)
    return None


def _manager(node: ast.AST) -> str | None:
    """`Order` in `Order.query` and `Order.objects`."""
    if isinstance(node, ast.Attribute) and node.attr in {"query", "objects"}:
        return last_name(node.value) if _class_name(node.value) else None
    return None


def _changes_in_place(value: ast.expr) -> bool:
    """`Order.objects.filter(pk=pk).delete()`, `session.execute(delete(Order).where(...))`."""
    if not isinstance(value, ast.Call):
        return False
    if last_name(value.func) in {"delete", "update"} and _model_in_chain(value):
        return True
    inner = (n for n in ast.walk(value) if isinstance(n, ast.Call) and n is not value)
    return any(dotted(c.func) in {"delete", "update"} and c.args for c in inner)


def _model_in_chain(call: ast.Call) -> bool:
    return any(
        isinstance(n, ast.Attribute) and n.attr in {"objects", "query"} for n in ast.walk(call)
    )


def _class_name(node: ast.expr) -> bool:
    name = last_name(node) if isinstance(node, ast.Name | ast.Attribute) else ""
    return name[:1].isupper()


def _names_in(node: ast.AST) -> frozenset[str]:
    return frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))


def change_made(load: Load, route: Route, module: ModuleContext) -> str:
    """How the route changes the loaded record: "deletes", "changes", or "" when it does not."""
    if not load.target:
        return "changes"
    nodes = module.body_nodes(route.function)
    calls = [n for n in nodes if isinstance(n, ast.Call)]
    if any(_deletes(c, load.target) for c in calls):
        return "deletes"
    if any(_assigns_attribute(n, load.target) for n in nodes):
        return "changes"
    if any(_mutates(c, load.target) for c in calls):
        return "changes"
    saved = any(last_name(c.func) == "save" for c in calls)
    bound = any(_is_name(k.value, load.target) for c in calls for k in c.keywords)
    return "changes" if saved and bound else ""


def _deletes(call: ast.Call, target: str) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and _is_name(func.value, target):
        return func.attr in {"delete", "soft_delete"}
    return last_name(call.func) == "delete" and any(_is_name(a, target) for a in call.args)


def _assigns_attribute(node: ast.AST, target: str) -> bool:
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    else:
        return False
    return any(isinstance(t, ast.Attribute) and _is_name(t.value, target) for t in targets)


def _mutates(call: ast.Call, target: str) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and _is_name(func.value, target):
        return func.attr in MUTATORS
    called = last_name(func)
    handed = any(_is_name(a, target) for a in [*call.args, *(k.value for k in call.keywords)])
    helper = bool(name_tokens(called) & CHANGING_WORDS)
    return handed and (helper or called in {"setattr", "populate_obj", "merge"})


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def returned(load: Load, route: Route, module: ModuleContext) -> bool:
    """The record goes back in the response: returned, jsonified or rendered."""
    for node in module.body_nodes(route.function):
        if isinstance(node, ast.Return) and load.target in _names_in(node):
            return True
        responds = isinstance(node, ast.Call) and last_name(node.func) in RESPONDERS
        if responds and load.target in _names_in(node):
            return True
    return False


# --- models of the project ----------------------------------------------------------------


def model_class(module: ModuleContext, name: str) -> ClassRef | None:
    """The project's class of that name as the module sees it, through one re-export
    (`from .order import Order` in `models/__init__.py`)."""
    found = module.project.resolve(ast.Name(id=name), module.info)
    if found is not None:
        return found
    path, _, cls = qualify(name, module.info.imports).rpartition(".")
    package = module.project.modules.get(path)
    if package is None or cls not in package.imports:
        return None
    path, _, cls = package.imports[cls].rpartition(".")
    target = module.project.modules.get(path)
    return ClassRef(target.classes[cls], target) if target and cls in target.classes else None


def fields(module: ModuleContext, ref: ClassRef) -> dict[str, ast.expr | None]:
    """A model's class-level fields with their values, its project bases' included."""
    found: dict[str, ast.expr | None] = {}
    for current in [*reversed(list(module.project.ancestors(ref))), ref]:
        for statement in current.node.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = statement.value
            elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                found[statement.target.id] = statement.value
    return found


def owner_field(module: ModuleContext, ref: ClassRef) -> str | None:
    """The field that ties a record to its user: `owner_id`, `author`, or a foreign key to
    the user model."""
    for name, value in fields(module, ref).items():
        if name in OWNER_FIELDS or (value is not None and _points_to_user(value)):
            return name
    return None


def _user_field(module: ModuleContext, ref: ClassRef | None, owner: str | None) -> str:
    """The owner field when it is a foreign key to the user model (not to a team or a
    customer record): `owner = models.ForeignKey(settings.AUTH_USER_MODEL, ...)`."""
    value = fields(module, ref).get(owner) if ref is not None and owner else None
    return owner if owner and value is not None and _points_to_user(value) else ""


def _points_to_user(value: ast.expr) -> bool:
    """`ForeignKey(settings.AUTH_USER_MODEL)`, `ForeignKey(User)`,
    `Column(ForeignKey("users.id"))`, `Field(foreign_key="user.id")`."""
    for call in (n for n in ast.walk(value) if isinstance(n, ast.Call)):
        keys = [k.value for k in call.keywords if k.arg == "foreign_key"]
        if last_name(call.func) in {"ForeignKey", "OneToOneField"}:
            keys += call.args[:1]
        if any(_names_user(n) for key in keys for n in ast.walk(key)):
            return True
    return False


def _names_user(node: ast.AST) -> bool:
    text = string_text(node) or last_name(node)
    return re.fullmatch(r"(auth\.)?users?(\.id)?|auth_user_model", text.lower()) is not None


# --- missing-ownership-check and ownership-unclear ----------------------------------------


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
        if (owner or is_user) and knows_user(route) and not _admin_area(route, module):
            check = (
                "checking that it is the current user"
                if is_user
                else f"comparing its `{owner}` to the current user"
            )
            message = f"{where} and {change} it without {check}"
            return Verdict(True, load.node, message, _user_field(module, ref, owner))
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
        if any(_is_name(g, load.target) for g in given) and _project_call(called):
            return f"hands it to `{called}`"
    return ""


def _project_call(called: str) -> bool:
    """Not a builtin (`str`, `isinstance`) nor a log call (`logger.info`)."""
    head = called.partition(".")[0]
    return bool(called) and called not in vars(builtins) and not head.startswith("log")


# --- csrf-exempt-state-change -------------------------------------------------------------

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
    for decorator in [*route.function.decorator_list, *_class_decorators(route)]:
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
    decorators = [*route.function.decorator_list, *_class_decorators(route)]
    named = (n for d in decorators for n in ast.walk(d) if isinstance(n, ast.Name | ast.Attribute))
    words = GUARD_WORDS | {"login", "required"}
    if any(name_tokens(last_name(n)) & words for n in named):
        return True
    reads = (dotted(n) or "" for n in ast.walk(route.function))
    return any(r.startswith(("request.user", "self.request.user")) for r in reads)


# --- sensitive-fields-exposed -------------------------------------------------------------

SENSITIVE_WORDS = frozenset({"password", "passwd", "pwd", "secret", "token", "salt"})
# Words that make a field about a secret rather than the secret: `token_expiration`,
# `token_type`, `is_secret`.
ABOUT_WORDS = frozenset(
    {"at", "expiration", "expires", "expiry", "sent", "count", "changed", "type", "is", "has"}
)
DUMPS = frozenset({"model_to_dict", "vars"})
SERIALIZER_METHODS = frozenset({"to_dict", "as_dict", "to_json", "serialize", "to_api"})
MODEL_SCHEMAS = frozenset(
    {"ModelSerializer", "HyperlinkedModelSerializer", "ModelForm", "SQLAlchemyAutoSchema"}
)
DJANGO_USERS = frozenset({"django.contrib.auth.models.User", "django.contrib.auth.get_user_model"})


def sensitive(name: str) -> bool:
    """A password (or its hash), a secret, a token or a salt; a `content_hash` is not."""
    words = name_tokens(name)
    secret = bool(words & SENSITIVE_WORDS) or {"pw", "hash"} <= words
    return secret and not words & ABOUT_WORDS


@detector("sensitive-fields-exposed")
def sensitive_fields_exposed(module: ModuleContext) -> Iterator[Finding]:
    """A whole record with secret fields sent out: `__dict__`, `vars()`, `model_to_dict()`, a
    `to_dict` that lists them, a model serializer or form with every field, a FastAPI route
    returning the ORM row."""
    yield from _dumped_records(module)
    yield from _dict_methods(module)
    yield from _schemas_with_every_field(module)
    yield from _routes_without_response_model(module)


def _secrets_of(module: ModuleContext, model: str) -> list[str]:
    """The secret fields of a project model, or of Django's user model."""
    if module.qualified(ast.Name(id=model)) in DJANGO_USERS:
        return ["password"]
    ref = model_class(module, model)
    return [f for f in fields(module, ref) if sensitive(f)] if ref is not None else []


def _record_models(function: FunctionNode, module: ModuleContext) -> dict[str, str]:
    """Names given one record in the function, with the record's model."""
    found = {}
    for node in module.body_nodes(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, model = node.targets[0], loaded_model(node.value)
            if isinstance(target, ast.Name) and model is not None:
                found[target.id] = model
    return found


def _dumped_records(module: ModuleContext) -> Iterator[Finding]:
    for route in routes(module):
        records = _record_models(route.function, module)
        for node in module.body_nodes(route.function):
            dumped = _dumped_name(node)
            if dumped is None or not _sent(node, module):
                continue
            if dumped in {"request.user", "self.request.user"}:
                secrets = ["password"]
            else:
                secrets = _secrets_of(module, records.get(dumped, ""))
            if secrets:
                message = (
                    f"`{route.name}` sends every field of `{dumped}`, its"
                    f" {_listed(secrets)} included"
                )
                yield module.finding(node, message)


def _dumped_name(node: ast.AST) -> str | None:
    """`order.__dict__`, `vars(order)`, `model_to_dict(order)` -> `order`."""
    if isinstance(node, ast.Attribute) and node.attr == "__dict__":
        return dotted(node.value)
    if isinstance(node, ast.Call) and last_name(node.func) in DUMPS and node.args:
        return dotted(node.args[0])
    return None


def _sent(node: ast.AST, module: ModuleContext) -> bool:
    """The expression is (part of) what a return statement or a response call gives."""
    current: ast.AST | None = module.parent(node)
    while current is not None and not isinstance(current, ast.stmt):
        if isinstance(current, ast.Call) and last_name(current.func) in RESPONDERS:
            return True
        current = module.parent(current)
    return isinstance(current, ast.Return)


def _listed(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in dict.fromkeys(names)]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _dict_methods(module: ModuleContext) -> Iterator[Finding]:
    """`def to_dict(self): return {"password_hash": self.password_hash, ...}` on a model."""
    for cls in module.class_nodes:
        if not _is_model(cls):
            continue
        for method in methods(cls):
            if method.name not in SERIALIZER_METHODS:
                continue
            secrets = [entry for n in ast.walk(method) for entry in _secret_entries(n)]
            if secrets:
                names = _listed([name for name, _ in secrets])
                message = f"`{cls.name}.{method.name}` puts {names} in the dict it gives"
                yield module.finding(secrets[0][1], message)


def _secret_entries(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            named = string_text(key) if key is not None else None
            if named and key is not None and sensitive(named):
                yield named, key
            elif isinstance(value, ast.Attribute) and sensitive(value.attr):
                yield value.attr, value


def _is_model(cls: ast.ClassDef) -> bool:
    """An ORM model: a `Model`/`Base`/`SQLModel` base, or columns in its body."""
    bases = {last_name(b) for b in cls.bases}
    if bases & {"Model", "Base", "SQLModel", "Document", "DeclarativeBase", "AbstractUser"}:
        return True
    calls = (s.value for s in cls.body if isinstance(s, ast.Assign | ast.AnnAssign))
    return any(
        last_name(c.func) in {"Column", "mapped_column"} for c in calls if isinstance(c, ast.Call)
    )


def _schemas_with_every_field(module: ModuleContext) -> Iterator[Finding]:
    """`class Meta: model = User; fields = "__all__"` in a model serializer, form or schema."""
    for cls in module.class_nodes:
        meta = next((c for c in cls.body if isinstance(c, ast.ClassDef) and c.name == "Meta"), None)
        bases = {last_name(b) for b in cls.bases}
        if meta is None or not bases & MODEL_SCHEMAS:
            continue
        options = _meta_options(meta)
        model = options.get("model")
        if model is None or not _every_field(options, bases):
            continue
        hidden = _write_only(cls) | _excluded(options)
        secrets = [s for s in _secrets_of(module, last_name(model)) if s not in hidden]
        if secrets:
            message = (
                f"`{cls.name}` takes every field of `{last_name(model)}`,"
                f" {_listed(secrets)} included"
            )
            yield module.finding(options.get("fields") or model, message)


def _meta_options(meta: ast.ClassDef) -> dict[str, ast.expr]:
    return {
        t.id: s.value
        for s in meta.body
        if isinstance(s, ast.Assign)
        for t in s.targets
        if isinstance(t, ast.Name)
    }


def _every_field(options: dict[str, ast.expr], bases: set[str]) -> bool:
    given = options.get("fields")
    if given is not None:
        return string_text(given) == "__all__"
    return "exclude" in options or "SQLAlchemyAutoSchema" in bases


def _excluded(options: dict[str, ast.expr]) -> set[str]:
    given = options.get("exclude")
    return {t for n in ast.walk(given) if (t := string_text(n))} if given is not None else set()


def _write_only(cls: ast.ClassDef) -> set[str]:
    """Fields the serializer only reads from the client: `extra_kwargs` with `write_only`,
    or a field declared `write_only=True` (or `load_only=True` in marshmallow)."""
    text = ast.unparse(cls)
    declared = {
        t.id
        for s in cls.body
        if isinstance(s, ast.Assign) and re.search(r"(write|load)_only\s*=\s*True", ast.unparse(s))
        for t in s.targets
        if isinstance(t, ast.Name)
    }
    kept = set(re.findall(r"""['"](\w+)['"]\s*:\s*\{[^}]*write_only['"]\s*:\s*True""", text))
    return declared | kept


def _routes_without_response_model(module: ModuleContext) -> Iterator[Finding]:
    """A FastAPI route with no `response_model` (nor a schema as its return annotation) that
    returns a record of a model with secret fields: FastAPI sends every column."""
    if not any(v.startswith("fastapi") for v in module.info.imports.values()):
        return
    for route in routes(module):
        if not _is_route(route.function) or _has_response_model(route.function, module):
            continue
        records = _record_models(route.function, module)
        records |= _typed_parameters(route.function, module)
        for node in module.body_nodes(route.function):
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
                secrets = _secrets_of(module, records.get(node.value.id, ""))
                if secrets:
                    message = (
                        f"`{route.name}` returns `{node.value.id}` with no `response_model`,"
                        f" so FastAPI sends every column, {_listed(secrets)} included"
                    )
                    yield module.finding(node, message)


def _has_response_model(function: FunctionNode, module: ModuleContext) -> bool:
    """`response_model=` given (other than None), or a return annotation that is a schema
    rather than a table model."""
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call):
            for keyword in decorator.keywords:
                given = keyword.value
                if keyword.arg == "response_model":
                    return not (isinstance(given, ast.Constant) and given.value is None)
    returns = function.returns
    if returns is None or dotted(returns) in {"Any", "typing.Any", None}:
        return False
    ref = model_class(module, last_name(returns))
    return ref is None or not _is_table(ref.node)


def _is_table(cls: ast.ClassDef) -> bool:
    table = any(k.arg == "table" for k in cls.keywords)
    return table or (_is_model(cls) and "SQLModel" not in {last_name(b) for b in cls.bases})


def _typed_parameters(function: FunctionNode, module: ModuleContext) -> dict[str, str]:
    """`user: User = Depends(...)`, `user: Annotated[User, Depends(...)]` and
    `user: CurrentUser` (an alias of the latter) -> {user: User}."""
    found = {}
    for argument in [*function.args.args, *function.args.kwonlyargs]:
        annotation = argument.annotation
        if isinstance(annotation, ast.Name):
            annotation = _alias(annotation.id, module) or annotation
        if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
            inner = annotation.slice
            annotation = inner.elts[0] if isinstance(inner, ast.Tuple) else inner
        if annotation is not None and _class_name(annotation):
            found[argument.arg] = last_name(annotation)
    return found


def _alias(name: str, module: ModuleContext) -> ast.expr | None:
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


# --- account-enumeration ------------------------------------------------------------------

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
        if not (login or reset) or _guard_named(route.function):
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
