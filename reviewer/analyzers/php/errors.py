"""Error handling: empty catch blocks, catch-alls that carry on, and exit/die."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import call_name, descendants, short_name, text
from reviewer.model import Finding

BROAD = frozenset({"Exception", "Throwable"})
RETHROWS = frozenset({"abort", "abort_if", "abort_unless", "throw_if", "throw_unless"})
EXITS = frozenset({"exit", "die"})


def _caught(catch: Node) -> list[str]:
    types = catch.child_by_field_name("type")
    return [] if types is None else [text(t) for t in types.named_children]


def _where(php: PhpFile, node: Node) -> str:
    function = php.function_at(node)
    return f"`{function.qualified}`" if function is not None else "This file"


def empty_catch(php: PhpFile) -> Iterator[Finding]:
    """A catch block with nothing in it, not even a comment saying why."""
    for catch in php.of("catch"):
        body = catch.child_by_field_name("body")
        if body is not None and body.named_child_count == 0:
            caught = " | ".join(_caught(catch)) or "an exception"
            message = f"{_where(php, catch)} catches `{caught}` and does nothing with it"
            yield php.finding("empty-catch", catch, message)


def broad_catch(php: PhpFile) -> Iterator[Finding]:
    """`catch (\\Exception|\\Throwable)` whose handler neither rethrows nor aborts."""
    for catch in php.of("catch"):
        body = catch.child_by_field_name("body")
        broad = [t for t in _caught(catch) if short_name(t) in BROAD and t.count("\\") <= 1]
        if body is None or body.named_child_count == 0 or not broad:
            continue
        if php.role_at(catch) is Role.TEST or _rethrows(body):
            continue
        message = f"{_where(php, catch)} catches `{broad[0]}` and carries on"
        yield php.finding("broad-catch", catch, message)


def _rethrows(body: Node) -> bool:
    kinds = frozenset({"throw_expression", "function_call_expression"})
    return any(
        node.type == "throw_expression" or call_name(node) in RETHROWS
        for node in descendants(body, kinds)
    )


def exit_call(php: PhpFile) -> Iterator[Finding]:
    """exit/die inside a function or method: the request ends without a response."""
    candidates = [
        *php.of("exit"),
        *(n for n in php.of("bare_name") if text(n).lower() in EXITS),
        *(
            c
            for c in php.calls_named(lambda name: name.lower() in EXITS)
            if c.type == "function_call_expression" and call_name(c).lower() in EXITS
        ),
    ]
    for node in sorted(candidates, key=lambda n: n.start_byte):
        function = php.function_at(node)
        if function is None or function.role is Role.TEST:
            continue
        word = text(node).split("(")[0].strip().rstrip(";").lower() or "exit"
        message = f"`{function.qualified}` stops the whole process with `{word}`"
        yield php.finding("exit", node, message)
