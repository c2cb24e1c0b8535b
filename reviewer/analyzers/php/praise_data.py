"""Praise for the data layer: backed enums the models cast to, relations loaded eagerly where
they are then read, and writes that belong together kept in one transaction."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from tree_sitter import Node

from reviewer.analyzers.php.context import ClassInfo, FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import is_model_class, is_write
from reviewer.analyzers.php.praise_common import (
    actions_named,
    agreeing,
    and_list,
    application_files,
    code,
    praise_at,
    relation_names,
)
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import (
    LOOPS,
    MEMBER_CALLS,
    arguments,
    call_name,
    descendants,
    receiver,
    text,
)
from reviewer.model import Finding

BACKED_ENUM = "praise-backed-enum"
EAGER_LOADING = "praise-eager-loading"
TRANSACTION = "praise-transaction"

EAGER_CALLS = frozenset({"with", "load", "loadMissing"})
CLOSURES = frozenset({"anonymous_function", "arrow_function"})
MIN_WRITES = 2
STRINGS = frozenset({"string", "encapsed_string"})
RESOURCE_READ = re.compile(r"\$this->(\w+)\b(?!\s*\()|whenLoaded\(\s*['\"](\w+)")


def backed_enums(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """Backed enums that a model casts a column to, or that give their cases behaviour
    (`label()`) with a `match ($this)`."""
    casts = _enum_casts(files)
    for php in application_files(files):
        for info in php.classes:
            backing = _backing_type(info)
            if not backing:
                continue
            cast_by = casts.get(info.name, [])
            behaviour = _matching_methods(php, info)
            if not cast_by and not behaviour:
                continue
            message = f"`{info.name}` is a {backing}-backed enum"
            if cast_by:
                message += f" that {and_list(cast_by)} {agreeing(len(cast_by), 'casts', 'cast')} to"
            if behaviour:
                shown = and_list([f"`{m}()`" for m in behaviour])
                message += (
                    f"{',' if cast_by else ''} whose {shown} "
                    f"{agreeing(len(behaviour), 'answers', 'answer')} for every case"
                )
            yield praise_at(php, BACKED_ENUM, info.node, message, casts=len(cast_by))


@dataclass(frozen=True)
class EagerLoad:
    """A `with()`/`load()` call, its method, the relations it loads that are then read, and
    the Resources that read them."""

    call: Node
    function: FunctionInfo
    read: list[str]
    readers: set[str]


def eager_loading(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """`with()`/`load()` of a relation that a loop of the same method or an API Resource then
    reads: the relation arrives in one query instead of one per row."""
    relations = relation_names(files)
    readers = _resource_readers(files)
    for php in application_files(files):
        loaded = [
            load
            for call in php.calls_named(EAGER_CALLS)
            if (load := _eager_load(php, call, relations, readers)) is not None
        ]
        if loaded:
            message = _eager_message(loaded)
            yield praise_at(php, EAGER_LOADING, loaded[0].call, message, places=len(loaded))


def _eager_load(
    php: PhpFile,
    call: Node,
    relations: frozenset[str],
    readers: Mapping[str, list[tuple[str, str]]],
) -> EagerLoad | None:
    """The relations this call loads that a Resource about its model or a loop then reads."""
    function = php.function_at(call)
    if function is None or not _loads_relations(php, call):
        return None
    model = _queried_model(call)
    names = [r for r in _relations(call) if r in relations]
    fitting = {r: [n for n, src in readers.get(r, []) if _about(n, src, model)] for r in names}
    read = [r for r in names if fitting[r] or _read_in_loop(function, r)]
    if not read:
        return None
    return EagerLoad(call, function, read, {n for r in read for n in fitting[r]})


def _eager_message(loaded: Sequence[EagerLoad]) -> str:
    functions = list(dict.fromkeys(load.function for load in loaded))
    relations_read = [code(r) for load in loaded for r in load.read]
    calls = and_list(list(dict.fromkeys(f"`{call_name(load.call)}()`" for load in loaded)))
    by = set().union(*(load.readers for load in loaded))
    reads = agreeing(len(by), "reads", "read")
    shown = and_list([code(n) for n in sorted(by)])
    then = f", which {shown} then {reads}" if by else ""
    return (
        f"{actions_named(functions)} {agreeing(len(functions), 'loads', 'load')} "
        f"{and_list(relations_read)} with {calls}{then or ' before a loop reads them'}"
    )


def transactions(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """A transaction closure around two or more writes: they succeed or fail together."""
    for php in application_files(files):
        wrapped: list[tuple[Node, FunctionInfo, list[str]]] = []
        for call in php.calls_named(frozenset({"transaction"})):
            closure = next((a for a in arguments(call) if a.type in CLOSURES), None)
            writes = _writes(php, closure) if closure is not None else []
            function = php.function_at(call)
            if len(writes) >= MIN_WRITES and function is not None:
                wrapped.append((call, function, writes))
        if wrapped:
            functions = list(dict.fromkeys(f for _, f, _ in wrapped))
            writes = list(dict.fromkeys(f"`{w}()`" for _, _, ws in wrapped for w in ws))
            keeps = agreeing(len(wrapped), "keeps its", "keep their")
            message = (
                f"{actions_named(functions)} {keeps} writes ({and_list(writes)}) "
                f"in one `transaction`{'' if len(wrapped) == 1 else ' each'}"
            )
            yield praise_at(php, TRANSACTION, wrapped[0][0], message, places=len(wrapped))


def _backing_type(info: ClassInfo) -> str:
    if info.kind != "enum_declaration":
        return ""
    typed = next((c for c in info.node.children if c.type == "primitive_type"), None)
    return text(typed)


def _matching_methods(php: PhpFile, info: ClassInfo) -> list[str]:
    """The enum's methods that answer for each case with `match ($this)`."""
    return [
        f.name
        for f in php.functions
        if f.owner is info and re.search(r"match\s*\(\s*\$this\s*\)", text(f.body))
    ]


def _enum_casts(files: Sequence[PhpFile]) -> Mapping[str, list[str]]:
    """Enum (short name) -> `Model::$casts['column']` places that cast to it."""
    found: dict[str, list[str]] = {}
    pattern = re.compile(r"['\"](\w+)['\"]\s*=>\s*\\?(?:\w+\\)*(\w+)::class")
    for php in files:
        for info in php.classes:
            if info.role is not Role.MODEL:
                continue
            for declared in _cast_declarations(php, info):
                for column, enum in pattern.findall(text(declared)):
                    found.setdefault(enum, []).append(f"`{info.name}::${column}`")
    return found


def _cast_declarations(php: PhpFile, info: ClassInfo) -> Iterator[Node]:
    """The `$casts` property and the `casts()` method of a model."""
    for node in php.of("property"):
        if text(node).startswith("$casts") and php.class_at(node) is info:
            yield node
    for function in php.functions:
        if function.owner is info and function.name == "casts" and function.body is not None:
            yield function.body


def _resource_readers(files: Sequence[PhpFile]) -> Mapping[str, list[tuple[str, str]]]:
    """Relation or attribute name -> (name, source) of the API Resources that read it from
    `$this`."""
    found: dict[str, dict[str, str]] = {}
    for php in files:
        for info in php.classes:
            if info.extends not in ("JsonResource", "Resource"):
                continue
            source = text(info.node)
            for match in RESOURCE_READ.finditer(source):
                name = match.group(1) or match.group(2)
                if name not in ("resource", "collection"):
                    found.setdefault(name, {})[info.name] = source
    return {k: list(v.items()) for k, v in found.items()}


def _about(resource: str, source: str, model: str) -> bool:
    """A Resource that can be about the model a query loads: `OrderResource` (or one whose
    `@mixin` or code names `Order`) for `Order::with(...)`; any, when the model is unknown."""
    if not model or resource.startswith(model):
        return True
    return re.search(rf"\b{re.escape(model)}\b", source) is not None


def _queried_model(call: Node) -> str:
    """`Order` for `Order::query()->with(...)`; empty for `$order->load(...)`."""
    current: Node | None = call
    while current is not None and current.type in MEMBER_CALLS:
        current = receiver(current)
    if current is None or current.type != "scoped_call_expression":
        return ""
    return text(current.child_by_field_name("scope")).rsplit("\\", 1)[-1]


def _loads_relations(php: PhpFile, call: Node) -> bool:
    """`Order::with(...)`, `Order::query()->with(...)`, `$order->load(...)`: not a view's or a
    redirect's `with('key', $value)`."""
    if call_name(call) != "with":
        target = receiver(call)
        return call.type in MEMBER_CALLS and target is not None and target.type == "variable_name"
    current: Node | None = call
    while current is not None and current.type in (*MEMBER_CALLS, "scoped_call_expression"):
        if current.type == "scoped_call_expression":
            return is_model_class(text(current.child_by_field_name("scope")), php.imports)
        current = receiver(current)
    return False


def _relations(call: Node) -> list[str]:
    """The relations a `with`/`load` names (`items` of `'items.menuItem'`), strings only."""
    names: list[str] = []
    for argument in arguments(call):
        pieces = [argument] if argument.type in STRINGS else _array_names(argument)
        names += [text(p).strip("'\"").split(".", 1)[0].split(":", 1)[0] for p in pieces]
    return [n for n in dict.fromkeys(names) if n]


def _array_names(node: Node) -> list[Node]:
    if node.type != "array_creation_expression":
        return []
    firsts = [e.named_children[0] for e in node.named_children if e.named_children]
    return [f for f in firsts if f.type in STRINGS]


def _read_in_loop(function: FunctionInfo, relation: str) -> bool:
    pattern = re.compile(rf"->{re.escape(relation)}\b(?!\s*\()")
    loops = descendants(function.node, LOOPS)
    return any(pattern.search(text(loop.child_by_field_name("body"))) for loop in loops)


def _writes(php: PhpFile, closure: Node) -> list[str]:
    calls = descendants(closure, frozenset({*MEMBER_CALLS, "scoped_call_expression"}))
    return [call_name(c) for c in calls if is_write(c, php.imports)]
