"""Records a route loads by a client-given id, and what it does with them: returns, changes or
deletes them."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.access.routes import (
    CHANGING_WORDS,
    MODEL_TAKERS,
    MUTATORS,
    RESPONDERS,
    SINGLE_RESULTS,
    Load,
    Route,
)
from reviewer.analyzers.design.ast_tools import (
    dotted,
    last_name,
    name_tokens,
    string_text,
)
from reviewer.analyzers.design.context import ModuleContext


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
            if called in MODEL_TAKERS and class_name(first):
                return last_name(first)
        if _manager(node) is not None:
            return _manager(node)
    return None


def _manager(node: ast.AST) -> str | None:
    """`Order` in `Order.query` and `Order.objects`."""
    if isinstance(node, ast.Attribute) and node.attr in {"query", "objects"}:
        return last_name(node.value) if class_name(node.value) else None
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


def class_name(node: ast.expr) -> bool:
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
    bound = any(is_name(k.value, load.target) for c in calls for k in c.keywords)
    return "changes" if saved and bound else ""


def _deletes(call: ast.Call, target: str) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and is_name(func.value, target):
        return func.attr in {"delete", "soft_delete"}
    return last_name(call.func) == "delete" and any(is_name(a, target) for a in call.args)


def _assigns_attribute(node: ast.AST, target: str) -> bool:
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    else:
        return False
    return any(isinstance(t, ast.Attribute) and is_name(t.value, target) for t in targets)


def _mutates(call: ast.Call, target: str) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and is_name(func.value, target):
        return func.attr in MUTATORS
    called = last_name(func)
    handed = any(is_name(a, target) for a in [*call.args, *(k.value for k in call.keywords)])
    helper = bool(name_tokens(called) & CHANGING_WORDS)
    return handed and (helper or called in {"setattr", "populate_obj", "merge"})


def is_name(node: ast.AST, name: str) -> bool:
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
