"""A module's tree walked once, so that detectors read a node's descendants as slices of a list
instead of walking the tree again."""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import UnionType

from reviewer.analyzers.design.ast_tools import ScopeNode

# The fields that hold lists of statements, except handlers or match cases.
BLOCK_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})


@dataclass(frozen=True, eq=False)
class TreeIndex:
    """Every node of one tree, in two orders, with each node's parent.

    `nodes` is breadth-first, the order of `ast.walk`. `order` is source (depth-first) order;
    `ends[i]` is the position just past the descendants of `order[i]`, so the subtree of that
    node is the slice `order[i : ends[i]]`; `positions` finds a node in `order`. `scopes` are
    the positions of functions, classes and lambdas, in ascending order.

    CPython shares one object for each context and operator (`ast.Load()`, `ast.Add()`): those
    leaves sit at several positions, and `parents` and `positions` keep one of them."""

    nodes: tuple[ast.AST, ...]
    parents: Mapping[int, ast.AST]
    order: tuple[ast.AST, ...]
    ends: tuple[int, ...]
    positions: Mapping[int, int]
    scopes: tuple[int, ...]

    @classmethod
    def build(cls, tree: ast.AST) -> TreeIndex:
        """The index of a whole tree, from one breadth-first and one depth-first pass."""
        nodes, starts, parents = _breadth_first(tree)
        order, ends = _depth_first(nodes, starts)
        positions = {id(node): position for position, node in enumerate(order)}
        scopes = tuple(i for i, node in enumerate(order) if isinstance(node, ScopeNode))
        return cls(tuple(nodes), parents, order, ends, positions, scopes)

    def nodes_of(self, kinds: type | UnionType) -> list[ast.AST]:
        """The nodes that are instances of `kinds`, in `ast.walk` order."""
        found = [i for kind, at in self._by_type.items() if issubclass(kind, kinds) for i in at]
        found.sort()
        return [self.nodes[i] for i in found]

    @cached_property
    def _by_type(self) -> Mapping[type, list[int]]:
        """Where each class of node sits in `nodes`."""
        by_type: dict[type, list[int]] = {}
        for i, node in enumerate(self.nodes):
            by_type.setdefault(type(node), []).append(i)
        return by_type

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The node directly above `node`; None for the root."""
        return self.parents.get(id(node))

    def subtree(self, node: ast.AST) -> tuple[ast.AST, ...]:
        """A node and every node below it, nested scopes included, in source order."""
        start = self.positions[id(node)]
        return self.order[start : self.ends[start]]

    def local(self, node: ast.AST) -> list[ast.AST]:
        """Every node below `node` in source order, without entering nested functions, classes
        or lambdas (those are listed, their insides are not)."""
        start = self.positions[id(node)]
        return self._without_nested_scopes(start + 1, self.ends[start])

    def body(self, statements: Iterable[ast.AST]) -> list[ast.AST]:
        """Every node of a list of statements in source order, without entering nested
        scopes."""
        found: list[ast.AST] = []
        for statement in statements:
            start = self.positions[id(statement)]
            found += self._without_nested_scopes(start, self.ends[start])
        return found

    def _without_nested_scopes(self, start: int, end: int) -> list[ast.AST]:
        """The nodes at positions `start` up to `end`, skipping what lies inside a scope."""
        found: list[ast.AST] = []
        scopes = self.scopes
        next_scope = bisect_left(scopes, start)
        while next_scope < len(scopes) and scopes[next_scope] < end:
            scope = scopes[next_scope]
            found += self.order[start : scope + 1]
            start = self.ends[scope]
            next_scope = bisect_left(scopes, start, next_scope)
        found += self.order[start:end]
        return found


def statement_nodes(tree: ast.Module) -> list[ast.AST]:
    """The module, its statements, except handlers and match cases, in `ast.walk` order.

    Statements only ever sit in blocks of these nodes, so walking blocks alone finds them all,
    each at the same depth as `ast.walk` finds it, hence in the same order."""
    nodes: list[ast.AST] = [tree]
    for node in nodes:  # the list is its own queue: children are appended behind
        for name in node._fields:
            value = getattr(node, name, None)
            if name in BLOCK_FIELDS and isinstance(value, list):
                nodes.extend(value)
    return nodes


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The direct children of a node, in the order of `ast.iter_child_nodes`."""
    found: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, ast.AST):
            found.append(value)
        elif isinstance(value, list):
            found.extend(item for item in value if isinstance(item, ast.AST))
    return found


def _breadth_first(tree: ast.AST) -> tuple[list[ast.AST], list[int], dict[int, ast.AST]]:
    """The nodes in `ast.walk` order, where the children of each start, and each node's parent
    (set in the order that walking and asking `ast.iter_child_nodes` would set it).

    Breadth first, the children of a node come together, right after those of the node before
    it: the children of `nodes[i]` are `nodes[starts[i] : starts[i + 1]]`."""
    nodes = [tree]
    starts: list[int] = []
    parents: dict[int, ast.AST] = {}
    for node in nodes:  # the list is its own queue: children are appended behind
        starts.append(len(nodes))
        children = child_nodes(node)
        for child in children:
            parents[id(child)] = node
        nodes += children
    starts.append(len(nodes))
    return nodes, starts, parents


def _depth_first(
    nodes: list[ast.AST], starts: list[int]
) -> tuple[tuple[ast.AST, ...], tuple[int, ...]]:
    """The nodes in source order, and where each node's subtree ends in that order."""
    order: list[ast.AST] = []
    ends: list[int] = []
    # Breadth-first numbers of nodes to visit, or `~position` of a node whose subtree is
    # complete when it is popped.
    stack = [0]
    while stack:
        item = stack.pop()
        if item < 0:
            ends[~item] = len(order)
            continue
        position = len(order)
        order.append(nodes[item])
        ends.append(position + 1)
        first, last = starts[item], starts[item + 1]
        if first < last:
            stack.append(~position)
            stack.extend(range(last - 1, first - 1, -1))
    return tuple(order), tuple(ends)


def assigned_names(node: ast.AST, index: TreeIndex) -> frozenset[str]:
    """Names bound anywhere below `node` (assignment, loop target, `with ... as`, walrus)."""
    names = {
        child.id
        for child in index.local(node)
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store | ast.Del)
    }
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        names.add(node.id)
    return frozenset(names)


def loaded_names(node: ast.AST, index: TreeIndex) -> frozenset[str]:
    """Names read anywhere in `node`, itself included."""
    found = {n.id for n in index.subtree(node) if isinstance(n, ast.Name)}
    return frozenset(found)
