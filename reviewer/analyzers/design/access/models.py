"""The project's models as the access detectors read them: their fields, and the one that names
the owner."""

from __future__ import annotations

import ast
import re

from reviewer.analyzers.design.access.routes import OWNER_FIELDS
from reviewer.analyzers.design.ast_tools import (
    last_name,
    string_text,
)
from reviewer.analyzers.design.context import ClassRef, ModuleContext, qualify


def model_class(module: ModuleContext, name: str) -> ClassRef | None:
    """The project's class of that name as the module sees it, through one re-export
    (`from .order import Order` in `models/__init__.py`)."""
    found = module.project.resolve(ast.Name(id=name), module.info)
    if found is not None:
        return found
    path, _, cls = qualify(name, module.info.imports).rpartition(".")
    package = module.project.modules.get(path)
    if package is None or cls not in package.imports:
        return None
    path, _, cls = package.imports[cls].rpartition(".")
    target = module.project.modules.get(path)
    return ClassRef(target.classes[cls], target) if target and cls in target.classes else None


def fields(module: ModuleContext, ref: ClassRef) -> dict[str, ast.expr | None]:
    """A model's class-level fields with their values, its project bases' included."""
    found: dict[str, ast.expr | None] = {}
    for current in [*reversed(list(module.project.ancestors(ref))), ref]:
        for statement in current.node.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = statement.value
            elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                found[statement.target.id] = statement.value
    return found


def owner_field(module: ModuleContext, ref: ClassRef) -> str | None:
    """The field that ties a record to its user: `owner_id`, `author`, or a foreign key to
    the user model."""
    for name, value in fields(module, ref).items():
        if name in OWNER_FIELDS or (value is not None and _points_to_user(value)):
            return name
    return None


def user_field(module: ModuleContext, ref: ClassRef | None, owner: str | None) -> str:
    """The owner field when it is a foreign key to the user model (not to a team or a
    customer record): `owner = models.ForeignKey(settings.AUTH_USER_MODEL, ...)`."""
    value = fields(module, ref).get(owner) if ref is not None and owner else None
    return owner if owner and value is not None and _points_to_user(value) else ""


def _points_to_user(value: ast.expr) -> bool:
    """`ForeignKey(settings.AUTH_USER_MODEL)`, `ForeignKey(User)`,
    `Column(ForeignKey("users.id"))`, `Field(foreign_key="user.id")`."""
    for call in (n for n in ast.walk(value) if isinstance(n, ast.Call)):
        keys = [k.value for k in call.keywords if k.arg == "foreign_key"]
        if last_name(call.func) in {"ForeignKey", "OneToOneField"}:
            keys += call.args[:1]
        if any(_names_user(n) for key in keys for n in ast.walk(key)):
            return True
    return False


def _names_user(node: ast.AST) -> bool:
    text = string_text(node) or last_name(node)
    return re.fullmatch(r"(auth\.)?users?(\.id)?|auth_user_model", text.lower()) is not None
