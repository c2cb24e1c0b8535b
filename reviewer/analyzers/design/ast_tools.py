"""Small questions about `ast` nodes that several detectors ask."""

from __future__ import annotations

import ast
from collections.abc import Iterable

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
ScopeNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
LoopNode = ast.For | ast.AsyncFor | ast.While
ComprehensionNode = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp

NOT_IMPLEMENTED = frozenset({"NotImplementedError", "NotImplemented"})


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of names and attributes, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def call_name(call: ast.Call) -> str:
    """The dotted name of what a call calls, or an empty string."""
    return dotted(call.func) or ""


def last_name(node: ast.AST) -> str:
    """The last identifier of a name, attribute or call, e.g. `conn` for `self.conn`."""
    if isinstance(node, ast.Call):
        return last_name(node.func)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def name_tokens(name: str) -> frozenset[str]:
    """The lower-case words of an identifier: `_menu_cache` -> {menu, cache}."""
    words: list[str] = []
    current = ""
    for char in name:
        if char == "_":
            words.append(current)
            current = ""
        elif char.isupper() and current and not current[-1].isupper():
            words.append(current)
            current = char
        else:
            current += char
    words.append(current)
    return frozenset(w.lower() for w in words if w)


def count_statements(nodes: Iterable[ast.AST]) -> int:
    """How many of the nodes are statements."""
    return sum(1 for node in nodes if isinstance(node, ast.stmt))


def without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    """A body without its leading docstring."""
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        return body[1:] if isinstance(first.value.value, str) else body
    return body


def raises_not_implemented(statement: ast.stmt) -> bool:
    """True for `raise NotImplementedError` with or without a message."""
    if not isinstance(statement, ast.Raise) or statement.exc is None:
        return False
    exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
    return last_name(exc) in NOT_IMPLEMENTED


def is_stub_body(body: list[ast.stmt]) -> bool:
    """A body that does nothing: `pass`, `...`, a docstring, or `raise NotImplementedError`."""
    rest = without_docstring(body)
    if not rest:
        return True
    if len(rest) != 1:
        return False
    only = rest[0]
    if isinstance(only, ast.Pass) or raises_not_implemented(only):
        return True
    return isinstance(only, ast.Expr) and isinstance(only.value, ast.Constant)


def decorator_names(node: FunctionNode | ast.ClassDef) -> frozenset[str]:
    """The last names of a definition's decorators: `abc.abstractmethod` -> abstractmethod."""
    return frozenset(last_name(d) for d in node.decorator_list)


def is_abstract(function: FunctionNode) -> bool:
    return "abstractmethod" in decorator_names(function)


def methods(cls: ast.ClassDef) -> list[FunctionNode]:
    """The functions defined directly in a class body."""
    return [node for node in cls.body if isinstance(node, FunctionNode)]


def is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def string_text(node: ast.AST) -> str | None:
    """The literal text of a string constant or the constant parts of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        return "".join(str(p) for p in parts)
    return None


def is_main_guard(node: ast.AST) -> bool:
    """True for `if __name__ == "__main__":`."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    sides = [node.test.left, *node.test.comparators]
    names = {dotted(side) for side in sides}
    values = {side.value for side in sides if isinstance(side, ast.Constant)}
    return "__name__" in names and "__main__" in values


def base_name(expr: ast.expr) -> ast.expr:
    """A base class expression without its subscript: `Generic[T]` -> `Generic`."""
    return expr.value if isinstance(expr, ast.Subscript) else expr
