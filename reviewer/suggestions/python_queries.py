"""Rewrites for the queries detectors of the design analyzer
(reviewer/analyzers/design/queries.py): a lookup that answers 404 itself in place of one whose
missing row became a 500."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from reviewer.model import Suggestion
from reviewer.suggestions.base import Builder, Edit, Flagged, made
from reviewer.suggestions.python_source import PythonSource, dotted

NOTE = "answers 404 for an unknown key in place of a 500"


def not_found_lookup(flagged: Flagged) -> Suggestion | None:
    """`db.session.get(User, id)` -> `db.get_or_404(User, id)`; `.first()` on a Flask-SQLAlchemy
    query -> `.first_or_404()`; `Post.objects.get(slug=slug)` -> `get_object_or_404(Post,
    slug=slug)` where the view imports it; otherwise a guard that raises the framework's 404
    after the lookup."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for statement in source.flagged_nodes(ast.Assign):
        call, target = statement.value, statement.targets[0]
        if not isinstance(call, ast.Call) or not isinstance(target, ast.Name):
            continue
        if not isinstance(call.func, ast.Attribute):
            continue
        edit = _lookup_or_404(source, call, call.func)
        raises = call.func.attr == "get" and _django_model(_manager(call.func.value)) is not None
        if edit is None and not raises:  # a guard comes too late for `DoesNotExist`
            edit = _guard(source, statement, target.id)
        if edit is not None:
            return made(flagged, [edit], safe=False, source="review", note=NOTE)
    return None


def _lookup_or_404(source: PythonSource, call: ast.Call, func: ast.Attribute) -> Edit | None:
    receiver, method = func.value, func.attr
    arguments = ", ".join(source.code(a) for a in [*call.args, *call.keywords])
    if dotted(receiver) == "db.session" and method in {"get", "scalar"}:
        helper = "get_or_404" if method == "get" else "first_or_404"
        return source.replace(call, f"db.{helper}({arguments})")
    if _on_query_property(receiver) and method in {"first", "get"}:
        return source.replace(call, f"{source.code(receiver)}.{method}_or_404({arguments})")
    if method == "get" and "get_object_or_404" in _imported(source):
        model = _django_model(receiver)
        if model is not None:
            given = ", ".join([model, *([arguments] if arguments else [])])
            return source.replace(call, f"get_object_or_404({given})")
    return None


def _on_query_property(receiver: ast.expr) -> bool:
    """`User.query` or a chain on it: Flask-SQLAlchemy's query, which has the `_or_404`s."""
    current: ast.expr = receiver
    while isinstance(current, ast.Call | ast.Attribute):
        if isinstance(current, ast.Attribute) and current.attr == "query":
            return isinstance(current.value, ast.Name) and current.value.id[:1].isupper()
        current = current.func if isinstance(current, ast.Call) else current.value
    return False


def _manager(receiver: ast.expr) -> ast.expr:
    """`Post.objects` for `Post.objects.filter(...).select_related(...)`."""
    current = receiver
    while isinstance(current, ast.Call) and isinstance(current.func, ast.Attribute):
        current = current.func.value
    return current


def _django_model(receiver: ast.expr) -> str | None:
    """`Post` for `Post.objects`."""
    if isinstance(receiver, ast.Attribute) and receiver.attr == "objects":
        return dotted(receiver.value) or None
    return None


def _guard(source: PythonSource, statement: ast.Assign, name: str) -> Edit | None:
    """`if name is None: raise ...` after the lookup, with the 404 the module can raise."""
    imported = _imported(source)
    if "HTTPException" in imported:
        raised = f'raise HTTPException(status_code=404, detail="{name} not found")'
    elif "abort" in imported:
        raised = "abort(404)"
    elif "Http404" in imported:
        raised = f'raise Http404("{name} not found")'
    else:
        return None
    indent = " " * statement.col_offset
    text = f"\n{indent}if {name} is None:\n{indent}    {raised}"
    return source.insert_after(statement, text)


def _imported(source: PythonSource) -> frozenset[str]:
    """The names the module imports with `from ... import`."""
    return frozenset(
        alias.asname or alias.name
        for node in source.tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    )


BUILDERS: Mapping[str, Builder] = {"missing-record-500": not_found_lookup}
