"""Security, injection: SQL built from strings, shell commands with variables, `eval`, and
`unserialize` of data from outside."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.laravel import REQUEST_INPUT
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    arguments,
    built_parts,
    call_name,
    dynamic_parts,
    is_literal,
    is_string_building,
    receiver,
    scope_name,
    text,
)
from reviewer.analyzers.php.taint import outside_input
from reviewer.analyzers.php.tracing import assigned_values
from reviewer.model import Finding

DB_SQL_METHODS = frozenset(
    {
        *("select", "selectOne", "scalar", "cursor", "insert", "update", "delete"),
        *("statement", "unprepared", "affectingStatement", "raw"),
    }
)
RAW_METHODS = frozenset(
    {
        *("whereRaw", "orWhereRaw", "orderByRaw", "selectRaw", "havingRaw", "orHavingRaw"),
        *("groupByRaw", "fromRaw"),
    }
)
DRIVER_METHODS = frozenset({"query", "exec", "prepare"})
SQL_TEXT = re.compile(r"(?is)\b(select|insert|update|delete)\b.*\b(from|into|set|where)\b")
SHELL_FUNCTIONS = frozenset(
    {"exec", "shell_exec", "system", "passthru", "proc_open", "popen", "pcntl_exec"}
)
SHELL_ESCAPES = frozenset({"escapeshellarg", "escapeshellcmd"})
FUNCTION_CALL = "function_call_expression"
SHOWN_PIECES = 3


def raw_sql(php: PhpFile) -> Iterator[Finding]:
    """Statement text built by interpolation or concatenation, passed to a raw SQL API, from
    pieces that can carry outside input (the object's own state, configuration, constants,
    numbers and placeholders cannot)."""
    for call in php.calls_named(DB_SQL_METHODS | RAW_METHODS | DRIVER_METHODS):
        parts = _sql_pieces(php, call) if _is_sql_sink(call) else []
        if parts:
            pieces = ", ".join(f"`{text(p)}`" for p in parts[:SHOWN_PIECES])
            message = f"{php.where(call)} builds the SQL for `{_sink_name(call)}` from {pieces}"
            yield php.finding("raw-sql", call, message, {"cwe": "CWE-89"})


def _sql_pieces(php: PhpFile, call: Node) -> list[Node]:
    """The variable pieces of the call's SQL text (through a local variable where it is one)."""
    args = arguments(call)
    values = _sql_values(php, args[0]) if args else []
    if call_name(call) in DRIVER_METHODS:
        values = [v for v in values if SQL_TEXT.search(text(v))]
    return [p for v in values for p in built_parts(v) if outside_input(p)]


def _is_sql_sink(call: Node) -> bool:
    method = call_name(call)
    if call.type == "scoped_call_expression":
        # `Order::whereRaw(...)` starts a query on the model: the same raw text.
        return (scope_name(call) == "DB" and method in DB_SQL_METHODS) or method in RAW_METHODS
    if call.type not in MEMBER_CALLS:
        return False
    if method in RAW_METHODS or method in DRIVER_METHODS:
        return True
    return method in DB_SQL_METHODS and text(receiver(call)).startswith("DB::connection")


def _sink_name(call: Node) -> str:
    if call.type == "scoped_call_expression":
        return f"{scope_name(call)}::{call_name(call)}"
    return call_name(call)


def _sql_values(php: PhpFile, arg: Node) -> list[Node]:
    """The string-building expressions behind the SQL argument, through a local variable."""
    if is_string_building(arg):
        return [arg]
    if arg.type != "variable_name":
        return []
    values = assigned_values(php.scope_of(arg), arg, before=arg)
    return [v for v in values if is_string_building(v)]


def unserialize_input(php: PhpFile) -> Iterator[Finding]:
    """`unserialize` of a value that is not a constant, without `allowed_classes`."""
    for call in php.calls_named(frozenset({"unserialize"})):
        args = arguments(call) if call.type == FUNCTION_CALL else []
        if not args or is_literal(args[0]) or _restricts_classes(args):
            continue
        origin = "request input" if REQUEST_INPUT.search(text(args[0])) else f"`{text(args[0])}`"
        message = f"{php.where(call)} unserializes {origin} without `allowed_classes`"
        yield php.finding("unserialize", call, message, {"cwe": "CWE-502"})


def _restricts_classes(args: list[Node]) -> bool:
    return len(args) > 1 and "allowed_classes" in text(args[1])


def eval_call(php: PhpFile) -> Iterator[Finding]:
    """`eval` of anything."""
    for call in php.calls_named(frozenset({"eval"})):
        if call.type == FUNCTION_CALL:
            message = f"{php.where(call)} runs `eval`"
            yield php.finding("eval", call, message, {"cwe": "CWE-95"})


def shell_execution(php: PhpFile) -> Iterator[Finding]:
    """exec/system/... or backticks with an unescaped variable in the command."""
    for call in php.calls_named(SHELL_FUNCTIONS):
        parts = _command_pieces(php, call) if call.type == FUNCTION_CALL else []
        if parts:
            message = f"{php.where(call)} passes `{text(parts[0])}` to `{call_name(call)}`"
            yield php.finding("shell-exec", call, message, {"cwe": "CWE-78"})
    for command in php.of("shell"):
        parts = [p for p in dynamic_parts(command) if not _is_escaped(p)]
        if parts:
            message = f"{php.where(command)} interpolates `{text(parts[0])}` into backticks"
            yield php.finding("shell-exec", command, message, {"cwe": "CWE-78"})


def _command_pieces(php: PhpFile, call: Node) -> list[Node]:
    """Unescaped variable pieces of the command; an array command passes no shell."""
    args = arguments(call)
    if not args or args[0].type == "array_creation_expression":
        return []
    command = args[0]
    if command.type != "variable_name":
        return [p for p in dynamic_parts(command) if not _is_escaped(p)]
    values = assigned_values(php.scope_of(command), command, before=command)
    if not values:
        return [command]
    return [p for v in values for p in dynamic_parts(v) if not _is_escaped(p)]


def _is_escaped(node: Node) -> bool:
    return node.type == FUNCTION_CALL and call_name(node) in SHELL_ESCAPES
