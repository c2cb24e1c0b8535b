"""Correctness: `env()` read outside the configuration files (null once the configuration is
cached), and comparisons that negate the wrong operand (`!$status === 'paid'`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from tree_sitter import Node

from reviewer.analyzers.php.context import PhpFile
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES
from reviewer.analyzers.php.syntax import descendants, text
from reviewer.model import Finding, Severity

# A branch taken only in tests or on a developer's machine: `env()` there is a small matter.
TEST_ONLY = re.compile(r"runningUnitTests|environment\(|isLocal\(|testing")
COMPARISONS = frozenset({"===", "==", "!==", "!="})
BRANCHES = frozenset({"if_statement", "conditional_expression", "match_expression"})
NON_BOOLEAN = frozenset({"string", "encapsed_string", "integer", "float"})


def env_outside_config(php: PhpFile) -> Iterator[Finding]:
    """`env('KEY')` in application code: `config:cache` stops loading `.env`, so it returns
    null (or the default) in production; a console command that edits `.env` is left alone."""
    folders = {part.lower() for part in PurePosixPath(php.path.replace("\\", "/")).parts[:-1]}
    if "config" in folders or "console" in folders:
        return
    for call in php.calls_named(frozenset({"env"})):
        if call.type != "function_call_expression" or php.role_at(call) in DATABASE_SCRIPT_ROLES:
            continue
        message = f"{php.where(call)} reads `{text(call)}` outside the configuration files"
        raise_to = None if _in_test_branch(call) else Severity.MINOR
        yield php.finding("env-outside-config", call, message, raise_to=raise_to)


def _in_test_branch(node: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.type not in ("method_declaration", "function_definition"):
        if parent.type in BRANCHES:
            condition = parent.child_by_field_name("condition")
            if condition is not None and TEST_ONLY.search(text(condition)):
                return True
        parent = parent.parent
    return False


def negated_comparison(php: PhpFile) -> Iterator[Finding]:
    """`!$x === 'y'`: `!` binds first, so a boolean is compared with a string or a number."""
    for comparison in descendants(php.root, frozenset({"binary_expression"})):
        operator = text(comparison.child_by_field_name("operator"))
        left = comparison.child_by_field_name("left")
        right = comparison.child_by_field_name("right")
        if operator not in COMPARISONS or left is None or right is None:
            continue
        negated = left.type == "unary_op_expression" and text(left).startswith("!")
        if negated and right.type in NON_BOOLEAN:
            inner = text(left)[1:].strip()
            message = (
                f"{php.where(comparison)} compares `{text(left)}` (a boolean) with "
                f"`{text(right)}`: it reads as `!({inner} {operator} {text(right)})`"
            )
            yield php.finding("negated-comparison", comparison, message)
