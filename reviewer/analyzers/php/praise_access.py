"""Praise for access checks: actions on one record that ask a policy, a Gate or a permission
check who may act on it before they do."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

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
    and_list,
    application_files,
    code,
    controller_actions,
    head_of,
    praise_at,
    typed_parameters,
)
from reviewer.analyzers.php.praise_http import RequestFacts, form_request_facts
from reviewer.analyzers.php.syntax import (
    arguments,
    call_name,
    descendants,
    short_name,
    statements,
    text,
)
from reviewer.model import Finding

POLICY = "praise-policy"

LOADERS = frozenset({"find", "findOrFail", "firstOrFail", "sole"})
CALLS = frozenset({"member_call_expression", "scoped_call_expression"})
RECORD_LOADER = re.compile(r"^(find|get|first|sole)")


def policies(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """Actions that show, change or delete one model and ask a policy, a Gate or a permission
    check first: in the action, on the controller, on its route or in its Form Request."""
    requests = form_request_facts(files)
    for php in application_files(files):
        checked = [
            (f, how) for f in controller_actions(php) if (how := _policy_check(php, f, requests))
        ]
        if checked:
            if len(checked) == 1:
                action, how = checked[0]
                message = f"`{action.qualified}` asks who may act on the record first, with {how}"
            else:
                hows = and_list(list(dict.fromkeys(how for _, how in checked)), limit=2)
                actions = actions_named([f for f, _ in checked])
                message = f"{actions} ask who may act on the record first, with {hows}"
            yield praise_at(php, POLICY, head_of(checked[0][0]), message, actions=len(checked))


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
    for declared, _ in typed_parameters(function):
        facts = requests.get(php.qualified_name(declared))
        if facts is not None and facts.asks_policy:
            return f"`{short_name(declared)}::authorize()`"
    return _class_or_route_check(php, owner, name)


def _reaches_model(php: PhpFile, function: FunctionInfo) -> bool:
    """A parameter typed as a model (route-model binding) or a model loaded by id."""
    if any(_is_model(php, declared) for declared, _ in typed_parameters(function)):
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
