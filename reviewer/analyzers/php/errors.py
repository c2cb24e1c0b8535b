"""Error handling: empty catch blocks, catch-alls that carry on, and exit/die."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import call_name, descendants, short_name, text
from reviewer.model import Finding, Severity

BROAD = frozenset({"Exception", "Throwable"})
RETHROWS = frozenset({"abort", "abort_if", "abort_unless", "throw_if", "throw_unless"})
EXITS = frozenset({"exit", "die"})
LOG_LEVELS = frozenset(
    {"emergency", "alert", "critical", "error", "warning", "notice", "info", "debug", "log"}
)
CALLS = frozenset({"function_call_expression", "member_call_expression", "scoped_call_expression"})
SHORTLY_AFTER = 3
# Functions that stream a file or flush output to the client: after them the response is sent.
STREAMING = frozenset(
    {"readfile", "fpassthru", "flush", "ob_flush", "ob_end_flush", "stream_copy_to_stream"}
)


def _caught(catch: Node) -> list[str]:
    types = catch.child_by_field_name("type")
    return [] if types is None else [text(t) for t in types.named_children]


def _where(php: PhpFile, node: Node) -> str:
    function = php.function_at(node)
    return f"`{function.qualified}`" if function is not None else "This file"


def empty_catch(php: PhpFile) -> Iterator[Finding]:
    """A catch block with nothing in it, not even a comment saying why: neither in it, nor right
    before it, nor a default value the try was to replace and the code after the try handles."""
    for catch in php.of("catch"):
        body = catch.child_by_field_name("body")
        if body is not None and body.named_child_count == 0 and not _deliberate(catch):
            caught = " | ".join(_caught(catch)) or "an exception"
            message = f"{_where(php, catch)} catches `{caught}` and does nothing with it"
            yield php.finding("empty-catch", catch, message)


def _deliberate(catch: Node) -> bool:
    """A comment ends the try block, or the try only replaces a default the code after reads."""
    attempt = catch.parent
    block = attempt.child_by_field_name("body") if attempt is not None else None
    if attempt is None or block is None:
        return False
    if block.named_children and block.named_children[-1].type == "comment":
        return True
    return _keeps_default(attempt, block)


def _keeps_default(attempt: Node, block: Node) -> bool:
    """`$x = null; try { $x = f(); } catch (E) {} if (!$x) ...`: failure leaves the default."""
    assigned = {
        text(a.child_by_field_name("left"))
        for a in descendants(block, frozenset({"assignment_expression"}))
    }
    before, after = _siblings(attempt)
    defaults = {
        text(a.child_by_field_name("left"))
        for statement in before
        for a in descendants(statement, frozenset({"assignment_expression"}))
    }
    read = {
        text(v)
        for statement in after[:SHORTLY_AFTER]
        for v in descendants(statement, frozenset({"variable_name"}))
    }
    return bool(assigned & defaults & read)


def _siblings(node: Node) -> tuple[list[Node], list[Node]]:
    parent = node.parent
    if parent is None:
        return [], []
    children = [c for c in parent.named_children if c.type != "comment"]
    index = next((i for i, c in enumerate(children) if c.id == node.id), 0)
    return children[:index], children[index + 1 :]


def broad_catch(php: PhpFile) -> Iterator[Finding]:
    """`catch (\\Exception|\\Throwable)` whose handler neither rethrows nor aborts."""
    for catch in php.of("catch"):
        body = catch.child_by_field_name("body")
        broad = [t for t in _caught(catch) if short_name(t) in BROAD and t.count("\\") <= 1]
        if body is None or body.named_child_count == 0 or not broad:
            continue
        if php.role_at(catch) is Role.TEST or _rethrows(body):
            continue
        if _logs(body):  # reported, then a fallback: most often a deliberate boundary
            message = f"{_where(php, catch)} catches `{broad[0]}`, logs it and carries on"
            yield php.finding("broad-catch", catch, message, {"confidence": "low"})
        else:
            message = f"{_where(php, catch)} catches `{broad[0]}` and carries on"
            yield php.finding("broad-catch", catch, message)


def _logs(body: Node) -> bool:
    """The handler reports the exception (`report($e)`) or writes it to a log (`Log::error`,
    `logger()->warning`, `$this->logger->error`)."""
    for call in descendants(body, CALLS):
        name = call_name(call)
        owner = call.child_by_field_name("object") or call.child_by_field_name("scope")
        if name == "report" or (name in LOG_LEVELS and owner and "log" in text(owner).lower()):
            return True
    return False


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
        if function is None or function.role is Role.TEST or _explained_exit(php, node):
            continue
        word = text(node).split("(")[0].strip().rstrip(";").lower() or "exit"
        message = f"`{function.qualified}` stops the whole process with `{word}`"
        raise_to = None if _in_console(php, node) else Severity.MAJOR
        yield php.finding("exit", node, message, raise_to=raise_to)


def _explained_exit(php: PhpFile, node: Node) -> bool:
    """A comment right above says why, or the function has streamed the response itself
    (`readfile`, `fpassthru`, `flush`): exiting keeps the framework from adding to it. An
    `echo` of an error before `exit` is the problem itself, not a streamed response."""
    statement = node
    while statement.parent is not None and statement.parent.type != "compound_statement":
        statement = statement.parent
    previous = statement.prev_named_sibling
    if previous is not None and previous.type == "comment":
        return True
    function = php.function_at(node)
    body = function.body if function is not None else None
    if body is None:
        return False
    return any(
        c.end_byte <= node.start_byte and call_name(c).lower() in STREAMING
        for c in descendants(body, frozenset({"function_call_expression"}))
    )


def _in_console(php: PhpFile, node: Node) -> bool:
    """An Artisan command or a script: a maintainer's tool, where exiting is how it stops."""
    owner = php.class_at(node)
    if owner is None:
        return True
    folders = {part.lower() for part in PurePosixPath(php.path).parts[:-1]}
    return "console" in folders or owner.extends == "Command" or owner.name.endswith("Command")
