"""A function that branches on the kind of a syntax-tree node it is given (`node.type` of a
tree-sitter `Node`) is a tree walker, not a type switch that wants a Strategy; the same chain
on a business object's `type` still is one."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes

WALKER = """\
from tree_sitter import Node


def is_selection(node: Node) -> bool:
    if node.type == "object_creation_expression":
        return True
    if node.type == "class_constant_access_expression":
        return node.text.endswith(b"::class")
    return node.type == "function_call_expression"
"""
BUSINESS = """\
def fee(order) -> int:
    if order.type == "pickup":
        return 0
    if order.type == "delivery":
        return 5
    if order.type == "express":
        return 9
    return 3
"""


def test_a_walker_branching_on_node_kinds_is_not_a_type_switch(analyze: Analyze) -> None:
    assert codes(analyze(WALKER), "type-dispatch") == []


def test_the_same_chain_on_an_orders_type_still_is(analyze: Analyze) -> None:
    assert len(codes(analyze(BUSINESS), "type-dispatch")) == 1
