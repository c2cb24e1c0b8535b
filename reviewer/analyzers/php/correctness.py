"""Correctness: several database writes on one path of a method without a transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import (
    TRANSACTION_METHODS,
    WRITE_METHODS,
    is_transaction,
    is_write,
)
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES
from reviewer.analyzers.php.syntax import LOOPS, MEMBER_CALLS, ancestors, call_name, text
from reviewer.model import Finding

SHOWN_WRITES = 4
# Methods of an Eloquent relation (`$user->roles()->sync($ids)`), never of a model or a row:
# on anything but a relation call (a CommonMark node's `detach()`) they write nothing.
RELATION_WRITES = frozenset(
    {
        *("attach", "detach", "sync", "toggle", "syncWithoutDetaching", "saveMany"),
        *("createMany", "updateExistingPivot"),
    }
)
BRANCHES = frozenset({"else_if_clause", "else_clause"})
ENDS_PATH = frozenset({"return_statement", "throw_expression", "exit_statement"})
OWN_CALLS = frozenset({"$this", "self", "static"})
CLOSURES = frozenset({"anonymous_function", "arrow_function"})


def missing_transaction(php: PhpFile) -> Iterator[Finding]:
    """Two or more writes on one path through a method (a write in a loop counts twice), no
    transaction around them, and the method is not a helper only ever called in one."""
    helpers = _called_only_in_transactions(php)
    for function, calls in _writes_by_function(php):
        if any(is_transaction(c) for c in calls) or function.node.id in helpers:
            continue
        writes = [c for c in calls if is_write(c, php.imports) and _writes_rows(c)]
        on_one_path = _path_writes(function.body, {w.id for w in writes}) if writes else 0
        if on_one_path >= php.thresholds.min_writes:
            yield _unprotected(php, function, writes)


def _writes_rows(call: Node) -> bool:
    """A relation write needs a relation: `->roles()->sync()`, not `$node->detach()`."""
    if call_name(call) not in RELATION_WRITES or call.type not in MEMBER_CALLS:
        return True
    target = call.child_by_field_name("object")
    return target is not None and target.type in MEMBER_CALLS


def _path_writes(node: Node | None, writes: set[int]) -> int:
    """The most writes one run through `node` can make: one branch of an `if`, a `switch` or a
    `match` runs, a loop's body runs more than once, a branch that returns ends the path."""
    if node is None:
        return 0
    kind = node.type
    if kind == "compound_statement":
        return _sequence(node.named_children, writes)
    if kind in ("if_statement", "switch_statement", "match_expression", "conditional_expression"):
        condition, branches = _branches(node)
        return _path_writes(condition, writes) + max(
            (_path_writes(b, writes) for b in branches), default=0
        )
    inner = sum(_path_writes(child, writes) for child in node.named_children)
    if kind in LOOPS:
        return 2 * inner
    return inner + (1 if node.id in writes else 0)


def _sequence(statements: Sequence[Node], writes: set[int]) -> int:
    """Statements in order; after an `if` whose branch returns, that branch's path ends there."""
    total = 0
    for index, statement in enumerate(statements):
        if statement.type != "if_statement":
            total += _path_writes(statement, writes)
            continue
        condition, branches = _branches(statement)
        ending = [b for b in branches if _ends_path(b)]
        if not ending:
            total += _path_writes(statement, writes)
            continue
        going_on = [b for b in branches if not _ends_path(b)]
        has_else = any(c.type == "else_clause" for c in statement.named_children)
        rest = _sequence(statements[index + 1 :], writes)
        through = max((_path_writes(b, writes) for b in going_on), default=0)
        stopped = max(_path_writes(b, writes) for b in ending)
        after = rest if going_on or not has_else else 0
        return total + _path_writes(condition, writes) + max(stopped, through + after)
    return total


def _branches(node: Node) -> tuple[Node | None, list[Node]]:
    """The condition of a branching node and the alternatives of which one runs."""
    condition = node.child_by_field_name("condition")
    if node.type == "if_statement":
        body = node.child_by_field_name("body")
        others = [c for c in node.named_children if c.type in BRANCHES]
        return condition, [b for b in (body, *others) if b is not None]
    if node.type == "conditional_expression":
        parts = [node.child_by_field_name(f) for f in ("body", "alternative")]
        return condition, [p for p in parts if p is not None]
    body = node.child_by_field_name("body")
    arms = [c for c in (body.named_children if body is not None else []) if c.type != "comment"]
    return condition, arms


def _ends_path(branch: Node) -> bool:
    """A branch whose last statement returns, throws or exits."""
    body = branch.child_by_field_name("body") if branch.type in BRANCHES else branch
    if body is None:
        return False
    last = [c for c in body.named_children if c.type != "comment"][-1:] or [body]
    statement = last[0]
    if statement.type == "expression_statement" and statement.named_children:
        statement = statement.named_children[0]
    return statement.type in ENDS_PATH


def _called_only_in_transactions(php: PhpFile) -> set[int]:
    """Methods of the file called on `$this`/`self`/`static` only inside a transaction closure."""
    by_name = {f.name: f for f in php.functions if f.owner is not None}
    inside: dict[str, bool] = {}
    for call in php.calls_named(frozenset(by_name)):
        target = call.child_by_field_name("scope" if "scoped" in call.type else "object")
        if text(target) not in OWN_CALLS:
            continue
        name = call_name(call)
        inside[name] = inside.get(name, True) and _in_transaction(call)
    return {by_name[name].node.id for name, only in inside.items() if only}


def _in_transaction(node: Node) -> bool:
    """Inside a closure handed to `DB::transaction(...)`."""
    current = node.parent
    while current is not None and current.type not in ("method_declaration", "function_definition"):
        if current.type in CLOSURES:
            call = (
                current.parent.parent.parent if current.parent and current.parent.parent else None
            )
            if call is not None and is_transaction(call):
                return True
        current = current.parent
    return False


def _unprotected(php: PhpFile, function: FunctionInfo, writes: list[Node]) -> Finding:
    names = ", ".join(_describe(c) for c in writes[:SHOWN_WRITES])
    places = f"{len(writes)} place{'s' if len(writes) > 1 else ''}"
    message = (
        f"`{function.qualified}` writes in {places} ({names}) without a surrounding transaction"
    )
    return php.finding("missing-transaction", writes[0], message, {"metric": len(writes)})


def _writes_by_function(php: PhpFile) -> list[tuple[FunctionInfo, list[Node]]]:
    """Write and transaction calls grouped by their function, database scripts left out."""
    calls: dict[int, list[Node]] = {}
    for call in php.calls_named(WRITE_METHODS | TRANSACTION_METHODS):
        function = php.function_at(call)
        if function is not None and function.role not in DATABASE_SCRIPT_ROLES:
            calls.setdefault(function.node.id, []).append(call)
    return [(f, calls[f.node.id]) for f in php.functions if f.node.id in calls]


def _describe(call: Node) -> str:
    return f"`{call_name(call)}` in a loop" if _in_loop(call) else f"`{call_name(call)}`"


def _in_loop(node: Node) -> bool:
    return any(parent.type in LOOPS for parent in ancestors(node))
