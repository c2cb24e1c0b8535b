"""Security, authorization: controller actions that show, change or delete one model found by
its id (route-model binding, `findOrFail($id)`) with no check of who may do so."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from reviewer.analyzers.php.context import ClassInfo, FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import is_model_class
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    call_name,
    descendants,
    receiver,
    short_name,
    text,
)
from reviewer.model import Finding

ONE_MODEL_ACTIONS = frozenset({"show", "edit", "update", "destroy"})
ONE_MODEL_PREFIXES = ("update", "destroy", "delete")
LOADERS = frozenset({"find", "findOrFail", "firstOrFail", "sole"})
# Anything that reads like a check of who asks: a policy, a Gate, `can`, a permission helper,
# an ownership scope through the signed-in user, or an abort on a condition.
CHECK = re.compile(
    r"authori[sz]e|[Pp]ermission|\bGate::|->can\w*\(|->cannot\(|\bcan\(|abort_(?:if|unless)\("
    r"|->user\(|\bauth\(|\bAuth::|[Pp]olic(?:y|ies)|->allows\(|->denies\(|[Oo]wner|->is\("
    r"|->isNot\(|[Vv]isible"
)
# A deliberate access decision, as opposed to a query scoped to the signed-in user.
POLICY_CHECK = re.compile(r"authori[sz]e|[Pp]ermission|\bGate::|->can\w*\(|->cannot\(|[Pp]olic")
CLASS_CHECK = re.compile(r"can:|authorizeResource|#\[\s*Can\b|#\[\s*Authorize\b")
FORM_REQUEST_BASES = frozenset({"Request", "FormRequest"})
MODELS_NAMESPACE = "\\Models\\"
CODE_SURE = "missing-authorization"
CODE_UNSURE = "unclear-authorization"


@dataclass(frozen=True)
class Access:
    """The model an action reaches by id: its class and the node that names it."""

    model: str
    node: Node
    how: str


def missing_authorization(php: PhpFile) -> Iterator[Finding]:
    """An action on one model found by id, with nothing in sight that checks who may."""
    for function in php.functions:
        if not _one_model_action(function):
            continue
        access = _model_access(php, function)
        if access is None or _checked(php, function):
            continue
        request = _form_request(php, function)
        if request in php.project.checking_requests:
            continue
        if function.name == "show" and _read_left_open(php, function, access):
            continue
        yield _finding(php, function, access, request)


def _one_model_action(function: FunctionInfo) -> bool:
    if function.role is not Role.CONTROLLER or function.owner is None:
        return False
    modifiers = {text(c) for c in function.node.children if c.type == "visibility_modifier"}
    name = function.name
    public = not modifiers or "public" in modifiers
    return public and (name in ONE_MODEL_ACTIONS or name.startswith(ONE_MODEL_PREFIXES))


def _model_access(php: PhpFile, function: FunctionInfo) -> Access | None:
    """A parameter typed as a model (route-model binding), else a model loaded by id."""
    for parameter in function.parameters:
        declared = text(parameter.child_by_field_name("type")).lstrip("?")
        if declared and _is_model(php, declared):
            name = text(parameter.child_by_field_name("name"))
            return Access(php.qualified_name(declared), parameter, f"`{declared} {name}`")
    for call in descendants(function.node, MEMBER_CALLS | {"scoped_call_expression"}):
        if call_name(call) not in LOADERS:
            continue
        base = call
        while base.type in MEMBER_CALLS and receiver(base) is not None:
            base = receiver(base) or base
        scope = text(base.child_by_field_name("scope"))
        if base.type == "scoped_call_expression" and _is_model(php, scope):
            shown = " ".join(text(call).split())
            return Access(php.qualified_name(scope), call, f"`{shown}`")
    return None


def _is_model(php: PhpFile, name: str) -> bool:
    """A model of the run, or a class imported from a `Models` namespace."""
    full = php.qualified_name(name)
    if full in php.models.classes:
        return True
    return is_model_class(name, php.imports) and MODELS_NAMESPACE in f"\\{full}\\"


def _checked(php: PhpFile, function: FunctionInfo) -> bool:
    """A check in the action, in a helper of its class it calls, on the class (`can:`
    middleware, `authorizeResource`), or on its route."""
    if CHECK.search(text(function.body)):
        return True
    owner = function.owner
    if owner is None or CLASS_CHECK.search(text(owner.node)):
        return True
    if any(CHECK.search(text(helper.body)) for helper in _helpers(php, function, owner)):
        return True
    return php.project.route_guarded(owner.name, function.name)


def _helpers(php: PhpFile, function: FunctionInfo, owner: ClassInfo) -> list[FunctionInfo]:
    """The methods of the same class the action calls on `$this`."""
    called = {
        call_name(c)
        for c in descendants(function.node, MEMBER_CALLS)
        if text(receiver(c)) == "$this"
    }
    return [f for f in php.functions if f.owner is owner and f.name in called]


def _read_left_open(php: PhpFile, function: FunctionInfo, access: Access) -> bool:
    """Records are often public to read (a tag, a forum thread): a read is worth asking about
    only when the record belongs to a user and the controller checks access nowhere else
    (where it does, leaving `show` open reads as a decision)."""
    if not php.project.owner_of(access.model):
        return True
    others = [f for f in php.functions if f.owner is function.owner and f is not function]
    return any(POLICY_CHECK.search(text(f.body)) for f in others)


def _form_request(php: PhpFile, function: FunctionInfo) -> str:
    """The Form Request class the action takes, fully qualified; empty for a plain Request."""
    for parameter in function.parameters:
        declared = text(parameter.child_by_field_name("type")).lstrip("?")
        if (
            declared
            and declared.endswith("Request")
            and short_name(declared) not in (FORM_REQUEST_BASES)
        ):
            return php.qualified_name(declared)
    return ""


def _finding(php: PhpFile, function: FunctionInfo, access: Access, request: str) -> Finding:
    model = short_name(access.model)
    owner = php.project.owner_of(access.model)
    unknown_request = bool(request) and request not in php.project.open_requests
    # A user's record may still be public to read (a forum thread): only a change is sure.
    changes = function.name != "show"
    sure = changes and bool(owner) and php.project.routes_seen and not unknown_request
    reach = "changes" if function.name.startswith(("update", "edit")) else "returns"
    if function.name.startswith(("destroy", "delete")):
        reach = "deletes"
    message = (
        f"`{function.qualified}` {reach} the `{model}` it gets from {access.how} "
        "with no `authorize`, policy, Gate, `can` middleware or ownership scope in sight"
    )
    if sure:
        message += f"; `{model}` belongs to a user ({owner}), so any signed-in user can reach it"
        return php.finding(CODE_SURE, access.node, message, {"cwe": "CWE-639"})
    return php.finding(CODE_UNSURE, access.node, message, {"cwe": "CWE-639"})
