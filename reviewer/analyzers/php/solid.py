"""SOLID in classes: `new` of collaborators (DIP), fat interfaces (ISP), and overrides that
refuse to work (LSP)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.controllers import head
from reviewer.analyzers.php.dispatch import FACTORY_METHODS
from reviewer.analyzers.php.roles import WIRING_ROLES, Role
from reviewer.analyzers.php.syntax import arguments, short_name, statements, text
from reviewer.model import Finding

INFRASTRUCTURE = re.compile(
    r"(Service|Repository|Gateway|Client|Mailer|Notifier|Sender|Logger|Manager|Connection"
    r"|Adapter|Api|Processor|Calculator|Cache|Storage|Publisher|Dispatcher|Importer|Exporter)$"
    r"|^(PDO|mysqli|Redis|Memcached|PHPMailer|SoapClient)$"
)
REFUSAL_EXCEPTIONS = re.compile(
    r"BadMethodCall|NotImplemented|Unsupported|NotSupported|^LogicException$"
)
REFUSAL_TEXT = re.compile(r"(?i)not (supported|implemented|available)|unsupported|not allowed here")
DEFAULTING = frozenset({"??", "?:"})


def new_dependency(php: PhpFile) -> Iterator[Finding]:
    """`new` of a service or infrastructure class inside a constructor or method."""
    for creation in php.of("new"):
        function = php.function_at(creation)
        created = short_name(text(class_node(creation)))
        if function is None or not _is_hidden_dependency(function, creation, created):
            continue
        place = "its constructor" if function.name == "__construct" else f"`{function.qualified}`"
        owner = function.owner.name if function.owner is not None else function.name
        message = f"`{owner}` creates `{created}` with `new` in {place}"
        yield php.finding("new-dependency", creation, message, {"class": created})


def _is_hidden_dependency(function: FunctionInfo, creation: Node, created: str) -> bool:
    """A service built inside ordinary code, not in a factory, the wiring, or as a default."""
    if function.role in WIRING_ROLES:
        return False
    if function.is_static and function.name in FACTORY_METHODS:
        return False
    if not INFRASTRUCTURE.search(created) or created.startswith("Spl"):
        return False
    return not _is_factory_result(creation)


def _is_factory_result(creation: Node) -> bool:
    """`return new X(...)` (a factory method) or `$given ?? new X()` (a default for injection)."""
    parent = creation.parent
    if parent is None:
        return False
    if parent.type in ("return_statement", "conditional_expression"):
        return True
    operator = text(parent.child_by_field_name("operator"))
    return parent.type == "binary_expression" and operator in DEFAULTING


def class_node(creation: Node) -> Node | None:
    """The class name of a `new` expression (None for anonymous classes and `new $class`)."""
    return next((c for c in creation.named_children if c.type in ("name", "qualified_name")), None)


def fat_interface(php: PhpFile) -> Iterator[Finding]:
    """An interface that asks implementers for many methods."""
    for owner in php.classes:
        if not owner.is_interface:
            continue
        body = owner.node.child_by_field_name("body")
        methods = [m for m in statements(body) if m.type == "method_declaration"]
        if len(methods) >= php.thresholds.min_interface_methods:
            names = [text(m.child_by_field_name("name")) for m in methods]
            message = f"`{owner.name}` declares {len(methods)} methods: {', '.join(names)}"
            extras = {"metric": len(methods), "methods": names}
            yield php.finding("fat-interface", owner.node, message, extras)


def throwing_override(php: PhpFile) -> Iterator[Finding]:
    """A method of a subclass or implementation whose only statement throws 'not supported'."""
    for function in php.functions:
        if not _overrides(function):
            continue
        body = statements(function.body)
        thrown = _thrown(body[0]) if len(body) == 1 else None
        if thrown is not None and _refuses(thrown):
            exception = short_name(text(class_node(thrown)))
            message = f"`{function.qualified}` only throws `{exception}` instead of behaving"
            yield php.finding("throwing-override", head(function), message)


def _overrides(function: FunctionInfo) -> bool:
    """A non-magic method of a class that extends or implements something."""
    owner = function.owner
    if owner is None or owner.is_interface or owner.role in (Role.EXCEPTION, Role.TEST):
        return False
    return bool(owner.extends or owner.implements) and not function.name.startswith("__")


def _thrown(statement: Node) -> Node | None:
    expression = statement.named_children[0] if statement.named_child_count else None
    if statement.type != "expression_statement" or expression is None:
        return None
    if expression.type != "throw_expression" or not expression.named_children:
        return None
    created = expression.named_children[0]
    return created if created.type == "object_creation_expression" else None


def _refuses(creation: Node) -> bool:
    name = short_name(text(class_node(creation)))
    said = " ".join(text(a) for a in arguments(creation))
    return bool(REFUSAL_EXCEPTIONS.search(name) or REFUSAL_TEXT.search(said))
