"""Liskov substitution: overrides that refuse what the base does, or cannot take its arguments."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    decorator_names,
    is_abstract,
    is_stub_body,
    last_name,
    methods,
    name_tokens,
    without_docstring,
)
from reviewer.analyzers.design.context import ClassRef, ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.roles import SEAM_TOKENS, classes
from reviewer.model import Finding

CONSTRUCTORS = frozenset(
    {"__init__", "__new__", "__init_subclass__", "__post_init__", "__class_getitem__"}
)
REFUSING_ERRORS = re.compile(r"NotImplemented|NotSupported|Unsupported|ReadOnly|NotAllowed")
SPECIAL_DECORATORS = frozenset(
    {
        "staticmethod",
        "classmethod",
        "property",
        "overload",
        "setter",
        "getter",
        "deleter",
        "cached_property",
    }
)


@dataclass(frozen=True)
class Override:
    """A method and the nearest project base class method it replaces."""

    cls: ast.ClassDef
    method: FunctionNode
    base: ClassRef
    base_method: FunctionNode

    @property
    def name(self) -> str:
        return f"{self.cls.name}.{self.method.name}"

    @property
    def base_name(self) -> str:
        return f"{self.base.node.name}.{self.base_method.name}"


def overrides(module: ModuleContext) -> Iterator[Override]:
    """Every method of the module that replaces one of a project base class."""
    for cls in classes(module):
        ancestors = list(module.project.ancestors(module.class_ref(cls)))
        for method in methods(cls):
            if method.name in CONSTRUCTORS:
                continue
            for base in ancestors:
                found = next((m for m in methods(base.node) if m.name == method.name), None)
                if found is not None:
                    yield Override(cls, method, base, found)
                    break


@detector("refused-bequest")
def refused_bequest(module: ModuleContext) -> Iterator[Finding]:
    """An override that raises NotImplementedError or does nothing where the base does work."""
    if module.is_test:
        return
    for override in overrides(module):
        if not _refuses(override.method) or _is_null_object(override.cls):
            continue
        if not _is_concrete(module, override):
            continue
        what = "raises" if _raises(override.method) else "does nothing"
        message = f"`{override.name}` {what} where `{override.base_name}` is implemented"
        extras = {"base": override.base_name, "refusal": what}
        yield module.finding(override.method, message, extras)


def _refuses(method: FunctionNode) -> bool:
    if is_abstract(method):
        return False
    return _raises(method) or is_stub_body(method.body)


def _raises(method: FunctionNode) -> bool:
    body = without_docstring(method.body)
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc
    name = last_name(exc.func if isinstance(exc, ast.Call) else exc)
    return bool(REFUSING_ERRORS.search(name))


def _is_concrete(module: ModuleContext, override: Override) -> bool:
    base = override.base_method
    if is_abstract(base) or is_stub_body(base.body):
        return False
    return not module.project.is_protocol(override.base)


def _is_null_object(cls: ast.ClassDef) -> bool:
    """Null objects and test doubles do nothing on purpose."""
    return bool(name_tokens(cls.name) & SEAM_TOKENS)


@detector("incompatible-override")
def incompatible_override(module: ModuleContext) -> Iterator[Finding]:
    """An override that takes fewer positional parameters or adds required ones."""
    for override in overrides(module):
        method, base = override.method, override.base_method
        if (decorator_names(method) | decorator_names(base)) & SPECIAL_DECORATORS:
            continue
        problem = signature_problem(method.args, base.args)
        if problem:
            message = f"`{override.name}` {problem} `{override.base_name}`"
            extras = {"base": override.base_name}
            yield module.finding(method, message, extras)


def signature_problem(override: ast.arguments, base: ast.arguments) -> str:
    """How `override` fails to stand in for `base`, worded to end with the base's name."""
    mine, theirs = _positional(override)[1:], _positional(base)[1:]
    if override.vararg is None and base.vararg is None and len(mine) < len(theirs):
        noun = "parameter" if len(mine) == 1 else "parameters"
        return f"takes {len(mine)} positional {noun} where {len(theirs)} are expected by"
    if base.kwarg is not None:
        return ""
    known = {a.arg for a in [*theirs, *base.kwonlyargs]}
    new = [name for name in _required(override)[len(theirs) :] if name and name not in known]
    new += [name for name in _required_keywords(override) if name not in known]
    if new:
        return f"adds the required parameter `{new[0]}`, which is not passed by callers of"
    return ""


def _positional(args: ast.arguments) -> list[ast.arg]:
    return [*args.posonlyargs, *args.args]


def _required(args: ast.arguments) -> list[str]:
    """Names of every positional parameter, `self` excluded; those with defaults as ''."""
    positional = _positional(args)[1:]
    first_default = len(positional) - len(args.defaults)
    return [a.arg if i < first_default else "" for i, a in enumerate(positional)]


def _required_keywords(args: ast.arguments) -> list[str]:
    return [a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is None]
