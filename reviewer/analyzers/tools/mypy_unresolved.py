"""Imports mypy could not resolve, said once for the whole review, and the findings whose only
cause is the `Any` such an import leaves behind, dropped.

A package mypy cannot find (not installed where it looks) or cannot read (installed without
type information) makes every name imported from it `Any`: a class built on one "cannot
subclass" it, a function decorated by one "becomes untyped". Those are not the code's
faults, so they are not raised; the packages mypy could not find are named once instead,
with how to let mypy see them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reviewer.model import Finding

# The code of the findings that carry one unresolved package each, turned into a note.
UNRESOLVED = "unresolved-package"
NOT_FOUND = "import-not-found"
UNTYPED = "import-untyped"
# Packages named in the note; the rest are counted.
MAX_NAMED = 8
_MODULE = re.compile(r'module named "(?P<name>[^"]+)"|for "(?P<stubs>[^"]+)"')
# Messages that say a value is `Any` because of what it came from.
_ANY_CAUSED = ('has type "Any"', "Untyped decorator makes function", "Returning Any from")


def unresolved_module(message: str) -> str:
    """The top-level package an import-not-found message names, or ""."""
    named = _MODULE.search(message)
    if not named:
        return ""
    return (named["name"] or named["stubs"]).split(".")[0]


def is_project_module(root: Path, package: str) -> bool:
    """True when the project itself has a top-level module of that name: its import is the
    project's own mistake, not a missing dependency."""
    return (root / package).is_dir() or (root / f"{package}.py").is_file()


def files_with_unknown_imports(records: Iterable[Mapping[str, Any]]) -> set[str]:
    """The files where an import is unresolved or untyped: what comes from it is `Any`."""
    return {
        str(record.get("file", ""))
        for record in records
        if record.get("code") in (NOT_FOUND, UNTYPED)
    }


def caused_by_unknown_import(record: Mapping[str, Any], unknown: set[str]) -> bool:
    """True for a finding in such a file whose message says its cause is an `Any`."""
    message = str(record.get("message", ""))
    in_unknown = str(record.get("file", "")) in unknown
    return in_unknown and any(cause in message for cause in _ANY_CAUSED)


def unresolved_packages(findings: Sequence[Finding]) -> tuple[list[Finding], list[str]]:
    """The findings without those naming an unresolved package, and those packages, sorted."""
    packages = sorted({f.message for f in findings if f.source == f"mypy:{UNRESOLVED}"})
    rest = [f for f in findings if f.source != f"mypy:{UNRESOLVED}"]
    return rest, packages


def unresolved_note(packages: Sequence[str]) -> str:
    """What the review could not check, and how to let it: one sentence for all packages."""
    named = ", ".join(f"`{p}`" for p in packages[:MAX_NAMED])
    more = len(packages) - MAX_NAMED
    if more > 0:
        named += f" and {more} more"
    return (
        f"The type checker could not find these imported packages: {named}; what comes "
        "from them was not type-checked. Install the project's dependencies in `.venv` at "
        "its root, or pass the project's interpreter with `--python`."
    )
