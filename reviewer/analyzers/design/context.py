"""What a detector knows about one module: its tree, its imports, and the project's classes."""

from __future__ import annotations

import ast
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePath
from types import MappingProxyType, UnionType
from typing import TypeVar, cast

from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    base_name,
    decorator_names,
    dotted,
    is_abstract,
    is_stub_body,
    methods,
)
from reviewer.analyzers.design.tree_index import TreeIndex
from reviewer.config.thresholds import DesignThresholds
from reviewer.model import Finding, Location, Severity

ANALYZER = "design"
PROTOCOL_BASES = frozenset({"typing.Protocol", "typing_extensions.Protocol", "Protocol"})
ABC_BASES = frozenset({"abc.ABC", "ABC"})
ENUM_BASES = frozenset({"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"})
EXCEPTION_SUFFIXES = ("Error", "Exception", "Warning")
TEST_PREFIXES = ("test_",)
ENTRY_MODULES = frozenset({"__main__", "cli", "main", "manage", "bootstrap", "wsgi", "asgi"})

T = TypeVar("T")


@dataclass(frozen=True)
class SharedFacts:
    """Facts that several detectors ask for, each computed once, by key."""

    _values: dict[Hashable, object] = field(default_factory=dict)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for `key`, computed by `compute` the first time it is asked for."""
        if key not in self._values:
            self._values[key] = compute()
        return cast(T, self._values[key])


@dataclass(frozen=True)
class ModuleInfo:
    """A parsed module as the project index sees it."""

    name: str
    tree: ast.Module
    imports: Mapping[str, str]
    classes: Mapping[str, ast.ClassDef]
    clients: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClassRef:
    """A class found in the project, with the module it lives in."""

    node: ast.ClassDef
    module: ModuleInfo


@dataclass(frozen=True)
class ProjectIndex:
    """Every module of the run by dotted name, so base classes can be found across files."""

    modules: Mapping[str, ModuleInfo] = field(default_factory=dict)
    facts: SharedFacts = field(default_factory=SharedFacts, compare=False, repr=False)

    def resolve(self, expr: ast.expr, home: ModuleInfo) -> ClassRef | None:
        """The project class an expression names, seen from module `home`."""
        name = dotted(base_name(expr))
        if name is None:
            return None
        if name in home.classes:
            return ClassRef(home.classes[name], home)
        module, _, cls = qualify(name, home.imports).rpartition(".")
        target = self.modules.get(module)
        if target is not None and cls in target.classes:
            return ClassRef(target.classes[cls], target)
        return None

    def ancestors(self, ref: ClassRef) -> Iterator[ClassRef]:
        """Project base classes of a class, nearest first, each once."""
        seen: set[int] = {id(ref.node)}
        queue = [ref]
        while queue:
            current = queue.pop(0)
            for base in current.node.bases:
                found = self.resolve(base, current.module)
                if found is not None and id(found.node) not in seen:
                    seen.add(id(found.node))
                    queue.append(found)
                    yield found

    def is_interface(self, ref: ClassRef) -> bool:
        """True for a Protocol or an abstract base class."""
        bases = {qualify(dotted(b) or "", ref.module.imports) for b in base_exprs(ref.node)}
        if bases & (PROTOCOL_BASES | ABC_BASES):
            return True
        metaclass = next((k.value for k in ref.node.keywords if k.arg == "metaclass"), None)
        return metaclass is not None and (dotted(metaclass) or "").endswith("ABCMeta")

    def is_protocol(self, ref: ClassRef) -> bool:
        bases = {qualify(dotted(b) or "", ref.module.imports) for b in base_exprs(ref.node)}
        return bool(bases & PROTOCOL_BASES)

    def abstract_methods(self, ref: ClassRef) -> list[FunctionNode]:
        """Methods a subclass has to provide: `@abstractmethod`, or every stub of a Protocol."""
        members = [m for m in methods(ref.node) if not _is_overload_or_dunder(m)]
        if self.is_protocol(ref):
            return [m for m in members if is_stub_body(m.body) or is_abstract(m)]
        if self.is_interface(ref):
            return [m for m in members if is_abstract(m)]
        return []


def _is_overload_or_dunder(method: FunctionNode) -> bool:
    """`@overload` signatures and special methods are not separate duties of an interface."""
    name = method.name
    dunder = name.startswith("__") and name.endswith("__")
    return dunder or "overload" in decorator_names(method)


def base_exprs(cls: ast.ClassDef) -> list[ast.expr]:
    """Base class expressions, with `Generic[T]`-style subscripts reduced to their name."""
    return [base_name(b) for b in cls.bases]


def qualify(name: str, imports: Mapping[str, str]) -> str:
    """A dotted name with its first part replaced by what it was imported as."""
    head, dot, rest = name.partition(".")
    if head in imports:
        return f"{imports[head]}{dot}{rest}"
    return name


def module_name(path: Path) -> tuple[str, bool]:
    """The dotted name of a module (up through `__init__.py` folders), and if it is a package."""
    parts = [] if path.stem == "__init__" else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file() and folder.name:
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts) or path.stem, path.stem == "__init__"


def import_map(statements: Iterable[ast.AST], module: str, is_package: bool) -> dict[str, str]:
    """Local name -> qualified name for every import among a module's statements (in
    `ast.walk` order: a later import of a name wins), relative ones resolved."""
    names: dict[str, str] = {}
    package = module if is_package else module.rpartition(".")[0]
    for node in statements:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    head = alias.name.partition(".")[0]
                    names[head] = head
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, package)
            for alias in node.names:
                names[alias.asname or alias.name] = (
                    f"{source}.{alias.name}" if source else alias.name
                )
    return names


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".") if package else []
    base = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
    return ".".join([*base, node.module] if node.module else base)


def module_info(path: Path, tree: ast.Module, statements: Iterable[ast.AST]) -> ModuleInfo:
    """What other modules need to know of a module; `statements` as `statement_nodes` lists
    them."""
    name, is_package = module_name(path)
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    imports = MappingProxyType(import_map(statements, name, is_package))
    return ModuleInfo(name, tree, imports, classes)


@dataclass(frozen=True)
class ModuleContext:
    """One module under review: path, tree, lines, thresholds and the project around it."""

    path: str
    tree: ast.Module
    lines: tuple[str, ...]
    thresholds: DesignThresholds
    info: ModuleInfo
    project: ProjectIndex
    index: TreeIndex = field(compare=False, repr=False)
    facts: SharedFacts = field(default_factory=SharedFacts, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        path: str,
        tree: ast.Module,
        source: str,
        thresholds: DesignThresholds,
        info: ModuleInfo,
        project: ProjectIndex,
    ) -> ModuleContext:
        lines = tuple(source.splitlines())
        index = TreeIndex.build(tree)
        return cls(path, tree, lines, thresholds, info, project, index)

    def nodes_of(self, kinds: type | UnionType) -> list[ast.AST]:
        """The module's nodes of some classes (`ast.If | ast.Match`), in `ast.walk` order."""
        return self.index.nodes_of(kinds)

    @cached_property
    def class_nodes(self) -> tuple[ast.ClassDef, ...]:
        """Every class of the module, nested ones included, in `ast.walk` order."""
        return tuple(node for node in self.nodes_of(ast.ClassDef) if isinstance(node, ast.ClassDef))

    @cached_property
    def function_nodes(self) -> tuple[FunctionNode, ...]:
        """Every function of the module, methods and nested ones included, in `ast.walk` order."""
        return tuple(node for node in self.nodes_of(FunctionNode) if isinstance(node, FunctionNode))

    def body_nodes(self, function: FunctionNode) -> tuple[ast.AST, ...]:
        """Every node of a function's body, nested scopes excluded; computed once per function."""
        return self.facts.get(
            ("body_nodes", id(function)), lambda: tuple(self.index.body(function.body))
        )

    @property
    def stem(self) -> str:
        return PurePath(self.path).stem

    @property
    def is_test(self) -> bool:
        """Test modules: `test_*.py`, `*_test.py`, `conftest.py`."""
        stem = self.stem
        return stem.startswith(TEST_PREFIXES) or stem.endswith("_test") or stem == "conftest"

    @property
    def is_entry_point(self) -> bool:
        """A command-line or start-up module, where exits and wiring belong."""
        return self.stem in ENTRY_MODULES

    def qualified(self, node: ast.AST) -> str:
        """The dotted name of a name, attribute or call, with imports resolved."""
        target = node.func if isinstance(node, ast.Call) else node
        return qualify(dotted(target) or "", self.info.imports)

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.index.parent(node)

    def class_ref(self, cls: ast.ClassDef) -> ClassRef:
        return ClassRef(cls, self.info)

    def finding(
        self,
        node: ast.AST,
        message: str,
        extras: Mapping[str, object] | None = None,
        raise_to: Severity | None = None,
    ) -> Finding:
        """A finding at a node's span; its detector gives it its code (detectors.py)."""
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        column = getattr(node, "col_offset", 0) + 1
        location = Location(self.path, line, end_line, column)
        return Finding(ANALYZER, "", location, message, dict(extras or {}), raise_to)
