"""What the praise detectors share: the application's own files, one finding per place, and
names listed the way a sentence lists them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence

from tree_sitter import Node

from reviewer.analyzers.php.context import ClassInfo, FunctionInfo, PhpFile
from reviewer.analyzers.php.laravel import declares_relation
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES, Role
from reviewer.analyzers.php.scaffolding import keeps_skeleton_style
from reviewer.analyzers.php.syntax import text
from reviewer.model import Finding

MAX_NAMED = 4


def application_files(files: Iterable[PhpFile]) -> Iterator[PhpFile]:
    """The files the project's authors wrote and run: no tests, database scripts or files a
    starter kit scaffolded."""
    for php in files:
        if keeps_skeleton_style(php.path, text(php.root)):
            continue
        roles = {c.role for c in php.classes} or {php.role_at(php.root)}
        if roles & {*DATABASE_SCRIPT_ROLES, Role.TEST}:
            continue
        yield php


def and_list(names: Sequence[str], limit: int = MAX_NAMED) -> str:
    """`a`, `a and b`, `a, b and c`; past the limit, `a, b, c and 3 more`."""
    shown = list(dict.fromkeys(names))
    if len(shown) > limit:
        return f"{', '.join(shown[: limit - 1])} and {len(shown) - limit + 1} more"
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def actions_named(functions: Sequence[FunctionInfo]) -> str:
    """`OrderController::store`, `update` and `destroy`: the class named once per class."""
    shown: list[str] = []
    owner: object = None
    for function in functions:
        shown.append(code(function.name if function.owner is owner else function.qualified))
        owner = function.owner
    return and_list(shown)


def agreeing(count: int, singular: str, plural: str) -> str:
    """The verb or noun that agrees with a count: `asks` for one, `ask` for several."""
    return singular if count == 1 else plural


def code(name: str) -> str:
    """A name as inline code."""
    return f"`{name}`"


def method_named(info: ClassInfo, name: str) -> Node | None:
    """The method of a class with this name, or None."""
    body = info.node.child_by_field_name("body")
    for member in body.named_children if body is not None else []:
        if member.type == "method_declaration" and text(member.child_by_field_name("name")) == name:
            return member
    return None


def relation_names(files: Iterable[PhpFile]) -> frozenset[str]:
    """The relation methods the models of the run declare (`items`, `restaurant`)."""
    found: set[str] = set()
    for php in files:
        for function in php.functions:
            owner = function.owner
            if owner is None or owner.role is not Role.MODEL or function.body is None:
                continue
            returns = text(function.node.child_by_field_name("return_type"))
            if declares_relation(text(function.body), returns):
                found.add(function.name)
    return frozenset(found)


def praise_at(php: PhpFile, code_name: str, node: Node, message: str, **extras: object) -> Finding:
    """A praise finding spanning a node's first line only, so it reads as one place; its
    message is a sentence."""
    finding = php.finding(code_name, node, message.rstrip(".") + ".", extras)
    first_line = dataclasses.replace(finding.location, end_line=finding.location.line)
    return dataclasses.replace(finding, location=first_line)


def controller_actions(php: PhpFile) -> Iterator[FunctionInfo]:
    for function in php.functions:
        owner = function.owner
        if owner is None or owner.role is not Role.CONTROLLER or function.body is None:
            continue
        modifiers = {text(c) for c in function.node.children if c.type == "visibility_modifier"}
        if (not modifiers or "public" in modifiers) and not function.name.startswith("__"):
            yield function


def head_of(function: FunctionInfo) -> Node:
    return function.node.child_by_field_name("name") or function.node


def typed_parameters(function: FunctionInfo) -> Iterator[tuple[str, str]]:
    """(declared type, variable) for each typed parameter."""
    for parameter in function.parameters:
        declared = text(parameter.child_by_field_name("type")).lstrip("?")
        if declared:
            yield declared, text(parameter.child_by_field_name("name"))
