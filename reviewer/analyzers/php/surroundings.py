"""The `Project` facts read from the files of a run: user-owned models, Form Requests that
check access, and route files that guard controllers with an authorizing middleware."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from tree_sitter import Node

from reviewer.analyzers.php.context import ClassInfo, PhpFile
from reviewer.analyzers.php.project import Project
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import (
    CALLS,
    arguments,
    call_name,
    descendants,
    receiver,
    short_name,
    statements,
    text,
)

OWNER_COLUMN = re.compile(r"""['"](user_id|owner_id)['"]""")
BELONGS_TO_USER = re.compile(r"belongsTo\(\s*(?:\\?App\\Models\\)?User::class")
# Route middleware that authenticates, limits or binds, but decides nothing about access.
NOT_AUTHORIZING = re.compile(
    r"^(auth(:.*)?|auth\.basic.*|auth\.session|verified|throttle(:.*)?|guest(:.*)?|signed.*"
    r"|web|api|bindings|cache\.headers.*|password\.confirm|json|cors|locali[sz]e.*)$"
)
NOT_AUTHORIZING_CLASSES = frozenset(
    {
        *("Authenticate", "ThrottleRequests", "EnsureEmailIsVerified", "ValidateSignature"),
        *("SubstituteBindings", "HandlePrecognitiveRequests", "RedirectIfAuthenticated"),
        *("EnsureFrontendRequestsAreStateful", "SetCacheHeaders", "RequirePassword"),
    }
)
STRING_ROUTE = re.compile(r"^(?P<controller>[\w\\]+Controller)@(?P<action>\w+)$")
ROUTE_PAIR = 2  # `[OrderController::class, 'show']`


def with_project(files: Sequence[PhpFile]) -> list[PhpFile]:
    """The files again, each knowing the facts of the whole run."""
    project = project_facts(files)
    return [dataclasses.replace(php, project=project) for php in files]


def project_facts(files: Sequence[PhpFile]) -> Project:
    """The facts of every file of the run, gathered."""
    owned: dict[str, str] = {}
    checking: set[str] = set()
    open_requests: set[str] = set()
    guarded: dict[str, set[str]] = {}
    for php in files:
        for info in php.classes:
            full = f"{php.namespace}\\{info.name}" if php.namespace else info.name
            if info.role is Role.MODEL and info.name:
                evidence = _ownership(info)
                if evidence:
                    owned[full] = evidence
            elif info.role is Role.REQUEST and info.name:
                (checking if _checks_access(info) else open_requests).add(full)
        if _is_route_file(php.path):
            for controller, action in (*_guarded_actions(php.root), *_string_actions(php.root)):
                guarded.setdefault(controller, set()).add(action)
    return Project(
        owned_models=owned,
        checking_requests=frozenset(checking),
        open_requests=frozenset(open_requests),
        guarded_routes={name: frozenset(actions) for name, actions in guarded.items()},
        routes_seen=any(_is_route_file(php.path) for php in files),
    )


def _ownership(info: ClassInfo) -> str:
    """`belongsTo(User::class)` or the `user_id` column a model names, else empty."""
    body = text(info.node)
    if BELONGS_TO_USER.search(body):
        return "`belongsTo(User::class)`"
    column = OWNER_COLUMN.search(body)
    return f"`{column.group(1)}`" if column else ""


def _checks_access(info: ClassInfo) -> bool:
    """A Form Request whose `authorize()` does more than `return true;`."""
    body = info.node.child_by_field_name("body")
    methods = body.named_children if body is not None else []
    authorize = next(
        (
            m
            for m in methods
            if m.type == "method_declaration" and text(m.child_by_field_name("name")) == "authorize"
        ),
        None,
    )
    if authorize is None:
        return False
    found = statements(authorize.child_by_field_name("body"))
    return not (len(found) == 1 and text(found[0]).replace(" ", "") == "returntrue;")


def _is_route_file(path: str) -> bool:
    return "routes" in PurePosixPath(path.replace("\\", "/")).parts[:-1]


def _guarded_actions(root: Node) -> Iterator[tuple[str, str]]:
    """(controller, action) for each controller a route names behind an authorizing call."""
    for reference in descendants(root, frozenset({"class_constant_access_expression"})):
        parts = reference.named_children
        if len(parts) < ROUTE_PAIR or text(parts[-1]) != "class":
            continue
        if any(_authorizing_chain(call) for call in _enclosing_calls(reference)):
            yield short_name(text(parts[0])), _action_of(reference)


def _string_actions(root: Node) -> Iterator[tuple[str, str]]:
    """(controller, action) for `'OrderController@update'` routes behind an authorizing call."""
    for piece in descendants(root, frozenset({"string_content"})):
        found = STRING_ROUTE.match(text(piece))
        if found and any(_authorizing_chain(call) for call in _enclosing_calls(piece)):
            yield short_name(found["controller"]), found["action"]


def _enclosing_calls(node: Node) -> Iterator[Node]:
    """Every call around a node, closures crossed (a route group's body)."""
    parent = node.parent
    while parent is not None:
        if parent.type in CALLS:
            yield parent
        parent = parent.parent


def _authorizing_chain(call: Node) -> bool:
    """`->can(...)` or `->middleware('can:...')` anywhere along a call and its receivers."""
    current: Node | None = call
    while current is not None and current.type in CALLS:
        name = call_name(current)
        if name in ("can", "authorize"):
            return True
        if name == "middleware" and any(_authorizes(m) for m in _middleware_names(current)):
            return True
        current = receiver(current)
    return False


def _middleware_names(call: Node) -> list[str]:
    pieces = frozenset({"string_content", "name"})
    names = [text(p) for a in arguments(call) for p in descendants(a, pieces)]
    return [n for n in names if n != "class"]


def _authorizes(middleware: str) -> bool:
    return not NOT_AUTHORIZING.match(middleware) and middleware not in NOT_AUTHORIZING_CLASSES


def _action_of(reference: Node) -> str:
    """`show` for `[OrderController::class, 'show']`; `*` for a resource or a group."""
    element = reference.parent
    array = element.parent if element is not None else None
    if array is None or array.type != "array_creation_expression":
        return "*"
    values = [e.named_children[-1] for e in array.named_children if e.named_children]
    if len(values) == ROUTE_PAIR and values[1].type == "string":
        return text(values[1]).strip("'\"")
    return "*"
