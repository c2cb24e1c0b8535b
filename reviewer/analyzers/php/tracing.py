"""Local data flow: the values a variable was given earlier in the same function."""

from __future__ import annotations

from tree_sitter import Node

from reviewer.analyzers.php.syntax import text
from reviewer.languages.php.parser import matches, query

ASSIGNMENTS = """
(assignment_expression left: (variable_name) @left right: (_) @right)
(augmented_assignment_expression left: (variable_name) @left right: (_) @right)
"""


def assigned_values(scope: Node, variable: Node, before: Node) -> list[Node]:
    """Right-hand sides assigned (or appended with `.=`) to `variable` in `scope` before a node."""
    name = text(variable)
    found: list[Node] = []
    for match in matches(query(ASSIGNMENTS), scope):
        left, right = match["left"][0], match["right"][0]
        if text(left) == name and right.end_byte <= before.start_byte:
            found.append(right)
    return sorted(found, key=lambda n: n.start_byte)


APPENDS = """
(assignment_expression left: (subscript_expression (variable_name) @array) right: (_) @right)
"""


def appended_values(scope: Node, variable: Node, before: Node) -> list[Node]:
    """Values put into the array `variable` (`$parts[] = ...`) before a node."""
    name = text(variable)
    found: list[Node] = []
    for match in matches(query(APPENDS), scope):
        array, right = match["array"][0], match["right"][0]
        if text(array) == name and right.end_byte <= before.start_byte:
            found.append(right)
    return sorted(found, key=lambda n: n.start_byte)
