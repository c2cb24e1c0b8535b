"""Small helpers that read tree-sitter-php nodes: names, arguments, strings, statements."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tree_sitter import Node

CALLS = frozenset(
    {
        "function_call_expression",
        "member_call_expression",
        "nullsafe_member_call_expression",
        "scoped_call_expression",
    }
)
MEMBER_CALLS = frozenset({"member_call_expression", "nullsafe_member_call_expression"})
LITERALS = frozenset(
    {"string", "integer", "float", "boolean", "null", "nowdoc", "class_constant_access_expression"}
)
CONSTANTS = LITERALS | {"name", "qualified_name"}
STRING_PIECES = frozenset({"string_content", "escape_sequence", "heredoc_start", "heredoc_end"})
SAFE_CASTS = frozenset({"int", "integer", "float", "double", "bool", "boolean"})
FORMATTERS = frozenset({"sprintf", "vsprintf"})
LOOPS = frozenset({"foreach_statement", "for_statement", "while_statement", "do_statement"})
FUNCTION_BOUNDARIES = frozenset(
    {"method_declaration", "function_definition", "anonymous_function", "arrow_function"}
)


def text(node: Node | None) -> str:
    """The source text of a node, decoded leniently."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", errors="replace")


def line(node: Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_point.row + 1


def end_line(node: Node) -> int:
    """The 1-based line a node ends on."""
    return node.end_point.row + 1


def short_name(name: str) -> str:
    """`\\App\\Models\\Order` -> `Order`."""
    return name.rsplit("\\", 1)[-1]


def call_name(call: Node) -> str:
    """The bare name a call invokes: `exec`, `where`, `select` (namespace removed)."""
    field = "function" if call.type == "function_call_expression" else "name"
    return short_name(text(call.child_by_field_name(field)))


def scope_name(call: Node) -> str:
    """The class a static call is made on (`DB` for `DB::select`), or an empty string."""
    if call.type != "scoped_call_expression":
        return ""
    return short_name(text(call.child_by_field_name("scope")))


def receiver(call: Node) -> Node | None:
    """The object of a member call, or the scope of a static call."""
    field = "scope" if call.type == "scoped_call_expression" else "object"
    return call.child_by_field_name(field)


def arguments(call: Node) -> list[Node]:
    """The argument expressions of a call or `new`, in order (names and spreads dropped)."""
    args = call.child_by_field_name("arguments")
    if args is None:
        args = next((c for c in call.named_children if c.type == "arguments"), None)
    if args is None:
        return []
    values = [a.named_children[-1] for a in args.named_children if a.type == "argument"]
    return [v for v in values if v is not None]


def is_literal(node: Node) -> bool:
    """A constant string, number, boolean or null (an interpolation-free string included)."""
    return not dynamic_parts(node) and node.type != "array_creation_expression"


def dynamic_parts(node: Node) -> list[Node]:
    """The non-constant pieces a string expression is built from (interpolations, operands)."""
    if node.type in CONSTANTS:
        return []
    reader = _PART_READERS.get(node.type)
    parts = reader(node) if reader is not None else None
    return [node] if parts is None else parts


def _string_parts(node: Node) -> list[Node]:
    pieces = [c for c in node.named_children if c.type not in STRING_PIECES]
    return [p for c in pieces for p in (dynamic_parts(c) if c.type == "heredoc_body" else [c])]


def _concatenation_parts(node: Node) -> list[Node] | None:
    if text(node.child_by_field_name("operator")) != ".":
        return None
    return _fields_parts(node, ("left", "right"))


def _conditional_parts(node: Node) -> list[Node]:
    has_body = node.child_by_field_name("body") is not None
    return _fields_parts(node, ("body" if has_body else "condition", "alternative"))


def _parenthesized_parts(node: Node) -> list[Node] | None:
    return dynamic_parts(node.named_children[0]) if node.named_children else None


def _cast_parts(node: Node) -> list[Node] | None:
    safe = text(node.child_by_field_name("type")).lower() in SAFE_CASTS
    return [] if safe else None


def _formatter_parts(node: Node) -> list[Node] | None:
    if call_name(node) not in FORMATTERS:
        return None
    return [p for arg in arguments(node) for p in dynamic_parts(arg)]


def _fields_parts(node: Node, fields: tuple[str, ...]) -> list[Node]:
    children = [node.child_by_field_name(f) for f in fields]
    return [p for child in children if child is not None for p in dynamic_parts(child)]


# How each kind of expression contributes pieces; None from a reader means "the node itself".
_PART_READERS: dict[str, Callable[[Node], list[Node] | None]] = {
    "encapsed_string": _string_parts,
    "heredoc": _string_parts,
    "heredoc_body": _string_parts,
    "shell_command_expression": _string_parts,
    "binary_expression": _concatenation_parts,
    "conditional_expression": _conditional_parts,
    "parenthesized_expression": _parenthesized_parts,
    "cast_expression": _cast_parts,
    "function_call_expression": _formatter_parts,
}


def is_string_building(node: Node) -> bool:
    """An expression that assembles a string: interpolation, concatenation or sprintf."""
    if node.type in ("encapsed_string", "heredoc"):
        return True
    if node.type == "binary_expression":
        return text(node.child_by_field_name("operator")) == "."
    return node.type == "function_call_expression" and call_name(node) in FORMATTERS


def built_parts(node: Node) -> list[Node]:
    """The dynamic pieces of a string-building expression (sprintf's arguments included)."""
    return dynamic_parts(node)


def ancestors(node: Node, stop: frozenset[str] = FUNCTION_BOUNDARIES) -> Iterator[Node]:
    """Parents of a node, innermost first, up to (not including) a function boundary."""
    parent = node.parent
    while parent is not None and parent.type not in stop:
        yield parent
        parent = parent.parent


def descendants(node: Node, types: frozenset[str]) -> Iterator[Node]:
    """Descendants of the given types, in document order."""
    cursor = node.walk()
    if not cursor.goto_first_child():
        return
    while True:
        current = cursor.node
        if current is not None and current.type in types:
            yield current
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.depth == 0:
                return


def statements(body: Node | None) -> list[Node]:
    """The statements of a block, comments left out."""
    if body is None:
        return []
    return [c for c in body.named_children if c.type != "comment"]
