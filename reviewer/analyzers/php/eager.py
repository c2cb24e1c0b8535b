"""Performance, N+1 across files: a controller hands a query's rows to an API Resource
collection whose `toArray` reads a relation, or to a Blade view whose `@foreach` reads one,
and the query does not eager-load it. The Resource, the model and the view are found on disk
through composer.json's PSR-4 map and Laravel's `resources/views` folder; where one of them
cannot be found, nothing is guessed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tree_sitter import Node

from reviewer.analyzers.php.autoload import Psr4, parsed, psr4_for, read_text
from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.laravel import declares_relation, is_static_query
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    arguments,
    call_name,
    descendants,
    line,
    receiver,
    short_name,
    text,
)
from reviewer.analyzers.php.tracing import assigned_values
from reviewer.model import Finding

ACCESS = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
# `OrderResource::make($order)` is one row: one query, not one per row.
WRAPPERS = frozenset({"collection"})
LOADED_CHECK = "(?:whenLoaded|relationLoaded|loadMissing|whenCounted)"
CLASSES = frozenset({"class_declaration"})
VIEW_LOOP = re.compile(
    r"@(?:foreach|forelse)\s*\(\s*\$(?P<rows>\w+)\s+as\s+(?:\$\w+\s*=>\s*)?\$(?P<row>\w+)\s*\)"
)
LOOP_TAGS = re.compile(r"@(?P<tag>foreach|forelse|endforeach|endforelse)\b")
VIEW_NAME = re.compile(r"^[\w.-]+$")
VIEW_AND_DATA = 2  # `view('orders.index', compact('orders'))`
KEY_AND_VALUE = 2


@dataclass(frozen=True)
class RelationRead:
    """A relation a Resource or a view reads per row: its name, the code that reads it, and
    the line it is on."""

    name: str
    shown: str
    line: int


def relation_in_resource(php: PhpFile) -> Iterator[Finding]:
    """`OrderResource::collection(Order::latest()->get())` where `OrderResource::toArray`
    reads `$this->restaurant->name` and the query has no `with('restaurant')`."""
    if not php.has_role(Role.CONTROLLER):
        return
    psr4 = psr4_for(php.path)
    if psr4 is None:
        return
    for call in php.calls_named(WRAPPERS):
        resource = _resource_class(php, call)
        args = arguments(call)
        if not resource or not args:
            continue
        reads = _resource_reads(psr4, php.qualified_name(resource))
        if reads:
            yield from _judged(php, psr4, call, args[0], resource, reads)


def _resource_class(php: PhpFile, call: Node) -> str:
    if call.type != "scoped_call_expression":
        return ""
    scope = text(call.child_by_field_name("scope"))
    return scope if short_name(scope).endswith("Resource") else ""


def _judged(
    php: PhpFile, psr4: Psr4, call: Node, rows: Node, resource: str, reads: list[RelationRead]
) -> Iterator[Finding]:
    query = _visible_query(php, rows)
    if query is not None:
        model = php.qualified_name(text(query.child_by_field_name("scope")))
        missing = _unloaded(php, psr4, model, reads, call)
        if missing:
            shown = _shown_rows(rows, query)
            first = missing[0]
            message = (
                f"{php.where(call)} hands {shown} to `{short_name(resource)}::"
                f"{call_name(call)}`, whose `toArray` reads `{first.shown}` (line {first.line}) "
                f"for every row: {_one_query_each(missing)}"
            )
            yield php.finding("resource-relation", call, message, {"relations": _names(missing)})
        return
    # Rows of a relation property: loaded lazily elsewhere, a question. Rows from a
    # repository or a parameter are not asked about: a project that keeps its queries in
    # repositories eager-loads there, and every Resource would draw the question.
    if _relation_rows(rows):
        model = _model_by_name(php, psr4, resource)
        missing = _unloaded(php, psr4, model, reads, call) if model else []
        if missing:
            first = missing[0]
            message = (
                f"{php.where(call)} hands `{text(rows)}` to `{short_name(resource)}::"
                f"{call_name(call)}`, whose `toArray` reads `{first.shown}` (line {first.line}) "
                f"for every row; whether `{text(rows)}` arrives with "
                f"{_names(missing)} loaded is not visible here"
            )
            yield php.finding("resource-relation-unseen", call, message)


def _one_query_each(missing: list[RelationRead]) -> str:
    them = "them" if len(missing) > 1 else "it"
    return f"one query per row for {_names(missing)}, with no `with()` or `load()` of {them}"


def _names(missing: list[RelationRead]) -> str:
    return ", ".join(f"`{m.name}`" for m in missing)


def _shown_rows(rows: Node, query: Node) -> str:
    """`Order::latest()->get()`, or `$orders` (`Order::with('items')->get()`)."""
    chain = query
    while chain.parent is not None and chain.parent.type in MEMBER_CALLS:
        chain = chain.parent
    if rows.type == "variable_name":
        return f"`{text(rows)}` (`{_clip(' '.join(text(chain).split()))}`)"
    return f"`{_clip(' '.join(text(rows).split()))}`"


def _clip(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


def _visible_query(php: PhpFile, rows: Node, before: Node | None = None) -> Node | None:
    """The static query (`Order::...`) the rows come from, directly or through one local
    variable assigned before `before` (the rows themselves by default); None when they come
    from elsewhere."""
    values = [rows]
    if rows.type == "variable_name":
        values = assigned_values(php.scope_of(rows), rows, before=before or rows)
    if len(values) != 1:
        return None
    base = values[0]
    while base.type in MEMBER_CALLS:
        inner = receiver(base)
        if inner is None:
            return None
        base = inner
    return base if is_static_query(base, php.imports) and text(base).find("DB::") != 0 else None


def _relation_rows(rows: Node) -> bool:
    """`$restaurant->orders`: rows loaded through a relation property somewhere else."""
    if rows.type not in ACCESS:
        return False
    target = rows.child_by_field_name("object")
    return target is not None and target.type == "variable_name" and text(target) != "$this"


def _model_by_name(php: PhpFile, psr4: Psr4, resource: str) -> str:
    """`OrderResource` -> the `Order` model the controller imports, or the one in the
    application's `Models` namespace."""
    name = short_name(resource).removesuffix("Resource")
    if not name:
        return ""
    if name in php.imports:
        return php.imports[name]
    roots = {prefix.split("\\", 1)[0] for prefix, _ in psr4.prefixes if prefix}
    root = short_name(php.namespace.split("\\", 1)[0]) if php.namespace else ""
    return f"{root}\\Models\\{name}" if root in roots else ""


def _unloaded(
    php: PhpFile, psr4: Psr4, model: str, reads: list[RelationRead], call: Node
) -> list[RelationRead]:
    """The reads of relations the model declares, not in its `$with`, and not eager-loaded
    in the action before the call."""
    relations, always = _model_relations(psr4, model)
    scope = php.scope_of(call)
    # The action up to the end of the call: the query it is handed counts too.
    before = (scope.text or b"")[: call.end_byte - scope.start_byte].decode(errors="replace")
    seen: set[str] = set()
    missing = []
    for read in reads:
        wanted = read.name in relations and read.name not in always | seen
        if wanted and not _eager_loaded(before, read.name):
            seen.add(read.name)
            missing.append(read)
    return missing


def _eager_loaded(code: str, relation: str) -> bool:
    pattern = rf"""\b(?:with|load|loadMissing)\s*\([^;]*?['"]{re.escape(relation)}['".:]"""
    return re.search(pattern, code, re.DOTALL) is not None


def _model_relations(psr4: Psr4, model: str) -> tuple[frozenset[str], frozenset[str]]:
    """The relation methods a model declares, and the relations its `$with` always loads."""
    path = psr4.class_file(model)
    root = parsed(path) if path is not None else None
    if root is None:
        return frozenset(), frozenset()
    relations = set()
    for method in descendants(root, frozenset({"method_declaration"})):
        body = method.child_by_field_name("body")
        declared = text(method.child_by_field_name("return_type"))
        if declares_relation(text(body), declared):
            relations.add(text(method.child_by_field_name("name")))
    always = set()
    for element in descendants(root, frozenset({"property_element"})):
        if text(element).startswith("$with"):
            always |= {m for m in re.findall(r"""['"](\w+)""", text(element))}
    return frozenset(relations), frozenset(always)


def _resource_reads(psr4: Psr4, resource: str) -> list[RelationRead]:
    """What `toArray` reads through `$this->name`: `$this->name->field`, `$this->name->m()`,
    or `$this->name` handed to another Resource or to `count()`; relations it checks with
    `whenLoaded` are left out."""
    path = psr4.class_file(resource)
    root = parsed(path) if path is not None else None
    method = _to_array(root) if root is not None else None
    if method is None:
        return []
    source = text(method)
    reads = []
    for access in descendants(method, ACCESS):
        name = _own_property(access)
        if name and _read_through(access) and not _checked(source, name):
            reads.append(RelationRead(name, _shown_read(access), line(access)))
    return reads


def _to_array(root: Node) -> Node | None:
    for declaration in descendants(root, CLASSES):
        for method in descendants(declaration, frozenset({"method_declaration"})):
            if text(method.child_by_field_name("name")) == "toArray":
                return method
    return None


def _own_property(access: Node) -> str:
    """`name` for `$this->name` and `$this->resource->name`."""
    target = access.child_by_field_name("object")
    if target is None:
        return ""
    if text(target) in ("$this", "$this->resource"):
        return text(access.child_by_field_name("name"))
    return ""


def _read_through(access: Node) -> bool:
    """The property is read into (`->field`, `->method()`) or handed to a Resource or
    `count()`, which reads every row of it."""
    parent = access.parent
    if parent is None:
        return False
    if parent.type in ACCESS | MEMBER_CALLS and parent.child_by_field_name("object") == access:
        return True
    call = parent.parent.parent if parent.type == "argument" and parent.parent else None
    if call is None:
        return False
    if call.type == "function_call_expression":
        return call_name(call) == "count"
    if call.type in ("scoped_call_expression", "object_creation_expression"):
        return "Resource" in text(call.child_by_field_name("scope") or call.named_children[0])
    return False


def _checked(source: str, name: str) -> bool:
    return re.search(rf"""{LOADED_CHECK}\(\s*['"]{re.escape(name)}['"]""", source) is not None


def _shown_read(access: Node) -> str:
    parent = access.parent
    if parent is not None and parent.type in ACCESS:
        return text(parent)
    if parent is not None and parent.type in MEMBER_CALLS:
        return f"{text(access)}->{call_name(parent)}()"
    return text(access)


def relation_in_view(php: PhpFile) -> Iterator[Finding]:
    """`return view('orders.index', compact('orders'))` where the view's
    `@foreach ($orders as $order)` reads `$order->restaurant->name` and the query that made
    `$orders` has no `with('restaurant')`."""
    if not php.has_role(Role.CONTROLLER):
        return
    psr4 = psr4_for(php.path)
    if psr4 is None:
        return
    for call in php.calls_named(frozenset({"view"})):
        args = arguments(call)
        if call.type != "function_call_expression" or len(args) < VIEW_AND_DATA:
            continue
        if args[0].type != "string":
            continue
        view = text(args[0]).strip("'\"")
        template = _view_path(psr4, view)
        source = read_text(template) if template is not None else None
        if source is None:
            continue
        for variable in _passed_variables(args[1]):
            yield from _view_findings(php, psr4, call, view, source, variable)


def _view_path(psr4: Psr4, view: str) -> Path | None:
    if not VIEW_NAME.match(view) or "::" in view:
        return None
    return psr4.root / "resources" / "views" / (view.replace(".", "/") + ".blade.php")


def _passed_variables(data: Node) -> list[str]:
    """`compact('orders')` -> ['orders']; `['orders' => $orders]` -> ['orders']."""
    if data.type == "function_call_expression" and call_name(data) == "compact":
        return [text(a).strip("'\"") for a in arguments(data) if a.type in ("string",)]
    if data.type != "array_creation_expression":
        return []
    names = []
    for element in data.named_children:
        parts = element.named_children
        if (
            len(parts) == KEY_AND_VALUE
            and parts[0].type == "string"
            and parts[1].type == "variable_name"
        ):
            names.append(text(parts[0]).strip("'\""))
    return names


def _view_findings(
    php: PhpFile, psr4: Psr4, call: Node, view: str, source: str, variable: str
) -> Iterator[Finding]:
    rows = _local_rows(php, call, variable)
    query = _visible_query(php, rows, before=call) if rows is not None else None
    if query is None:
        return
    reads = list(_view_reads(source, variable))
    model = php.qualified_name(text(query.child_by_field_name("scope")))
    missing = _unloaded(php, psr4, model, reads, call)
    if missing:
        first = missing[0]
        message = (
            f"{php.where(call)} passes `${variable}` to the view `{view}`, whose "
            f"`@foreach` over it reads `{first.shown}` (line {first.line}) for every row: "
            f"{_one_query_each(missing)}"
        )
        yield php.finding("view-relation", call, message, {"relations": _names(missing)})


def _local_rows(php: PhpFile, call: Node, variable: str) -> Node | None:
    """A node of the `$orders` variable the view receives, to trace its assignments from."""
    scope = php.scope_of(call)
    return next(
        (
            node
            for node in descendants(scope, frozenset({"variable_name"}))
            if text(node) == f"${variable}" and node.end_byte <= call.start_byte
        ),
        None,
    )


def _view_reads(source: str, variable: str) -> Iterator[RelationRead]:
    """`$order->restaurant->name` inside `@foreach ($orders as $order)` of the template."""
    for loop in VIEW_LOOP.finditer(source):
        if loop["rows"] != variable:
            continue
        body = _loop_body(source, loop.end())
        row = re.escape(loop["row"])
        pattern = (
            rf"\${row}\s*->\s*(?P<name>\w+)\s*(?:\?->|->)\s*\w+"
            rf"|@(?:foreach|forelse)\s*\(\s*(?P<loop>\${row}\s*->\s*(?P<looped>\w+))\s+as\b"
        )
        for read in re.finditer(pattern, body):
            offset = loop.end() + read.start()
            number = source.count("\n", 0, offset) + 1
            if read["looped"]:
                yield RelationRead(read["looped"], read["loop"], number)
            else:
                yield RelationRead(read["name"], read[0], number)


def _loop_body(source: str, start: int) -> str:
    depth = 1
    for tag in LOOP_TAGS.finditer(source, start):
        depth += -1 if tag["tag"].startswith("end") else 1
        if depth == 0:
            return source[start : tag.start()]
    return source[start:]
