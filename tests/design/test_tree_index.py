"""The tree index answers exactly as walking the tree with `ast` would."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.analyzers.design.ast_tools import ScopeNode
from reviewer.analyzers.design.tree_index import TreeIndex, statement_nodes

REPO = Path(__file__).resolve().parents[2]
CORPUS = sorted((REPO / "tests" / "corpus" / "design").glob("*.py"))

NESTED = textwrap.dedent(
    """\
    import os

    class Shop:
        limit = [x for x in range(3) if x]

        def total(self, items, key=lambda i: i.price):
            def helper(item):
                return key(item) * 2
            try:
                for item in items:
                    if item in self.seen:
                        continue
                    self.seen.append(item)
            except (KeyError, ValueError) as error:
                import logging
                logging.warning(error)
            finally:
                pass
            match items:
                case [first, *_] if first:
                    return helper(first)
                case _:
                    return sum(key(i) for i in items)

    async def main():
        async with open("x") as f, lock:
            async for line in f:
                yield line
        while not os.environ.get("STOP"):
            x = y = -1 + 2 * 3
    """
)


def trees() -> Iterator[ast.Module]:
    yield ast.parse(NESTED)
    for path in CORPUS:
        yield ast.parse(path.read_text(encoding="utf-8"))


def walk_local(node: ast.AST) -> list[ast.AST]:
    """What the detectors walked before the index: children first, nested scopes not entered."""
    return preorder(list(ast.iter_child_nodes(node)))


def preorder(roots: list[ast.AST]) -> list[ast.AST]:
    found, stack = [], roots[::-1]
    while stack:
        node = stack.pop()
        found.append(node)
        if not isinstance(node, ScopeNode):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return found


def same(left: list[ast.AST] | tuple[ast.AST, ...], right: list[ast.AST]) -> bool:
    return [id(node) for node in left] == [id(node) for node in right]


@pytest.mark.parametrize("tree", list(trees()))
def test_nodes_and_parents_are_those_of_ast_walk(tree: ast.Module) -> None:
    index = TreeIndex.build(tree)
    assert same(index.nodes, list(ast.walk(tree)))
    parents = {id(c): node for node in ast.walk(tree) for c in ast.iter_child_nodes(node)}
    assert {key: id(value) for key, value in index.parents.items()} == {
        key: id(value) for key, value in parents.items()
    }


@pytest.mark.parametrize("tree", list(trees()))
def test_local_body_and_subtree_match_a_walk_of_each_node(tree: ast.Module) -> None:
    index = TreeIndex.build(tree)
    for node in ast.walk(tree):
        assert same(index.local(node), walk_local(node))
        assert {id(n) for n in index.subtree(node)} == {id(n) for n in ast.walk(node)}
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if isinstance(statements, list):
                assert same(index.body(statements), preorder(list(statements)))


@pytest.mark.parametrize("tree", list(trees()))
def test_nodes_of_keeps_ast_walk_order(tree: ast.Module) -> None:
    index = TreeIndex.build(tree)
    for kinds in (ast.Call, ast.If | ast.Match, ast.stmt, ast.FunctionDef | ast.Lambda):
        assert same(index.nodes_of(kinds), [n for n in ast.walk(tree) if isinstance(n, kinds)])


@pytest.mark.parametrize("tree", list(trees()))
def test_statement_nodes_are_the_blocks_of_ast_walk(tree: ast.Module) -> None:
    kinds = ast.stmt | ast.mod | ast.excepthandler | ast.match_case
    assert same(statement_nodes(tree), [n for n in ast.walk(tree) if isinstance(n, kinds)])


def test_a_deep_expression_is_indexed_without_recursion() -> None:
    tree = ast.parse("x = " + " + ".join(["a"] * 2000))  # deeper than the recursion limit
    index = TreeIndex.build(tree)
    assert len(index.nodes) == len(index.order) == len(list(ast.walk(tree)))
