"""Secrets handling: a signing key that falls back to a value written in the source when the
environment does not set it (`os.environ.get("SECRET_KEY") or "dev"`, a default given to
`getenv`, or a literal chosen while `DEBUG` is on)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import PurePath

from reviewer.analyzers.design.ast_tools import dotted
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.languages import DEVELOPMENT_SETTINGS
from reviewer.model import Finding

# The keys an app signs sessions, reset links and tokens with.
SIGNING_NAMES = re.compile(r"secret_key|signing_key|jwt_secret|token_secret", re.IGNORECASE)
# Reads of the environment: os.environ.get, os.getenv, python-decouple's config, environs.
ENVIRONMENT_READS = re.compile(r"(^|\.)(environ\.get|getenv|config|env(\.str)?)$")


@detector("signing-key-fallback")
def signing_key_fallback(module: ModuleContext) -> Iterator[Finding]:
    """A signing key given a value of the source where the environment is silent."""
    if DEVELOPMENT_SETTINGS.search(PurePath(module.path).stem):
        return
    for name, value in _given_values(module.tree):
        fallback = _fallback(value)
        if fallback and SIGNING_NAMES.search(name) and not _in_development_class(module, value):
            yield module.finding(value, f"`{name}` {fallback}")


def _given_values(tree: ast.Module) -> Iterator[tuple[str, ast.expr]]:
    """(name, value) for assignments to a name, an attribute or a string key, and keywords."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            yield from ((target_name(t), node.value) for t in node.targets)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            yield target_name(node.target), node.value
        elif isinstance(node, ast.keyword) and node.arg:
            yield node.arg, node.value


def target_name(target: ast.expr) -> str:
    """The name an assignment gives: `X`, `self.X` and `config["X"]` give `X`."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    key = target.slice if isinstance(target, ast.Subscript) else None
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else ""


def _fallback(value: ast.expr) -> str:
    """How the value falls back to a literal, in words; empty when it does not."""
    if _or_literal(value):
        return "falls back to a value written in the source when the environment lacks it"
    if isinstance(value, ast.Call) and _reads_environment(value):
        defaults = [*value.args[1:], *(k.value for k in value.keywords if k.arg == "default")]
        if any(_literal(d) for d in defaults):
            return "defaults to a value written in the source when the environment lacks it"
    if isinstance(value, ast.IfExp) and _literal_on_one_side(value):
        return "is a value written in the source whenever its condition holds"
    return ""


def _or_literal(value: ast.expr) -> bool:
    """`os.environ.get("SECRET_KEY") or "dev"`."""
    if not isinstance(value, ast.BoolOp) or not isinstance(value.op, ast.Or):
        return False
    return any(_reads_environment(v) for v in value.values) and _literal(value.values[-1])


def _literal_on_one_side(value: ast.IfExp) -> bool:
    sides = (value.body, value.orelse)
    return any(_literal(s) for s in sides) and any(_reads_environment(s) for s in sides)


def _reads_environment(node: ast.expr) -> bool:
    if isinstance(node, ast.Subscript):
        return (dotted(node.value) or "").endswith("environ")
    if not isinstance(node, ast.Call):
        return False
    return ENVIRONMENT_READS.search(dotted(node.func) or "") is not None


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(node.value)


def _in_development_class(module: ModuleContext, node: ast.AST) -> bool:
    """Inside `class DevelopmentConfig` or `class TestingConfig`: settings that never ship."""
    classes = (c for c in ast.walk(module.tree) if isinstance(c, ast.ClassDef))
    for found in classes:
        inside = found.lineno <= getattr(node, "lineno", 0) <= (found.end_lineno or 0)
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", found.name)
        if inside and DEVELOPMENT_SETTINGS.search(words):
            return True
    return False
