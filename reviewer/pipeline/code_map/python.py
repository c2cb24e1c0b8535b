"""The shape of one Python file, read on its syntax tree (parsed, never run): the complexity
of each function as radon measures it, its classes, and what each class builds or takes."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from reviewer.model import ClassLink, ClassNode, FunctionMeasure, LinkKind
from reviewer.pipeline.code_map.shape import Shape, is_collaborator
from reviewer.suggestions.python_source import dotted

ABSTRACT_BASES = frozenset({"Protocol", "ABC"})
DATA_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "NamedTuple", "TypedDict"})
# Calls that make a collaborator without naming a class: `sqlite3.connect(...)`.
FACTORIES = frozenset({"connect", "create_engine", "create_connection", "Session"})


def python_shape(path: str, code: str) -> Shape:
    """What the map of the code takes from one Python file; SyntaxError when it does not
    parse, RecursionError when radon cannot walk it."""
    from radon.visitors import ComplexityVisitor

    from reviewer.languages.pyast import exclusive

    with exclusive():  # CPython 3.11 builds trees one thread at a time (see pyast)
        tree = ast.parse(code)
    blocks = ComplexityVisitor.from_ast(tree).blocks
    functions = tuple(
        FunctionMeasure(path, b.lineno, b.fullname, b.complexity)
        for b in blocks
        if b.letter in ("F", "M")
    )
    classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    nodes = tuple(
        ClassNode(c.name, path, c.lineno, _is_abstract(c), _holds_data(c)) for c in classes
    )
    links = tuple(link for c in classes for link in _links(path, c))
    fields = tuple(link for c in classes for link in _field_links(path, c))
    return Shape(functions, nodes, links, fields)


def _is_abstract(node: ast.ClassDef) -> bool:
    bases = {_base_name(base) for base in node.bases}
    metaclass = any(k.arg == "metaclass" and _name(k.value) == "ABCMeta" for k in node.keywords)
    return bool(bases & ABSTRACT_BASES) or metaclass or _has_abstract_method(node)


def _holds_data(node: ast.ClassDef) -> bool:
    """A dataclass, an enum or a named tuple, or a class with no method but dunders."""
    if _is_dataclass(node) or {_base_name(b) for b in node.bases} & DATA_BASES:
        return True
    methods = [i for i in node.body if isinstance(i, ast.FunctionDef | ast.AsyncFunctionDef)]
    return not _is_abstract(node) and all(m.name.startswith("__") for m in methods)


def _has_abstract_method(node: ast.ClassDef) -> bool:
    return any(
        _name(decorator) == "abstractmethod"
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
        for decorator in item.decorator_list
    )


def _base_name(node: ast.expr) -> str:
    return _name(node.value) if isinstance(node, ast.Subscript) else _name(node)


def _name(node: ast.expr) -> str:
    """The last part of a name as written: `SMTP` for `smtplib.SMTP`, "" for other nodes."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _links(path: str, node: ast.ClassDef) -> Iterator[ClassLink]:
    yield from _constructed(path, node)
    yield from _taken(path, node, _init_annotations(node))


def _field_links(path: str, node: ast.ClassDef) -> Iterator[ClassLink]:
    """What a dataclass's fields take (its generated constructor's parameters)."""
    if _is_dataclass(node):
        fields = ((i.annotation, i.lineno) for i in node.body if isinstance(i, ast.AnnAssign))
        yield from _taken(path, node, fields)


def _constructed(path: str, node: ast.ClassDef) -> Iterator[ClassLink]:
    """`Foo(...)` (or `module.connect(...)`) in the class's methods, outside `raise`."""
    raised = {id(n) for r in ast.walk(node) if isinstance(r, ast.Raise) for n in ast.walk(r)}
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and id(n) not in raised]
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
        target = _made(call.func)
        if target and _name(call.func) != node.name:
            yield ClassLink(node.name, target, LinkKind.CONSTRUCTS, path, call.lineno)


def _made(func: ast.expr) -> str:
    """The class (or factory) a call makes, as written; "" when it makes none we show."""
    name, written = _name(func), dotted(func)
    if not written:
        return ""
    if isinstance(func, ast.Attribute) and name in FACTORIES:
        return written
    return written if is_collaborator(name) else ""


def _taken(
    path: str, node: ast.ClassDef, annotations: Iterable[tuple[ast.expr, int]]
) -> Iterator[ClassLink]:
    """The classes the annotations name."""
    for annotation, line in annotations:
        for name in _annotated_names(annotation):
            if name != node.name and is_collaborator(name):
                yield ClassLink(node.name, name, LinkKind.DEPENDS, path, line)


def _init_annotations(node: ast.ClassDef) -> Iterator[tuple[ast.expr, int]]:
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            arguments = [*item.args.posonlyargs, *item.args.args, *item.args.kwonlyargs]
            yield from ((a.annotation, a.lineno) for a in arguments if a.annotation)


def _is_dataclass(node: ast.ClassDef) -> bool:
    return any(
        _name(d.func if isinstance(d, ast.Call) else d) == "dataclass" for d in node.decorator_list
    )


def _annotated_names(annotation: ast.expr) -> Iterator[str]:
    """Every class an annotation names, inside `Optional[...]`, `X | None` and the like;
    string annotations too."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return
    for part in ast.walk(annotation):
        if isinstance(part, ast.Name | ast.Attribute) and _name(part):
            yield _name(part)
