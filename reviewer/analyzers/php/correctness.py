"""Correctness: several database writes in one method without a transaction."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import (
    TRANSACTION_METHODS,
    WRITE_METHODS,
    is_transaction,
    is_write,
)
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES
from reviewer.analyzers.php.syntax import LOOPS, ancestors, call_name
from reviewer.model import Finding

SHOWN_WRITES = 4


def missing_transaction(php: PhpFile) -> Iterator[Finding]:
    """Two or more writes (a write in a loop counts twice) and no DB::transaction around them."""
    for function, calls in _writes_by_function(php):
        if any(is_transaction(c) for c in calls):
            continue
        writes = [c for c in calls if is_write(c, php.imports)]
        looped = sum(1 for c in writes if _in_loop(c))
        if len(writes) + looped >= php.thresholds.min_writes:
            yield _unprotected(php, function, writes)


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
