"""Interface segregation: interfaces with many abstract methods, implementers that stub them."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.ast_tools import (
    decorator_names,
    is_abstract,
    is_stub_body,
    methods,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.roles import classes
from reviewer.model import Finding


@detector("fat-interface")
def fat_interface(module: ModuleContext) -> Iterator[Finding]:
    """An ABC or Protocol that asks implementers for many methods."""
    for cls in classes(module):
        ref = module.class_ref(cls)
        abstract = [m.name for m in module.project.abstract_methods(ref)]
        if len(abstract) >= module.thresholds.min_abstract_methods:
            message = (
                f"`{cls.name}` declares {len(abstract)} abstract methods: {', '.join(abstract)}"
            )
            extras = {"metric": len(abstract), "methods": abstract}
            yield module.finding(cls, message, extras)


@detector("stubbed-interface")
def stubbed_interface(module: ModuleContext) -> Iterator[Finding]:
    """A class that stubs out several abstract methods it inherits."""
    if module.is_test:
        return
    project = module.project
    for cls in classes(module):
        ref = module.class_ref(cls)
        if project.is_interface(ref) or any(is_abstract(m) for m in methods(cls)):
            continue
        inherited = _nearest_abstract(module, cls)
        stubs = [
            m.name
            for m in methods(cls)
            if m.name in inherited and is_stub_body(m.body) and "overload" not in decorator_names(m)
        ]
        stubs = list(dict.fromkeys(stubs))
        if len(stubs) >= module.thresholds.min_stubbed_methods:
            bases = ", ".join(f"`{b}`" for b in dict.fromkeys(inherited[s] for s in stubs))
            message = (
                f"`{cls.name}` stubs out {len(stubs)} methods it inherits from {bases}: "
                f"{', '.join(stubs)}"
            )
            extras = {"metric": len(stubs), "methods": stubs}
            yield module.finding(cls, message, extras)


def _nearest_abstract(module: ModuleContext, cls: ast.ClassDef) -> dict[str, str]:
    """Inherited method -> interface declaring it, where that declaration is the nearest one."""
    project = module.project
    nearest: dict[str, str] = {}
    abstract: set[str] = set()
    for base in project.ancestors(module.class_ref(cls)):
        declared = {m.name for m in project.abstract_methods(base)}
        for method in methods(base.node):
            if method.name not in nearest:
                nearest[method.name] = base.node.name
                if method.name in declared:
                    abstract.add(method.name)
    return {name: owner for name, owner in nearest.items() if name in abstract}
