"""Praise for the tests: feature tests that build their rows with model factories, call the
API over HTTP and assert what comes back."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.praise_common import (
    actions_named,
    agreeing,
    and_list,
    head_of,
    praise_at,
)
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    arguments,
    call_name,
    descendants,
    receiver,
    scope_name,
    text,
)
from reviewer.model import Finding

FEATURE_TEST = "praise-feature-test"

HTTP_CALLS = frozenset(
    {
        *("get", "post", "put", "patch", "delete", "json"),
        *("getJson", "postJson", "putJson", "patchJson", "deleteJson"),
    }
)
DATABASE_RESETS = ("RefreshDatabase", "LazilyRefreshDatabase", "DatabaseTransactions")
RESPONSE_ASSERTION = re.compile(r"^assert(Status|Ok|Created|NoContent|NotFound|Forbidden|Json\w*)")


def feature_tests(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """Test methods that make rows with `Model::factory()`, send a request through the
    application and assert on its response."""
    for php in files:
        tests = [f for f in php.functions if _is_feature_test(f)]
        if not tests:
            continue
        owner = tests[0].owner
        factories = sorted({scope_name(c) for f in tests for c in _factory_calls(f)})
        reset = next((r for r in DATABASE_RESETS if owner and r in text(owner.node)), "")
        requests = and_list([f"`{r}`" for r in dict.fromkeys(_requests(tests))], limit=2)
        message = (
            f"{actions_named(tests)} {agreeing(len(tests), 'builds its', 'build their')} rows with "
            f"{and_list([f'`{m}::factory()`' for m in factories])}, "
            f"{agreeing(len(tests), 'sends', 'send')} {requests} through the application and "
            f"{agreeing(len(tests), 'asserts', 'assert')} on the response"
            + (f" (`{reset}` gives each test a fresh database)" if reset else "")
        )
        yield praise_at(php, FEATURE_TEST, head_of(tests[0]), message, tests=len(tests))


def _is_feature_test(function: FunctionInfo) -> bool:
    owner = function.owner
    if owner is None or owner.role is not Role.TEST or function.body is None:
        return False
    if not (function.name.startswith("test") or "@test" in _docblock(function)):
        return False
    calls = list(descendants(function.body, MEMBER_CALLS))
    sends = any(call_name(c) in HTTP_CALLS and text(_root(c)) == "$this" for c in calls)
    asserts = any(RESPONSE_ASSERTION.match(call_name(c)) for c in calls)
    return sends and asserts and bool(list(_factory_calls(function)))


def _requests(tests: Sequence[FunctionInfo]) -> Iterator[str]:
    """`getJson('/api/cuisine-types')`: each request a test sends, its first argument shown."""
    for test in tests:
        for call in descendants(test.node, MEMBER_CALLS):
            if call_name(call) in HTTP_CALLS and text(_root(call)) == "$this":
                # `json('delete', '/api/x')` says its method first: show the address too.
                shown = arguments(call)[: 2 if call_name(call) == "json" else 1]
                yield f"{call_name(call)}({', '.join(text(a) for a in shown)})"


def _factory_calls(function: FunctionInfo) -> Iterator[Node]:
    body = function.body
    calls = descendants(body, frozenset({"scoped_call_expression"})) if body else iter(())
    return (c for c in calls if call_name(c) == "factory" and scope_name(c)[:1].isupper())


def _root(call: Node) -> Node:
    """The object a chain of member calls starts from: `$this` in `$this->actingAs()->get()`."""
    current = call
    while current.type in MEMBER_CALLS:
        inner = receiver(current)
        if inner is None:
            break
        current = inner
    return current


def _docblock(function: FunctionInfo) -> str:
    previous = function.node.prev_named_sibling
    return text(previous) if previous is not None and previous.type == "comment" else ""
