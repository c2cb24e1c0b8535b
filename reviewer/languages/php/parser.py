"""One tree-sitter PHP parser per process, compiled queries, and the first syntax error."""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping

import tree_sitter_php
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

_PARSE_LOCK = threading.Lock()


@functools.cache
def language() -> Language:
    """The PHP grammar (PHP mixed with HTML, as files on disk are)."""
    return Language(tree_sitter_php.language_php())


@functools.cache
def _parser() -> Parser:
    return Parser(language())


def parse(source: bytes) -> Tree:
    """The syntax tree of PHP source; the parser is shared, so calls are serialised."""
    with _PARSE_LOCK:
        return _parser().parse(source)


@functools.cache
def query(source: str) -> Query:
    """A query compiled once per process and reused for every file."""
    return Query(language(), source)


def captures(compiled: Query, node: Node) -> Mapping[str, list[Node]]:
    """Every capture of a query below a node, by capture name, in document order."""
    found = QueryCursor(compiled).captures(node)
    return {name: sorted(nodes, key=lambda n: n.start_byte) for name, nodes in found.items()}


def first_error_line(tree: Tree) -> int | None:
    """The 1-based line of the first ERROR or MISSING node, or None when the tree is clean."""
    node = tree.root_node
    if not node.has_error:
        return None
    while not (node.is_error or node.is_missing):
        child = next((c for c in node.children if c.has_error), None)
        if child is None:
            break
        node = child
    return node.start_point.row + 1


def matches(compiled: Query, node: Node) -> list[Mapping[str, list[Node]]]:
    """Every match of a query below a node, each as its captures by name."""
    return [found for _, found in QueryCursor(compiled).matches(node)]
