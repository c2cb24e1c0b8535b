"""One parsed PHP file as the detectors see it: classes, functions, and the nodes they need."""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from tree_sitter import Node

from reviewer.analyzers.php.models import Models, model_facts, unguards_everything
from reviewer.analyzers.php.project import Project
from reviewer.analyzers.php.roles import ClassFacts, Role, role_of, script_role
from reviewer.analyzers.php.syntax import call_name, end_line, line, short_name, text
from reviewer.config.options import PhpArchitecture
from reviewer.config.thresholds import PhpThresholds
from reviewer.languages.php.parser import captures, query
from reviewer.model import Finding, Location, Severity

ANALYZER = "php"
CLASS_KINDS = frozenset(
    {
        "class_declaration",
        "interface_declaration",
        "trait_declaration",
        "enum_declaration",
        "anonymous_class",
    }
)
FUNCTION_KINDS = frozenset({"method_declaration", "function_definition"})

# One pass of the query engine collects every node kind a detector looks at.
NODES = """
[(class_declaration) (interface_declaration) (trait_declaration) (enum_declaration)
 (anonymous_class)] @class
[(method_declaration) (function_definition)] @function
[(function_call_expression) (scoped_call_expression) (member_call_expression)
 (nullsafe_member_call_expression)] @call
(object_creation_expression) @new
[(foreach_statement) (for_statement) (while_statement) (do_statement)] @loop
[(if_statement) (else_if_clause) (foreach_statement) (for_statement) (while_statement)
 (do_statement) (case_statement) (catch_clause) (conditional_expression)
 (match_conditional_expression)] @decision
(binary_expression operator: ["&&" "||" "and" "or" "xor" "??"]) @decision
(catch_clause) @catch
(switch_statement) @switch
(match_expression) @match
(if_statement) @if
(shell_command_expression) @shell
(echo_statement) @echo
(property_element) @property
(exit_statement) @exit
(expression_statement (name) @bare_name)
(declare_statement) @declare
(namespace_use_declaration) @use
(compound_statement (_) @statement)
"""


@dataclass(frozen=True, eq=False)
class ClassInfo:
    """A class, interface, trait or enum of the file, with the role it plays."""

    node: Node
    name: str
    kind: str
    role: Role
    extends: str
    implements: tuple[str, ...]

    @property
    def is_interface(self) -> bool:
        """True for `interface` declarations."""
        return self.kind == "interface_declaration"


@dataclass(frozen=True, eq=False)
class FunctionInfo:
    """A method or named function, with its class (if any) and that class's role."""

    node: Node
    name: str
    owner: ClassInfo | None
    role: Role

    @property
    def qualified(self) -> str:
        """`Class::method` for methods, the bare name for functions."""
        return f"{self.owner.name}::{self.name}" if self.owner and self.owner.name else self.name

    @property
    def body(self) -> Node | None:
        """The `{ ... }` block (None for abstract and interface methods)."""
        return self.node.child_by_field_name("body")

    @property
    def is_static(self) -> bool:
        """True for `static` methods."""
        return any(c.type == "static_modifier" for c in self.node.children)

    @property
    def parameters(self) -> list[Node]:
        """The parameter nodes, in order."""
        params = self.node.child_by_field_name("parameters")
        return [] if params is None else [p for p in params.named_children if p.type != "comment"]


Spanned = TypeVar("Spanned", ClassInfo, FunctionInfo)


@dataclass(frozen=True, eq=False)
class PhpFile:
    """A parsed file, its classes and functions indexed by position, and its nodes by kind."""

    path: str
    root: Node
    nodes: Mapping[str, Sequence[Node]]
    classes: tuple[ClassInfo, ...]
    functions: tuple[FunctionInfo, ...]
    thresholds: PhpThresholds = field(default_factory=PhpThresholds)
    imports: Mapping[str, str] = field(default_factory=dict)
    namespace: str = ""
    models: Models = field(default_factory=Models)
    project: Project = field(default_factory=Project)
    architecture: PhpArchitecture = PhpArchitecture.LARAVEL

    @property
    def keeps_queries_in_repositories(self) -> bool:
        """True when the project declares that every query goes through a repository."""
        return self.architecture is PhpArchitecture.REPOSITORIES

    def of(self, kind: str) -> Sequence[Node]:
        """Every node the file query captured under this name, in document order."""
        return self.nodes.get(kind, ())

    def function_at(self, node: Node) -> FunctionInfo | None:
        """The innermost method or function holding a node."""
        return _innermost(self.functions, self._function_starts, node)

    def class_at(self, node: Node) -> ClassInfo | None:
        """The innermost class, interface, trait or enum holding a node."""
        return _innermost(self.classes, self._class_starts, node)

    @functools.cached_property
    def _function_starts(self) -> list[int]:
        return [f.node.start_byte for f in self.functions]

    @functools.cached_property
    def _class_starts(self) -> list[int]:
        return [c.node.start_byte for c in self.classes]

    @functools.cached_property
    def _calls_by_name(self) -> Mapping[str, list[Node]]:
        index: dict[str, list[Node]] = {}
        for call in self.of("call"):
            index.setdefault(call_name(call), []).append(call)
        return index

    def calls_named(self, wanted: Callable[[str], bool] | frozenset[str]) -> list[Node]:
        """Calls whose bare name is in a set (or passes a test), in document order."""
        test = wanted.__contains__ if isinstance(wanted, frozenset) else wanted
        found = [c for name, calls in self._calls_by_name.items() if test(name) for c in calls]
        return sorted(found, key=lambda node: node.start_byte)

    def has_role(self, *roles: Role) -> bool:
        """True when a class of the file plays one of the roles."""
        return any(c.role in roles for c in self.classes)

    @functools.cached_property
    def decisions(self) -> Mapping[int, list[Node]]:
        """Decision nodes (branches, loops, catches, boolean operators) by function node id.
        A decision inside an arrow function (`fn ($state) => match ($state) {...}`) is the
        callback's own: a fluent configuration of ten such callbacks is not one complex
        method. A `function () {...}` closure's decisions stay its method's (a transaction's
        body is the method's logic)."""
        found: dict[int, list[Node]] = {}
        for node in self.of("decision"):
            function = self.function_at(node)
            if function is not None and not _inside_arrow_function(node, function.node):
                found.setdefault(function.node.id, []).append(node)
        return found

    def where(self, node: Node) -> str:
        """How a message names the place of a node: `Class::method`, or "This file"."""
        function = self.function_at(node)
        return f"`{function.qualified}`" if function is not None else "This file"

    def qualified_name(self, name: str) -> str:
        """A class name as written here, fully qualified through the imports and namespace."""
        if name.startswith("\\"):
            return name[1:]
        head, _, rest = name.partition("\\")
        if head in self.imports:
            return self.imports[head] + (f"\\{rest}" if rest else "")
        return f"{self.namespace}\\{name}" if self.namespace else name

    def scope_of(self, node: Node) -> Node:
        """The function holding a node, or the whole file: where its local variables live."""
        function = self.function_at(node)
        return function.node if function is not None else self.root

    def role_at(self, node: Node) -> Role:
        """The role of the class holding a node (a script's role outside classes)."""
        owner = self.class_at(node)
        return owner.role if owner is not None else script_role(self.path)

    def finding(
        self,
        code: str,
        node: Node,
        message: str,
        extras: Mapping[str, object] | None = None,
        raise_to: Severity | None = None,
    ) -> Finding:
        """A php finding spanning a node."""
        location = Location(self.path, line(node), end_line(node), node.start_point.column + 1)
        return Finding(ANALYZER, code, location, message, dict(extras or {}), raise_to)


def _innermost(items: Sequence[Spanned], starts: Sequence[int], node: Node) -> Spanned | None:
    index = bisect.bisect_right(starts, node.start_byte) - 1
    while index >= 0:
        item = items[index]
        if item.node.start_byte <= node.start_byte and node.end_byte <= item.node.end_byte:
            return item
        index -= 1
    return None


def build(
    path: str,
    root: Node,
    thresholds: PhpThresholds,
    architecture: PhpArchitecture = PhpArchitecture.LARAVEL,
) -> PhpFile:
    """Index one parsed file: one query pass, then classes and functions with their roles."""
    nodes = captures(query(NODES), root)
    classes = tuple(_class_info(path, node) for node in nodes.get("class", ()))
    draft = PhpFile(path, root, nodes, classes, (), thresholds)
    functions = tuple(_function_info(draft, node) for node in nodes.get("function", ()))
    imports = dict(pair for use in nodes.get("use", ()) for pair in _imports(use))
    namespace = next(
        (
            text(child.child_by_field_name("name"))
            for child in root.named_children
            if child.type == "namespace_definition"
        ),
        "",
    )
    return PhpFile(
        path,
        root,
        nodes,
        classes,
        functions,
        thresholds,
        imports,
        namespace,
        Models(),
        architecture=architecture,
    )


def with_models(files: Sequence[PhpFile]) -> list[PhpFile]:
    """The files again, each knowing the guard of every model declared in any of them."""
    facts = {
        full: model
        for php in files
        for full, model in model_facts(
            php.namespace, [(c.node, c.name, c.extends, c.role) for c in php.classes], php.imports
        )
    }
    everywhere = any(
        unguards_everything(php.role_at(call), [call])
        for php in files
        for call in php.calls_named(frozenset({"unguard"}))
    )
    models = Models(facts, everywhere)
    return [dataclasses.replace(php, models=models) for php in files]


def _imports(use: Node) -> Iterator[tuple[str, str]]:
    """(short name or alias, fully qualified name) for each class a `use` declaration imports."""
    group = use.child_by_field_name("body")
    prefix = ""
    if group is not None:
        prefix = next((text(c) for c in use.named_children if c.type == "namespace_name"), "")
    clauses = (group or use).named_children
    for clause in clauses:
        if clause.type != "namespace_use_clause" or not clause.named_children:
            continue
        name = text(clause.named_children[0]).lstrip("\\")
        full = f"{prefix}\\{name}" if prefix else name
        alias = clause.child_by_field_name("alias")
        yield (text(alias) if alias is not None else short_name(full)), full


def _class_info(path: str, node: Node) -> ClassInfo:
    name = text(node.child_by_field_name("name"))
    extends = _clause_names(node, "base_clause")
    implements = _clause_names(node, "class_interface_clause")
    readonly = any(c.type == "readonly_modifier" for c in node.children)
    facts = ClassFacts(node.type, name, extends[0] if extends else "", implements, readonly)
    if node.type == "interface_declaration":
        facts = ClassFacts(node.type, name)
    role = role_of(path, facts)
    return ClassInfo(node, name, node.type, role, facts.extends, implements)


def _clause_names(node: Node, clause: str) -> tuple[str, ...]:
    found = next((c for c in node.named_children if c.type == clause), None)
    if found is None:
        return ()
    return tuple(short_name(text(n)) for n in found.named_children if n.type != "comment")


def _function_info(draft: PhpFile, node: Node) -> FunctionInfo:
    owner = draft.class_at(node)
    role = owner.role if owner is not None else script_role(draft.path)
    return FunctionInfo(node, text(node.child_by_field_name("name")), owner, role)


def _inside_arrow_function(node: Node, function: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.id != function.id:
        if parent.type == "arrow_function":
            return True
        parent = parent.parent
    return False
