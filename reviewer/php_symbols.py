"""The PHP class, method or function around a line, read with tree-sitter."""

from __future__ import annotations

import functools
from pathlib import Path

from tree_sitter import Node

from reviewer.analyzers.php.parser import captures, parse, query

SPANS = """
[(class_declaration name: (name) @name) (interface_declaration name: (name) @name)
 (trait_declaration name: (name) @name) (enum_declaration name: (name) @name)] @class
[(method_declaration name: (name) @name) (function_definition name: (name) @name)] @function
"""
CLASS_KINDS = frozenset(
    {"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"}
)


@functools.lru_cache(maxsize=256)
def _php_spans(path: str) -> tuple[tuple[int, int, str], ...]:
    """(first line, last line, `Class::method` or name) of every declaration in a file."""
    try:
        root = parse(Path(path).read_bytes()).root_node
    except (OSError, ValueError):
        return ()
    found = captures(query(SPANS), root)
    declarations = [*found.get("class", []), *found.get("function", [])]
    return tuple(sorted((_span(node) for node in declarations), key=lambda s: (s[0], -s[1])))


def _span(node: Node) -> tuple[int, int, str]:
    name = _name(node)
    owner = _owner(node)
    label = f"{owner}::{name}" if owner and node.type == "method_declaration" else name
    return node.start_point.row + 1, node.end_point.row + 1, label


def _name(node: Node) -> str:
    name = node.child_by_field_name("name")
    return name.text.decode("utf-8", errors="replace") if name and name.text else ""


def _owner(node: Node) -> str:
    parent = node.parent
    while parent is not None and parent.type not in (*CLASS_KINDS, "anonymous_class"):
        parent = parent.parent
    return _name(parent) if parent is not None else ""


def php_symbol_at(path: str, line: int) -> str:
    """The innermost class, method (`Class::method`) or function holding a 1-based line."""
    holding = [(start, -end, name) for start, end, name in _php_spans(path) if start <= line <= end]
    return max(holding)[2] if holding else ""
