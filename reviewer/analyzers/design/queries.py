"""Database work a request pays for: queries hidden in model methods and serializers called
in a loop, writes on every request, a missing row that becomes a 500, a duplicate that
becomes a 500.

(The per-item queries are part of `io-in-loop`, in performance.py and per_item.py.)"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.infrastructure import is_orm_query
from reviewer.analyzers.design.lookups import missing_record_findings
from reviewer.analyzers.design.uniqueness import unique_race_findings
from reviewer.analyzers.design.web import every_request_hooks
from reviewer.model import Finding

ORDERINGS = ast.Lt | ast.LtE | ast.Gt | ast.GtE
# Django manager and queryset calls that write: `Member.objects.filter(...).update(...)`.
ORM_WRITES = frozenset({"update", "create", "update_or_create", "get_or_create", "delete"})
# Per-request objects whose attributes are not rows.
REQUEST_STATE = frozenset({"g", "request", "response", "self"})


@detector("write-on-every-request")
def write_on_every_request(module: ModuleContext) -> Iterator[Finding]:
    """A hook or middleware that runs for every request and commits or saves a row."""
    for hook in every_request_hooks(module):
        write = _unguarded_write(module, hook)
        if write is None:
            continue
        stored = _stored_attributes(module, hook, write)
        what = f" to store {', '.join(f'`{s}`' for s in stored)}" if stored else ""
        message = (
            f"`{hook.name}` runs before every request and writes to the database "
            f"(`{ast.unparse(write.func)}()`){what}"
        )
        yield module.finding(write, message, {"call": ast.unparse(write.func)})


def _unguarded_write(module: ModuleContext, hook: FunctionNode) -> ast.Call | None:
    """The first commit or save of the hook that no time comparison guards."""
    for node in module.body_nodes(hook):
        if isinstance(node, ast.Call) and _is_write(node) and not _time_guarded(module, node):
            return node
    return None


def _is_write(call: ast.Call) -> bool:
    """`db.session.commit()`, `user.save(...)`, `Member.objects.filter(...).update(...)`; not
    `request.session.save()` (the session store) nor a form's or serializer's `save()`."""
    method = last_name(call.func)
    if not isinstance(call.func, ast.Attribute):
        return False
    receiver = last_name(call.func.value)
    if method == "commit" or (method in ORM_WRITES and is_orm_query(call)):
        return True
    return method == "save" and receiver not in {"session", "form", "serializer"}


def _time_guarded(module: ModuleContext, call: ast.Call) -> bool:
    """Inside an `if` that compares with `<`/`>`: written only when the value is stale."""
    current = module.parent(call)
    while current is not None and not isinstance(current, FunctionNode):
        if isinstance(current, ast.If) and _compares_order(current.test):
            return True
        current = module.parent(current)
    return False


def _compares_order(test: ast.expr) -> bool:
    compares = (n for n in ast.walk(test) if isinstance(n, ast.Compare))
    return any(isinstance(op, ORDERINGS) for c in compares for op in c.ops)


def _stored_attributes(module: ModuleContext, hook: FunctionNode, write: ast.Call) -> list[str]:
    """`current_user.last_seen` for `current_user.last_seen = now()` in the hook."""
    found = []
    for node in module.body_nodes(hook):
        if isinstance(node, ast.Assign) and node.lineno < write.lineno:
            found += [name for t in node.targets if (name := _row_attribute(t))]
    return list(dict.fromkeys(found))


def _row_attribute(target: ast.expr) -> str:
    """`current_user.last_seen`, not `g.locale` (Flask's per-request namespace)."""
    name = dotted(target) if isinstance(target, ast.Attribute) else None
    return name if name and name.partition(".")[0] not in REQUEST_STATE else ""


@detector("missing-record-500")
def missing_record_500(module: ModuleContext) -> Iterator[Finding]:
    """A view that uses a looked-up row without checking it was found."""
    return missing_record_findings(module)


@detector("unique-race")
def unique_race(module: ModuleContext) -> Iterator[Finding]:
    """A view that checks a unique value is free and then inserts, with no `IntegrityError`
    handled."""
    return unique_race_findings(module)
