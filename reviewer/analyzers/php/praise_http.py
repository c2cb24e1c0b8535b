"""Praise for the HTTP layer: actions behind Form Requests, and API Resources that name the
fields they send."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from tree_sitter import Node

from reviewer.analyzers.php.authorization import POLICY_CHECK
from reviewer.analyzers.php.context import ClassInfo, FunctionInfo, PhpFile
from reviewer.analyzers.php.praise_common import (
    actions_named,
    agreeing,
    and_list,
    application_files,
    code,
    controller_actions,
    head_of,
    method_named,
    praise_at,
    typed_parameters,
)
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import (
    call_name,
    descendants,
    short_name,
    text,
)
from reviewer.model import Finding

FORM_REQUEST = "praise-form-request"
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


@dataclass(frozen=True)
class RequestFacts:
    """A Form Request of the run: the fields its `rules()` checks, and whether its
    `authorize()` asks a policy or a Gate."""

    fields: int
    asks_policy: bool


def form_requests(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """Controller actions that take a Form Request of the project, whose `rules()` checks
    fields, and that never read the whole input around it."""
    requests = form_request_facts(files)
    for php in application_files(files):
        taken = [
            (f, r) for f in controller_actions(php) if (r := _validated_request(php, f, requests))
        ]
        if taken:
            message = _form_request_message(taken, requests)
            yield praise_at(php, FORM_REQUEST, head_of(taken[0][0]), message, actions=len(taken))


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


def form_request_facts(files: Sequence[PhpFile]) -> Mapping[str, RequestFacts]:
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


def _validated_request(
    php: PhpFile, function: FunctionInfo, requests: Mapping[str, RequestFacts]
) -> str:
    """The Form Request the action takes, when it reads no whole input around it."""
    for declared, variable in typed_parameters(function):
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


def _resource_fields(info: ClassInfo) -> list[str]:
    """The fields a Resource names; none when it is no Resource or sends a secret."""
    if info.extends not in RESOURCE_BASES:
        return []
    fields = _returned_keys(method_named(info, "toArray"))
    return [] if any(SECRET_FIELD.search(f) for f in fields) else fields
