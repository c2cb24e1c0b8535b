"""The PHP classes, methods and functions of a file, read with tree-sitter."""

from __future__ import annotations

import functools
from pathlib import Path

from tree_sitter import Node

from reviewer.languages.base import NO_OUTLINE, Outline, Span, Stamp, file_stamp, outline_from
from reviewer.languages.php.parser import captures, parse, query

SPANS = """
[(class_declaration name: (name) @name) (interface_declaration name: (name) @name)
 (trait_declaration name: (name) @name) (enum_declaration name: (name) @name)] @class
[(method_declaration name: (name) @name) (function_definition name: (name) @name)] @function
"""
CLASS_KINDS = frozenset(
    {"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"}
)
OWNERS = CLASS_KINDS | {"anonymous_class"}


def outline_on_disk(path: str) -> Outline:
    """Every named class, interface, trait, enum, method (`Class::method`) and function of a
    PHP file as it is on disk now, from its first line (attributes included) to its last."""
    return _outline(file_stamp(path))


@functools.lru_cache(maxsize=256)
def _outline(stamp: Stamp) -> Outline:
    try:
        root = parse(Path(stamp[0]).read_bytes()).root_node
    except (OSError, ValueError):
        return NO_OUTLINE
    found = captures(query(SPANS), root)
    declarations = [*found.get("class", []), *found.get("function", [])]
    spans = sorted((_span(node) for node in declarations), key=lambda s: (s.first, -s.last))
    return outline_from(spans)


def _span(node: Node) -> Span:
    name_node = node.child_by_field_name("name")
    name = _name(node)
    owner = _owner(node)
    label = f"{owner}::{name}" if owner and node.type == "method_declaration" else name
    header = name_node.start_point.row + 1 if name_node is not None else node.start_point.row + 1
    return Span(node.start_point.row + 1, header, node.end_point.row + 1, label)


def _name(node: Node) -> str:
    name = node.child_by_field_name("name")
    return name.text.decode("utf-8", errors="replace") if name and name.text else ""


def _owner(node: Node) -> str:
    parent = node.parent
    while parent is not None and parent.type not in OWNERS:
        parent = parent.parent
    return _name(parent) if parent is not None else ""
