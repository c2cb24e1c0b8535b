"""The PHP class, method or function around a line, read with tree-sitter."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

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
OWNERS = CLASS_KINDS | {"anonymous_class"}


class PhpSpan(NamedTuple):
    """A class or function: from its first line (attributes included) to its last; `header`
    is the line of its name."""

    first: int
    header: int
    last: int
    name: str


def _stamp(path: str) -> tuple[str, int, int]:
    """The path with its modification time and size, so an edited file is read again."""
    try:
        resolved = Path(path).resolve()
        status = resolved.stat()
    except (OSError, RuntimeError):
        return (path, 0, 0)
    return (str(resolved), status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=256)
def _spans(stamp: tuple[str, int, int]) -> tuple[PhpSpan, ...]:
    try:
        root = parse(Path(stamp[0]).read_bytes()).root_node
    except (OSError, ValueError):
        return ()
    found = captures(query(SPANS), root)
    declarations = [*found.get("class", []), *found.get("function", [])]
    return tuple(sorted((_span(node) for node in declarations), key=lambda s: (s.first, -s.last)))


def _span(node: Node) -> PhpSpan:
    name_node = node.child_by_field_name("name")
    name = _name(node)
    owner = _owner(node)
    label = f"{owner}::{name}" if owner and node.type == "method_declaration" else name
    header = name_node.start_point.row + 1 if name_node is not None else node.start_point.row + 1
    return PhpSpan(node.start_point.row + 1, header, node.end_point.row + 1, label)


def _name(node: Node) -> str:
    name = node.child_by_field_name("name")
    return name.text.decode("utf-8", errors="replace") if name and name.text else ""


def _owner(node: Node) -> str:
    parent = node.parent
    while parent is not None and parent.type not in OWNERS:
        parent = parent.parent
    return _name(parent) if parent is not None else ""


def php_spans(path: str) -> tuple[PhpSpan, ...]:
    """Every named class, interface, trait, enum, method and function of a PHP file."""
    return _spans(_stamp(path))


def php_enclosing(path: str, line: int) -> list[PhpSpan]:
    """Every declaration that holds the line, outermost first."""
    return [s for s in php_spans(path) if s.first <= line <= s.last]


def php_symbol_at(path: str, line: int) -> str:
    """The innermost class, method (`Class::method`) or function holding a 1-based line."""
    holding = php_enclosing(path, line)
    return max(holding, key=lambda s: (s.first, -s.last)).name if holding else ""
