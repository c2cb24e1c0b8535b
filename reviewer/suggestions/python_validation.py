"""Rewrites for the validation detectors of the design analyzer
(reviewer/analyzers/design/validation.py): guard clauses in place of a nested block, and a
validated form's `cleaned_data` in place of the raw `request.POST`."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from reviewer.model import Suggestion
from reviewer.suggestions.base import Builder, Edit, Flagged, made
from reviewer.suggestions.python_source import PythonSource, dotted

FUNCTIONS = ast.FunctionDef | ast.AsyncFunctionDef
LOOPS = ast.For | ast.AsyncFor | ast.While
# Comparisons whose opposite is one operator: `is` and `is not`, `in` and `not in`.
OPPOSITES: dict[type[ast.cmpop], str] = {
    ast.Is: "is not",
    ast.IsNot: "is",
    ast.In: "not in",
    ast.NotIn: "in",
    ast.Eq: "!=",
    ast.NotEq: "==",
}
SIMPLE = ast.Name | ast.Attribute | ast.Call | ast.Subscript | ast.Constant


def guard_clause(flagged: Flagged) -> Suggestion | None:
    """The outermost `if` that ends its function or its loop, turned into a guard clause
    (`if not cond: return` / `continue`) with its body moved out one level."""
    source = PythonSource.of(flagged)
    place = _nesting_place(flagged)
    if source is None or place is None:
        return None
    first, last = place
    outer = _statement_at(source, first)
    function = source.enclosing_function(outer) if outer is not None else None
    if function is None:
        return None
    for block, exit_word in _guardable(function, first, last):
        edits = _guarded(source, block, exit_word)
        if edits is not None:
            note = (
                f"tests the opposite of `{source.code(block.test)}` first and leaves with"
                f" `{exit_word}`, so the rest of the block moves out one level"
            )
            return made(flagged, edits, safe=True, source="review", note=note)
    return None


def _nesting_place(flagged: Flagged) -> tuple[int, int] | None:
    """The lines of the nested chain the design finding names (its first and deepest block)."""
    for finding in flagged.findings:
        if finding.analyzer == "design" and finding.code == "deep-nesting":
            return finding.location.line, finding.location.end_line
    return None


def _statement_at(source: PythonSource, line: int) -> ast.stmt | None:
    found = (n for n in ast.walk(source.tree) if isinstance(n, ast.stmt) and n.lineno == line)
    return min(found, key=lambda n: n.col_offset, default=None)


def _guardable(
    function: ast.FunctionDef | ast.AsyncFunctionDef, first: int, last: int
) -> Iterator[tuple[ast.If, str]]:
    """An `if` with no `else` that is the last statement of the function or of a loop and
    holds the chain's deepest block, outermost first, with the word that leaves early."""
    final = _closing_if(function.body, last)
    if final is not None:
        yield final, "return None" if _returns_values(function) else "return"
    before_return = _closing_if(function.body[:-1], last) if len(function.body) > 1 else None
    ending = function.body[-1]
    if before_return is not None and isinstance(ending, ast.Return) and _plain(ending.value):
        yield before_return, ast.unparse(ending)
    loops = [n for n in ast.walk(function) if isinstance(n, LOOPS) and n.lineno >= first]
    for loop in sorted(loops, key=lambda n: n.lineno):
        end = _closing_if(loop.body, last)
        if end is not None and _own(loop, function):
            yield end, "continue"


def _closing_if(body: list[ast.stmt], line: int) -> ast.If | None:
    """The block's last statement when it is an `if` with no `else` holding the line."""
    end = body[-1]
    if isinstance(end, ast.If) and not end.orelse and _holds(end, line):
        return end
    return None


def _own(node: ast.AST, function: ast.AST) -> bool:
    """The node belongs to the function itself, not to a function defined in it."""
    inner = (n for n in ast.walk(function) if isinstance(n, FUNCTIONS) and n is not function)
    return not any(node in ast.walk(f) for f in inner)


def _plain(value: ast.expr | None) -> bool:
    """A value returned twice gives the same: a constant or a name (no call, no property)."""
    return isinstance(value, ast.Constant | ast.Name)


def _holds(statement: ast.stmt, line: int) -> bool:
    return statement.lineno <= line <= (statement.end_lineno or statement.lineno)


def _returns_values(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    returns = (n for n in ast.walk(function) if isinstance(n, ast.Return))
    return any(r.value is not None for r in returns)


def _guarded(source: PythonSource, block: ast.If, exit_word: str) -> list[Edit] | None:
    """The edits: the test negated, the exit after the header, the body one level out."""
    lines = source.flagged.lines
    header_end = block.test.end_lineno or block.lineno
    body_first = block.body[0].lineno
    if body_first <= header_end or _has_multiline_string(block):
        return None
    outer = _indent(lines[block.lineno - 1])
    inner = _indent(lines[body_first - 1])
    if not inner.startswith(outer) or len(inner) == len(outer):
        return None
    header_stop = source.starts[header_end] - len(_line_end(lines, header_end, source))
    edits = [
        source.replace(block.test, negated(source, block.test)),
        Edit(header_stop, header_stop, f"\n{inner}{exit_word}"),
    ]
    for row in range(header_end + 1, (block.end_lineno or body_first) + 1):
        text = lines[row - 1]
        if not text.strip():
            continue
        if not text.startswith(inner):
            return None
        start = source.starts[row - 1]
        edits.append(Edit(start, start + len(inner) - len(outer), ""))
    return edits


def _line_end(lines: list[str], row: int, source: PythonSource) -> str:
    whole = source.flagged.text[source.starts[row - 1] : source.starts[row]]
    return whole[len(lines[row - 1]) :]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _has_multiline_string(block: ast.If) -> bool:
    strings = (n for n in ast.walk(block) if isinstance(n, ast.Constant | ast.JoinedStr))
    return any((n.end_lineno or n.lineno) > n.lineno for n in strings)


def negated(source: PythonSource, test: ast.expr) -> str:
    """The opposite of a condition, as code: `x is None` -> `x is not None`, `not x` -> `x`,
    `a and b` -> `not a or not b` where each side turns simply, else `not (...)`."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = source.code(test.operand)
        return inner if isinstance(test.operand, SIMPLE | ast.Compare) else f"({inner})"
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in OPPOSITES:
        left, right = source.code(test.left), source.code(test.comparators[0])
        return f"{left} {OPPOSITES[type(test.ops[0])]} {right}"
    if isinstance(test, SIMPLE):
        return f"not {source.code(test)}"
    if isinstance(test, ast.BoolOp) and all(_turns_simply(v) for v in test.values):
        joiner = " or " if isinstance(test.op, ast.And) else " and "
        return joiner.join(negated(source, v) for v in test.values)
    return f"not ({source.code(test)})"


def _turns_simply(test: ast.expr) -> bool:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return isinstance(test.operand, SIMPLE | ast.Compare)
    if isinstance(test, ast.Compare):
        return len(test.ops) == 1 and type(test.ops[0]) in OPPOSITES
    return isinstance(test, SIMPLE)


def cleaned_data(flagged: Flagged) -> Suggestion | None:
    """`request.POST["amount"]` read after `form.is_valid()` -> `form.cleaned_data["amount"]`,
    for the keys that are fields of the form."""
    source = PythonSource.of(flagged)
    extras = next((f.extras for f in flagged.findings if f.extras.get("form")), None)
    if source is None or extras is None:
        return None
    form, fields = str(extras["form"]), set(str(extras.get("fields", "")).split())
    check = next((n for n in _form_checks(source, form) if _holds(n, flagged.line)), None)
    if check is None:
        return None
    edits = [
        source.replace(node.value, f"{form}.cleaned_data")
        for node in ast.walk(check)
        if isinstance(node, ast.Subscript) and _raw_post(node.value) and _key(node) in fields
    ]
    note = f"reads the values `{form}.is_valid()` checked and converted, not the raw request"
    return made(flagged, edits, safe=False, source="review", note=note)


def _form_checks(source: PythonSource, form: str) -> Iterator[ast.If]:
    for node in ast.walk(source.tree):
        if isinstance(node, ast.If) and _calls(node.test, f"{form}.is_valid"):
            yield node


def _calls(test: ast.expr, name: str) -> bool:
    return isinstance(test, ast.Call) and dotted(test.func) == name


def _raw_post(node: ast.expr) -> bool:
    return dotted(node) in {"request.POST", "self.request.POST"}


def _key(node: ast.Subscript) -> str:
    key = node.slice
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else ""


BUILDERS: Mapping[str, Builder] = {
    "deep-nesting": guard_clause,
    "unvalidated-request-body": cleaned_data,
}
