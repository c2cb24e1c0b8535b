"""Whether a piece of a built string can carry input from outside the code: request data,
superglobals, or a parameter of unknown origin. The object's own state (`$this->...`), the
configuration, constants, numbers and what other methods return are the code's own values."""

from __future__ import annotations

import re
from collections.abc import Callable

from tree_sitter import Node

from reviewer.analyzers.php.laravel import REQUEST_INPUT
from reviewer.analyzers.php.syntax import (
    CONSTANTS,
    MEMBER_CALLS,
    arguments,
    call_name,
    dynamic_parts,
    text,
)
from reviewer.analyzers.php.tracing import appended_values, assigned_values

# Functions whose result is made of their arguments' text: the argument decides.
PASS_THROUGH = frozenset(
    {
        *("trim", "ltrim", "rtrim", "strtolower", "strtoupper", "ucfirst", "lcfirst", "ucwords"),
        *("str_replace", "str_ireplace", "substr", "implode", "join", "sprintf", "vsprintf"),
        *("str_pad", "str_repeat", "preg_replace", "strval", "nl2br", "array_values"),
        *("array_keys", "array_merge", "array_unique", "array_filter", "array_map"),
    }
)
# Functions whose result is a number, a boolean or a quoted value whatever their argument.
NUMERIC = frozenset(
    {
        *("intval", "floatval", "boolval", "count", "strlen", "abs", "round", "floor", "ceil"),
        *("min", "max", "array_sum", "is_numeric", "time", "mt_rand", "random_int"),
    }
)
SAFE_TYPES = re.compile(r"(?i)^\??(int|float|bool|true|false|void|never|self|static)$")
UNSAFE_TYPES = re.compile(r"(?i)\b(string|mixed|array|iterable)\b")
FUNCTION_NODES = frozenset(
    {"method_declaration", "function_definition", "anonymous_function", "arrow_function"}
)
ACCESS = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
ARITHMETIC = frozenset({"+", "-", "*", "/", "%", "**", "<=>", "==", "===", "!=", "!==", "<", ">"})
MAX_DEPTH = 6
SOURCE_AND_VALUE = 2  # `foreach (source as value)`
# What methods return, new objects and numbers: the code's own values.
OWN_VALUES = frozenset(
    {
        *("integer", "float", "boolean", "null", "object_creation_expression"),
        *("unary_op_expression", "scoped_call_expression", *MEMBER_CALLS),
    }
)


# Request readers whose result is a number, a boolean or a date whatever was sent.
TYPED_READERS = frozenset({"integer", "float", "boolean", "date", "enum"})


def outside_input(node: Node, depth: int = 0) -> bool:
    """True when the value of `node` may hold text from outside the program."""
    if _typed(node):
        return False
    if node.type in _CHOOSERS and depth <= MAX_DEPTH:
        return _CHOOSERS[node.type](node, depth)
    if depth > MAX_DEPTH or REQUEST_INPUT.search(text(node)):
        return True
    kind = node.type
    if kind in CONSTANTS or kind in OWN_VALUES:
        return False
    reader = _READERS.get(kind)
    if reader is not None:
        return reader(node, depth)
    if kind in ACCESS:
        return _access_input(node, depth)
    if kind in ("string", "encapsed_string", "heredoc", "nowdoc"):
        return any(outside_input(p, depth + 1) for p in dynamic_parts(node) if p is not node)
    if kind in ("parenthesized_expression", "conditional_expression", "array_creation_expression"):
        return any(outside_input(p, depth + 1) for p in _values(node))
    return True


def _typed(node: Node) -> bool:
    """`(int) $request->id`, `intval(...)`, `$request->integer('id')`: a number or a boolean
    whatever the request held."""
    if node.type == "cast_expression":
        return not dynamic_parts(node)
    if node.type == "function_call_expression":
        return call_name(node).lower() in NUMERIC
    return node.type in MEMBER_CALLS and call_name(node) in TYPED_READERS


def _match_input(node: Node, depth: int) -> bool:
    """`match ($request->sort) { 'total' => 'total', default => 'created_at' }`: the arms'
    values decide, not the subject."""
    block = node.child_by_field_name("body")
    arms = block.named_children if block is not None else []
    values = [a.child_by_field_name("return_expression") for a in arms]
    return any(v is not None and outside_input(v, depth + 1) for v in values)


def _conditional_input(node: Node, depth: int) -> bool:
    """`$a ? $b : $c`: the branches decide; `in_array($sort, [...]) ? $sort : 'name'` keeps
    only a value of the allow-list."""
    condition = node.child_by_field_name("condition")
    branches = _values(node)
    if condition is not None and branches and _allow_list_check(condition, text(branches[0])):
        branches = branches[1:]
    return any(outside_input(b, depth + 1) for b in branches)


def _allow_list_check(condition: Node, value: str) -> bool:
    """`in_array($value, [...])` (or `array_key_exists`, `isset($map[$value])`)."""
    return re.search(ALLOW_LIST.format(value=re.escape(value)), text(condition)) is not None


ALLOW_LIST = r"^\s*(?:\\?in_array|\\?array_key_exists)\(\s*{value}\s*,"
# A guard before the use: `if (! in_array($sort, [...])) { abort(422); }`, `abort_unless(...)`.
GUARD = (
    r"(?:if\s*\(\s*!\s*(?:in_array|array_key_exists)\(\s*{value}\s*,[^;{{]*\)\s*\)\s*"
    r"\{{?\s*(?:abort|throw|return)"
    r"|abort_unless\(\s*(?:in_array|array_key_exists)\(\s*{value}\s*,"
    r"|throw_unless\(\s*(?:in_array|array_key_exists)\(\s*{value}\s*,)"
)


def _guarded_before(scope: Node, node: Node) -> bool:
    """The variable is checked against an allow-list before this use, and the code stops
    (abort, throw, return) when it is not in it."""
    before = (scope.text or b"")[: node.start_byte - scope.start_byte].decode(errors="replace")
    return re.search(GUARD.format(value=re.escape(text(node))), before) is not None


def _subscript_input(node: Node, depth: int) -> bool:
    return bool(node.named_children) and outside_input(node.named_children[0], depth + 1)


def _values(node: Node) -> list[Node]:
    if node.type == "conditional_expression":
        parts = [node.child_by_field_name(f) for f in ("body", "alternative")]
        return [p for p in parts if p is not None] or node.named_children[1:]
    if node.type == "array_creation_expression":
        return [
            element.named_children[-1] for element in node.named_children if element.named_children
        ]
    return list(node.named_children)


def _cast_input(node: Node, depth: int) -> bool:
    if not dynamic_parts(node):
        return False
    value = node.child_by_field_name("value")
    return value is not None and outside_input(value, depth + 1)


def _binary_input(node: Node, depth: int) -> bool:
    operator = text(node.child_by_field_name("operator"))
    if operator in ARITHMETIC:
        return False
    sides = [node.child_by_field_name(f) for f in ("left", "right")]
    return any(s is not None and outside_input(s, depth + 1) for s in sides)


def _function_input(node: Node, depth: int) -> bool:
    name = call_name(node).lower()
    if name in PASS_THROUGH:
        return any(outside_input(a, depth + 1) for a in arguments(node))
    return name not in NUMERIC and name in ("request", "input", "getenv", "file_get_contents")


def _access_input(node: Node, depth: int) -> bool:
    """`$this->prefix` is the object's own state; `$param->name` follows the parameter."""
    base = node.child_by_field_name("object")
    while base is not None and base.type in ACCESS:
        base = base.child_by_field_name("object")
    if base is None or text(base) == "$this":
        return False
    return base.type == "variable_name" and _variable_input(base, depth, object_access=True)


def _variable_input(node: Node, depth: int, *, object_access: bool = False) -> bool:
    """Follow a variable to where it was given its value: a parameter, an assignment, a loop."""
    name = text(node)
    if name == "$this":
        return False
    if re.match(r"\$_(GET|POST|REQUEST|COOKIE|SERVER|FILES)\b", name):
        return True
    parameter = _parameter(node, name)
    if parameter is not None:
        return _parameter_input(parameter, object_access=object_access)
    scope = _scope(node)
    if _guarded_before(scope, node):
        return False
    values = [*assigned_values(scope, node, before=node), *appended_values(scope, node, node)]
    loop = _loop_source(node, name)
    if loop is not None:
        values.append(loop)
    if not values:
        return not object_access
    return any(outside_input(v, depth + 1) for v in values)


def _scope(node: Node) -> Node:
    current = node.parent
    while current is not None and current.type not in ("method_declaration", "function_definition"):
        current = current.parent
    if current is not None:
        return current
    root = node
    while root.parent is not None:
        root = root.parent
    return root


def _parameter(node: Node, name: str) -> Node | None:
    """The parameter of an enclosing function (closures included) that declares the name."""
    current = node.parent
    while current is not None:
        if current.type in FUNCTION_NODES:
            params = current.child_by_field_name("parameters")
            for param in params.named_children if params is not None else []:
                if text(param.child_by_field_name("name")) == name:
                    return param
            if current.type in ("method_declaration", "function_definition"):
                return None
        current = current.parent
    return None


def _parameter_input(parameter: Node, *, object_access: bool) -> bool:
    """An untyped or string parameter carries whatever the caller passed; an int cannot."""
    declared = text(parameter.child_by_field_name("type"))
    if not declared:
        return not object_access
    if SAFE_TYPES.match(declared):
        return False
    if UNSAFE_TYPES.search(declared):
        return True
    return object_access and bool(REQUEST_INPUT.search(text(parameter)))


def _loop_source(node: Node, name: str) -> Node | None:
    """The collection a `foreach` takes the variable's values (or keys) from."""
    current = node.parent
    while current is not None and current.type not in FUNCTION_NODES:
        if current.type == "foreach_statement" and len(current.named_children) >= SOURCE_AND_VALUE:
            source, value = current.named_children[0], current.named_children[1]
            names = [text(c) for c in value.named_children] if value.type == "pair" else []
            if name == text(value) or name in names:
                return source
        current = current.parent
    return None


_CHOOSERS: dict[str, Callable[[Node, int], bool]] = {
    "match_expression": _match_input,
    "conditional_expression": _conditional_input,
}
_READERS: dict[str, Callable[[Node, int], bool]] = {
    "variable_name": _variable_input,
    "subscript_expression": _subscript_input,
    "function_call_expression": _function_input,
    "binary_expression": _binary_input,
    "cast_expression": _cast_input,
}
