"""Rewrites for the access detectors of the design analyzer
(reviewer/analyzers/design/access/): a Django record loaded through its owner, and
`@csrf_exempt` taken off a view that writes for the signed-in user."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from reviewer.model import Suggestion
from reviewer.suggestions.base import Builder, Edit, Flagged, made
from reviewer.suggestions.python_source import (
    PythonSource,
    dotted,
    keyword,
    spreads_keywords,
    with_keyword,
)

# Django's single-record loads that take the record's fields as keywords.
DJANGO_LOADS = frozenset({"get_object_or_404", "get"})


def owner_scoped_load(flagged: Flagged) -> Suggestion | None:
    """`get_object_or_404(Note, pk=note_id)` -> `get_object_or_404(Note, pk=note_id,
    owner=request.user)` in a Django view, where `owner` is the record's foreign key to the
    user model."""
    field = next((str(f.extras.get("user_field", "")) for f in flagged.findings), "")
    source = PythonSource.of(flagged)
    if not field or source is None:
        return None
    for call in source.flagged_nodes(ast.Call):
        function = source.enclosing_function(call)
        takes_request = function is not None and "request" in [a.arg for a in function.args.args]
        if not takes_request or not _django_load(call) or keyword(call, field) is not None:
            continue
        user = "self.request.user" if _is_method(function) else "request.user"
        edit = with_keyword(source, call, f"{field}={user}")
        note = (
            f"loads the record through its `{field}`, so another user's id finds nothing"
            " (a 404) instead of their record"
        )
        return made(flagged, [edit] if edit else [], safe=False, source="review", note=note)
    return None


def _django_load(call: ast.Call) -> bool:
    """`get_object_or_404(Model, pk=...)` or `Model.objects.get(pk=...)`, keywords only."""
    name = dotted(call.func)
    if spreads_keywords(call) or not call.keywords:
        return False
    if name == "get_object_or_404":
        return len(call.args) == 1
    return name.endswith(".objects.get") and not call.args


def _is_method(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
    return function is not None and [a.arg for a in function.args.args][:1] == ["self"]


def csrf_protected(flagged: Flagged) -> Suggestion | None:
    """Takes the `@csrf_exempt` line off the view."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for name in source.flagged_nodes(ast.Name):
        line = flagged.lines[name.lineno - 1]
        if name.id == "csrf_exempt" and line.strip() == "@csrf_exempt":
            begin = source.starts[name.lineno - 1]
            edit = Edit(begin, source.starts[name.lineno], "")
            note = (
                "Django checks the CSRF token again: the page's JavaScript sends it in the"
                " `X-CSRFToken` header (from the `csrftoken` cookie)"
            )
            return made(flagged, [edit], safe=False, source="review", note=note)
    return None


BUILDERS: Mapping[str, Builder] = {
    "missing-ownership-check": owner_scoped_load,
    "csrf-exempt-state-change": csrf_protected,
}
