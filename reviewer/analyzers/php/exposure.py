"""Security, exposure: mass assignment, weak password hashes, predictable tokens and debug
output left in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.laravel import WHOLE_INPUT
from reviewer.analyzers.php.models import Guard
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    ancestors,
    arguments,
    call_name,
    receiver,
    short_name,
    text,
)
from reviewer.analyzers.php.tracing import assigned_values
from reviewer.model import Finding, Severity

MASS_METHODS = frozenset(
    {
        *("create", "fill", "forceFill", "update", "forceCreate", "updateOrCreate"),
        *("firstOrCreate", "firstOrNew", "insert", "upsert"),
    }
)
FORCED = frozenset({"forceFill", "forceCreate"})
# Static calls that fill a new model from an array: `$fillable` decides what they may set.
FILLING_FACTORIES = frozenset({"create", "make", "firstOrCreate", "firstOrNew", "updateOrCreate"})
HASH_FUNCTIONS = frozenset({"md5", "sha1", "hash", "crc32"})
PASSWORD = re.compile(r"(?i)pass(word|wd)?\b|passw|pwd")
RANDOM_FUNCTIONS = frozenset({"rand", "mt_rand", "uniqid", "lcg_value", "str_shuffle"})
# Digests of the clock: as predictable as the time they were made at.
CLOCK_DIGESTS = frozenset({"md5", "sha1", "hash", "crc32", "base64_encode"})
CLOCKS = frozenset({"time", "microtime", "hrtime", "now", "date"})
SECURE_SOURCES = frozenset(
    {"random_bytes", "random_int", "openssl_random_pseudo_bytes", "random", "uuid", "ulid"}
)
TOKEN = re.compile(
    r"(?i)token|secret|otp|nonce|salt|api_?key|passw|pin\b|code|verif|reset|csrf|signature"
    r"|session|invite|activation|link|share"
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
    a model that declares neither `$fillable` nor `$guarded`, and a `$fillable` model takes
    only what it lists: then the request cannot set more, and naming the fields
    (`validated()`) is a suggestion. Where nothing guards the model (`$guarded = []` or a
    short list of exceptions, `unguard()`, `forceFill`/`forceCreate`) it is an issue."""
    for call in php.calls_named(MASS_METHODS):
        if call.type == FUNCTION_CALL:
            continue
        passed = next(filter(None, (_whole_input(php, a) for a in arguments(call))), "")
        if not passed:
            continue
        message = f"{php.where(call)} passes {passed} to `{call_name(call)}`"
        unguarded = _unguarded_target(php, call)
        if unguarded:
            message += f", and {unguarded}"
        raise_to = Severity.MAJOR if unguarded else None
        yield php.finding("mass-assignment", call, message, {"cwe": "CWE-915"}, raise_to)


def _whole_input(php: PhpFile, argument: Node) -> str:
    """How an argument carries the whole request: `$request->all()` itself, or a variable
    given it earlier (`$data = $request->all()`); empty when it does not."""
    if WHOLE_INPUT.search(text(argument)):
        return f"`{text(argument)}`"
    if argument.type != "variable_name":
        return ""
    values = assigned_values(php.scope_of(argument), argument, before=argument)
    source = next((v for v in reversed(values) if WHOLE_INPUT.search(text(v))), None)
    return "" if source is None else f"`{text(argument)}` (`{_clip(text(source))}`)"


def _clip(value: str, limit: int = 50) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def model_without_fillable(php: PhpFile) -> Iterator[Finding]:
    """`Order::create([...])` on a model of the run that declares neither `$fillable` nor
    `$guarded`: Laravel guards every attribute of such a model, so the call throws a
    `MassAssignmentException` instead of saving (unless the project unguards every model)."""
    if php.models.unguarded_everywhere:
        return
    for call in php.calls_named(FILLING_FACTORIES):
        if call.type != "scoped_call_expression" or not arguments(call):
            continue
        if php.role_at(call) in DATABASE_SCRIPT_ROLES:
            continue
        scope = text(call.child_by_field_name("scope"))
        if scope in ("self", "static", "parent"):
            continue
        model = php.qualified_name(scope)
        if model in php.models.classes and php.models.guard_of(model) is Guard.GUARDED:
            message = (
                f"{php.where(call)} calls `{scope}::{call_name(call)}` with attributes, and "
                f"`{short_name(model)}` declares no `$fillable`"
            )
            yield php.finding("no-fillable", call, message)


def _unguarded_target(php: PhpFile, call: Node) -> str:
    """Why nothing keeps the request from setting any column, or an empty string."""
    if call_name(call) in FORCED:
        return f"`{call_name(call)}` skips `$fillable`"
    if php.models.unguarded_everywhere or php.calls_named(frozenset({"unguard"})):
        return "`unguard()` turns the guard off"
    if any(True for _ in _empty_guarded(php)):
        return "this file sets `$guarded = []`"
    model = _target_model(php, call)
    if model and php.models.guard_of(model) is Guard.OPEN:
        return f"`{short_name(model)}` guards too little (`$guarded`)"
    return ""


def _target_model(php: PhpFile, call: Node) -> str:
    """The class of the model the call writes: `Order::create`, `$this->fill` in a model,
    `$order->update` on a parameter typed `Order` or a local made by `new Order`/`Order::..`."""
    if call.type == "scoped_call_expression":
        return php.qualified_name(text(call.child_by_field_name("scope")))
    target = receiver(call)
    while target is not None and target.type in MEMBER_CALLS:
        target = receiver(target)
    if target is None or target.type != "variable_name":
        return ""
    if text(target) == "$this":
        owner = php.class_at(call)
        return php.qualified_name(owner.name) if owner is not None and owner.name else ""
    function = php.function_at(call)
    for parameter in function.parameters if function is not None else []:
        if text(parameter.child_by_field_name("name")) == text(target):
            declared = text(parameter.child_by_field_name("type")).lstrip("?")
            return php.qualified_name(declared) if declared else ""
    for value in reversed(assigned_values(php.scope_of(target), target, before=target)):
        made = _made_class(value)
        if made:
            return php.qualified_name(made)
    return ""


def _made_class(value: Node) -> str:
    """`Order` for `new Order(...)` or `Order::findOrFail(...)->...`."""
    while value.type in MEMBER_CALLS:
        inner = receiver(value)
        if inner is None:
            return ""
        value = inner
    if value.type == "object_creation_expression":
        made = next((c for c in value.named_children if c.type in ("name", "qualified_name")), None)
        return text(made)
    if value.type == "scoped_call_expression":
        scope = text(value.child_by_field_name("scope"))
        return "" if scope in ("self", "static", "parent") else scope
    return ""


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
    """rand/mt_rand/uniqid feeding something named like a token, code or secret, or a digest
    of the clock (`md5(time())`, `sha1($email . microtime())`) used the same way."""
    generators = sorted(
        [
            *php.calls_named(RANDOM_FUNCTIONS),
            *(c for c in php.calls_named(CLOCK_DIGESTS) if _digests_the_clock(c)),
        ],
        key=lambda node: node.start_byte,
    )
    for call in generators:
        if call.type != FUNCTION_CALL or php.role_at(call) in DATABASE_SCRIPT_ROLES:
            continue
        names = _context_names(php, call)
        if TOKEN.search(names):
            target = names.split("|", 1)[0]
            made = f"`{call_name(call)}`"
            if call_name(call) in CLOCK_DIGESTS:
                made = f"`{' '.join(text(call).split())}`, a digest of the clock"
            message = f"{php.where(call)} makes `{target}` with {made}"
            yield php.finding("insecure-token", call, message, {"cwe": "CWE-338"})


def _digests_the_clock(call: Node) -> bool:
    """`md5(time())`, `hash('sha256', $id . microtime())`: the clock is the only varying
    input a guesser does not know (a random generator inside is reported on its own)."""
    called = {call_name(c) for a in arguments(call) for c in _calls_in(a)}
    return bool(called & CLOCKS) and not called & (SECURE_SOURCES | RANDOM_FUNCTIONS)


def _calls_in(node: Node) -> Iterator[Node]:
    if node.type in (FUNCTION_CALL, "scoped_call_expression", *MEMBER_CALLS):
        yield node
    for child in node.named_children:
        yield from _calls_in(child)


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
