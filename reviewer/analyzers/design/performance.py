"""Performance: I/O once per item (N+1), lookups in lists that grow, work that could be hoisted."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.ast_tools import (
    ComprehensionNode,
    FunctionNode,
    LoopNode,
    dotted,
    last_name,
    name_tokens,
)
from reviewer.analyzers.design.context import ModuleContext, ModuleInfo, qualify
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.infrastructure import (
    HTTP,
    HTTP_METHODS,
    SQL,
    call_kind,
    is_orm_query,
    is_sql_call,
)
from reviewer.analyzers.design.orm import is_query
from reviewer.analyzers.design.per_item import callers, item_method_queries, serializer_queries
from reviewer.analyzers.design.roles import enclosing, functions, who
from reviewer.analyzers.design.tree_index import TreeIndex, assigned_names, loaded_names
from reviewer.model import Finding

QUERY_METHODS = frozenset({"execute", "executescript", "query", "connect"})
REQUEST_METHODS = HTTP_METHODS | {"urlopen"}
INVARIANT_CALLS = frozenset(
    {
        "re.compile",
        "json.loads",
        "yaml.safe_load",
        "ast.parse",
        "string.Template",
        "jinja2.Template",
        "sorted",
        "set",
        "frozenset",
        "datetime.datetime.strptime",
    }
)
COLLECTION_CALLS = frozenset({"sorted", "set", "frozenset"})
BATCH_METHODS = frozenset({"bulk_create", "bulk_update", "in_bulk", "executemany"})
BATCH_TOKENS = frozenset(
    {
        "chunk",
        "chunks",
        "chunked",
        "batch",
        "batches",
        "batched",
        "page",
        "pages",
        "paginate",
        "partition",
        "partitions",
    }
)
GROWERS = frozenset({"append", "insert", "extend"})
REPEATING = ast.For | ast.AsyncFor | ComprehensionNode


def io_kind(call: ast.Call, names: ModuleInfo) -> str | None:
    """SQL for a query, HTTP for a request; None for everything else (batch calls included)."""
    method = last_name(call.func)
    if is_orm_query(call):
        return None if method in BATCH_METHODS else SQL
    if is_query(call):
        return SQL
    if is_sql_call(call, names) and method in QUERY_METHODS:
        return SQL
    if call_kind(call, names) == HTTP and method in REQUEST_METHODS:
        return HTTP
    return None


def function_io(info: ModuleInfo, name: str) -> str | None:
    """The kind of I/O that the own body of function `name` (or method `Class.name`) of a module
    does; of several definitions of one name, the last one that does any."""
    found = None
    for qualname, function in _definitions(info.tree):
        if qualname == name:
            found = _first_io(function, info) or found
    return found


def _definitions(tree: ast.Module) -> Iterator[tuple[str, FunctionNode]]:
    """Top-level functions as `name`, methods of top-level classes as `Class.name`."""
    for statement in tree.body:
        defs = statement.body if isinstance(statement, ast.ClassDef) else [statement]
        prefix = f"{statement.name}." if isinstance(statement, ast.ClassDef) else ""
        for node in defs:
            if isinstance(node, FunctionNode):
                yield prefix + node.name, node


def _first_io(function: ast.FunctionDef | ast.AsyncFunctionDef, info: ModuleInfo) -> str | None:
    # The function may be in any module of the project, so it is indexed on its own.
    for node in TreeIndex.build(function).body(function.body):
        if isinstance(node, ast.Call):
            kind = io_kind(node, info)
            if kind:
                return kind
    return None


def loops(module: ModuleContext) -> dict[int, tuple[ast.AST, ast.Call]]:
    """`id(call) -> (innermost loop, call)` for every call repeated by a loop."""
    inside: dict[int, tuple[ast.AST, ast.Call]] = {}
    for node in module.nodes_of(REPEATING):
        for part in _repeated_parts(node):
            for child in [part, *module.index.local(part)]:
                if isinstance(child, ast.Call):
                    inside[id(child)] = (node, child)
    return inside


def _repeated_parts(node: ast.AST) -> list[ast.AST]:
    """The parts of a `for` loop or comprehension that run once per item."""
    if isinstance(node, ast.For | ast.AsyncFor):
        return list(node.body)
    if isinstance(node, ComprehensionNode):
        heads = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        generators = node.generators
        return [*heads, *(i for g in generators for i in g.ifs), *(g.iter for g in generators[1:])]
    return []


@detector("io-in-loop")
def io_in_loop(module: ModuleContext) -> Iterator[Finding]:
    """A query, request or file open once per item of a loop: the N+1 pattern."""
    resolver = _IoResolver(module)
    reported: set[int] = set()
    for loop, call in sorted(loops(module).values(), key=lambda p: p[1].lineno):
        if call.lineno in reported or _is_fixed_loop(loop) or _is_batched(loop):
            continue
        if _sleeps(module, loop):
            continue
        per_item = _per_item_method(module, call, loop)
        if per_item is not None:
            reported.add(call.lineno)
            shown = ast.unparse(call.func)
            yield module.finding(call, per_item, {"kind": "a SQL query", "call": shown})
            continue
        what = resolver.describe(call, loop)
        if what is None or _is_retry(module, call, loop):
            continue
        if _runs_each_statement(module, call, loop):
            continue
        reported.add(call.lineno)
        where = who(module, enclosing(module, call))
        kind, shown = what
        message = f"{where} runs {kind} (`{shown}`) once per item of `{_iterable(loop)}`"
        yield module.finding(call, message, {"kind": kind, "call": shown})
    for call, message in serializer_queries(module):
        if call.lineno not in reported:
            yield module.finding(call, message, {"kind": "a SQL query"})


def _per_item_method(module: ModuleContext, call: ast.Call, loop: ast.AST) -> str | None:
    """The message for `item.to_dict()` per item when that method of a project class runs
    queries: the call, the loop, and what the method asks the database."""
    found = item_method_queries(module, call, loop)
    if found is None:
        return None
    scope = enclosing(module, call)
    through = found.through()
    via = f" (through {', '.join(f'`{n}`' for n in through)})" if through else ""
    paid = callers(module, scope.name) if scope is not None and scope.owner else []
    used = f"; it is called from {', '.join(f'`{n}`' for n in paid)}" if paid else ""
    return (
        f"{who(module, scope)} calls `{ast.unparse(call.func)}()` once per item of "
        f"`{_iterable(loop)}`, and `{found.owner}.{found.method}` runs {found.said()}{via}{used}"
    )


class _IoResolver:
    """Tells whether a call does I/O, directly or through a function of the project."""

    def __init__(self, module: ModuleContext) -> None:
        self.module = module
        # The first module met under each name stands for every module of that name (two
        # scripts in folders without `__init__.py` can share one).
        self.by_name: dict[str, ModuleInfo] = {}

    def describe(self, call: ast.Call, loop: ast.AST) -> tuple[str, str] | None:
        shown = ast.unparse(call.func)
        direct = io_kind(call, self.module.info)
        if direct == SQL:
            return "a SQL query", shown
        if direct == HTTP:
            return "an HTTP request", shown
        if self._opens_same_file(call, loop):
            return "a file open", shown
        indirect = self._through_function(call)
        if indirect:
            return ("a SQL query" if indirect == SQL else "an HTTP request"), shown
        return None

    def _opens_same_file(self, call: ast.Call, loop: ast.AST) -> bool:
        if dotted(call.func) != "open" or "open" in self.module.info.imports:
            return False
        index = self.module.index
        changing = assigned_names(loop, index)
        used = {n.id for arg in call.args for n in index.subtree(arg) if isinstance(n, ast.Name)}
        return bool(call.args) and not used & changing

    def _through_function(self, call: ast.Call) -> str | None:
        name = dotted(call.func)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head == "self" and "." not in rest:
            scope = enclosing(self.module, call)
            owner = scope.owner.name if scope and scope.owner else ""
            return self._io_of(self.module.info, f"{owner}.{rest}")
        if "." not in name:
            local = self._io_of(self.module.info, name)
            if local:
                return local
        module_name, _, function = qualify(name, self.module.info.imports).rpartition(".")
        target = self.module.project.modules.get(module_name)
        return self._io_of(target, function) if target else None

    def _io_of(self, info: ModuleInfo, function: str) -> str | None:
        """`function_io`, worked out once per run for each function asked about."""
        module = self.by_name.setdefault(info.name, info)
        key = ("function_io", id(module), function)
        return self.module.project.facts.get(key, lambda: function_io(module, function))


def _is_fixed_loop(loop: ast.AST) -> bool:
    """A loop over a literal list, a module constant (`DEFAULT_QUESTIONS`) or a constant
    `range`: a fixed, small number of passes."""
    if not isinstance(loop, ast.For | ast.AsyncFor):
        return False
    source = loop.iter
    if isinstance(source, ast.Name) and source.id.isupper():
        return True  # a module constant: the same few passes whatever the data
    if isinstance(source, ast.Tuple | ast.List | ast.Set):
        return all(isinstance(e, ast.Constant) for e in source.elts)
    if isinstance(source, ast.Call) and dotted(source.func) == "range":
        return all(isinstance(a, ast.Constant) for a in source.args)
    return False


def _runs_each_statement(module: ModuleContext, call: ast.Call, loop: ast.AST) -> bool:
    """`for statement in statements: conn.execute(statement)`: a script, not a query per item."""
    if not call.args or not isinstance(loop, ast.For | ast.AsyncFor):
        return False
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in QUERY_METHODS:
        return False
    index = module.index
    return bool(loaded_names(call.args[0], index) & assigned_names(loop.target, index))


def _sleeps(module: ModuleContext, loop: ast.AST) -> bool:
    """A loop that sleeps on each pass is paced on purpose (a job, a poller), not a request
    waiting on its queries."""
    return module.facts.get(("sleeps", id(loop)), lambda: _has_sleep(module, loop))


def _has_sleep(module: ModuleContext, loop: ast.AST) -> bool:
    calls = (n for n in module.index.local(loop) if isinstance(n, ast.Call))
    return any(last_name(c.func) == "sleep" for c in calls)


def _is_batched(loop: ast.AST) -> bool:
    """A loop over chunks, batches or pages: the batching is the fix, not the problem."""
    source = loop.iter if isinstance(loop, ast.For | ast.AsyncFor) else None
    if isinstance(loop, ComprehensionNode):
        source = loop.generators[0].iter
    if source is None:
        return False
    words = name_tokens(last_name(source))
    return bool(words & BATCH_TOKENS)


def _is_retry(module: ModuleContext, call: ast.Call, loop: ast.AST) -> bool:
    """The call sits in a `try` that leaves the loop on success: attempts, not items."""
    current = module.parent(call)
    while current is not None and current is not loop:
        if isinstance(current, ast.Try):
            exits = module.index.body(current.body)
            if any(isinstance(n, ast.Return | ast.Break) for n in exits):
                return True
        current = module.parent(current)
    return False


def _iterable(loop: ast.AST) -> str:
    if isinstance(loop, ast.For | ast.AsyncFor):
        return ast.unparse(loop.iter)
    if isinstance(loop, ComprehensionNode):
        return ast.unparse(loop.generators[0].iter)
    return "the loop"


@detector("growing-list-membership")
def growing_list_membership(module: ModuleContext) -> Iterator[Finding]:
    """`x in items` inside a loop that appends to `items`: a linear scan per item."""
    for scope in functions(module):
        lists = _list_names(module, scope.node)
        seen: set[int] = set()
        for loop in module.body_nodes(scope.node):
            if isinstance(loop, LoopNode):
                yield from _membership_in(module, scope.name, loop, lists, seen)


def _membership_in(
    module: ModuleContext, where: str, loop: LoopNode, lists: frozenset[str], seen: set[int]
) -> Iterator[Finding]:
    body = module.index.body(loop.body)
    grown = {n for node in body if (n := _grown_name(node))} & lists
    for node in body:
        searched = _searched_name(node)
        if searched in grown and id(node) not in seen:
            seen.add(id(node))
            message = (
                f"`{where}` searches the list `{searched}` on every pass while "
                f"appending to it in the same loop"
            )
            yield module.finding(node, message, {"list": searched})
            grown.discard(searched)


def _searched_name(node: ast.AST) -> str:
    """`items` for `x in items` or `x not in items`."""
    if not isinstance(node, ast.Compare) or len(node.ops) != 1:
        return ""
    target = node.comparators[0]
    if isinstance(node.ops[0], ast.In | ast.NotIn) and isinstance(target, ast.Name):
        return target.id
    return ""


def _list_names(
    module: ModuleContext, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> frozenset[str]:
    found = set()
    for node in module.body_nodes(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            is_list = isinstance(value, ast.List | ast.ListComp) or (
                isinstance(value, ast.Call) and dotted(value.func) == "list"
            )
            if isinstance(target, ast.Name) and is_list:
                found.add(target.id)
    return frozenset(found)


def _grown_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        grows = node.func.attr in GROWERS and isinstance(receiver, ast.Name)
        return receiver.id if grows and isinstance(receiver, ast.Name) else ""
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        return node.target.id if isinstance(node.op, ast.Add) else ""
    return ""


@detector("loop-invariant-call")
def loop_invariant_call(module: ModuleContext) -> Iterator[Finding]:
    """The same parse, compile or sort with unchanged arguments on every pass of a loop."""
    reported: set[int] = set()
    for loop in module.nodes_of(LoopNode):
        if not isinstance(loop, LoopNode):
            continue
        changing = assigned_names(loop, module.index) | _mutated(module, loop)
        for node in module.index.body(loop.body):
            fresh = isinstance(node, ast.Call) and id(node) not in reported
            if fresh and isinstance(node, ast.Call) and _invariant(module, node, changing):
                reported.add(id(node))
                yield _invariant_finding(module, node, loop)


def _invariant_finding(module: ModuleContext, call: ast.Call, loop: LoopNode) -> Finding:
    scope = enclosing(module, call)
    where = who(module, scope)
    shown = ast.unparse(call)
    if len(shown) > 60:
        shown = f"{ast.unparse(call.func)}(...)"
    message = f"{where} repeats `{shown}` with the same arguments on every pass of the loop"
    return module.finding(
        call,
        message,
        {"call": ast.unparse(call.func), "loop_line": loop.lineno},
    )


def _invariant(module: ModuleContext, call: ast.Call, changing: frozenset[str]) -> bool:
    name = module.qualified(call)
    if name not in INVARIANT_CALLS or not call.args or (call.keywords and name in COLLECTION_CALLS):
        return False
    if name in COLLECTION_CALLS and isinstance(call.args[0], ast.Constant):
        return False
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(arg, ast.Constant):
            continue
        root = dotted(arg)
        if root is None or root.partition(".")[0] in changing or root in changing:
            return False
    return True


def _mutated(module: ModuleContext, loop: ast.AST) -> frozenset[str]:
    """Names whose object is changed in place inside the loop: `x.append()`, `x[k] = v`."""
    found = set()
    for node in module.index.local(loop):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            root = dotted(node.func.value)
            if root:
                found.add(root.partition(".")[0])
                found.add(root)
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            root = dotted(node.value)
            if root:
                found.add(root.partition(".")[0])
    return frozenset(found)
