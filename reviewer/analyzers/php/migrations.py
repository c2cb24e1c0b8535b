"""Migrations: money in binary floats or a default precision, foreign keys with no constraint
or no decision on delete, natural keys with no unique index, and application classes
imported into a migration (which then changes meaning when the class does)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.scaffolding import is_scaffolding
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    arguments,
    call_name,
    descendants,
    receiver,
    scope_name,
    text,
)
from reviewer.model import Finding, Severity

MONEY = re.compile(
    r"(?i)(?:^|_)(price|amount|total|subtotal|cost|fee|balance|tax|salary|discount|payment"
    r"|refund|revenue|paid)(?:_|s?$)"
)
FLOATS = frozenset({"float", "double", "unsignedFloat", "unsignedDouble"})
DECIMALS = frozenset({"decimal", "unsignedDecimal"})
FOREIGN_IDS = frozenset({"foreignId", "foreignIdFor", "foreignUuid", "foreignUlid"})
CONSTRAINING = frozenset({"constrained", "references"})
ON_DELETE = frozenset(
    {
        *("cascadeOnDelete", "nullOnDelete", "restrictOnDelete", "noActionOnDelete"),
        "onDelete",
    }
)
NATURAL_KEYS = re.compile(r"^(slug|username|sku|isbn)$")
NOT_MONEY = re.compile(r"(?i)rate|percent|ratio|factor|weight|count")
UNIQUE_CALLS = frozenset({"unique", "primary"})
# Calls on `$table` that add no business column: keys, timestamps and the like, and the
# modifiers chained after a column.
NOT_COLUMNS = frozenset(
    {
        *("id", "increments", "bigIncrements", "uuid", "ulid", "timestamps", "timestampsTz"),
        *("nullableTimestamps", "softDeletes", "softDeletesTz", "rememberToken", "engine"),
        *("charset", "collation", "comment", "primary", "unique", "index", "foreign"),
        *("nullable", "default", "constrained", "references", "on", "after", "useCurrent"),
    }
)
QUOTES = "'\""


def is_migration(php: PhpFile) -> bool:
    """A file in a `migrations` folder (Laravel's `database/migrations`) that the project wrote:
    the skeleton's own migrations (`sessions.user_id` with no constraint) are Laravel's choice."""
    in_folder = "migrations" in PurePosixPath(php.path.replace("\\", "/")).parts[:-1]
    return in_folder and not is_scaffolding(php.path)


def money_column(php: PhpFile) -> Iterator[Finding]:
    """`$table->float('price')` (a major), `$table->decimal('total')` with no precision."""
    if not is_migration(php):
        return
    for call in php.calls_named(FLOATS | DECIMALS):
        column = _column_name(call)
        if call.type not in MEMBER_CALLS or not MONEY.search(column) or NOT_MONEY.search(column):
            continue
        method = call_name(call)
        if method in FLOATS:
            message = f"{php.where(call)} stores the money column `{column}` as `{method}`"
            yield php.finding("money-column", call, message, raise_to=Severity.MAJOR)
        elif len(arguments(call)) == 1:
            message = (
                f"{php.where(call)} declares the money column `{column}` as `{method}` "
                "with Laravel's default precision (8, 2)"
            )
            yield php.finding("money-column", call, message)


def foreign_key(php: PhpFile) -> Iterator[Finding]:
    """`foreignId('user_id')` with no `constrained()`, or constrained with no on-delete rule."""
    if not is_migration(php):
        return
    source = text(php.root)
    for call in php.calls_named(FOREIGN_IDS):
        if call.type not in MEMBER_CALLS:
            continue
        column = _column_name(call) or text(next(iter(arguments(call)), None))
        chain = _chain(call)
        if not chain & CONSTRAINING and not _foreign_elsewhere(source, column):
            message = f"{php.where(call)} adds `{column}` with no `constrained()`"
            yield php.finding("unconstrained-foreign-key", call, message)
        elif chain & CONSTRAINING and not chain & ON_DELETE:
            message = (
                f"{php.where(call)} constrains `{column}` without saying what happens when "
                "the referenced row is deleted"
            )
            yield php.finding("foreign-key-on-delete", call, message)


def natural_key(php: PhpFile) -> Iterator[Finding]:
    """`$table->string('slug')` (or `username`, `sku`...) with no unique index on the column,
    and the `name` of a lookup table (`cuisine_types`: an id, a name, timestamps)."""
    source = text(php.root)
    if not is_migration(php) or "Schema::create" not in source:
        return
    for call in php.calls_named(frozenset({"string", "char"})):
        column = _column_name(call)
        if call.type not in MEMBER_CALLS or _chain(call) & UNIQUE_CALLS:
            continue
        if _unique_elsewhere(source, column):
            continue
        if NATURAL_KEYS.match(column):
            message = f"{php.where(call)} adds `{column}` with no unique index"
            yield php.finding("natural-key-not-unique", call, message)
        elif column == "name" and _lookup_table(call):
            message = (
                f"{php.where(call)} creates `{_table_of(call)}` with `name` as its only column "
                "besides the id and timestamps, and no unique index on it"
            )
            yield php.finding("natural-key-not-unique", call, message, {"lookup": True})


def _lookup_table(call: Node) -> bool:
    """The `Schema::create` closure holding the call defines no other business column."""
    closure = _create_closure(call)
    if closure is None:
        return False
    columns = [
        c
        for c in descendants(closure, MEMBER_CALLS)
        if text(receiver(c)) == "$table" and call_name(c) not in NOT_COLUMNS
    ]
    return [_column_name(c) for c in columns] == ["name"]


def _create_closure(call: Node) -> Node | None:
    """The closure passed to the `Schema::create` that holds the call."""
    current = call.parent
    while current is not None and current.type not in ("anonymous_function", "arrow_function"):
        current = current.parent
    create = _call_taking(current) if current is not None else None
    if create is None or create.type != "scoped_call_expression":
        return None
    return current if call_name(create) == "create" and scope_name(create) == "Schema" else None


def _call_taking(closure: Node) -> Node | None:
    """The call a closure is an argument of (closure -> argument -> arguments -> call)."""
    node: Node | None = closure
    for _ in range(3):
        node = node.parent if node is not None else None
    return node


def _table_of(call: Node) -> str:
    closure = _create_closure(call)
    create = _call_taking(closure) if closure is not None else None
    args = arguments(create) if create is not None else []
    return text(args[0]).strip(QUOTES) if args else "the table"


def application_import(php: PhpFile) -> Iterator[Finding]:
    """`use App\\...` in a migration: the migration runs the class as it is on that day."""
    if not is_migration(php):
        return
    for use in php.of("use"):
        imported = text(use).removeprefix("use").strip().rstrip(";").lstrip("\\")
        if imported.startswith("App\\"):
            message = f"This migration imports `{imported}` from the application"
            yield php.finding("application-class-in-migration", use, message)


def _column_name(call: Node) -> str:
    args = arguments(call)
    if not args or args[0].type != "string":
        return ""
    return text(args[0]).strip(QUOTES)


def _chain(call: Node) -> set[str]:
    """The names of the calls chained after this one (`->constrained()->cascadeOnDelete()`)."""
    names = set()
    current = call
    while current.parent is not None and current.parent.type in MEMBER_CALLS:
        if receiver(current.parent) != current:
            break
        current = current.parent
        names.add(call_name(current))
    return names


def _foreign_elsewhere(source: str, column: str) -> bool:
    """`$table->foreign('user_id')->references('id')->on('users')` in another statement."""
    quoted = rf"""['"]{re.escape(column)}['"]"""
    return re.search(rf"->foreign\(\s*(?:\[[^\]]*)?{quoted}", source) is not None


def _unique_elsewhere(source: str, column: str) -> bool:
    """`$table->unique('slug')` or `unique(['restaurant_id', 'slug'])` in the file."""
    quoted = rf"""['"]{re.escape(column)}['"]"""
    return re.search(rf"->(?:unique|primary)\(\s*(?:\[[^\]]*)?{quoted}", source) is not None
