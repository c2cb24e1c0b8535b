"""token-stored-plaintext: an API or reset token saved to the database as it was issued, so a
read of the table is a login."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

RANDOM_CALLS = frozenset(
    {"token_hex", "token_urlsafe", "token_bytes", "urandom", "uuid4", "get_random_string"}
)
HASHING = re.compile(r"sha\d|blake2|hash|digest|pbkdf2|scrypt|bcrypt|argon|make_password", re.I)
SECRET_ATTRIBUTES = re.compile(
    r"token|secret|api_?key|access_?key|auth_?key|(^|_)otp$|"
    r"(invite|reset|verification|confirm|confirmation|activation|magic)_code",
    re.IGNORECASE,
)
NOT_SECRET_ATTRIBUTES = re.compile(
    r"hash|digest|expir|type|_at$|count|prefix|hint|(^|_)(id|pk|uuid|slug|name)$", re.I
)
LOOKUPS = frozenset(
    {"filter_by", "filter", "get", "get_or_none", "get_object_or_404", "find_one", "exists"}
)
DEFAULT_KEYWORDS = frozenset({"default", "default_factory", "insert_default"})


@dataclass(frozen=True)
class Stored:
    """A random token kept in a persisted attribute, where it is made."""

    attribute: str
    node: ast.AST
    value: str
    where: str
    shown: str


@detector("token-stored-plaintext")
def token_stored_plaintext(module: ModuleContext) -> Iterator[Finding]:
    """A random token stored as it is in a model attribute that is looked up by equality."""
    for stored in _stored_tokens(module):
        lookup = _lookup_of(module, stored.attribute)
        if lookup:
            message = (
                f"{stored.where} stores `{stored.value}` in `{stored.shown}` unhashed, and {lookup}"
            )
            yield module.finding(stored.node, message)


def _stored_tokens(module: ModuleContext) -> Iterator[Stored]:
    for function in module.function_nodes:
        random_names = _random_names(module.body_nodes(function))
        owner = module.parent(function)
        model = owner.name if isinstance(owner, ast.ClassDef) else ""
        for node in module.body_nodes(function):
            yield from _assigned_token(node, random_names, f"`{function.name}`", model)
            yield from _constructed_token(node, random_names, f"`{function.name}`", model)
    for cls in module.class_nodes:
        yield from _column_defaults(cls)


def _random_names(body: Iterable[ast.AST]) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and _is_random(node.value):
                names[target.id] = ast.unparse(node.value)
    return names


def _is_random(value: ast.AST) -> bool:
    """A random value made here and not hashed on the way (`secrets.token_hex(16)`)."""
    names = [last_name(n) for n in ast.walk(value) if isinstance(n, ast.Call | ast.Attribute)]
    return any(n in RANDOM_CALLS for n in names) and not any(HASHING.search(n) for n in names)


def _random_text(value: ast.expr, random_names: dict[str, str]) -> str:
    if isinstance(value, ast.Name) and value.id in random_names:
        return random_names[value.id]
    return ast.unparse(value) if _is_random(value) else ""


def _is_secret_attribute(name: str, model: str = "") -> bool:
    """`token`, `api_key`; `key` of a model named `ApiKey`; never `token_hash` or `id`."""
    named = SECRET_ATTRIBUTES.search(name) or (model and SECRET_ATTRIBUTES.search(model))
    return bool(named) and not NOT_SECRET_ATTRIBUTES.search(name)


def _assigned_token(
    node: ast.AST, random_names: dict[str, str], where: str, model: str
) -> Iterator[Stored]:
    """`self.token = secrets.token_hex(16)`, `user.api_key = key` (a random `key`), and in a
    method of `ApiKey`, `self.key = ...`."""
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return
    target = node.targets[0]
    if not isinstance(target, ast.Attribute):
        return
    named = model if dotted(target.value) == "self" else ""
    if _is_secret_attribute(target.attr, named):
        value = _random_text(node.value, random_names)
        if value:
            yield Stored(target.attr, node, value, where, ast.unparse(target))


def _constructed_token(
    node: ast.AST, random_names: dict[str, str], where: str, owner: str
) -> Iterator[Stored]:
    """`ApiKey(key=secrets.token_urlsafe(32), user=user)`: a model made with a random field;
    `cls(...)` in a class method of `owner` makes an `owner`."""
    if not isinstance(node, ast.Call):
        return
    model = last_name(node.func)
    if model == "cls" and owner:
        model = owner
    if not model[:1].isupper():
        return
    for keyword in node.keywords:
        name = keyword.arg or ""
        if _is_secret_attribute(name, model):
            value = _random_text(keyword.value, random_names)
            if value:
                yield Stored(name, keyword.value, value, where, f"{model}.{name}")


def _column_defaults(cls: ast.ClassDef) -> Iterator[Stored]:
    """`token = db.Column(db.String(43), default=lambda: secrets.token_urlsafe(32))`."""
    for statement in cls.body:
        target: ast.expr | None = None
        if isinstance(statement, ast.AnnAssign):
            target = statement.target
        elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
        value = getattr(statement, "value", None)
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
            continue
        if not _is_secret_attribute(target.id):
            continue
        for keyword in value.keywords:
            if keyword.arg in DEFAULT_KEYWORDS and _is_random(keyword.value):
                shown = f"{cls.name}.{target.id}"
                made = (
                    keyword.value.body if isinstance(keyword.value, ast.Lambda) else keyword.value
                )
                value = ast.unparse(made)
                yield Stored(target.id, statement, value, f"`{cls.name}`", shown)


def _lookup_of(module: ModuleContext, attribute: str) -> str:
    """How the project finds a row by the attribute, in words; empty when it does not."""
    found = _lookup_in(module.tree, attribute)
    if found:
        return found
    for name, info in module.project.modules.items():
        if name != module.info.name:
            found = _lookup_in(info.tree, attribute)
            if found:
                return found
    return ""


def _lookup_in(tree: ast.Module, attribute: str) -> str:
    for function in (n for n in ast.walk(tree) if isinstance(n, FunctionNode)):
        for node in ast.walk(function):
            shown = _equality_lookup(node, attribute)
            if shown:
                return f"`{function.name}` finds the row by `{shown}`"
    return ""


def _equality_lookup(node: ast.AST, attribute: str) -> str:
    """`User.token == token`, `filter_by(token=token)`, `objects.get(key=key)`."""
    if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.Eq):
        sides = (node.left, *node.comparators)
        return ast.unparse(node) if any(_model_column(s, attribute) for s in sides) else ""
    if isinstance(node, ast.Call) and last_name(node.func) in LOOKUPS:
        by = any(k.arg in (attribute, f"{attribute}__exact") for k in node.keywords)
        return f"{last_name(node.func)}({attribute}=...)" if by else ""
    return ""


def _model_column(node: ast.expr, attribute: str) -> bool:
    """`User.token`: the column of a model class, written with the class's name."""
    if not isinstance(node, ast.Attribute) or node.attr != attribute:
        return False
    owner = last_name(node.value)
    return owner[:1].isupper() or owner == "c"
