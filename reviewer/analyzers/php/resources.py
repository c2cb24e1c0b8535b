"""Security, exposure through the API's shape: Resources that hand out every column
(`parent::toArray($request)`), and controller actions that return Eloquent models as they are."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import is_model_class
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    arguments,
    call_name,
    descendants,
    receiver,
    short_name,
    text,
)
from reviewer.analyzers.php.tracing import assigned_values
from reviewer.model import Finding

RESOURCE_BASES = frozenset({"JsonResource", "Resource"})
RETURN = frozenset({"return_statement"})
# Static calls that give back one model or a collection of models as they are.
MODEL_LOADERS = frozenset(
    {
        *("find", "findOrFail", "first", "firstOrFail", "sole", "create", "firstOrCreate"),
        *("updateOrCreate", "firstWhere", "all", "get", "findMany", "findOrNew", "fresh"),
    }
)
MODELS_NAMESPACE = "\\Models\\"
CLOSURES = frozenset({"anonymous_function", "arrow_function"})
SHAPING = ("makeVisible", "makeHidden", "setVisible", "setHidden", "setAttribute", "setAppends")


def resource_exposes_all(php: PhpFile) -> Iterator[Finding]:
    """A JsonResource whose `toArray` hands back `parent::toArray($request)`."""
    for function in php.functions:
        owner = function.owner
        if function.name != "toArray" or owner is None or owner.extends not in RESOURCE_BASES:
            continue
        for returned in descendants(function.node, RETURN):
            parent_call = next(
                (
                    c
                    for c in descendants(returned, frozenset({"scoped_call_expression"}))
                    if text(c.child_by_field_name("scope")) == "parent"
                    and call_name(c) == "toArray"
                ),
                None,
            )
            if parent_call is not None:
                message = (
                    f"`{function.qualified}` returns `{text(parent_call)}`: every attribute "
                    "of the model that is not `$hidden`, including columns added later"
                )
                yield php.finding("resource-exposes-all", parent_call, message, {"cwe": "CWE-213"})


def model_returned(php: PhpFile) -> Iterator[Finding]:
    """A controller action that returns an Eloquent model (or a collection of them) as it
    is, bare or in `response()->json(...)`, rather than through an API Resource."""
    for function in php.functions:
        if not _action(function):
            continue
        for returned in descendants(function.node, RETURN):
            value = _handed_out(returned)
            if value is None or _in_closure(returned, function) or _shaped(function, value):
                continue
            model = _model_of(php, function, value)
            if model:
                message = (
                    f"`{function.qualified}` returns the `{short_name(model)}` model "
                    f"`{_clip(text(value))}` as it is, with no API Resource"
                )
                yield php.finding("model-without-resource", value, message, {"cwe": "CWE-213"})


def _action(function: FunctionInfo) -> bool:
    """A public method of a controller, not a magic one."""
    if function.role is not Role.CONTROLLER or function.name.startswith("__"):
        return False
    modifiers = {text(c) for c in function.node.children if c.type == "visibility_modifier"}
    return not modifiers or "public" in modifiers


def _in_closure(node: Node, function: FunctionInfo) -> bool:
    """True when the node sits in a closure of the function (a `Cache::remember` callback)."""
    parent = node.parent
    while parent is not None and parent != function.node:
        if parent.type in CLOSURES:
            return True
        parent = parent.parent
    return False


def _shaped(function: FunctionInfo, value: Node) -> bool:
    """The action chooses what the model shows (`$book->makeVisible(...)`): a decision."""
    if value.type != "variable_name":
        return False
    pattern = re.escape(text(value)) + r"\s*->\s*(?:" + "|".join(SHAPING) + r")\("
    return re.search(pattern, text(function.body)) is not None


def _handed_out(returned: Node) -> Node | None:
    """The value a return statement serializes: itself, or `response()->json(value)`."""
    value = next((c for c in returned.named_children if c.type != "comment"), None)
    if value is None:
        return None
    if value.type in MEMBER_CALLS and call_name(value) == "json":
        target = receiver(value)
        args = arguments(value)
        if target is not None and text(target).replace(" ", "") == "response()" and args:
            return args[0]
        return None
    return value


def _model_of(php: PhpFile, function: FunctionInfo, value: Node) -> str:
    """The model class a value holds: a parameter typed as a model, a variable loaded from
    one, or a load written in place (`Order::findOrFail($id)`); empty when not a model."""
    if value.type == "variable_name":
        for parameter in function.parameters:
            if text(parameter.child_by_field_name("name")) == text(value):
                declared = text(parameter.child_by_field_name("type")).lstrip("?")
                return _model_name(php, declared)
        loads = assigned_values(php.scope_of(value), value, before=value)
        return _loaded_model(php, loads[-1]) if loads else ""
    return _loaded_model(php, value)


def _loaded_model(php: PhpFile, value: Node) -> str:
    """`Order` for `Order::with('items')->findOrFail($id)` or `Order::create([...])`."""
    if value.type not in MEMBER_CALLS and value.type != "scoped_call_expression":
        return ""
    if call_name(value) not in MODEL_LOADERS:
        return ""
    base = value
    while base.type in MEMBER_CALLS:
        inner = receiver(base)
        if inner is None:
            return ""
        base = inner
    if base.type != "scoped_call_expression":
        return ""
    return _model_name(php, text(base.child_by_field_name("scope")))


def _model_name(php: PhpFile, name: str) -> str:
    """The fully qualified name when the class is a model of the run or from `Models`."""
    if not name or name in ("self", "static", "parent"):
        return ""
    full = php.qualified_name(name)
    if full in php.models.classes:
        return full
    known = is_model_class(name, php.imports) and MODELS_NAMESPACE in f"\\{full}\\"
    return full if known else ""


def _clip(value: str, limit: int = 50) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
