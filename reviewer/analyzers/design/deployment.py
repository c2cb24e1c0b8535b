"""Settings that ship a development server: debug on by default, any host allowed, CORS
open to every origin with credentials.

Each setting is judged as a deployment that sets no environment variable would see it: an
environment read is replaced by its default (or None), and the expression is worked out."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import PurePath

from reviewer.analyzers.design.ast_tools import dotted, last_name, string_text
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.secrets import target_name
from reviewer.languages import DEVELOPMENT_SETTINGS
from reviewer.model import Finding

# Reads of the environment: os.environ.get, os.getenv, python-decouple's config, environs and
# django-environ (`env("X")`, `env.bool("X")`, `env.list("X")`).
ENVIRONMENT_READS = re.compile(r"(^|\.)(environ\.get|getenv|config|env(\.\w+)?)$")
# Module names (or their folders) that hold settings.
SETTINGS_NAMES = re.compile(r"settings|config|conf|production|prod", re.IGNORECASE)
SETTINGS_BASES = frozenset({"BaseSettings", "Settings"})
# Sibling modules that settle a setting for what is deployed (`settings/production.py`).
PRODUCTION_MODULES = ("production", "prod", "live", "deploy", "deployment")
STRING_METHODS: dict[str, Callable[[str], object]] = {
    "lower": str.lower,
    "upper": str.upper,
    "strip": str.strip,
    "casefold": str.casefold,
    "split": lambda text: text.split(","),
}
EVERY_ORIGIN_PATTERNS = frozenset({".*", ".+", "https?://.*", "https?://.+"})


class Unknown:
    """What an expression gives when its value cannot be worked out from the source."""


UNKNOWN = Unknown()


@detector("debug-on-by-default")
def debug_on_by_default(module: ModuleContext) -> Iterator[Finding]:
    """`DEBUG` on unless the environment turns it off, or `DEBUG = True` in shipped settings."""
    if _development_module(module):
        return
    for target, name, value in _settings(module):
        if name.lower() != "debug" or _development_only(module, target):
            continue
        message = _debug_on(module, target, name, value)
        if message and not _set_in_production(module, name):
            yield module.finding(target, message)


def _debug_on(module: ModuleContext, target: ast.expr, name: str, value: ast.expr) -> str:
    """How the setting is on where the environment says nothing, in words; empty when off."""
    variables = _environment_variables(value)
    if variables:
        shown = " or ".join(f"`{v}`" for v in variables)
        on = on_when_unset(value)
        return f"`{name}` is on unless {shown} is set to turn it off" if on else ""
    if not _is_true(value):
        return ""
    settings_class = _settings_class(module, target)
    if settings_class:
        return (
            f"`{name}` defaults to `True` in `{settings_class}`, so it is on unless the "
            "environment turns it off"
        )
    if _plainly_shipped(module, target):
        return f"`{name} = True` in `{module.stem}`, which is not a development settings module"
    return ""


def _settings_class(module: ModuleContext, target: ast.expr) -> str:
    """The pydantic `BaseSettings` class the field belongs to, or an empty string."""
    owner = module.parent(module.parent(target) or target)
    if isinstance(owner, ast.ClassDef) and any(last_name(b) in SETTINGS_BASES for b in owner.bases):
        return owner.name
    return ""


@detector("allowed-hosts-wildcard")
def allowed_hosts_wildcard(module: ModuleContext) -> Iterator[Finding]:
    """`ALLOWED_HOSTS = ["*"]` (or a default of `"*"`) outside development settings."""
    if _development_module(module):
        return
    for target, name, value in _settings(module):
        if name != "ALLOWED_HOSTS" or _development_only(module, target):
            continue
        hosts = _unset_value(value)
        if _has_star(hosts) and not _set_in_production(module, name):
            yield module.finding(
                target, f"`{name}` accepts any `Host` header: `{source_text(module, value)}`"
            )


@detector("cors-wildcard-credentials")
def cors_wildcard_credentials(module: ModuleContext) -> Iterator[Finding]:
    """Every origin allowed together with credentials: Starlette/FastAPI's `CORSMiddleware`,
    flask-cors' `CORS`/`cross_origin`, django-cors-headers settings."""
    if _development_module(module):
        return
    for call in module.nodes_of(ast.Call):
        if isinstance(call, ast.Call) and not _development_only(module, call):
            message = _starlette_wildcard(module, call) or _flask_wildcard(module, call)
            if message:
                yield module.finding(call, message)
    yield from _django_wildcard(module)


def _starlette_wildcard(module: ModuleContext, call: ast.Call) -> str:
    named = [call.func, *call.args[:1]]
    if not any(module.qualified(n).endswith("CORSMiddleware") for n in named):
        return ""
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    if not _is_true(keywords.get("allow_credentials")):
        return ""
    origins = keywords.get("allow_origins")
    regex = (
        _unset_value(keywords["allow_origin_regex"]) if "allow_origin_regex" in keywords else None
    )
    if origins is not None and _has_star(_unset_value(origins)):
        shown = f"`allow_origins={source_text(module, origins)}`"
    elif regex in EVERY_ORIGIN_PATTERNS:
        shown = f"`allow_origin_regex={regex!r}`"
    else:
        return ""
    return f"`CORSMiddleware` allows every origin ({shown}) together with `allow_credentials=True`"


def _flask_wildcard(module: ModuleContext, call: ast.Call) -> str:
    name = module.qualified(call)
    if not name.startswith("flask_cors") or last_name(call) not in {"CORS", "cross_origin"}:
        return ""
    keywords: dict[str, ast.expr] = {k.arg: k.value for k in call.keywords if k.arg}
    resources = keywords.get("resources")
    if isinstance(resources, ast.Dict):
        return _flask_resource_wildcard(module, call, resources, keywords)
    shown = _every_origin(module, keywords)
    if not shown or not _is_true(keywords.get("supports_credentials")):
        return ""
    return (
        f"`{last_name(call)}` allows every origin ({shown}) together with "
        "`supports_credentials=True`"
    )


def _flask_resource_wildcard(
    module: ModuleContext, call: ast.Call, resources: ast.Dict, keywords: dict[str, ast.expr]
) -> str:
    """`resources={r"/api/*": {"origins": "*"}}`: options per resource, over the call's own."""
    for key, value in zip(resources.keys, resources.values, strict=True):
        if key is None or not isinstance(value, ast.Dict):
            continue
        options = {**keywords, **_string_keys(value)}
        shown = _every_origin(module, options)
        if shown and _is_true(options.get("supports_credentials")):
            return (
                f"`{last_name(call)}` allows every origin on `{string_text(key) or '?'}` "
                f"({shown}) together with `supports_credentials=True`"
            )
    return ""


def _string_keys(mapping: ast.Dict) -> dict[str, ast.expr]:
    pairs = zip(mapping.keys, mapping.values, strict=True)
    return {
        k.value: v for k, v in pairs if isinstance(k, ast.Constant) and isinstance(k.value, str)
    }


def _every_origin(module: ModuleContext, options: dict[str, ast.expr]) -> str:
    """How flask-cors options allow every origin, in words; empty when they do not."""
    origins = options.get("origins")
    if origins is None:
        return "its default `origins`, every origin"
    if _has_star(_unset_value(origins)):
        return f"`origins={source_text(module, origins)}`"
    return ""


def _django_wildcard(module: ModuleContext) -> Iterator[Finding]:
    values = {name: (target, value) for target, name, value in _module_settings(module)}
    credentials = values.get("CORS_ALLOW_CREDENTIALS")
    if credentials is None or _unset_value(credentials[1]) is not True:
        return
    for name in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):
        found = values.get(name)
        if found is not None and _unset_value(found[1]) is True:
            target = found[0]
            if not _development_only(module, target):
                yield module.finding(
                    target, f"`{name} = True` together with `CORS_ALLOW_CREDENTIALS = True`"
                )


def source_text(module: ModuleContext, node: ast.expr | ast.stmt) -> str:
    """The node's text as written, or as `ast` writes it when it spans lines."""
    line = getattr(node, "lineno", 0)
    if line and line == node.end_lineno and node.end_col_offset is not None:
        text = module.lines[line - 1].encode()  # offsets count UTF-8 bytes
        return text[node.col_offset : node.end_col_offset].decode(errors="replace")
    return ast.unparse(node)


def _has_star(value: object) -> bool:
    if isinstance(value, str):
        return value == "*"
    return isinstance(value, list | tuple) and "*" in value


# --- where settings are ----------------------------------------------------------------------


def _development_module(module: ModuleContext) -> bool:
    """Tests and development settings modules (`settings/dev.py`, `local_settings.py`)."""
    return module.is_test or DEVELOPMENT_SETTINGS.search(module.stem) is not None


def _set_in_production(module: ModuleContext, name: str) -> bool:
    """A production module beside this one sets the name itself (`settings/base.py` with
    `DEBUG = True` under a `settings/production.py` with `DEBUG = False`)."""
    package, _, stem = module.info.name.rpartition(".")
    if not package or stem in PRODUCTION_MODULES:
        return False
    for sibling in PRODUCTION_MODULES:
        found = module.project.modules.get(f"{package}.{sibling}")
        statements = found.tree.body if found is not None else []
        targets = (t for s in statements if isinstance(s, ast.Assign) for t in s.targets)
        if any(target_name(t) == name for t in targets):
            return True
    return False


def _settings(module: ModuleContext) -> Iterator[tuple[ast.expr, str, ast.expr]]:
    """(target, name, value) of every assignment to a name, an attribute, a string key, or a
    field of a settings class (`debug: bool = True`)."""
    for node in module.nodes_of(ast.Assign | ast.AnnAssign):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                yield target, target_name(target), node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            yield node.target, target_name(node.target), node.value


def _module_settings(module: ModuleContext) -> Iterator[tuple[ast.expr, str, ast.expr]]:
    """Assignments at the top of the module, and inside its top-level `if`/`try` blocks."""
    for target, name, value in _settings(module):
        scope = module.parent(module.parent(target) or target)
        while isinstance(scope, ast.If | ast.Try):
            scope = module.parent(scope)
        if isinstance(scope, ast.Module):
            yield target, name, value


def _development_only(module: ModuleContext, node: ast.AST) -> bool:
    """Inside `class DevelopmentConfig`, or under `if DEBUG:`: never what a deployment runs."""
    current = module.parent(node)
    while current is not None:
        if isinstance(current, ast.ClassDef):
            words = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", current.name)
            if DEVELOPMENT_SETTINGS.search(words):
                return True
        if isinstance(current, ast.If) and _tests_debug(current.test):
            first, last = current.body[0], current.body[-1]
            line = getattr(node, "lineno", 0)
            if first.lineno <= line <= (last.end_lineno or last.lineno):
                return True
        current = module.parent(current)
    return False


def _tests_debug(test: ast.expr) -> bool:
    """`if DEBUG:`, `if settings.DEBUG:`, `if app.debug:` (not `if not DEBUG:`), or a test
    that the environment is a development one: `if ENVIRONMENT == "local":`."""
    if (last_name(test) or "").lower() == "debug":
        return True
    if not isinstance(test, ast.Compare) or not isinstance(test.ops[0], ast.Eq | ast.In):
        return False
    words = [string_text(n) for n in ast.walk(test.comparators[0])]
    return any(w and DEVELOPMENT_SETTINGS.fullmatch(w) for w in words)


def _plainly_shipped(module: ModuleContext, target: ast.expr) -> bool:
    """A literal `DEBUG = True` is a finding at the top of a settings module, or in a settings
    class of one, where nothing else in the module decides it."""
    path = PurePath(module.path)
    names = [path.stem, path.parent.name]
    if not any(SETTINGS_NAMES.search(n) for n in names):
        return False
    assignments = [t for t, name, _ in _settings(module) if name.lower() == "debug"]
    return len(assignments) == 1 and not _in_function(module, target)


def _in_function(module: ModuleContext, node: ast.AST) -> bool:
    current = module.parent(node)
    while current is not None:
        if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
            return True
        current = module.parent(current)
    return False


# --- a value as a deployment without environment variables sees it ---------------------------


def on_when_unset(node: ast.expr) -> bool:
    """True when the expression reads the environment and is on where it says nothing."""
    result = _unset_value(node)
    return bool(_environment_variables(node)) and isinstance(result, bool | int) and bool(result)


def _environment_variables(node: ast.expr) -> list[str]:
    """The names of the environment variables an expression reads."""
    found = []
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and _reads_environment(call) and call.args:
            key = call.args[0]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                found.append(key.value)
    return list(dict.fromkeys(found))


def _reads_environment(call: ast.Call) -> bool:
    return ENVIRONMENT_READS.search(dotted(call.func) or "") is not None


def _unset_value(node: ast.expr) -> object:
    """The expression's value with every environment variable unset, or UNKNOWN."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List | ast.Tuple):
        items = [_unset_value(e) for e in node.elts]
        return UNKNOWN if any(isinstance(i, Unknown) for i in items) else items
    if isinstance(node, ast.Call):
        return _unset_call(node)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        return _compared(node.ops[0], _unset_value(node.left), _unset_value(node.comparators[0]))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        operand = _unset_value(node.operand)
        return operand if isinstance(operand, Unknown) else not operand
    if isinstance(node, ast.BoolOp):
        return _bool_op(node)
    return UNKNOWN


def _unset_call(call: ast.Call) -> object:
    if _reads_environment(call):
        return _default(call)
    if isinstance(call.func, ast.Name) and call.func.id in {"bool", "int"} and len(call.args) == 1:
        value = _unset_value(call.args[0])
        return _converted(call.func.id, value)
    method = STRING_METHODS.get(call.func.attr) if isinstance(call.func, ast.Attribute) else None
    if method is not None and isinstance(call.func, ast.Attribute):
        text = _unset_value(call.func.value)
        return method(text) if isinstance(text, str) else UNKNOWN
    return UNKNOWN


def _default(call: ast.Call) -> object:
    """An environment read's default: the second argument or `default=`, else None."""
    defaults = [*call.args[1:2], *(k.value for k in call.keywords if k.arg == "default")]
    if not defaults:
        return None
    value = _unset_value(defaults[0])
    cast = next((k.value for k in call.keywords if k.arg == "cast"), None)
    bool_read = last_name(call.func) == "bool" or (cast is not None and dotted(cast) == "bool")
    if bool_read and isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on", "y", "t"}
    return value


def _converted(kind: str, value: object) -> object:
    if isinstance(value, Unknown):
        return UNKNOWN
    if kind == "bool":
        return bool(value)
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return UNKNOWN


def _compared(op: ast.cmpop, left: object, right: object) -> object:
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return UNKNOWN
    if isinstance(op, ast.Eq):
        return left == right
    if isinstance(op, ast.NotEq):
        return left != right
    if isinstance(op, ast.In | ast.NotIn) and isinstance(right, list | tuple | str):
        inside = isinstance(left, str) and left in right
        return inside if isinstance(op, ast.In) else not inside
    return UNKNOWN


def _bool_op(node: ast.BoolOp) -> object:
    result: object = UNKNOWN
    for value in node.values:
        result = _unset_value(value)
        if isinstance(result, Unknown):
            return UNKNOWN
        if isinstance(node.op, ast.Or) == bool(result):
            return result
    return result


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True
