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
    return _values_before(ASSIGNMENTS, "left", scope, variable, before)


APPENDS = """
(assignment_expression left: (subscript_expression (variable_name) @array) right: (_) @right)
"""


def appended_values(scope: Node, variable: Node, before: Node) -> list[Node]:
    """Values put into the array `variable` (`$parts[] = ...`) before a node."""
    return _values_before(APPENDS, "array", scope, variable, before)


def _values_before(
    pattern: str, target: str, scope: Node, variable: Node, before: Node
) -> list[Node]:
    """The `@right` captures of `pattern` whose `target` capture is `variable`, before a node."""
    name = text(variable)
    found: list[Node] = []
    for match in matches(query(pattern), scope):
        held, right = match[target][0], match["right"][0]
        if text(held) == name and right.end_byte <= before.start_byte:
            found.append(right)
    return sorted(found, key=lambda n: n.start_byte)
