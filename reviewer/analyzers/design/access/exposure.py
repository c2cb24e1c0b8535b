"""sensitive-fields-exposed: password, hash or token fields sent back in a response."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from reviewer.analyzers.design.access.loads import class_name, loaded_model
from reviewer.analyzers.design.access.models import fields, model_class
from reviewer.analyzers.design.access.routes import RESPONDERS, alias, is_route, routes
from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    dotted,
    last_name,
    methods,
    name_tokens,
    string_text,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

SENSITIVE_WORDS = frozenset({"password", "passwd", "pwd", "secret", "token", "salt"})
# Words that make a field about a secret rather than the secret: `token_expiration`,
# `token_type`, `is_secret`.
ABOUT_WORDS = frozenset(
    {"at", "expiration", "expires", "expiry", "sent", "count", "changed", "type", "is", "has"}
)
DUMPS = frozenset({"model_to_dict", "vars"})
SERIALIZER_METHODS = frozenset({"to_dict", "as_dict", "to_json", "serialize", "to_api"})
MODEL_SCHEMAS = frozenset(
    {"ModelSerializer", "HyperlinkedModelSerializer", "ModelForm", "SQLAlchemyAutoSchema"}
)
DJANGO_USERS = frozenset({"django.contrib.auth.models.User", "django.contrib.auth.get_user_model"})


def sensitive(name: str) -> bool:
    """A password (or its hash), a secret, a token or a salt; a `content_hash` is not."""
    words = name_tokens(name)
    secret = bool(words & SENSITIVE_WORDS) or {"pw", "hash"} <= words
    return secret and not words & ABOUT_WORDS


@detector("sensitive-fields-exposed")
def sensitive_fields_exposed(module: ModuleContext) -> Iterator[Finding]:
    """A whole record with secret fields sent out: `__dict__`, `vars()`, `model_to_dict()`, a
    `to_dict` that lists them, a model serializer or form with every field, a FastAPI route
    returning the ORM row."""
    yield from _dumped_records(module)
    yield from _dict_methods(module)
    yield from _schemas_with_every_field(module)
    yield from _routes_without_response_model(module)


def _secrets_of(module: ModuleContext, model: str) -> list[str]:
    """The secret fields of a project model, or of Django's user model."""
    if module.qualified(ast.Name(id=model)) in DJANGO_USERS:
        return ["password"]
    ref = model_class(module, model)
    return [f for f in fields(module, ref) if sensitive(f)] if ref is not None else []


def _record_models(function: FunctionNode, module: ModuleContext) -> dict[str, str]:
    """Names given one record in the function, with the record's model."""
    found = {}
    for node in module.body_nodes(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, model = node.targets[0], loaded_model(node.value)
            if isinstance(target, ast.Name) and model is not None:
                found[target.id] = model
    return found


def _dumped_records(module: ModuleContext) -> Iterator[Finding]:
    for route in routes(module):
        records = _record_models(route.function, module)
        for node in module.body_nodes(route.function):
            dumped = _dumped_name(node)
            if dumped is None or not _sent(node, module):
                continue
            if dumped in {"request.user", "self.request.user"}:
                secrets = ["password"]
            else:
                secrets = _secrets_of(module, records.get(dumped, ""))
            if secrets:
                message = (
                    f"`{route.name}` sends every field of `{dumped}`, its"
                    f" {_listed(secrets)} included"
                )
                yield module.finding(node, message)


def _dumped_name(node: ast.AST) -> str | None:
    """`order.__dict__`, `vars(order)`, `model_to_dict(order)` -> `order`."""
    if isinstance(node, ast.Attribute) and node.attr == "__dict__":
        return dotted(node.value)
    if isinstance(node, ast.Call) and last_name(node.func) in DUMPS and node.args:
        return dotted(node.args[0])
    return None


def _sent(node: ast.AST, module: ModuleContext) -> bool:
    """The expression is (part of) what a return statement or a response call gives."""
    current: ast.AST | None = module.parent(node)
    while current is not None and not isinstance(current, ast.stmt):
        if isinstance(current, ast.Call) and last_name(current.func) in RESPONDERS:
            return True
        current = module.parent(current)
    return isinstance(current, ast.Return)


def _listed(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in dict.fromkeys(names)]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _dict_methods(module: ModuleContext) -> Iterator[Finding]:
    """`def to_dict(self): return {"password_hash": self.password_hash, ...}` on a model."""
    for cls in module.class_nodes:
        if not _is_model(cls):
            continue
        for method in methods(cls):
            if method.name not in SERIALIZER_METHODS:
                continue
            secrets = [entry for n in ast.walk(method) for entry in _secret_entries(n)]
            if secrets:
                names = _listed([name for name, _ in secrets])
                message = f"`{cls.name}.{method.name}` puts {names} in the dict it gives"
                yield module.finding(secrets[0][1], message)


def _secret_entries(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            named = string_text(key) if key is not None else None
            if named and key is not None and sensitive(named):
                yield named, key
            elif isinstance(value, ast.Attribute) and sensitive(value.attr):
                yield value.attr, value


def _is_model(cls: ast.ClassDef) -> bool:
    """An ORM model: a `Model`/`Base`/`SQLModel` base, or columns in its body."""
    bases = {last_name(b) for b in cls.bases}
    if bases & {"Model", "Base", "SQLModel", "Document", "DeclarativeBase", "AbstractUser"}:
        return True
    calls = (s.value for s in cls.body if isinstance(s, ast.Assign | ast.AnnAssign))
    return any(
        last_name(c.func) in {"Column", "mapped_column"} for c in calls if isinstance(c, ast.Call)
    )


def _schemas_with_every_field(module: ModuleContext) -> Iterator[Finding]:
    """`class Meta: model = User; fields = "__all__"` in a model serializer, form or schema."""
    for cls in module.class_nodes:
        meta = next((c for c in cls.body if isinstance(c, ast.ClassDef) and c.name == "Meta"), None)
        bases = {last_name(b) for b in cls.bases}
        if meta is None or not bases & MODEL_SCHEMAS:
            continue
        options = _meta_options(meta)
        model = options.get("model")
        if model is None or not _every_field(options, bases):
            continue
        hidden = _write_only(cls) | _excluded(options)
        secrets = [s for s in _secrets_of(module, last_name(model)) if s not in hidden]
        if secrets:
            message = (
                f"`{cls.name}` takes every field of `{last_name(model)}`,"
                f" {_listed(secrets)} included"
            )
            yield module.finding(options.get("fields") or model, message)


def _meta_options(meta: ast.ClassDef) -> dict[str, ast.expr]:
    return {
        t.id: s.value
        for s in meta.body
        if isinstance(s, ast.Assign)
        for t in s.targets
        if isinstance(t, ast.Name)
    }


def _every_field(options: dict[str, ast.expr], bases: set[str]) -> bool:
    given = options.get("fields")
    if given is not None:
        return string_text(given) == "__all__"
    return "exclude" in options or "SQLAlchemyAutoSchema" in bases


def _excluded(options: dict[str, ast.expr]) -> set[str]:
    given = options.get("exclude")
    return {t for n in ast.walk(given) if (t := string_text(n))} if given is not None else set()


def _write_only(cls: ast.ClassDef) -> set[str]:
    """Fields the serializer only reads from the client: `extra_kwargs` with `write_only`,
    or a field declared `write_only=True` (or `load_only=True` in marshmallow)."""
    text = ast.unparse(cls)
    declared = {
        t.id
        for s in cls.body
        if isinstance(s, ast.Assign) and re.search(r"(write|load)_only\s*=\s*True", ast.unparse(s))
        for t in s.targets
        if isinstance(t, ast.Name)
    }
    kept = set(re.findall(r"""['"](\w+)['"]\s*:\s*\{[^}]*write_only['"]\s*:\s*True""", text))
    return declared | kept


def _routes_without_response_model(module: ModuleContext) -> Iterator[Finding]:
    """A FastAPI route with no `response_model` (nor a schema as its return annotation) that
    returns a record of a model with secret fields: FastAPI sends every column."""
    if not any(v.startswith("fastapi") for v in module.info.imports.values()):
        return
    for route in routes(module):
        if not is_route(route.function) or _has_response_model(route.function, module):
            continue
        records = _record_models(route.function, module)
        records |= _typed_parameters(route.function, module)
        for node in module.body_nodes(route.function):
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
                secrets = _secrets_of(module, records.get(node.value.id, ""))
                if secrets:
                    message = (
                        f"`{route.name}` returns `{node.value.id}` with no `response_model`,"
                        f" so FastAPI sends every column, {_listed(secrets)} included"
                    )
                    yield module.finding(node, message)


def _has_response_model(function: FunctionNode, module: ModuleContext) -> bool:
    """`response_model=` given (other than None), or a return annotation that is a schema
    rather than a table model."""
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call):
            for keyword in decorator.keywords:
                given = keyword.value
                if keyword.arg == "response_model":
                    return not (isinstance(given, ast.Constant) and given.value is None)
    returns = function.returns
    if returns is None or dotted(returns) in {"Any", "typing.Any", None}:
        return False
    ref = model_class(module, last_name(returns))
    return ref is None or not _is_table(ref.node)


def _is_table(cls: ast.ClassDef) -> bool:
    table = any(k.arg == "table" for k in cls.keywords)
    return table or (_is_model(cls) and "SQLModel" not in {last_name(b) for b in cls.bases})


def _typed_parameters(function: FunctionNode, module: ModuleContext) -> dict[str, str]:
    """`user: User = Depends(...)`, `user: Annotated[User, Depends(...)]` and
    `user: CurrentUser` (an alias of the latter) -> {user: User}."""
    found = {}
    for argument in [*function.args.args, *function.args.kwonlyargs]:
        annotation = argument.annotation
        if isinstance(annotation, ast.Name):
            annotation = alias(annotation.id, module) or annotation
        if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
            inner = annotation.slice
            annotation = inner.elts[0] if isinstance(inner, ast.Tuple) else inner
        if annotation is not None and class_name(annotation):
            found[argument.arg] = last_name(annotation)
    return found
