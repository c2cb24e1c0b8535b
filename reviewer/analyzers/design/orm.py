"""ORM calls that run a query (SQLAlchemy, Flask-SQLAlchemy, SQLModel, Django), what they ask
for, and the project methods that run them, directly or through other methods of their class."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name, methods
from reviewer.analyzers.design.context import ClassRef, ProjectIndex
from reviewer.analyzers.design.infrastructure import (
    SQL_RECEIVERS,
    is_model_attribute_call,
    is_orm_query,
)
from reviewer.analyzers.design.tree_index import TreeIndex

# `db.session.scalar(...)`, `session.exec(...)`: a session method that sends a statement.
SESSION_QUERIES = frozenset({"scalar", "scalars", "execute", "exec", "get", "get_one", "query"})
# Flask-SQLAlchemy's helpers on `db` that read.
DB_READS = frozenset({"paginate", "get_or_404", "first_or_404", "one_or_404"})
# The calls that end a `Model.query...` chain by sending it.
QUERY_ENDS = frozenset(
    {"all", "first", "one", "one_or_none", "scalar", "count", "get", "paginate", "exists"}
)
# `self.posts.count()`: a related manager or dynamic relationship asked a question.
RELATION_QUESTIONS = frozenset({"count", "exists"})
# How deep a method's calls to other methods of its class are followed.
DEPTH = 3
# Calls that write: a method that makes them is a unit of work (a clone, an import), not a
# read that could be fetched with the list.
WRITES = frozenset(
    {
        "save",
        "commit",
        "create",
        "delete",
        "flush",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
    }
)


def is_session_query(call: ast.Call) -> bool:
    """`db.session.scalar(...)`, `session.exec(...)`, `db.paginate(...)`."""
    if not isinstance(call.func, ast.Attribute):
        return False
    receiver, method = last_name(call.func.value), call.func.attr
    if method in {"get", "get_one"} and not _names_model(call):
        return False  # `session.get(url)`: an HTTP session asks for a URL, not a model
    if method in SESSION_QUERIES and receiver in SQL_RECEIVERS and receiver != "db":
        return True
    return receiver == "db" and method in DB_READS


def _names_model(call: ast.Call) -> bool:
    """`session.get(User, user_id)`: the first argument is a class."""
    first = call.args[0] if call.args else None
    return isinstance(first, ast.Name | ast.Attribute) and last_name(first)[:1].isupper()


def is_model_query(call: ast.Call) -> bool:
    """`User.query.filter_by(...).first()`: Flask-SQLAlchemy's query property, sent."""
    return is_model_attribute_call(call, QUERY_ENDS, "query")


def is_relation_question(call: ast.Call) -> bool:
    """`self.posts.count()`, `obj.comments.exists()`: no argument, on an attribute."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in RELATION_QUESTIONS:
        return False
    if call.args or call.keywords or not isinstance(func.value, ast.Attribute):
        return False
    return func.value.attr != "func"  # `sa.func.count()` builds SQL; it sends nothing


def is_query(call: ast.Call) -> bool:
    """A call that sends a query to the database through an ORM."""
    return (
        is_session_query(call)
        or is_model_query(call)
        or is_orm_query(call)
        or is_relation_question(call)
    )


def is_count(call: ast.Call, nodes: Iterable[ast.AST] = ()) -> bool:
    """A query that counts rows: `.count()`, or a statement built with `func.count()` in the
    call or in a name it is given that one of `nodes` (its function's) assigns."""
    given = {n.id for n in ast.walk(call) if isinstance(n, ast.Name)}
    built = [
        node.value
        for node in nodes
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id in given for t in node.targets)
    ]
    return any(
        isinstance(node, ast.Call) and last_name(node.func) == "count"
        for part in [call, *built]
        for node in ast.walk(part)
    )


@dataclass(frozen=True)
class Query:
    """One query a method runs: the method of its class it sits in, the call, and whether it
    counts."""

    method: str
    call: ast.Call
    counts: bool


@dataclass(frozen=True)
class MethodQueries:
    """The queries one method runs: each a call, and the method of its class it sits in."""

    owner: str
    method: str
    queries: tuple[Query, ...]

    def said(self) -> str:
        """`3 count queries`, `2 queries`, `a query`."""
        total, counts = len(self.queries), sum(1 for q in self.queries if q.counts)
        if total == 1:
            return "a count query" if counts else "a query"
        return f"{total} count queries" if counts == total else f"{total} queries"

    def through(self) -> list[str]:
        """The methods the queries sit in, other than the method itself, in order, once."""
        return list(dict.fromkeys(q.method for q in self.queries if q.method != self.method))


def method_queries(ref: ClassRef, method: str, project: ProjectIndex) -> MethodQueries | None:
    """What `method` of a class (or of a project base class) reads, following `self.x()`
    calls to other methods of the class; None when it runs no query, or writes."""
    found = list(_queries(ref, method, project, DEPTH, set()))
    reads = tuple(q for q in found if last_name(q.call.func) not in WRITES)
    if not reads or len(reads) < len(found):
        return None
    return MethodQueries(ref.node.name, method, reads)


def _queries(
    ref: ClassRef, method: str, project: ProjectIndex, depth: int, seen: set[str]
) -> Iterator[Query]:
    function = find_method(ref, method, project)
    if function is None or method in seen or depth == 0:
        return
    seen.add(method)
    nodes = TreeIndex.build(function).body(function.body)
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        if is_query(node) or last_name(node.func) in WRITES:
            yield Query(method, node, is_count(node, nodes))
            continue
        name = dotted(node.func) or ""
        head, _, rest = name.partition(".")
        if head == "self" and rest and "." not in rest:
            yield from _queries(ref, rest, project, depth - 1, seen)


def find_method(ref: ClassRef, name: str, project: ProjectIndex) -> FunctionNode | None:
    """The method `name` of a class, or of its nearest project base class that defines it."""
    for current in [ref, *project.ancestors(ref)]:
        for function in methods(current.node):
            if function.name == name:
                return function
    return None


def project_classes(project: ProjectIndex) -> Iterator[ClassRef]:
    """Every top-level class of every module of the run."""
    for info in project.modules.values():
        for node in info.classes.values():
            yield ClassRef(node, info)


def subclasses_of(cls: ast.ClassDef, project: ProjectIndex) -> Iterator[ClassRef]:
    """Project classes that have `cls` among their project ancestors."""
    for ref in project_classes(project):
        if any(base.node is cls for base in project.ancestors(ref)):
            yield ref


def defining(name: str, project: ProjectIndex) -> list[ClassRef]:
    """Project classes whose own body defines a method `name`."""
    return [
        ref for ref in project_classes(project) if any(m.name == name for m in methods(ref.node))
    ]
