"""Security: SQL built from strings, mass assignment, unserialize, eval, shell, weak hashes,
predictable tokens and debug output left in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.laravel import REQUEST_INPUT, WHOLE_INPUT
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    ancestors,
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
from reviewer.analyzers.php.tracing import assigned_values
from reviewer.model import Finding

DB_SQL_METHODS = frozenset(
    {
        "select",
        "selectOne",
        "scalar",
        "cursor",
        "insert",
        "update",
        "delete",
        "statement",
        "unprepared",
        "affectingStatement",
        "raw",
    }
)
RAW_METHODS = frozenset(
    {
        "whereRaw",
        "orWhereRaw",
        "orderByRaw",
        "selectRaw",
        "havingRaw",
        "orHavingRaw",
        "groupByRaw",
        "fromRaw",
    }
)
DRIVER_METHODS = frozenset({"query", "exec", "prepare"})
SQL_TEXT = re.compile(r"(?is)\b(select|insert|update|delete)\b.*\b(from|into|set|where)\b")
MASS_METHODS = frozenset(
    {
        "create",
        "fill",
        "forceFill",
        "update",
        "forceCreate",
        "updateOrCreate",
        "firstOrCreate",
        "firstOrNew",
        "insert",
        "upsert",
    }
)
SHELL_FUNCTIONS = frozenset(
    {"exec", "shell_exec", "system", "passthru", "proc_open", "popen", "pcntl_exec"}
)
SHELL_ESCAPES = frozenset({"escapeshellarg", "escapeshellcmd"})
HASH_FUNCTIONS = frozenset({"md5", "sha1", "hash", "crc32"})
PASSWORD = re.compile(r"(?i)pass(word|wd)?\b|passw|pwd")
RANDOM_FUNCTIONS = frozenset({"rand", "mt_rand", "uniqid", "lcg_value", "str_shuffle"})
TOKEN = re.compile(
    r"(?i)token|secret|otp|nonce|salt|api_?key|passw|pin\b|code|verif|reset|csrf|signature"
    r"|session|invite|activation"
)
DUMPERS = frozenset(
    {
        "dd",
        "ddd",
        "dump",
        "var_dump",
        "debug_zval_dump",
        "debug_print_backtrace",
        "xdebug_var_dump",
        "ray",
    }
)
RETURNING_DUMPERS = frozenset({"print_r", "var_export"})
MEMBER_DUMPERS = frozenset({"dd", "ddRawSql", "dumpRawSql"})


def _calls(php: PhpFile, names: frozenset[str], kinds: frozenset[str]) -> Iterator[Node]:
    return (c for c in php.calls_named(names) if c.type in kinds)


def _where(php: PhpFile, node: Node) -> str:
    function = php.function_at(node)
    return f"`{function.qualified}`" if function is not None else "This file"


def raw_sql(php: PhpFile) -> Iterator[Finding]:
    """Statement text built by interpolation or concatenation, passed to a raw SQL API."""
    for call in php.calls_named(DB_SQL_METHODS | RAW_METHODS | DRIVER_METHODS):
        args = arguments(call)
        if not args or not _is_sql_sink(call):
            continue
        values = _sql_values(php, args[0])
        if call_name(call) in DRIVER_METHODS:
            values = [v for v in values if SQL_TEXT.search(text(v))]
        parts = [p for v in values for p in built_parts(v)]
        if parts:
            pieces = ", ".join(f"`{text(p)}`" for p in parts[:3])
            message = f"{_where(php, call)} builds the SQL for `{_sink_name(call)}` from {pieces}"
            yield php.finding("raw-sql", call, message, {"cwe": "CWE-89"})


def _is_sql_sink(call: Node) -> bool:
    method = call_name(call)
    if call.type == "scoped_call_expression":
        return scope_name(call) == "DB" and method in DB_SQL_METHODS
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
    function = php.function_at(arg)
    scope = function.node if function is not None else php.root
    return [v for v in assigned_values(scope, arg, before=arg) if is_string_building(v)]


def mass_assignment(php: PhpFile) -> Iterator[Finding]:
    """The whole request input handed to create/fill/update."""
    for call in php.calls_named(MASS_METHODS):
        if call.type == "function_call_expression":
            continue
        source = next((a for a in arguments(call) if WHOLE_INPUT.search(text(a))), None)
        if source is not None:
            message = f"{_where(php, call)} passes `{text(source)}` to `{call_name(call)}`"
            yield php.finding("mass-assignment", call, message, {"cwe": "CWE-915"})


def unguarded_model(php: PhpFile) -> Iterator[Finding]:
    """`protected $guarded = []` on a model, or `Model::unguard()` outside seeders."""
    for prop in php.of("property"):
        name = text(prop.named_children[0]) if prop.named_children else ""
        value = prop.named_children[-1] if prop.named_child_count > 1 else None
        if name == "$guarded" and value is not None and _is_empty_array(value):
            owner = php.class_at(prop)
            label = f"`{owner.name}`" if owner is not None and owner.name else "This model"
            yield php.finding("unguarded-model", prop, f"{label} sets `$guarded = []`")
    for call in php.calls_named(frozenset({"unguard"})):
        if php.role_at(call) not in DATABASE_SCRIPT_ROLES:
            message = f"{_where(php, call)} calls `{text(call)}`"
            yield php.finding("unguarded-model", call, message)


def _is_empty_array(node: Node) -> bool:
    return node.type == "array_creation_expression" and node.named_child_count == 0


def unserialize_input(php: PhpFile) -> Iterator[Finding]:
    """`unserialize` of a value that is not a constant, without `allowed_classes`."""
    for call in _calls(php, frozenset({"unserialize"}), frozenset({"function_call_expression"})):
        args = arguments(call)
        if not args or is_literal(args[0]):
            continue
        if len(args) > 1 and "allowed_classes" in text(args[1]):
            continue
        origin = "request input" if REQUEST_INPUT.search(text(args[0])) else f"`{text(args[0])}`"
        message = f"{_where(php, call)} unserializes {origin} without `allowed_classes`"
        yield php.finding("unserialize", call, message, {"cwe": "CWE-502"})


def eval_call(php: PhpFile) -> Iterator[Finding]:
    """`eval` of anything."""
    for call in _calls(php, frozenset({"eval"}), frozenset({"function_call_expression"})):
        message = f"{_where(php, call)} runs `eval`"
        yield php.finding("eval", call, message, {"cwe": "CWE-95"})


def shell_execution(php: PhpFile) -> Iterator[Finding]:
    """exec/system/... or backticks with an unescaped variable in the command."""
    for call in _calls(php, SHELL_FUNCTIONS, frozenset({"function_call_expression"})):
        args = arguments(call)
        if args and args[0].type != "array_creation_expression":
            parts = _unescaped(php, args[0])
            if parts:
                message = f"{_where(php, call)} passes `{text(parts[0])}` to `{call_name(call)}`"
                yield php.finding("shell-exec", call, message, {"cwe": "CWE-78"})
    for command in php.of("shell"):
        parts = [p for p in dynamic_parts(command) if not _is_escaped(p)]
        if parts:
            message = f"{_where(php, command)} interpolates `{text(parts[0])}` into backticks"
            yield php.finding("shell-exec", command, message, {"cwe": "CWE-78"})


def _unescaped(php: PhpFile, arg: Node) -> list[Node]:
    if arg.type == "variable_name":
        function = php.function_at(arg)
        body = function.node if function is not None else php.root
        values = assigned_values(body, arg, before=arg)
        if not values:
            return [arg]
        return [p for v in values for p in dynamic_parts(v) if not _is_escaped(p)]
    return [p for p in dynamic_parts(arg) if not _is_escaped(p)]


def _is_escaped(node: Node) -> bool:
    return node.type == "function_call_expression" and call_name(node) in SHELL_ESCAPES


def weak_password_hash(php: PhpFile) -> Iterator[Finding]:
    """md5/sha1/hash() applied to a password."""
    for call in _calls(php, HASH_FUNCTIONS, frozenset({"function_call_expression"})):
        hashed = _hashed_value(call)
        if hashed is None:
            continue
        if PASSWORD.search(text(hashed)) or PASSWORD.search(_context_names(php, call)):
            message = f"{_where(php, call)} hashes `{text(hashed)}` with `{call_name(call)}`"
            yield php.finding("weak-password-hash", call, message, {"cwe": "CWE-916"})


def _hashed_value(call: Node) -> Node | None:
    args = arguments(call)
    index = 1 if call_name(call) == "hash" else 0
    return args[index] if len(args) > index else None


def predictable_token(php: PhpFile) -> Iterator[Finding]:
    """rand/mt_rand/uniqid feeding something named like a token, code or secret."""
    for call in _calls(php, RANDOM_FUNCTIONS, frozenset({"function_call_expression"})):
        if php.role_at(call) in DATABASE_SCRIPT_ROLES:
            continue
        names = _context_names(php, call)
        if TOKEN.search(names):
            target = names.split("|", 1)[0] or "a token"
            message = f"{_where(php, call)} makes `{target}` with `{call_name(call)}`"
            yield php.finding("insecure-token", call, message, {"cwe": "CWE-338"})


def _context_names(php: PhpFile, call: Node) -> str:
    """Names the value flows into: assignment targets, array keys, the function's name."""
    names: list[str] = []
    for parent in ancestors(call):
        if parent.type in ("assignment_expression", "augmented_assignment_expression"):
            names.append(text(parent.child_by_field_name("left")))
        elif parent.type == "array_element_initializer" and parent.named_child_count == 2:
            names.append(text(parent.named_children[0]).strip("'\""))
        elif parent.type == "argument" and parent.child_by_field_name("name") is not None:
            names.append(text(parent.child_by_field_name("name")))
        elif parent.type == "return_statement":
            function = php.function_at(call)
            names.append(function.name if function is not None else "")
        if parent.type.endswith("_statement"):
            break
    return "|".join(n for n in names if n)


def debug_output(php: PhpFile) -> Iterator[Finding]:
    """dd/dump/var_dump/print_r left in, and echo of print_r/var_export."""
    for call in php.calls_named(DUMPERS | RETURNING_DUMPERS | MEMBER_DUMPERS):
        name = call_name(call)
        if _is_dump(call, name):
            message = f"{_where(php, call)} calls `{name}`"
            yield php.finding("debug-output", call, message)
    for echo in php.of("echo"):
        dumped = next(
            (
                c
                for c in echo.named_children
                if c.type == "function_call_expression" and call_name(c) in RETURNING_DUMPERS
            ),
            None,
        )
        if dumped is not None:
            message = f"{_where(php, echo)} echoes `{call_name(dumped)}`"
            yield php.finding("debug-output", echo, message)


def _is_dump(call: Node, name: str) -> bool:
    if call.type == "function_call_expression":
        if name in DUMPERS:
            return True
        args = arguments(call)
        returns = len(args) > 1 and text(args[1]).lower() == "true"
        return name in RETURNING_DUMPERS and not returns
    if call.type in MEMBER_CALLS:
        return name in MEMBER_DUMPERS or (name == "dump" and not arguments(call))
    return False
