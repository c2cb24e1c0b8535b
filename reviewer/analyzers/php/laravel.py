"""What Laravel code means: facades, Eloquent queries, writes, request input."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tree_sitter import Node

from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    call_name,
    receiver,
    scope_name,
    short_name,
    text,
)

Imports = Mapping[str, str]

FACADES = frozenset(
    {
        *("App", "Artisan", "Auth", "Blade", "Broadcast", "Bus", "Cache", "Config", "Context"),
        *("Cookie", "Crypt", "DB", "Date", "Event", "File", "Gate", "Hash", "Http", "Lang"),
        *("Log", "Mail", "Notification", "Password", "Pipeline", "Process", "Queue"),
        *("RateLimiter", "Redirect", "Redis", "Request", "Response", "Route", "Schema"),
        *("Session", "Storage", "URL", "Validator", "View", "Vite"),
    }
)
# Static helpers that are pure functions or value constructors, never a query.
UTILITIES = frozenset(
    {
        *("Arr", "Str", "Number", "Collection", "Carbon", "CarbonImmutable", "Js", "Uuid"),
        *("Ulid", "Sleep", "Lottery", "Benchmark", "Inertia", "Livewire", "Closure"),
    }
)
# Eloquent's relation methods: a model method that returns one of them declares a relation.
RELATION_KINDS = frozenset(
    {
        *("belongsTo", "hasOne", "hasMany", "belongsToMany", "hasOneThrough", "hasManyThrough"),
        *("morphTo", "morphOne", "morphMany", "morphToMany", "morphedByMany"),
    }
)
DECLARES_RELATION = re.compile(r"\$this\s*->\s*(?:" + "|".join(sorted(RELATION_KINDS)) + r")\s*\(")
RELATION_TYPES = frozenset(kind[0].upper() + kind[1:] for kind in RELATION_KINDS)
MODEL_NAMESPACE = re.compile(r"\\(Models?|Entities|Entity|Eloquent)\\")
RELATIVE_SCOPES = frozenset({"self", "static", "parent"})
QUERY_METHODS = frozenset(
    {
        *("all", "avg", "chunk", "count", "create", "cursor", "destroy", "doesntHave", "exists"),
        *("find", "findMany", "findOrFail", "first", "firstOrCreate", "firstOrFail", "firstOrNew"),
        *("firstWhere", "forceCreate", "get", "has", "insert", "join", "latest", "lazy", "max"),
        *("min", "oldest", "orderBy", "paginate", "pluck", "query", "select", "simplePaginate"),
        *("sum", "updateOrCreate", "upsert", "whereHas", "with", "withCount", "withTrashed"),
    }
)
BUILDER_TERMINALS = frozenset(
    {
        "get",
        "first",
        "firstOrFail",
        "find",
        "findOrFail",
        "count",
        "sum",
        "exists",
        "pluck",
        "paginate",
        "avg",
        "max",
        "min",
        "value",
        "load",
        "loadMissing",
        "loadCount",
    }
)
WRITE_METHODS = frozenset(
    {
        *("save", "create", "update", "delete", "insert", "insertGetId", "upsert", "forceDelete"),
        *("forceCreate", "updateOrCreate", "firstOrCreate", "increment", "decrement", "attach"),
        *("detach", "sync", "createMany", "saveMany", "restore", "destroy", "statement"),
    }
)
TRANSACTION_METHODS = frozenset({"transaction", "beginTransaction", "commit", "rollBack"})
NOT_PERSISTENCE_WORDS = (
    *("factory", "cache", "session", "storage", "disk", "file", "log", "redis", "queue"),
    *("collect", "validator", "request", "response", "mail", "notification", "config"),
)
# A word of the receiver's name, at a word or camel-case start: `$this->fileCache`, `$userFiles`,
# never inside another word (`profile` is no `file`).
NOT_PERSISTENCE = re.compile(
    "|".join(rf"(?<![A-Za-z])(?i:{w})|{w.capitalize()}" for w in NOT_PERSISTENCE_WORDS)
)
WHOLE_INPUT = re.compile(
    r"(?:\$\w*request\b|request\(\))\s*->\s*(?:all\(\s*\)|input\(\s*\)|post\(\s*\)|except\()"
    r"|\bRequest::(?:all|input|except)\(|\$_(?:POST|REQUEST|GET)\b",
    re.IGNORECASE,
)
REQUEST_INPUT = re.compile(
    r"\$\w*request\b|->request\b|\brequest\(|\bRequest::"
    r"|\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b|php://input"
    r"|->(?:input|query|post|cookie|header|getContent)\(",
    re.IGNORECASE,
)


def is_query_name(name: str) -> bool:
    """A method name some query call can have: a cheap filter before `is_query`."""
    return (
        name in QUERY_METHODS
        or name in BUILDER_TERMINALS
        or name.startswith(("where", "find", "get", "load", "fetch"))
        or name in ("table", "select", "raw", "statement", "insert", "update", "delete", "cursor")
    )


def is_facade_call(call: Node) -> bool:
    """`Cache::put(...)`, `Log::info(...)`: a static call on a Laravel facade."""
    return scope_name(call) in FACADES


def is_model_class(scope: str, imports: Imports) -> bool:
    """A class that is no facade or utility and not imported from outside a models namespace."""
    name = short_name(scope)
    if not name[:1].isupper() or name in FACADES or name in UTILITIES:
        return False
    origin = scope if "\\" in scope else imports.get(name)
    return origin is None or MODEL_NAMESPACE.search(origin) is not None


def is_static_query(call: Node, imports: Imports) -> bool:
    """`Order::where(...)`, `Order::find(...)`, `DB::table(...)`: a query through a class."""
    if call.type != "scoped_call_expression":
        return False
    scope, method = scope_name(call), call_name(call)
    if scope == "DB":
        return method not in TRANSACTION_METHODS
    scope_text = text(call.child_by_field_name("scope"))
    wanted = method in QUERY_METHODS or method.startswith("where")
    return wanted and is_model_class(scope_text, imports)


def is_relation_query(call: Node, imports: Imports) -> bool:
    """`$order->items()->where(...)->get()`: a builder terminal on a relation method call."""
    if call.type not in MEMBER_CALLS or call_name(call) not in BUILDER_TERMINALS:
        return False
    inner = receiver(call)
    while inner is not None and inner.type in MEMBER_CALLS:
        if call_name(inner) not in BUILDER_TERMINALS and not _has_arguments(inner):
            return inner.child_by_field_name("object") is not None
        inner = receiver(inner)
    return inner is not None and is_static_query(inner, imports)


def is_repository_read(call: Node) -> bool:
    """`$this->orders->find($id)` on something named like a repository."""
    if call.type not in MEMBER_CALLS:
        return False
    name = call_name(call)
    reads = name.startswith(("find", "get", "load", "fetch"))
    return reads and "repositor" in text(receiver(call)).lower()


def is_query(call: Node, imports: Imports) -> bool:
    """Any call that reaches the database: static, relation or repository read."""
    return (
        is_static_query(call, imports)
        or is_relation_query(call, imports)
        or is_repository_read(call)
    )


def is_write(call: Node, imports: Imports) -> bool:
    """A call that writes to the database: Eloquent save/create/update/delete and friends."""
    method = call_name(call)
    if call.type == "function_call_expression" or method not in WRITE_METHODS:
        return False
    if call.type == "scoped_call_expression":
        scope = scope_name(call)
        scope_text = text(call.child_by_field_name("scope"))
        return scope == "DB" or (is_model_class(scope_text, imports) and method != "statement")
    return not NOT_PERSISTENCE.search(text(receiver(call)))


def is_transaction(call: Node) -> bool:
    """`DB::transaction(...)`, `$db->beginTransaction()` and the other transaction calls."""
    return call.type != "function_call_expression" and call_name(call) in TRANSACTION_METHODS


def _has_arguments(call: Node) -> bool:
    args = call.child_by_field_name("arguments")
    return args is not None and args.named_child_count > 0


def declares_relation(body: str, return_type: str) -> bool:
    """A model method that declares a relation: it returns `$this->hasMany(...)` (or another
    relation call), or says it returns a `HasMany` (or another relation type)."""
    return bool(DECLARES_RELATION.search(body)) or short_name(return_type) in RELATION_TYPES
