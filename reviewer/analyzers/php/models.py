"""What the project's Eloquent models let a request set: each model's mass-assignment guard,
read from every file of the run, so that a call in a controller knows its model's `$fillable`."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from tree_sitter import Node

from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES, Role
from reviewer.analyzers.php.syntax import short_name, text

ELOQUENT_BASES = frozenset({"Model", "Authenticatable", "Pivot", "MorphPivot", "User"})
KEY_AND_VALUE = 2


class Guard(enum.Enum):
    """What `create($request->all())` may set on a model."""

    FILLABLE = "fillable"  # only the columns `$fillable` lists
    GUARDED = "guarded"  # nothing: Laravel's default `$guarded = ['*']`
    OPEN = "open"  # every column (`$guarded = []`) or all but a few (`$guarded = ['id']`)


@dataclass(frozen=True)
class ModelFacts:
    """One model class: its name, its parent, and the guard it declares itself (if any)."""

    name: str
    parent: str
    declared: Guard | None


@dataclass(frozen=True)
class Models:
    """The models of the run by fully qualified name, and whether the project turns the guard
    off for every model (`Model::unguard()` outside seeders, tests and factories)."""

    classes: Mapping[str, ModelFacts] = field(default_factory=dict)
    unguarded_everywhere: bool = False

    def guard_of(self, name: str, depth: int = 0) -> Guard | None:
        """The guard of a model by fully qualified (or, when unique, short) name: its own,
        else its parent's; None when the class is not a model of the run."""
        facts = self.classes.get(name.lstrip("\\")) or self._by_short_name(name)
        if facts is None or depth > len(self.classes):
            return None
        if facts.declared is not None:
            return facts.declared
        if short_name(facts.parent) in ELOQUENT_BASES and facts.parent not in self.classes:
            return Guard.GUARDED
        return self.guard_of(facts.parent, depth + 1)

    def _by_short_name(self, name: str) -> ModelFacts | None:
        wanted = short_name(name)
        found = [f for full, f in self.classes.items() if short_name(full) == wanted]
        return found[0] if len(found) == 1 else None


def declared_guard(properties: Iterable[Node], attributes: str = "") -> Guard | None:
    """The guard the class's own `$fillable` / `$guarded` properties (or Laravel's
    `#[Fillable]`, `#[Guarded]`, `#[Unguarded]` attributes) declare."""
    values = {}
    for prop in properties:
        children = prop.named_children
        if len(children) >= KEY_AND_VALUE:
            values[text(children[0])] = children[-1]
    by_attribute = _attribute_guard(attributes)
    if by_attribute is not None:
        return by_attribute
    if "$unguarded" in values and text(values["$unguarded"]).lower() == "true":
        return Guard.OPEN
    fillable, guarded = values.get("$fillable"), values.get("$guarded")
    if fillable is not None and fillable.named_child_count > 0:
        return Guard.FILLABLE
    if guarded is None or guarded.type != "array_creation_expression":
        return None
    if "'*'" in text(guarded) or '"*"' in text(guarded):
        return Guard.GUARDED
    return Guard.OPEN


def _attribute_guard(attributes: str) -> Guard | None:
    """The guard `#[Fillable([...])]`, `#[Guarded([...])]` or `#[Unguarded]` declare."""
    fillable = re.search(r"#\[[^\]]*\bFillable\(\s*\[\s*['\"]", attributes)
    if fillable:
        return Guard.FILLABLE
    guarded = re.search(r"\bGuarded\(\s*\[(?P<columns>[^\]]*)\]", attributes)
    if guarded:
        return Guard.GUARDED if "*" in guarded["columns"] else Guard.OPEN
    return Guard.OPEN if re.search(r"\bUnguarded\b", attributes) else None


def model_facts(
    namespace: str, classes: Iterable[tuple[Node, str, str, Role]], resolve: Mapping[str, str]
) -> Iterator[tuple[str, ModelFacts]]:
    """(fully qualified name, facts) for each model class of one file."""
    for node, name, parent, role in classes:
        if role is not Role.MODEL or not name:
            continue
        body = node.child_by_field_name("body")
        properties = [
            element
            for declaration in (body.named_children if body is not None else [])
            if declaration.type == "property_declaration"
            for element in declaration.named_children
            if element.type == "property_element"
        ]
        full = f"{namespace}\\{name}" if namespace else name
        parent_name = resolve.get(parent, f"{namespace}\\{parent}" if namespace else parent)
        attributes = " ".join(text(c) for c in node.children if c.type == "attribute_list")
        guard = declared_guard(properties, attributes)
        yield full, ModelFacts(full, parent_name if parent else "", guard)


def unguards_everything(role: Role, calls: Iterable[Node]) -> bool:
    """`Model::unguard()` in the application (a provider's boot), not in a seeder or test."""
    return role not in DATABASE_SCRIPT_ROLES and any(
        call.type == "scoped_call_expression"
        and text(call.child_by_field_name("name")) == "unguard"
        for call in calls
    )
