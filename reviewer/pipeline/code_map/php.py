"""The shape of one PHP file, read on its tree-sitter tree: the complexity of each function
as the PHP analyzer measures it (decisions + 1), its classes, and what each builds or takes."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from reviewer.analyzers.php.context import ClassInfo, PhpFile, build
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import line, short_name, text
from reviewer.config.thresholds import PhpThresholds
from reviewer.languages.php.parser import parse
from reviewer.model import ClassLink, ClassNode, FunctionMeasure, LinkKind
from reviewer.pipeline.code_map.shape import Shape, is_collaborator

NAMES = frozenset({"name", "qualified_name"})
NOT_A_CLASS = frozenset({"self", "static", "parent"})
DATA_ROLES = frozenset({Role.MODEL, Role.VALUE_OBJECT, Role.ENUM})


def php_shape(path: str, data: bytes) -> Shape:
    """What the map of the code takes from one PHP file."""
    php = build(path, parse(data).root_node, PhpThresholds())
    functions = tuple(
        FunctionMeasure(path, line(f.node), f.qualified, len(php.decisions.get(f.node.id, [])) + 1)
        for f in php.functions
        if f.body is not None
    )
    named = [c for c in php.classes if c.name]
    classes = tuple(
        ClassNode(c.name, path, line(c.node), _is_abstract(c), c.role in DATA_ROLES) for c in named
    )
    return Shape(functions, classes, (*_constructed(php), *_taken(php)))


def _is_abstract(info: ClassInfo) -> bool:
    return info.is_interface or any(c.type == "abstract_modifier" for c in info.node.children)


def _constructed(php: PhpFile) -> Iterator[ClassLink]:
    """`new Foo(...)` inside a class, outside `throw`."""
    for creation in php.of("new"):
        owner = php.class_at(creation)
        target = _created(creation)
        if owner is None or not owner.name or target in (owner.name, ""):
            continue
        if not _thrown(creation):
            yield ClassLink(owner.name, target, LinkKind.CONSTRUCTS, php.path, line(creation))


def _created(creation: Node) -> str:
    found = next((c for c in creation.named_children if c.type in NAMES), None)
    name = short_name(text(found)) if found is not None else ""
    return name if name not in NOT_A_CLASS and is_collaborator(name) else ""


def _thrown(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type == "throw_expression"


def _taken(php: PhpFile) -> Iterator[ClassLink]:
    """The classes named in the types of a constructor's parameters."""
    for owner, parameter in _constructor_parameters(php):
        for name in _type_names(parameter.child_by_field_name("type")):
            if name != owner and is_collaborator(name):
                yield ClassLink(owner, name, LinkKind.DEPENDS, php.path, line(parameter))


def _constructor_parameters(php: PhpFile) -> Iterator[tuple[str, Node]]:
    """Each parameter of each named class's constructor, with the class's name."""
    for function in php.functions:
        owner = function.owner
        if function.name == "__construct" and owner is not None and owner.name:
            yield from ((owner.name, parameter) for parameter in function.parameters)


def _type_names(node: Node | None) -> Iterator[str]:
    if node is None:
        return
    if node.type == "named_type":
        yield short_name(text(node))
        return
    for child in node.named_children:
        yield from _type_names(child)
