"""Readability: complex, long and many-parameter methods, missing types, missing strict types."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.scaffolding import keeps_skeleton_style
from reviewer.analyzers.php.syntax import text
from reviewer.model import Finding, Severity

VERY_COMPLEX = 20
NO_RETURN_TYPE = frozenset({"__construct", "__destruct"})
PARAMETERS = frozenset({"simple_parameter", "variadic_parameter", "property_promotion_parameter"})
SCALAR_TYPES = frozenset(
    {"int", "string", "bool", "float", "array", "mixed", "callable", "iterable", "object", "null"}
)


def _head(function: FunctionInfo) -> Node:
    return function.node.child_by_field_name("name") or function.node


def complex_method(php: PhpFile) -> Iterator[Finding]:
    """Cyclomatic complexity (decisions + 1) above the configured limit."""
    for function in php.functions:
        complexity = len(php.decisions.get(function.node.id, [])) + 1
        if complexity > php.thresholds.max_complexity:
            message = f"`{function.qualified}` has a cyclomatic complexity of {complexity}"
            raised = Severity.MAJOR if complexity > VERY_COMPLEX else None
            extras = {"metric": complexity}
            yield php.finding("complex-method", function.node, message, extras, raised)


def long_method(php: PhpFile) -> Iterator[Finding]:
    """More statements than the configured limit in one method or function."""
    counts: dict[int, int] = {}
    for statement in php.of("statement"):
        if statement.type == "comment":
            continue
        function = php.function_at(statement)
        if function is not None:
            counts[function.node.id] = counts.get(function.node.id, 0) + 1
    for function in php.functions:
        count = counts.get(function.node.id, 0)
        if count > php.thresholds.max_statements:
            message = f"`{function.qualified}` runs {count} statements"
            yield php.finding("long-method", function.node, message, {"metric": count})


def many_parameters(php: PhpFile) -> Iterator[Finding]:
    """More parameters than the configured limit. Constructors of value objects, and those
    that only promote their parameters to properties (a job's payload, injected services),
    declare the class's state, which a parameter object would only move."""
    for function in php.functions:
        parameters = [p for p in function.parameters if p.type in PARAMETERS]
        if len(parameters) <= php.thresholds.max_args or _declares_state(function, parameters):
            continue
        count = len(parameters)
        message = f"`{function.qualified}` takes {count} parameters"
        yield php.finding("many-parameters", _head(function), message, {"metric": count})


def _declares_state(function: FunctionInfo, parameters: list[Node]) -> bool:
    """A constructor that declares the class's state (or a value object's named constructor),
    or a controller action whose every parameter the container injects or the route binds:
    no caller lists them by hand."""
    if function.role is Role.CONTROLLER and function.name != "__construct":
        return all(_class_typed(p) for p in parameters)
    if function.role is Role.VALUE_OBJECT and function.is_static:
        return True  # a named constructor (`make`, `fromArray`) mirrors the constructor
    if function.name != "__construct":
        return False
    promoted = all(p.type == "property_promotion_parameter" for p in parameters)
    return promoted or function.role is Role.VALUE_OBJECT


def _class_typed(parameter: Node) -> bool:
    declared = text(parameter.child_by_field_name("type")).lstrip("?").lower()
    return bool(declared) and declared not in SCALAR_TYPES and "|" not in declared


def missing_types(php: PhpFile) -> Iterator[Finding]:
    """Parameters without a type, or a function without a return type, once per function."""
    for function in php.functions:
        if function.role is Role.TEST:
            continue
        untyped = [
            text(p.child_by_field_name("name"))
            for p in function.parameters
            if p.type in PARAMETERS and p.child_by_field_name("type") is None
        ]
        no_return = (
            function.node.child_by_field_name("return_type") is None
            and function.name not in NO_RETURN_TYPE
        )
        if untyped or no_return:
            message = f"`{function.qualified}` declares {_missing(untyped, no_return)}"
            yield php.finding("missing-types", _head(function), message, {"parameters": untyped})


def _missing(untyped: list[str], no_return: bool) -> str:
    parts = []
    if untyped:
        names = ", ".join(f"`{name}`" for name in untyped)
        parts.append(f"no type for {names}")
    if no_return:
        parts.append("no return type")
    return " and ".join(parts)


def missing_strict_types(php: PhpFile) -> Iterator[Finding]:
    """A file declaring classes or functions without `declare(strict_types=1)`; files the
    framework scaffolded, and the skeleton's files a project keeps, keep the framework's style."""
    if keeps_skeleton_style(php.path, text(php.root)):
        return
    declares = any(c.name for c in php.classes) or any(f.owner is None for f in php.functions)
    if not declares or any(_is_strict(d) for d in php.of("declare")):
        return
    first = php.root.named_children[0] if php.root.named_child_count else php.root
    name = php.path.rsplit("/", 1)[-1]
    message = f"`{name}` does not declare `strict_types=1`"
    yield php.finding("missing-strict-types", first, message)


def _is_strict(declare: Node) -> bool:
    compact = "".join(text(declare).split())
    return "strict_types=1" in compact
