"""Praise for the HTTP layer: actions behind Form Requests, changes behind a policy, and API
Resources that name the fields they send."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from tree_sitter import Node

from reviewer.analyzers.php.authorization import (
    CLASS_CHECK,
    ONE_MODEL_ACTIONS,
    ONE_MODEL_PREFIXES,
    POLICY_CHECK,
)
from reviewer.analyzers.php.context import ClassInfo, FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import is_model_class
from reviewer.analyzers.php.praise_common import (
    actions_named,
    agreeing,
    and_list,
    application_files,
    code,
    method_named,
    praise_at,
)
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import (
    arguments,
    call_name,
    descendants,
    short_name,
    statements,
    text,
)
from reviewer.model import Finding

FORM_REQUEST = "praise-form-request"
POLICY = "praise-policy"
EXPLICIT_RESOURCE = "praise-explicit-resource"

RESOURCE_BASES = frozenset({"JsonResource", "Resource"})
WHOLE_MODEL = re.compile(r"parent::toArray|->toArray\(|attributesToArray|getAttributes\(|\.\.\.")
MIN_RESOURCE_FIELDS = 2
# A Resource that sends one of these names its fields, but not the right ones.
SECRET_FIELD = re.compile(r"(?i)password|secret|remember_token|two_factor")
KEY_AND_VALUE = 2
WHOLE_INPUT_CALLS = frozenset({"all", "except"})
EMPTY_INPUT_CALLS = frozenset({"input", "post", "json"})
VALIDATED_CALLS = frozenset({"validated", "safe"})
LOADERS = frozenset({"find", "findOrFail", "firstOrFail", "sole"})
CALLS = frozenset({"member_call_expression", "scoped_call_expression"})
RECORD_LOADER = re.compile(r"^(find|get|first|sole)")


@dataclass(frozen=True)
class RequestFacts:
    """A Form Request of the run: the fields its `rules()` checks, and whether its
    `authorize()` asks a policy or a Gate."""

    fields: int
    asks_policy: bool


def form_requests(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """Controller actions that take a Form Request of the project, whose `rules()` checks
    fields, and that never read the whole input around it."""
    requests = _requests(files)
    for php in application_files(files):
        taken = [(f, r) for f in _actions(php) if (r := _validated_request(php, f, requests))]
        if taken:
            message = _form_request_message(taken, requests)
            yield praise_at(php, FORM_REQUEST, _head(taken[0][0]), message, actions=len(taken))


def _form_request_message(
    taken: Sequence[tuple[FunctionInfo, str]], requests: Mapping[str, RequestFacts]
) -> str:
    distinct = list(dict.fromkeys(r for _, r in taken))
    fields = sum(requests[r].fields for r in distinct)
    actions = actions_named([f for f, _ in taken])
    if len(distinct) == 1:
        message = (
            f"{actions} {agreeing(len(taken), 'takes', 'take')} `{short_name(distinct[0])}`, "
            f"whose `rules()` checks {fields} field{agreeing(fields, '', 's')} before "
            f"{agreeing(len(taken), 'the action runs', 'each action runs')}"
        )
    else:
        names = and_list([code(short_name(r)) for r in distinct])
        message = (
            f"{actions} take Form Requests ({names}) whose `rules()` check their fields "
            f"({fields} in all) before each action runs"
        )
    reading = [f.name for f, _ in taken if _reads_validated(f)]
    if reading:
        message += (
            f"; {and_list([code(n) for n in reading])} "
            f"{agreeing(len(reading), 'writes', 'write')} only what `validated()` returns"
        )
    return message


def policies(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """Actions that show, change or delete one model and ask a policy, a Gate or a permission
    check first: in the action, on the controller, on its route or in its Form Request."""
    requests = _requests(files)
    for php in application_files(files):
        checked = [(f, how) for f in _actions(php) if (how := _policy_check(php, f, requests))]
        if checked:
            if len(checked) == 1:
                action, how = checked[0]
                message = f"`{action.qualified}` asks who may act on the record first, with {how}"
            else:
                hows = and_list(list(dict.fromkeys(how for _, how in checked)), limit=2)
                actions = actions_named([f for f, _ in checked])
                message = f"{actions} ask who may act on the record first, with {hows}"
            yield praise_at(php, POLICY, _head(checked[0][0]), message, actions=len(checked))


def explicit_resources(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """API Resources whose `toArray` returns an array that names each field it sends."""
    for php in application_files(files):
        for info in php.classes:
            fields = _resource_fields(info)
            if len(fields) < MIN_RESOURCE_FIELDS:
                continue
            to_array = method_named(info, "toArray")
            lazy = " and adds relations only `whenLoaded`" if "whenLoaded" in text(to_array) else ""
            message = (
                f"`{info.name}::toArray` names the {len(fields)} fields it sends "
                f"({and_list([code(f) for f in fields])}){lazy}"
            )
            yield praise_at(php, EXPLICIT_RESOURCE, to_array or info.node, message)


def _requests(files: Sequence[PhpFile]) -> Mapping[str, RequestFacts]:
    """Every Form Request of the run that checks at least one field, by qualified name."""
    found: dict[str, RequestFacts] = {}
    for php in files:
        for info in php.classes:
            if info.role is not Role.REQUEST or not info.name:
                continue
            fields = len(_returned_keys(method_named(info, "rules")))
            authorize = method_named(info, "authorize")
            body = authorize.child_by_field_name("body") if authorize is not None else None
            asks = bool(POLICY_CHECK.search(text(body)))
            if fields:
                full = f"{php.namespace}\\{info.name}" if php.namespace else info.name
                found[full] = RequestFacts(fields, asks)
    return found


def _returned_keys(method: Node | None) -> list[str]:
    """The string keys of the array a method returns, when every return is an array literal."""
    body = method.child_by_field_name("body") if method is not None else None
    returns = list(descendants(body, frozenset({"return_statement"}))) if body else []
    keys: list[str] = []
    for statement in returns:
        value = statement.named_children[0] if statement.named_children else None
        if value is None or value.type != "array_creation_expression":
            return []
        if WHOLE_MODEL.search(text(value)):
            return []
        keys += [k for k in (_key(e) for e in value.named_children) if k]
    return list(dict.fromkeys(keys))


def _key(element: Node) -> str:
    if element.type != "array_element_initializer" or len(element.named_children) < KEY_AND_VALUE:
        return ""
    key = element.named_children[0]
    return text(key).strip("'\"") if key.type in ("string", "encapsed_string") else ""


def _actions(php: PhpFile) -> Iterator[FunctionInfo]:
    for function in php.functions:
        owner = function.owner
        if owner is None or owner.role is not Role.CONTROLLER or function.body is None:
            continue
        modifiers = {text(c) for c in function.node.children if c.type == "visibility_modifier"}
        if (not modifiers or "public" in modifiers) and not function.name.startswith("__"):
            yield function


def _head(function: FunctionInfo) -> Node:
    return function.node.child_by_field_name("name") or function.node


def _typed_parameters(function: FunctionInfo) -> Iterator[tuple[str, str]]:
    """(declared type, variable) for each typed parameter."""
    for parameter in function.parameters:
        declared = text(parameter.child_by_field_name("type")).lstrip("?")
        if declared:
            yield declared, text(parameter.child_by_field_name("name"))


def _validated_request(
    php: PhpFile, function: FunctionInfo, requests: Mapping[str, RequestFacts]
) -> str:
    """The Form Request the action takes, when it reads no whole input around it."""
    for declared, variable in _typed_parameters(function):
        full = php.qualified_name(declared)
        if full in requests and not _reads_whole_input(function, variable):
            return full
    return ""


def _reads_whole_input(function: FunctionInfo, variable: str) -> bool:
    """`$request->all()`, `$request->except(...)`, `$request->input()`, or `request()->all()`."""
    for call in descendants(function.node, frozenset({"member_call_expression"})):
        target = text(call.child_by_field_name("object"))
        if target not in (variable, "request()"):
            continue
        name = call_name(call)
        arguments = call.child_by_field_name("arguments")
        empty = arguments is None or arguments.named_child_count == 0
        if name in WHOLE_INPUT_CALLS or (name in EMPTY_INPUT_CALLS and empty):
            return True
    return False


def _reads_validated(function: FunctionInfo) -> bool:
    calls = descendants(function.node, frozenset({"member_call_expression"}))
    return any(call_name(c) in VALIDATED_CALLS for c in calls)


def _policy_check(
    php: PhpFile, function: FunctionInfo, requests: Mapping[str, RequestFacts]
) -> str:
    """How an action on one model asks who may act on it, in words; empty when it does not."""
    owner = function.owner
    name = function.name
    if owner is None or not (name in ONE_MODEL_ACTIONS or name.startswith(ONE_MODEL_PREFIXES)):
        return ""
    call = _checking_call(function)
    reaches = _reaches_model(php, function)
    if call is not None and (reaches or _checks_loaded_record(function, call)):
        return code(" ".join(text(call).split()))
    if not reaches:
        return ""
    for declared, _ in _typed_parameters(function):
        facts = requests.get(php.qualified_name(declared))
        if facts is not None and facts.asks_policy:
            return f"`{short_name(declared)}::authorize()`"
    return _class_or_route_check(php, owner, name)


def _reaches_model(php: PhpFile, function: FunctionInfo) -> bool:
    """A parameter typed as a model (route-model binding) or a model loaded by id."""
    if any(_is_model(php, declared) for declared, _ in _typed_parameters(function)):
        return True
    loaders = descendants(function.node, frozenset({"scoped_call_expression"}))
    return any(
        call_name(c) in LOADERS and _is_model(php, text(c.child_by_field_name("scope")))
        for c in loaders
    )


def _checks_loaded_record(function: FunctionInfo, check: Node) -> bool:
    """The check is handed a record the action loaded (`$page = $this->queries->find...(...)`
    then `checkOwnablePermission('page-update', $page)`), by a repository as well as a model."""
    handed = {text(v) for a in arguments(check) if (v := a).type == "variable_name"}
    for assignment in descendants(function.node, frozenset({"assignment_expression"})):
        target = text(assignment.child_by_field_name("left"))
        value = assignment.child_by_field_name("right")
        loader = call_name(value) if value is not None and value.type in CALLS else ""
        if target in handed and RECORD_LOADER.match(loader):
            return True
    return False


def _is_model(php: PhpFile, name: str) -> bool:
    full = php.qualified_name(name)
    if full in php.models.classes:
        return True
    return is_model_class(name, php.imports) and "\\Models\\" in f"\\{full}\\"


def _checking_call(function: FunctionInfo) -> Node | None:
    """The first call in the action that asks a policy, a Gate or a permission check."""
    for statement in statements(function.body):
        for call in descendants(statement, CALLS):
            head = text(call).split("(", 1)[0] + "("
            if POLICY_CHECK.search(head) and call.parent is not None:
                return call
    return None


def _class_or_route_check(php: PhpFile, owner: ClassInfo, action: str) -> str:
    found = CLASS_CHECK.search(text(owner.node))
    if found is not None:
        return f"`{found.group(0).rstrip(':')}` on `{owner.name}`"
    if php.project.route_guarded(owner.name, action):
        return "an authorizing middleware on its route"
    return ""


def _resource_fields(info: ClassInfo) -> list[str]:
    """The fields a Resource names; none when it is no Resource or sends a secret."""
    if info.extends not in RESOURCE_BASES:
        return []
    fields = _returned_keys(method_named(info, "toArray"))
    return [] if any(SECRET_FIELD.search(f) for f in fields) else fields
