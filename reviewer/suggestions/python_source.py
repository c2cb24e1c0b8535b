"""A flagged Python file's syntax tree with the means to change its text in place: the
offsets of nodes (the tree counts columns in UTF-8 bytes, the text in characters), their
source, the nodes on the flagged lines and each node's parent."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from reviewer.suggestions.base import Edit, Flagged, line_starts

Node = TypeVar("Node", bound=ast.AST)


@dataclass(frozen=True)
class PythonSource:
    """The flagged file's tree, its line starts and each node's parent."""

    flagged: Flagged
    tree: ast.Module
    starts: list[int]
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, flagged: Flagged) -> PythonSource | None:
        """The file's tree; None when it does not parse (it was reported elsewhere)."""
        try:
            tree = ast.parse(flagged.text)
        except (SyntaxError, ValueError):
            return None
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        return cls(flagged, tree, line_starts(flagged.text), parents)

    def offset(self, lineno: int, col: int) -> int:
        """The text offset of the tree's (line, byte column)."""
        begin = self.starts[lineno - 1]
        line = self.flagged.text[begin : self.starts[lineno]]
        return begin + len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))

    def start(self, node: ast.AST) -> int:
        """The text offset the node starts at."""
        return self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        """The text offset just past the node."""
        return self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def code(self, node: ast.AST) -> str:
        """The node's own text, as the user wrote it."""
        return self.flagged.text[self.start(node) : self.end(node)]

    def replace(self, node: ast.AST, content: str) -> Edit:
        """An edit putting `content` in place of the node's text."""
        return Edit(self.start(node), self.end(node), content)

    def insert_after(self, node: ast.AST, content: str) -> Edit:
        """An edit adding `content` just after the node."""
        return Edit(self.end(node), self.end(node), content)

    def flagged_nodes(self, kind: type[Node]) -> Iterator[Node]:
        """The nodes of a kind that start on the flagged lines, in the file's order."""
        first, last = self.flagged.line, self.flagged.end_line
        found = [n for n in ast.walk(self.tree) if isinstance(n, kind)]
        at = [n for n in found if first <= getattr(n, "lineno", 0) <= last]
        yield from sorted(at, key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]

    def enclosing(self, node: ast.AST, kind: type[Node]) -> Node | None:
        """The nearest node of a kind that holds this one, not past a function's edge."""
        current = self.parents.get(node)
        while current is not None:
            if isinstance(current, kind):
                return current
            if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                return None
            current = self.parents.get(current)
        return None

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The function the node is written in, if any."""
        current = self.parents.get(node)
        while current is not None:
            if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
                return current
            current = self.parents.get(current)
        return None

    def imports(self, module: str) -> bool:
        """Whether the file imports the module (or something from it)."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import) and any(a.name == module for a in node.names):
                return True
            if isinstance(node, ast.ImportFrom) and node.module == module:
                return True
        return False


def dotted(node: ast.AST) -> str:
    """`a.b.c` for a name or an attribute chain; empty for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    """The call's keyword argument of that name, if it passes one."""
    return next((k for k in call.keywords if k.arg == name), None)


def spreads_keywords(call: ast.Call) -> bool:
    """Whether the call passes `**kwargs`, which may hold any keyword already."""
    return any(k.arg is None for k in call.keywords)


def last_argument(call: ast.Call) -> ast.AST | None:
    """The argument written last, positional or keyword."""
    arguments: list[ast.AST] = [*call.args, *call.keywords]
    return max(arguments, key=lambda a: (a.end_lineno, a.end_col_offset), default=None)  # type: ignore[attr-defined]


def with_keyword(source: PythonSource, call: ast.Call, added: str) -> Edit | None:
    """An edit that adds `name=value` as the call's last argument; None for a call whose
    closing parenthesis is not where it should be."""
    last = last_argument(call)
    if last is not None:
        return source.insert_after(last, f", {added}")
    closing = source.end(call) - 1
    if source.flagged.text[closing] != ")":
        return None
    return Edit(closing, closing, added)
