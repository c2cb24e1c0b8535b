"""Queries that run once per item without a query in the loop: a method of a project model
(`item.to_dict()`) whose body queries, and a DRF `SerializerMethodField` that queries for
every object serialized."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.ast_tools import (
    ComprehensionNode,
    FunctionNode,
    dotted,
    is_dunder,
    methods,
)
from reviewer.analyzers.design.context import ClassRef, ModuleContext
from reviewer.analyzers.design.orm import (
    MethodQueries,
    defining,
    is_count,
    is_query,
    method_queries,
    subclasses_of,
)
from reviewer.analyzers.design.roles import enclosing
from reviewer.analyzers.design.tree_index import TreeIndex, assigned_names

SERIALIZER_FIELD = "SerializerMethodField"


def item_method_queries(
    module: ModuleContext, call: ast.Call, loop: ast.AST
) -> MethodQueries | None:
    """What `item.method()` queries, where `item` is the loop's variable and `method` is a
    method of a project class: of the enclosing class's subclasses (a mixin's items), or of
    every project class that defines a method of that name."""
    func = call.func
    if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
        return None
    if is_dunder(func.attr) or func.value.id not in _loop_names(module, loop):
        return None
    project, facts = module.project, module.project.facts
    scope = enclosing(module, call)
    if scope is not None and scope.owner is not None:
        owner = scope.owner
        family = facts.get(
            ("family", id(owner)), lambda: [module.class_ref(owner), *subclasses_of(owner, project)]
        )
        found = _first_querying(family, func.attr, module)
        if found is not None:
            return found
    named = facts.get(("defining", func.attr), lambda: defining(func.attr, project))
    answers = [_queries_of(ref, func.attr, module) for ref in named]
    known = [a for a in answers if a is not None]
    # Only when every class that defines the name queries: the item could be any of them.
    return known[0] if known and len(known) == len(answers) else None


def _first_querying(
    refs: list[ClassRef], method: str, module: ModuleContext
) -> MethodQueries | None:
    for ref in refs:
        found = _queries_of(ref, method, module)
        if found is not None:
            return found
    return None


def _queries_of(ref: ClassRef, method: str, module: ModuleContext) -> MethodQueries | None:
    """`method_queries`, worked out once per run for each class and method."""
    key = ("method_queries", id(ref.node), method)
    return module.project.facts.get(key, lambda: method_queries(ref, method, module.project))


def _loop_names(module: ModuleContext, loop: ast.AST) -> frozenset[str]:
    if isinstance(loop, ast.For | ast.AsyncFor):
        return assigned_names(loop.target, module.index)
    if isinstance(loop, ComprehensionNode):
        targets = [g.target for g in loop.generators]
        return frozenset(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return frozenset()


def serializer_queries(module: ModuleContext) -> Iterator[tuple[ast.Call, str]]:
    """The first query of each `SerializerMethodField` method of a DRF serializer: it runs
    once for every object serialized."""
    for cls in module.class_nodes:
        fields = _method_fields(cls)
        for function in methods(cls):
            if function.name not in fields:
                continue
            for node in TreeIndex.build(function).body(function.body):
                if isinstance(node, ast.Call) and is_query(node):
                    yield node, _serializer_message(cls, function.name, node)
                    break


def _method_fields(cls: ast.ClassDef) -> frozenset[str]:
    """The methods the class's `SerializerMethodField`s read: `get_<field>` or `method_name`."""
    found = set()
    for statement in cls.body:
        if not isinstance(statement, ast.Assign) or not isinstance(statement.value, ast.Call):
            continue
        value = statement.value
        if not (dotted(value.func) or "").endswith(SERIALIZER_FIELD):
            continue
        named = [k.value for k in value.keywords if k.arg == "method_name"]
        for target in statement.targets:
            if isinstance(target, ast.Name):
                name = named[0] if named else None
                text = name.value if isinstance(name, ast.Constant) else f"get_{target.id}"
                found.add(str(text))
    return frozenset(found)


def _serializer_message(cls: ast.ClassDef, method: str, call: ast.Call) -> str:
    what = "a count query" if is_count(call) else "a query"
    return (
        f"`{cls.name}.{method}` runs {what} (`{ast.unparse(call.func)}`) for every object the "
        "serializer renders, so a list of N objects costs N more queries"
    )


def callers(module: ModuleContext, name: str) -> list[str]:
    """Top-level functions of the project that call a method `name` (`User.name(...)`), so
    the message can say which routes pay for the loop; at most three."""
    found = module.project.facts.get(("callers", name), lambda: _callers(module, name))
    return found[:3]


def _callers(module: ModuleContext, name: str) -> list[str]:
    return [
        function.name
        for info in module.project.modules.values()
        for function in info.tree.body
        if isinstance(function, FunctionNode) and _calls_method(function, name)
    ]


def _calls_method(function: FunctionNode, name: str) -> bool:
    calls = (n for n in ast.walk(function) if isinstance(n, ast.Call))
    return any(isinstance(c.func, ast.Attribute) and c.func.attr == name for c in calls)
