"""What the map of the code takes from one file, whatever its language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.model import ClassLink, ClassNode, FunctionMeasure

# A class name as code writes one (CapWords), but not an exception's: raising one is not
# building a collaborator.
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]+")
_NOT_COLLABORATORS = ("Error", "Exception", "Exit", "Warning", "Interrupt")


@dataclass(frozen=True)
class Shape:
    """One file's functions, classes and links."""

    functions: tuple[FunctionMeasure, ...] = ()
    classes: tuple[ClassNode, ...] = ()
    links: tuple[ClassLink, ...] = ()
    # What a dataclass's fields take: shown only where they are abstractions (a bundle of
    # injected collaborators), not values (an order's lines, its money).
    field_links: tuple[ClassLink, ...] = ()


def is_collaborator(name: str) -> bool:
    """True for a name that reads as a class other than an exception."""
    return bool(_CLASS_NAME.fullmatch(name)) and not name.endswith(_NOT_COLLABORATORS)
