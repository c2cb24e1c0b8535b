"""Rewrites for the credentials detectors of the design analyzer
(reviewer/analyzers/design/credentials/)."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from reviewer.model import Suggestion
from reviewer.suggestions.base import Builder, Flagged, made
from reviewer.suggestions.python_source import PythonSource

# Where `not f(a, b)` can stand in for `a != b` without parentheses.
LOOSE_PARENTS = (ast.If, ast.While, ast.Return, ast.Assign, ast.Assert, ast.Expr, ast.BoolOp)


def constant_time_comparison(flagged: Flagged) -> Suggestion | None:
    """`expected == signature` -> `hmac.compare_digest(expected, signature)`; `!=` gets a
    `not` in front."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for compare in source.flagged_nodes(ast.Compare):
        if _compares_two_values(compare):
            return _rewritten(flagged, source, compare)
    return None


def _compares_two_values(compare: ast.Compare) -> bool:
    if len(compare.ops) != 1 or not isinstance(compare.ops[0], ast.Eq | ast.NotEq):
        return False
    sides = (compare.left, compare.comparators[0])
    return not any(isinstance(side, ast.Constant) for side in sides)


def _rewritten(flagged: Flagged, source: PythonSource, compare: ast.Compare) -> Suggestion | None:
    function, imported = _compare_digest(source)
    left, right = source.code(compare.left), source.code(compare.comparators[0])
    call = f"{function}({left}, {right})"
    if isinstance(compare.ops[0], ast.NotEq):
        loose = isinstance(source.parents.get(compare), LOOSE_PARENTS)
        call = f"not {call}" if loose or _in_parentheses(source, compare) else f"(not {call})"
    note = (
        f"compares `{left}` and `{right}` in constant time; both have to be `str` (ASCII) or"
        " both `bytes`, and neither `None`"
    )
    if not imported:
        note += "; add `import hmac` at the top of the file"
    return made(flagged, [source.replace(compare, call)], safe=False, source="review", note=note)


def _in_parentheses(source: PythonSource, node: ast.AST) -> bool:
    """Written inside parentheses of its own or of a call: `1 + (a != b)`, `f(a != b)`."""
    text = source.flagged.text
    before, after = text[: source.start(node)].rstrip(), text[source.end(node) :].lstrip()
    return before.endswith("(") and after.startswith(")")


def _compare_digest(source: PythonSource) -> tuple[str, bool]:
    """How the file can name `hmac.compare_digest`, and whether it already imports it."""
    for node in ast.walk(source.tree):
        names = node.names if isinstance(node, ast.Import | ast.ImportFrom) else []
        for alias in names:
            if isinstance(node, ast.Import) and alias.name == "hmac":
                return f"{alias.asname or 'hmac'}.compare_digest", True
            from_hmac = isinstance(node, ast.ImportFrom) and node.module in {"hmac", "secrets"}
            if from_hmac and alias.name == "compare_digest":
                return alias.asname or alias.name, True
    return "hmac.compare_digest", False


BUILDERS: Mapping[str, Builder] = {"secret-compared-with-eq": constant_time_comparison}
