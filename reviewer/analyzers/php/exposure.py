"""Security, exposure: mass assignment, weak password hashes, predictable tokens and debug
output left in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.laravel import WHOLE_INPUT
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES
from reviewer.analyzers.php.syntax import MEMBER_CALLS, ancestors, arguments, call_name, text
from reviewer.model import Finding, Severity

MASS_METHODS = frozenset(
    {
        *("create", "fill", "forceFill", "update", "forceCreate", "updateOrCreate"),
        *("firstOrCreate", "firstOrNew", "insert", "upsert"),
    }
)
FORCED = frozenset({"forceFill", "forceCreate"})
HASH_FUNCTIONS = frozenset({"md5", "sha1", "hash", "crc32"})
PASSWORD = re.compile(r"(?i)pass(word|wd)?\b|passw|pwd")
RANDOM_FUNCTIONS = frozenset({"rand", "mt_rand", "uniqid", "lcg_value", "str_shuffle"})
TOKEN = re.compile(
    r"(?i)token|secret|otp|nonce|salt|api_?key|passw|pin\b|code|verif|reset|csrf|signature"
    r"|session|invite|activation"
)
DUMPERS = frozenset(
    {
        *("dd", "ddd", "dump", "var_dump", "debug_zval_dump", "debug_print_backtrace"),
        *("xdebug_var_dump", "ray"),
    }
)
RETURNING_DUMPERS = frozenset({"print_r", "var_export"})
MEMBER_DUMPERS = frozenset({"dd", "ddRawSql", "dumpRawSql"})
FUNCTION_CALL = "function_call_expression"
KEY_AND_VALUE = 2


def mass_assignment(php: PhpFile) -> Iterator[Finding]:
    """The whole request input handed to create/fill/update. Laravel guards every attribute of
    a model that declares neither `$fillable` nor `$guarded`, so what the request may set is
    the model's `$fillable`: worth naming (`validated()`), and serious where nothing guards
    it: `forceFill`/`forceCreate`, or a model unguarded in the same file."""
    unguarded = _unguards(php)
    for call in php.calls_named(MASS_METHODS):
        if call.type == FUNCTION_CALL:
            continue
        source = next((a for a in arguments(call) if WHOLE_INPUT.search(text(a))), None)
        if source is not None:
            message = f"{php.where(call)} passes `{text(source)}` to `{call_name(call)}`"
            forced = call_name(call) in FORCED or unguarded
            raise_to = Severity.MAJOR if forced else None
            yield php.finding("mass-assignment", call, message, {"cwe": "CWE-915"}, raise_to)


def _unguards(php: PhpFile) -> bool:
    """The file turns Laravel's mass-assignment guard off: `$guarded = []` or `unguard()`."""
    return any(True for _ in _empty_guarded(php)) or bool(php.calls_named(frozenset({"unguard"})))


def unguarded_model(php: PhpFile) -> Iterator[Finding]:
    """`protected $guarded = []` on a model, or `Model::unguard()` outside seeders."""
    yield from _empty_guarded(php)
    for call in php.calls_named(frozenset({"unguard"})):
        if php.role_at(call) not in DATABASE_SCRIPT_ROLES:
            message = f"{php.where(call)} calls `{text(call)}`"
            yield php.finding("unguarded-model", call, message)


def _empty_guarded(php: PhpFile) -> Iterator[Finding]:
    for prop in php.of("property"):
        children = prop.named_children
        if len(children) < KEY_AND_VALUE or text(children[0]) != "$guarded":
            continue
        value = children[-1]
        if value.type == "array_creation_expression" and value.named_child_count == 0:
            owner = php.class_at(prop)
            label = f"`{owner.name}`" if owner is not None and owner.name else "This model"
            yield php.finding("unguarded-model", prop, f"{label} sets `$guarded = []`")


def weak_password_hash(php: PhpFile) -> Iterator[Finding]:
    """md5/sha1/hash() applied to a password."""
    for call in php.calls_named(HASH_FUNCTIONS):
        hashed = _hashed_value(call) if call.type == FUNCTION_CALL else None
        if hashed is None:
            continue
        if PASSWORD.search(text(hashed)) or PASSWORD.search(_context_names(php, call)):
            message = f"{php.where(call)} hashes `{text(hashed)}` with `{call_name(call)}`"
            yield php.finding("weak-password-hash", call, message, {"cwe": "CWE-916"})


def _hashed_value(call: Node) -> Node | None:
    args = arguments(call)
    index = 1 if call_name(call) == "hash" else 0
    return args[index] if len(args) > index else None


def predictable_token(php: PhpFile) -> Iterator[Finding]:
    """rand/mt_rand/uniqid feeding something named like a token, code or secret."""
    for call in php.calls_named(RANDOM_FUNCTIONS):
        if call.type != FUNCTION_CALL or php.role_at(call) in DATABASE_SCRIPT_ROLES:
            continue
        names = _context_names(php, call)
        if TOKEN.search(names):
            target = names.split("|", 1)[0]
            message = f"{php.where(call)} makes `{target}` with `{call_name(call)}`"
            yield php.finding("insecure-token", call, message, {"cwe": "CWE-338"})


def _context_names(php: PhpFile, call: Node) -> str:
    """Names the value flows into: assignment targets, array keys, the function's name."""
    names: list[str] = []
    for parent in ancestors(call):
        reader = _NAME_READERS.get(parent.type)
        if reader is not None:
            names.append(reader(php, parent))
        if parent.type.endswith("_statement"):
            break
    return "|".join(n for n in names if n)


def _assigned_name(php: PhpFile, node: Node) -> str:
    return text(node.child_by_field_name("left"))


def _array_key(php: PhpFile, node: Node) -> str:
    keyed = node.named_child_count == KEY_AND_VALUE
    return text(node.named_children[0]).strip("'\"") if keyed else ""


def _argument_name(php: PhpFile, node: Node) -> str:
    return text(node.child_by_field_name("name"))


def _returning_function(php: PhpFile, node: Node) -> str:
    function = php.function_at(node)
    return function.name if function is not None else ""


_NAME_READERS: dict[str, Callable[[PhpFile, Node], str]] = {
    "assignment_expression": _assigned_name,
    "augmented_assignment_expression": _assigned_name,
    "array_element_initializer": _array_key,
    "argument": _argument_name,
    "return_statement": _returning_function,
}


def debug_output(php: PhpFile) -> Iterator[Finding]:
    """dd/dump/var_dump/print_r left in, and echo of print_r/var_export."""
    for call in php.calls_named(DUMPERS | RETURNING_DUMPERS | MEMBER_DUMPERS):
        if _is_dump(call, call_name(call)):
            message = f"{php.where(call)} calls `{call_name(call)}`"
            yield php.finding("debug-output", call, message)
    for echo in php.of("echo"):
        dumped = [c for c in echo.named_children if c.type == FUNCTION_CALL]
        names = [call_name(c) for c in dumped if call_name(c) in RETURNING_DUMPERS]
        if names:
            message = f"{php.where(echo)} echoes `{names[0]}`"
            yield php.finding("debug-output", echo, message)


def _is_dump(call: Node, name: str) -> bool:
    if call.type == FUNCTION_CALL:
        args = arguments(call)
        returns = len(args) > 1 and text(args[1]).lower() == "true"
        return name in DUMPERS or (name in RETURNING_DUMPERS and not returns)
    if call.type in MEMBER_CALLS:
        return name in MEMBER_DUMPERS or (name == "dump" and not arguments(call))
    return False
