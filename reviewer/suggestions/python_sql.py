"""SQL formatted from values, rewritten as a query with placeholders and the values passed
apart: in the `execute()` call itself, or in the variable assigned just before it."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from reviewer.model import Suggestion
from reviewer.suggestions.base import Flagged, made
from reviewer.suggestions.python_source import PythonSource

EXECUTES = frozenset({"execute", "executemany", "exec_driver_sql"})
PERCENT_MARKS = ("%s", "%d", "%i", "%f", "%r")


@dataclass(frozen=True)
class Query:
    """The SQL's text with a placeholder where each value was, and the values' code."""

    sql: str
    values: tuple[str, ...]


def placeholders(flagged: Flagged) -> Suggestion | None:
    """`cursor.execute(f"... {name}")` -> `cursor.execute("... ?", (name,))`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    mark = "?" if source.imports("sqlite3") else "%s"
    calls = [c for c in ast.walk(source.tree) if isinstance(c, ast.Call) and _executes(c)]
    for call in calls:
        built, assignment = _built(source, call)
        if built is None or not _on_flagged_lines(flagged, built):
            continue
        query = _query(source, built, mark)
        if query is None or not query.values:
            return None
        values = ", ".join(query.values) + ("," if len(query.values) == 1 else "")
        literal = _literal(query.sql)
        if assignment is None:
            edits = [source.replace(built, f"{literal}, ({values})")]
        else:
            edits = [
                source.replace(built, literal),
                source.insert_after(call.args[0], f", ({values})"),
            ]
        return made(flagged, edits, safe=False, source="review", note=_note(mark, query))
    return None


def _note(mark: str, query: Query) -> str:
    style = "sqlite3's `?`" if mark == "?" else "`%s`, the style of psycopg and MySQL drivers"
    names = ", ".join(f"`{v}`" for v in query.values)
    return (
        f"passes {names} as parameters with {style} placeholders, so the driver quotes them;"
        " another driver takes its own placeholder"
    )


def _executes(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr in EXECUTES
        and len(node.args) == 1
        and not node.keywords
    )


def _built(source: PythonSource, call: ast.Call) -> tuple[ast.expr | None, ast.Assign | None]:
    """The SQL expression: the call's argument, or the value of the variable it names when
    that is assigned in the statement just before the call's."""
    argument = call.args[0]
    if not isinstance(argument, ast.Name):
        return argument, None
    statement = _statement_of(source, call)
    before = _previous(source, statement) if statement is not None else None
    if (
        isinstance(before, ast.Assign)
        and len(before.targets) == 1
        and isinstance(before.targets[0], ast.Name)
        and before.targets[0].id == argument.id
    ):
        return before.value, before
    return None, None


def _statement_of(source: PythonSource, node: ast.AST) -> ast.stmt | None:
    current: ast.AST | None = node
    while current is not None and not isinstance(current, ast.stmt):
        current = source.parents.get(current)
    return current


def _previous(source: PythonSource, statement: ast.stmt) -> ast.stmt | None:
    parent = source.parents.get(statement)
    for field in ("body", "orelse", "finalbody"):
        body = getattr(parent, field, None)
        if isinstance(body, list) and statement in body:
            at = body.index(statement)
            return body[at - 1] if at > 0 else None
    return None


def _on_flagged_lines(flagged: Flagged, node: ast.expr) -> bool:
    end = node.end_lineno or node.lineno
    return node.lineno <= flagged.end_line and end >= flagged.line


def _query(source: PythonSource, built: ast.expr, mark: str) -> Query | None:
    if isinstance(built, ast.JoinedStr):
        return _from_fstring(source, built, mark)
    if isinstance(built, ast.BinOp) and isinstance(built.op, ast.Mod):
        return _from_percent(source, built, mark)
    if isinstance(built, ast.BinOp) and isinstance(built.op, ast.Add):
        return _from_pieces(source, _added(built), mark)
    return None


def _from_fstring(source: PythonSource, built: ast.JoinedStr, mark: str) -> Query | None:
    pieces: list[ast.expr] = []
    for part in built.values:
        if isinstance(part, ast.FormattedValue):
            if part.conversion != -1 or part.format_spec is not None:
                return None
            pieces.append(part.value)
        else:
            pieces.append(part)
    return _from_pieces(source, pieces, mark)


def _from_percent(source: PythonSource, built: ast.BinOp, mark: str) -> Query | None:
    if not (isinstance(built.left, ast.Constant) and isinstance(built.left.value, str)):
        return None
    right = built.right
    values = right.elts if isinstance(right, ast.Tuple) else [right]
    if isinstance(right, ast.Dict) or any(isinstance(v, ast.Starred) for v in values):
        return None
    text, pieces = built.left.value.replace("%%", "\0"), []
    for value in values:
        at = min((i for m in PERCENT_MARKS if (i := text.find(m)) >= 0), default=-1)
        if at < 0:
            return None
        pieces += [ast.Constant(text[:at]), value]
        text = text[at + 2 :]
    if "%" in text:
        return None
    query = _from_pieces(source, [*pieces, ast.Constant(text)], mark)
    return Query(query.sql.replace("\0", "%"), query.values) if query else None


def _added(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_added(node.left), *_added(node.right)]
    return [node]


def _from_pieces(source: PythonSource, pieces: list[ast.expr], mark: str) -> Query | None:
    """Text pieces and values in turn: each value becomes a placeholder, and the quotes
    around it in the SQL go (the driver quotes it)."""
    sql, values, quote = "", [], ""
    for piece in pieces:
        if isinstance(piece, ast.Constant):
            if not isinstance(piece.value, str):
                return None
            text = piece.value
            sql += text[1:] if quote and text.startswith(quote) else text
            quote = ""
            continue
        quote = sql[-1] if sql[-1:] in ("'", '"') else ""
        sql = (sql[:-1] if quote else sql) + mark
        values.append(source.code(_unwrapped(piece)))
    return Query(sql, tuple(values))


def _unwrapped(node: ast.expr) -> ast.expr:
    """`str(x)` is `x` once the driver converts it."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "str"
        and len(node.args) == 1
    ):
        return node.args[0]
    return node


def _literal(sql: str) -> str:
    if "\n" in sql:
        return '"""' + sql.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'
    return repr(sql) if '"' in sql else '"' + sql.replace("\\", "\\\\") + '"'
