"""A design detector and the code its findings carry, written once, above its function:

    @detector("low-cohesion")
    def low_cohesion(module: ModuleContext) -> Iterator[Finding]: ...

The function makes its findings with `module.finding(node, message, extras)`; the detector
gives each its code. The rule catalog maps `design:CODE` to a rule (rules/design.yaml)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from types import ModuleType

from reviewer.analyzers.design.context import ModuleContext
from reviewer.model import Finding

Find = Callable[[ModuleContext], Iterator[Finding]]


@dataclass(frozen=True)
class Detector:
    """One kind of finding: its code, and the function that finds it in a module."""

    code: str
    find: Find

    def __call__(self, module: ModuleContext) -> Iterator[Finding]:
        for finding in self.find(module):
            yield replace(finding, code=self.code)

    def __reduce__(self) -> tuple[Callable[[str, str], Detector], tuple[str, str]]:
        # the function's module-level name is this detector: pickled by that name
        return _named, (self.find.__module__, self.find.__name__)


def _named(module: str, name: str) -> Detector:
    found = getattr(importlib.import_module(module), name)
    assert isinstance(found, Detector)  # noqa: S101 - only __reduce__ names one
    return found


def detector(code: str) -> Callable[[Find], Detector]:
    """The decorator that makes a function the detector of `code`."""

    def made(find: Find) -> Detector:
        return Detector(code, find)

    return made


def detectors_in(*modules: ModuleType) -> tuple[Detector, ...]:
    """Every detector the modules define, in the order they are defined."""
    found = (value for module in modules for value in vars(module).values())
    return tuple(dict.fromkeys(value for value in found if isinstance(value, Detector)))
