"""Performance: queries inside loops, and relations lazy-loaded for every row (N+1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.laravel import is_query, is_query_name, is_static_query
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES, Role
from reviewer.analyzers.php.syntax import (
    LOOPS,
    MEMBER_CALLS,
    arguments,
    call_name,
    descendants,
    is_literal,
    receiver,
    text,
)
from reviewer.analyzers.php.tracing import ASSIGNMENTS as ASSIGNED
from reviewer.analyzers.php.tracing import assigned_values
from reviewer.languages.php.parser import matches, query
from reviewer.model import Finding

ITERATING_METHODS = frozenset(
    {
        "map",
        "each",
        "filter",
        "flatMap",
        "reduce",
        "sum",
        "transform",
        "mapWithKeys",
        "reject",
        "sortBy",
        "groupBy",
        "every",
        "contains",
        "first",
    }
)
ITERATING_FUNCTIONS = frozenset({"array_map", "array_filter", "array_walk", "array_reduce"})
CLOSURES = frozenset({"anonymous_function", "arrow_function"})
OWN_SCOPE = frozenset({"method_declaration", "function_definition"})
EAGER = re.compile(r"\b(with|load|loadMissing|withCount)\s*\(")
# `foreach (source as value) body`: three named children at least.
FOREACH_PARTS = 3
# A collection split into groups or batches: the loop runs once per group, not per row.
GROUPINGS = frozenset({"groupBy", "mapToGroups", "chunk", "split", "splitIn"})
PER_ROW_WRITES = frozenset({"update", "increment", "decrement"})
TYPE_QUERIES = frozenset({"newQuery", "query", "newModelQuery"})
ACCESS = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
# Calls that bound the rows a query returns, or hand them out a page at a time.
BOUNDING = frozenset(
    {
        *("paginate", "simplePaginate", "cursorPaginate", "fastPaginate", "limit", "take"),
        *("forPage", "first", "firstOrFail", "sole", "find", "findOrFail", "value"),
        *("chunk", "chunkById", "lazy", "cursor", "count", "exists", "pluck"),
    }
)
PAGINATES = re.compile(r"(?:->|::)\s*(?:simple|cursor|fast)?[pP]aginate\(")
CALL_START = frozenset({"scoped_call_expression"})
QUOTES = "'\""


def query_in_loop(php: PhpFile) -> Iterator[Finding]:
    """A database query inside a loop body or a collection callback: one query per row."""
    if not php.of("loop") and not php.calls_named(ITERATING_METHODS | ITERATING_FUNCTIONS):
        return
    for call in php.calls_named(is_query_name):
        if not is_query(call, php.imports) or _continues_query(php, call):
            continue
        loop = _enclosing_loop(call)
        if loop is None or php.role_at(call) in DATABASE_SCRIPT_ROLES:
            continue
        if _not_per_row(php, call, loop) or _writes_per_row_values(call, loop):
            continue
        function = php.function_at(call)
        where = f"`{function.qualified}`" if function is not None else "This file"
        message = f"{where} runs `{_short(call)}` inside {_describe_loop(loop)}"
        yield php.finding("query-in-loop", call, message)


def _not_per_row(php: PhpFile, call: Node, loop: Node) -> bool:
    """A loop over a small fixed list (a literal array, a class constant, the parts of a
    string), over batches or groups (`array_chunk`, `->groupBy()`), or over model types whose
    own query the body starts: one query per type or per batch, not per row."""
    if loop.type != "foreach_statement" or len(loop.named_children) < FOREACH_PARTS:
        return False
    source, value = loop.named_children[0], loop.named_children[1]
    if _fixed_or_batched(php, source):
        return True
    names = {text(c) for c in value.named_children} if value.type == "pair" else {text(value)}
    return _query_on_type(php, call, names)


def _writes_per_row_values(call: Node, loop: Node) -> bool:
    """`->update(['order' => $index])` per row: each row gets its own value, which one query
    cannot say without raw SQL; the writes are the transaction rule's concern, not N+1."""
    outer = call
    while outer.parent is not None and outer.parent.type in MEMBER_CALLS:
        outer = outer.parent
    if call_name(outer) not in PER_ROW_WRITES:
        return False
    values = " ".join(text(a) for a in arguments(outer))
    names = _loop_variables(loop)
    return (
        "++" in values
        or "--" in values
        or any(re.search(re.escape(n) + r"\b", values) for n in names)
    )


def _loop_variables(loop: Node) -> set[str]:
    """The key and value variables of a `foreach`, or the parameters of a callback's closure."""
    if loop.type == "foreach_statement" and len(loop.named_children) >= FOREACH_PARTS:
        value = loop.named_children[1]
        return {text(c) for c in value.named_children} if value.type == "pair" else {text(value)}
    closures = [
        c
        for c in (loop.child_by_field_name("arguments") or loop).named_children
        if c.named_children and c.named_children[-1].type in CLOSURES
    ]
    names: set[str] = set()
    for argument in closures:
        params = argument.named_children[-1].child_by_field_name("parameters")
        for param in params.named_children if params is not None else []:
            names.add(text(param.child_by_field_name("name")))
    return names


def _fixed_or_batched(php: PhpFile, source: Node) -> bool:
    values = [source]
    if source.type == "variable_name":
        values = assigned_values(php.scope_of(source), source, before=source)
    return bool(values) and all(_fixed_list(v) for v in values)


def _fixed_list(node: Node) -> bool:
    if node.type == "array_creation_expression":
        return all(is_literal(v) for v in _elements(node))
    if node.type == "class_constant_access_expression":
        return True
    if node.type in MEMBER_CALLS:
        return call_name(node) in GROUPINGS
    if node.type == "function_call_expression":
        name = call_name(node)
        args = arguments(node)
        if name in ("array_chunk", "explode"):
            return True
        return name in ("array_keys", "array_values") and bool(args) and _fixed_list(args[0])
    return False


def _elements(node: Node) -> list[Node]:
    return [e.named_children[-1] for e in node.named_children if e.named_children]


def _query_on_type(php: PhpFile, call: Node, loop_names: set[str]) -> bool:
    """`$model->newQuery()...` or `$class::query()...` where the loop gives the model type,
    directly or through a variable that holds the started query."""
    start = _innermost_call(call)
    target = receiver(start)
    if target is not None and target.type == "variable_name" and text(target) not in loop_names:
        values = assigned_values(php.scope_of(target), target, before=target)
        start = _innermost_call(values[-1]) if values else start
        target = receiver(start)
    if start.type == "scoped_call_expression":
        return text(target) in loop_names
    return call_name(start) in TYPE_QUERIES and text(target) in loop_names


def _innermost_call(node: Node) -> Node:
    """The first call of a chain: `$m->newQuery()` in `$m->newQuery()->where()->count()`."""
    current = node
    while current.type in MEMBER_CALLS:
        inner = receiver(current)
        if inner is None or (
            inner.type not in MEMBER_CALLS and inner.type != "scoped_call_expression"
        ):
            return current
        current = inner
    return current


def _continues_query(php: PhpFile, call: Node) -> bool:
    """The call is the receiver of a longer query chain, reported at the chain's end."""
    current = call
    parent = call.parent
    while (
        parent is not None
        and parent.type in MEMBER_CALLS
        and parent.child_by_field_name("object") == current
    ):
        if is_query(parent, php.imports):
            return True
        current, parent = parent, parent.parent
    return False


def _enclosing_loop(node: Node) -> Node | None:
    """The loop (or iterating callback's call) whose body holds the node, if any."""
    child = node
    parent = node.parent
    while parent is not None and parent.type not in OWN_SCOPE:
        if parent.type in LOOPS and parent.child_by_field_name("body") == child:
            return parent
        callback = _iterating_call(parent) if parent.type in CLOSURES else None
        if callback is not None:
            return callback
        child, parent = parent, parent.parent
    return None


def _iterating_call(closure: Node) -> Node | None:
    """The map/each/array_map call a closure is passed to, or None for any other closure."""
    argument = closure.parent
    arguments = argument.parent if argument is not None else None
    call = arguments.parent if arguments is not None else None
    if call is None or argument is None or argument.type != "argument":
        return None
    if call.type == "function_call_expression" and call_name(call) in ITERATING_FUNCTIONS:
        return call
    if call.type in MEMBER_CALLS and call_name(call) in ITERATING_METHODS:
        return call
    return None


def _describe_loop(loop: Node) -> str:
    if loop.type == "foreach_statement" and loop.named_children:
        return f"a `foreach` over `{_clip(text(loop.named_children[0]))}`"
    if loop.type in LOOPS:
        return f"a `{loop.type.removesuffix('_statement')}` loop"
    return f"a `{call_name(loop)}` callback"


def _short(call: Node) -> str:
    return _clip(" ".join(text(call).split()))


def _clip(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


def relation_in_loop(php: PhpFile) -> Iterator[Finding]:
    """`foreach (Order::all() as $order)` reading `$order->customer->name`: a query per row."""
    for loop in php.of("loop"):
        if loop.type != "foreach_statement" or len(loop.named_children) < FOREACH_PARTS:
            continue
        source, value, body = (
            loop.named_children[0],
            loop.named_children[1],
            loop.named_children[-1],
        )
        variable = value.named_children[-1] if value.type == "pair" else value
        if not _unloaded_query(php, source) or php.role_at(loop) in DATABASE_SCRIPT_ROLES:
            continue
        relation = _relation_read(body, text(variable))
        if relation is not None:
            function = php.function_at(loop)
            where = f"`{function.qualified}`" if function is not None else "This file"
            message = (
                f"{where} loads `{text(relation)}` for each `{text(variable)}` of "
                f"`{_clip(text(source))}` one query at a time"
            )
            yield php.finding("relation-in-loop", relation, message)


def _unloaded_query(php: PhpFile, source: Node) -> bool:
    """A static Eloquent query result with no eager loading, directly or through a variable."""
    values = [source]
    if source.type == "variable_name":
        function = php.function_at(source)
        scope = function.node if function is not None else php.root
        values = assigned_values(scope, source, before=source)
        if _loaded_later(scope, source):
            return False
    return bool(values) and all(
        _chain_base_is_query(php, v) and not EAGER.search(text(v)) for v in values
    )


def _loaded_later(scope: Node, variable: Node) -> bool:
    """`$orders->load('restaurant')` between the query and the loop."""
    before = (scope.text or b"")[: variable.start_byte - scope.start_byte]
    pattern = re.escape(text(variable)) + r"\s*->\s*(load|loadMissing)\s*\("
    return re.search(pattern, before.decode("utf-8", errors="replace")) is not None


def _chain_base_is_query(php: PhpFile, node: Node) -> bool:
    current: Node | None = node
    while current is not None and current.type in MEMBER_CALLS:
        current = receiver(current)
    return current is not None and is_static_query(current, php.imports)


def _relation_read(body: Node, variable: str) -> Node | None:
    """`$order->customer` where the body reads through it (`->customer->name`) or loops over it."""
    for access in descendants(body, ACCESS | MEMBER_CALLS | frozenset({"foreach_statement"})):
        if access.type == "foreach_statement":
            inner = access.named_children[0] if access.named_children else None
            if inner is not None and inner.type in ACCESS and _on(inner, variable):
                return inner
            continue
        inner = access.child_by_field_name("object")
        if inner is not None and inner.type in ACCESS and _on(inner, variable):
            return inner
    return None


def _on(access: Node, variable: str) -> bool:
    target = access.child_by_field_name("object")
    return target is not None and target.type == "variable_name" and text(target) == variable


def unpaginated_index(php: PhpFile) -> Iterator[Finding]:
    """An `index` action that returns `Model::all()` or a query's `->get()`, directly, in a
    Resource collection, a JSON response or a view, with no `paginate`, `limit` or `take`."""
    for function in php.functions:
        if function.name != "index" or function.role is not Role.CONTROLLER:
            continue
        # The page's own list is paginated: the other lists are a sidebar's (tags, filters).
        if PAGINATES.search(text(function.body)):
            continue
        seen: set[int] = set()
        for returned in descendants(function.node, frozenset({"return_statement"})):
            for found in _unbounded_lists(php, returned):
                if found.id not in seen:
                    seen.add(found.id)
                    yield _unpaginated(php, function.qualified, found)


def _unpaginated(php: PhpFile, action: str, found: Node) -> Finding:
    base = _innermost_call(found)
    model = text(base.child_by_field_name("scope")) if base.type == "scoped_call_expression" else ""
    rows = f"every `{model}` row" if model and model != "DB" else "every row"
    if any(name.startswith("where") for name in _chain_names(found) | {call_name(base)}):
        rows += " it matches"
    message = f"`{action}` returns {rows} (`{_short(found)}`) with no `paginate()` or limit"
    return php.finding("unpaginated-index", found, message)


def _unbounded_lists(php: PhpFile, returned: Node) -> Iterator[Node]:
    """The unbounded queries whose rows a return statement hands out, through variables too
    (`compact('orders')` included)."""
    scope = php.scope_of(returned)
    places = [returned]
    names = _named_variables(returned)
    for name in names | _copied_from(scope, names):
        places += _values_named(scope, name, returned)
    for place in places:
        for call in descendants_or_self(place, MEMBER_CALLS | {"scoped_call_expression"}):
            if _lists_every_row(php, call):
                yield call


def _copied_from(scope: Node, returned: set[str]) -> set[str]:
    """Collections a `foreach` copies, row by row, into a returned array (`$result[] = ...`)."""
    found = set()
    for loop in descendants(scope, frozenset({"foreach_statement"})):
        source, body = loop.named_children[0], loop.named_children[-1]
        if source.type == "variable_name" and any(f"{n}[]" in text(body) for n in returned):
            found.add(text(source))
    return found


def descendants_or_self(node: Node, types: frozenset[str]) -> Iterator[Node]:
    """The node itself when of one of the types, then its descendants of those types."""
    if node.type in types:
        yield node
    yield from descendants(node, types)


def _named_variables(returned: Node) -> set[str]:
    """Variables a return statement reads, by name: `$orders`, and `compact('orders')`."""
    names = {
        text(v) for v in descendants(returned, frozenset({"variable_name"})) if not _read_through(v)
    }
    for call in descendants(returned, frozenset({"function_call_expression"})):
        if call_name(call) == "compact":
            names |= {f"${text(a).strip(QUOTES)}" for a in arguments(call) if a.type == "string"}
    return names - {"$this", "$request"}


def _read_through(variable: Node) -> bool:
    """`$orders->sum('total')`, `$order->id`: the variable is read, not handed out."""
    parent = variable.parent
    return (
        parent is not None
        and parent.type in MEMBER_CALLS | ACCESS
        and parent.child_by_field_name("object") == variable
    )


def _values_named(scope: Node, name: str, before: Node) -> list[Node]:
    return [
        match["right"][0]
        for match in matches(query(ASSIGNED), scope)
        if text(match["left"][0]) == name and match["right"][0].end_byte <= before.start_byte
    ]


def _lists_every_row(php: PhpFile, call: Node) -> bool:
    """`Order::all()`, or a static query chain ending in `->get()` with nothing that bounds
    it, and not the receiver of a longer chain (reported at the chain's end)."""
    name = call_name(call)
    if call.type == "scoped_call_expression":
        return name == "all" and is_static_query(call, php.imports) and not _chained(call)
    if name != "get":
        return False
    base = _innermost_call(call)
    chain = _chain_names(call)
    return is_static_query(base, php.imports) and not chain & BOUNDING and not _chained(call)


def _chained(call: Node) -> bool:
    parent = call.parent
    return parent is not None and parent.type in MEMBER_CALLS and receiver(parent) == call


def _chain_names(call: Node) -> set[str]:
    names = set()
    current: Node | None = call
    while current is not None and (current.type in MEMBER_CALLS or current.type in CALL_START):
        names.add(call_name(current))
        current = receiver(current) if current.type in MEMBER_CALLS else None
    return names
