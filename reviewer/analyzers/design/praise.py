"""Earned praise: design choices a measurement confirms, at most one of each kind per file."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from reviewer.analyzers.design import access, dip, limits, ocp, validation
from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    decorator_names,
    dotted,
    last_name,
    methods,
    string_text,
)
from reviewer.analyzers.design.context import ClassRef, ModuleContext
from reviewer.analyzers.design.deployment import source_text
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.dip import created_collaborators
from reviewer.analyzers.design.infrastructure import is_sql_call
from reviewer.analyzers.design.limits import LIMIT_NAMES
from reviewer.analyzers.design.roles import (
    classes,
    collaborator_name,
    enclosing,
    is_value_class,
)
from reviewer.languages import pyast
from reviewer.model import Finding

PLACEHOLDER = re.compile(r"\?|%s|%\(\w+\)s|(?<![:\w]):\w+|\$\d+")
MAPPING_WRAPPERS = frozenset({"MappingProxyType", "dict", "frozendict", "immutabledict"})
SET_CALLS = frozenset({"frozenset", "set", "tuple", "list"})


def without_contradicted_praise(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of one file, less any praise whose opposite problem is also there."""
    found = list(findings)
    codes = {f.code for f in found}
    return [f for f in found if not PRAISE_CONFLICTS.get(f.code, frozenset()) & codes]


def _module_finding(module: ModuleContext, message: str, extras: dict[str, object]) -> Finding:
    """A finding about the whole module: at its first line, where the module node is."""
    return module.finding(module.tree, message, extras)


@detector("praise-injected-dependencies")
def injected_dependencies(module: ModuleContext) -> Iterator[Finding]:
    """A class whose collaborators all arrive through `__init__`, typed by Protocols or ABCs."""
    if module.is_test:
        return
    best: tuple[ast.ClassDef, list[str]] | None = None
    for cls in classes(module):
        typed = _injected_interfaces(module, cls)
        enough = len(typed) >= module.thresholds.min_injected_protocols
        better = best is None or len(typed) > len(best[1])
        if enough and better and _builds_nothing(module, cls):
            best = (cls, typed)
    if best is not None:
        cls, typed = best
        shown = ", ".join(f"`{t}`" for t in dict.fromkeys(typed))
        message = (
            f"`{cls.name}` receives its {len(typed)} collaborators through `__init__`, each "
            f"typed by a Protocol or ABC: {shown}."
        )
        yield module.finding(
            cls,
            message,
            {"metric": len(typed), "interfaces": typed},
        )


def _injected_interfaces(module: ModuleContext, cls: ast.ClassDef) -> list[str]:
    init = next((m for m in methods(cls) if m.name == "__init__"), None)
    if init is None or is_value_class(module, cls):
        return []
    typed = []
    for arg in [*init.args.args[1:], *init.args.kwonlyargs]:
        for expr in _annotation_parts(arg.annotation):
            ref = module.project.resolve(expr, module.info)
            if ref is not None and module.project.is_interface(ref):
                typed.append(ref.node.name)
                break
    return typed


def _annotation_parts(annotation: ast.expr | None) -> list[ast.expr]:
    """The class names an annotation mentions at its top: `X | None`, `Optional[X]`, `"X"`."""
    if annotation is None:
        return []
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            return _annotation_parts(pyast.parse_expression(annotation.value))
        except SyntaxError:
            return []
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return [*_annotation_parts(annotation.left), *_annotation_parts(annotation.right)]
    if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Optional":
        return _annotation_parts(annotation.slice)
    return [annotation]


def _builds_nothing(module: ModuleContext, cls: ast.ClassDef) -> bool:
    """No method of the class creates a collaborator of its own."""
    for method in methods(cls):
        if created_collaborators(module, method):
            return False
        calls = (n for n in module.body_nodes(method) if isinstance(n, ast.Call))
        if any(collaborator_name(c, module) for c in calls):
            return False
    return True


@detector("praise-parameterized-sql")
def parameterized_sql(module: ModuleContext) -> Iterator[Finding]:
    """A module whose SQL statements all keep values apart from the statement text."""
    if module.is_test:
        return
    verdicts = [_sql_verdict(module, call) for call in _executions(module)]
    safe = verdicts.count("parameterized")
    if safe >= module.thresholds.min_parameterized_queries and verdicts.count("risky") == 0:
        message = (
            f"{'Both' if safe == 2 else f'All {safe}'} SQL statements that take values pass "
            f"them as parameters; none is built by formatting."
        )
        yield _module_finding(module, message, {"metric": safe})


def _executions(module: ModuleContext) -> Iterator[ast.Call]:
    for node in module.nodes_of(ast.Call):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        if last_name(node.func) in {"execute", "executemany"} and is_sql_call(node, module.info):
            yield node


def _sql_verdict(module: ModuleContext, call: ast.Call) -> str:
    """`parameterized`, `constant` (no values at all) or `risky` (formatted or unknown)."""
    statement = _statement_text(module, call.args[0])
    if statement is None:
        return "risky"
    has_params = len(call.args) >= 2 or bool(call.keywords)
    if PLACEHOLDER.search(statement):
        return "parameterized" if has_params else "risky"
    return "constant" if not has_params else "risky"


def _statement_text(module: ModuleContext, node: ast.expr) -> str | None:
    """The SQL text when it is a plain literal (or a name bound to one), else None."""
    if isinstance(node, ast.Name):
        node = _bound_value(module, node) or node
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _bound_value(module: ModuleContext, name: ast.Name) -> ast.expr | None:
    scope = enclosing(module, name)
    body = scope.node.body if scope else module.tree.body
    values = [
        node.value
        for node in (module.body_nodes(scope.node) if scope else body)
        if isinstance(node, ast.Assign) and any(dotted(t) == name.id for t in node.targets)
    ]
    if not values and scope is not None:
        values = [
            s.value
            for s in module.tree.body
            if isinstance(s, ast.Assign) and any(dotted(t) == name.id for t in s.targets)
        ]
    return values[0] if len(values) == 1 else None


@detector("praise-annotated")
def annotated(module: ModuleContext) -> Iterator[Finding]:
    """A module whose public functions are all fully annotated."""
    if module.is_test:
        return
    public = list(_public_functions(module))
    enough = len(public) >= module.thresholds.min_annotated_functions
    if enough and all(_fully_annotated(f, is_method) for f, is_method in public):
        message = f"All {len(public)} public functions in this module are fully annotated."
        yield _module_finding(module, message, {"metric": len(public)})


def _public_functions(module: ModuleContext) -> Iterator[tuple[FunctionNode, bool]]:
    for statement in module.tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            if not statement.name.startswith("_"):
                yield statement, False
        elif isinstance(statement, ast.ClassDef) and not statement.name.startswith("_"):
            for method in methods(statement):
                if not method.name.startswith("_") or method.name == "__init__":
                    yield method, "staticmethod" not in decorator_names(method)


def _fully_annotated(function: FunctionNode, is_method: bool) -> bool:
    args = function.args
    every = [*args.posonlyargs, *args.args]
    every = every[1:] if is_method else every
    every += [*args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a is not None)]
    if any(a.annotation is None for a in every):
        return False
    return function.returns is not None or (function.name == "__init__" and bool(every))


@detector("praise-state-machine-data")
def state_machine_data(module: ModuleContext) -> Iterator[Finding]:
    """Allowed status transitions kept in a mapping that code consults."""
    if module.is_test:
        return
    for name, statement, states in _transition_tables(module):
        users = _consulted_by(module, name)
        if users:
            message = (
                f"`{name}` lists the allowed transitions between {states} states as data, "
                f"consulted by `{users[0]}`."
            )
            yield module.finding(statement, message, {"metric": states, "users": users})
            return


def _transition_tables(module: ModuleContext) -> Iterator[tuple[str, ast.stmt, int]]:
    bodies = [module.tree.body, *(c.body for c in classes(module))]
    for statement in (s for body in bodies for s in body):
        target, value = _assignment(statement)
        table = _unwrap(value)
        if target and isinstance(table, ast.Dict) and _is_transition_table(module, table):
            yield target, statement, len(table.keys)


def _assignment(statement: ast.stmt) -> tuple[str, ast.expr | None]:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        return dotted(statement.targets[0]) or "", statement.value
    if isinstance(statement, ast.AnnAssign):
        return dotted(statement.target) or "", statement.value
    return "", None


def _unwrap(value: ast.expr | None) -> ast.expr | None:
    wrapped = isinstance(value, ast.Call) and last_name(value.func) in MAPPING_WRAPPERS
    if wrapped and isinstance(value, ast.Call) and len(value.args) == 1:
        return value.args[0]
    return value


def _is_transition_table(module: ModuleContext, table: ast.Dict) -> bool:
    """Keys are states, values are collections of states, and every target is a key."""
    keys = [ast.unparse(k) for k in table.keys if k is not None and _is_state(k)]
    if len(keys) < module.thresholds.min_state_machine_states or len(keys) != len(table.keys):
        return False
    targets = [_members(v) for v in table.values]
    if any(t is None for t in targets):
        return False
    flat = [item for t in targets if t is not None for item in t]
    return bool(flat) and all(item in keys for item in flat)


def _is_state(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    name = dotted(node)
    return bool(name) and "." in str(name) and last_name(node).isupper()


def _members(node: ast.expr) -> list[str] | None:
    """The states in a set, list or tuple literal (or `frozenset({...})`), else None."""
    if isinstance(node, ast.Call) and last_name(node.func) in SET_CALLS:
        if not node.args:
            return []
        return _members(node.args[0]) if len(node.args) == 1 else None
    literal = isinstance(node, ast.Set | ast.List | ast.Tuple)
    if literal and all(_is_state(e) for e in getattr(node, "elts", [])):
        return [ast.unparse(e) for e in getattr(node, "elts", [])]
    return None


def _consulted_by(module: ModuleContext, name: str) -> list[str]:
    users: list[str] = []
    for node in module.nodes_of(ast.Name | ast.Attribute):
        if _reads_name(node, name):
            scope = enclosing(module, node)
            if scope is not None and scope.name not in users:
                users.append(scope.name)
    return users


def _reads_name(node: ast.AST, name: str) -> bool:
    """A load of `name`, bare or as an attribute such as `self.name`."""
    if not isinstance(node, ast.Name | ast.Attribute) or not isinstance(node.ctx, ast.Load):
        return False
    return dotted(node) == name or (isinstance(node, ast.Attribute) and node.attr == name)


# --- web services: passwords, ownership, page sizes, validated input ---------------------------

# Password hashing that is a salted, slow key-derivation function, by qualified call name.
KDF_CALLS: Mapping[str, str] = {
    "werkzeug.security.generate_password_hash": "werkzeug",
    "django.contrib.auth.hashers.make_password": "Django",
    "bcrypt.hashpw": "bcrypt",
    "pwdlib.PasswordHash": "pwdlib",
    "argon2.PasswordHasher": "argon2-cffi",
    "passlib.context.CryptContext": "passlib",
    "passlib.hash": "passlib",
    "hashlib.pbkdf2_hmac": "hashlib",
    "hashlib.scrypt": "hashlib",
}
KDF_SCHEMES = frozenset(
    {"bcrypt", "bcrypt_sha256", "argon2", "scrypt", "pbkdf2_sha256", "pbkdf2_sha512"}
)
MIN_PBKDF2_ITERATIONS = 100_000
FAST_HASHES = frozenset({"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "new"})
PASSWORD_WORDS = re.compile(r"password|passwd|pwd", re.IGNORECASE)


@detector("praise-password-kdf")
def password_kdf(module: ModuleContext) -> Iterator[Finding]:
    """Passwords hashed with bcrypt, argon2, scrypt or PBKDF2, and never with a fast digest."""
    if module.is_test or _fast_password_hash(module):
        return
    for call in module.nodes_of(ast.Call):
        if isinstance(call, ast.Call):
            praised = _kdf(module, call)
            if praised:
                holder = _holder(module, call)
                message = f"`{holder}` hashes passwords with {praised}: salted, and slow to guess."
                yield module.finding(call, message, {"holder": holder})
                return


def _kdf(module: ModuleContext, call: ast.Call) -> str:
    """The KDF a call hashes with, in words (`` `generate_password_hash` (werkzeug) ``)."""
    name = module.qualified(call)
    library = next((v for k, v in KDF_CALLS.items() if name == k or name.startswith(k + ".")), "")
    if name.endswith(".set_password") and _django_user(module):
        return "Django's `set_password` (its configured password hasher)"
    if not library or not _kdf_arguments(name, call):
        return ""
    given = [n for a in [*call.args, *call.keywords] for n in ast.walk(a)]
    hashers = [last_name(n) for n in given if isinstance(n, ast.Call)]
    hashers = [h for h in hashers if h.endswith("Hasher")]
    shown = f"`{dotted(call.func) or last_name(call)}` ({library}"
    return shown + (f": {', '.join(f'`{h}`' for h in dict.fromkeys(hashers))})" if hashers else ")")


def _kdf_arguments(name: str, call: ast.Call) -> bool:
    """The call's own choices keep it a KDF: the method, schemes or iterations it is given."""
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    if name.endswith("generate_password_hash"):
        method = string_text(keywords["method"]) if "method" in keywords else "scrypt"
        return bool(method) and str(method).startswith(("scrypt", "pbkdf2"))
    if name.endswith("CryptContext"):
        schemes = keywords.get("schemes", call.args[0] if call.args else None)
        first = (
            schemes.elts[0] if isinstance(schemes, ast.List | ast.Tuple) and schemes.elts else None
        )
        return first is not None and string_text(first) in KDF_SCHEMES
    if name.startswith("passlib.hash."):
        return name.split(".")[2] in KDF_SCHEMES
    if name.endswith("pbkdf2_hmac"):
        rounds = keywords.get("iterations", call.args[3] if len(call.args) > 3 else None)
        number = rounds.value if isinstance(rounds, ast.Constant) else 0
        return isinstance(number, int) and number >= MIN_PBKDF2_ITERATIONS
    return True


def _django_user(module: ModuleContext) -> bool:
    """Django's own `set_password`: the module uses Django and defines none of its own."""
    uses_django = any(v.startswith("django.") for v in module.info.imports.values())
    return uses_django and all(f.name != "set_password" for f in module.function_nodes)


def _fast_password_hash(module: ModuleContext) -> bool:
    """`hashlib.sha256(password...)`: a digest of a password somewhere in the module."""
    for call in module.nodes_of(ast.Call):
        digest = isinstance(call, ast.Call) and module.qualified(call).startswith("hashlib.")
        if digest and last_name(call) in FAST_HASHES and PASSWORD_WORDS.search(ast.unparse(call)):
            return True
    return False


def _holder(module: ModuleContext, node: ast.AST) -> str:
    """The function around a node, or the name a module-level statement assigns it to."""
    scope = enclosing(module, node)
    if scope is not None:
        return scope.name
    statement = next((s for s in module.tree.body if _contains(s, node)), None)
    target, _ = _assignment(statement) if statement is not None else ("", None)
    return target or module.stem


def _contains(statement: ast.stmt, node: ast.AST) -> bool:
    line = getattr(node, "lineno", 0)
    return statement.lineno <= line <= (statement.end_lineno or statement.lineno)


# Loads of one record: `session.get(Item, id)`, `Item.query.get_or_404(id)`,
# `get_object_or_404(Item, pk=pk)`, `....filter_by(id=id).first()`.
RECORD_LOADS = frozenset(
    {"get", "get_or_404", "get_object_or_404", "first", "first_or_404", "one", "one_or_none"}
    | {"scalar", "scalar_one", "scalar_one_or_none"}
)
OWNER_FIELDS = frozenset(
    {"owner", "owner_id", "user", "user_id", "author", "author_id", "created_by", "created_by_id"}
)
# The signed-in user: flask-login's, Django's, Flask's `g`; FastAPI's arrives as a parameter.
SIGNED_IN = frozenset({"current_user", "request.user", "g.user"})
CHANGES = frozenset({"delete", "save", "add", "update", "sqlmodel_update", "merge", "remove"})
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


@dataclass(frozen=True)
class OwnedChange:
    """A route that loads `record` by id and checks `record.field` against `user` first."""

    route: FunctionNode
    record: str
    field: str
    user: str


@detector("praise-ownership-check")
def ownership_check(module: ModuleContext) -> Iterator[Finding]:
    """Routes that load a record by id and refuse anyone but its owner before changing it."""
    if module.is_test:
        return
    verdicts = [_owned_change(module, r) for r in _routes(module)]
    checked = [v for v in verdicts if isinstance(v, OwnedChange)]
    if checked and "unchecked" not in verdicts:
        first = checked[0]
        names = _and_list([f"`{c.route.name}`" for c in checked])
        loads, checks = ("loads", "checks") if len(checked) == 1 else ("load", "check")
        message = (
            f"{names} {loads} `{first.record}` by id and {checks} "
            f"`{first.record}.{first.field}` against `{first.user}` before changing it."
        )
        yield module.finding(first.route, message, {"routes": [c.route.name for c in checked]})


def _owned_change(module: ModuleContext, route: FunctionNode) -> OwnedChange | str:
    """An OwnedChange, `unchecked` (a record loaded by id and changed with no owner check), or
    `other` (no record loaded and changed)."""
    body = module.body_nodes(route)
    users = _current_users(route)
    arguments = [*route.args.args, *route.args.kwonlyargs]
    parameters = {a.arg for a in arguments} - users - {"self", "request"}
    verdict = "other"
    for node in body:
        loaded = _loaded_record(node, parameters)
        if loaded is None:
            continue
        record, load = loaded
        checks = [_owner_check(n, record, users) for n in body if isinstance(n, ast.If)]
        check = _scoped_load(load, users) or next((c for c in checks if c is not None), None)
        change = _first_change(body, record, node)
        if change and check is not None and change > (getattr(check[0], "end_lineno", 0) or 0):
            return OwnedChange(route, record, check[1], check[2])
        if change:
            verdict = "unchecked"
    return verdict


def _loaded_record(node: ast.AST, parameters: set[str]) -> tuple[str, ast.Call] | None:
    """`item = session.get(Item, id)`: the name a record loaded by a route parameter goes to,
    and the call that loads it."""
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return None
    target, value = node.targets[0], node.value
    if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
        return None
    if last_name(value) not in RECORD_LOADS:
        return None
    root = _chain_root(value)
    used = {n.id for n in ast.walk(value) if isinstance(n, ast.Name) and n is not root}
    return (target.id, value) if used & parameters else None


def _chain_root(node: ast.expr) -> ast.expr:
    """`session` in `session.query(Item).filter_by(id=id).first()`."""
    while isinstance(node, ast.Call | ast.Attribute):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _current_users(route: FunctionNode) -> frozenset[str]:
    """Names of the signed-in user in a route: the usual globals, and a parameter named
    `current_user` or given by something `current` (`Depends(get_current_user)`)."""
    found = set(SIGNED_IN)
    defaults = dict(zip(reversed(route.args.args), reversed(route.args.defaults), strict=False))
    for argument in [*route.args.args, *route.args.kwonlyargs]:
        given = [argument.annotation, defaults.get(argument)]
        said = " ".join(ast.unparse(g) for g in given if g is not None)
        if "current" in said.lower():
            found.add(argument.arg)
    return frozenset(found)


def _is_user(name: str, users: frozenset[str]) -> bool:
    """`current_user`, `current_user.id` or `.pk` of one of the names."""
    base, _, attribute = name.rpartition(".")
    return name in users or (attribute in {"id", "pk"} and base in users)


def _scoped_load(load: ast.Call, users: frozenset[str]) -> tuple[ast.AST, str, str] | None:
    """A load that only finds the user's own record: `filter_by(id=id, owner=current_user)`,
    `where(Item.owner_id == current_user.id)`."""
    for node in ast.walk(load):
        if isinstance(node, ast.keyword) and node.arg:
            given = dotted(node.value) or ""
            if _is_user(given, users) and node.arg in _owner_fields(given):
                return load, node.arg, given
        if isinstance(node, ast.Compare) and len(node.comparators) == 1:
            sides = [dotted(node.left) or "", dotted(node.comparators[0]) or ""]
            user = next((n for n in sides if _is_user(n, users)), None)
            fields = _owner_fields(user) if user else frozenset()
            field = next((n.rpartition(".")[2] for n in sides if _owns(n, users, fields)), None)
            if field and user:
                return load, field, user
    return None


def _owns(name: str, users: frozenset[str], fields: frozenset[str]) -> bool:
    """`Item.owner_id`: an owner field, not the user's own."""
    owner_field = "." in name and name.rpartition(".")[2] in fields
    return owner_field and not _is_user(name, users)


def _and_list(parts: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _owner_check(
    node: ast.If, record: str, users: frozenset[str]
) -> tuple[ast.AST, str, str] | None:
    """`if item.owner_id != current_user.id: raise ...`: (the if, the field, the user)."""
    refuses = any(isinstance(s, ast.Raise | ast.Return) or _aborts(s) for s in node.body)
    if not refuses:
        return None
    for compare in (n for n in ast.walk(node.test) if isinstance(n, ast.Compare)):
        sides = [compare.left, *compare.comparators]
        names = [dotted(side) or "" for side in sides]
        user = next((n for n in names if _is_user(n, users)), None)
        fields = _owner_fields(user) if user else frozenset()
        field = next((n.split(".")[1] for n in names if _owner_field(n, record, fields)), None)
        if field and user:
            return node, field, user
    return None


def _owner_fields(user: str) -> frozenset[str]:
    """The fields that name an owner: the usual ones, and those named after the user's own
    variable (`order.customer_id` against `customer.id`)."""
    base = user.removesuffix(".id").removesuffix(".pk").rpartition(".")[2]
    return OWNER_FIELDS | {base, f"{base}_id"}


def _owner_field(name: str, record: str, fields: frozenset[str]) -> bool:
    parts = name.split(".")
    return len(parts) >= 2 and parts[0] == record and parts[1] in fields


def _aborts(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and last_name(statement.value) == "abort"


def _first_change(body: Iterable[ast.AST], record: str, load: ast.AST) -> int:
    """The line of the first change, delete or save below the load; 0 when there is none."""
    below = int(getattr(load, "end_lineno", 0) or 0)
    lines = [
        getattr(node, "lineno", 0)
        for node in body
        if getattr(node, "lineno", 0) > below and _changes(node, record)
    ]
    return min(lines, default=0)


def _changes(node: ast.AST, record: str) -> bool:
    """`session.delete(item)`, `item.save()`, `item.title = ...`."""
    if isinstance(node, ast.Call) and last_name(node) in CHANGES:
        given = [*node.args, *(k.value for k in node.keywords)]
        root = _chain_root(node)
        return any(dotted(g) == record for g in given) or dotted(root) == record
    targets = node.targets if isinstance(node, ast.Assign) else []
    return any(isinstance(t, ast.Attribute) and dotted(t.value) == record for t in targets)


def _routes(module: ModuleContext) -> Iterator[FunctionNode]:
    """Functions routed by a decorator call (`@router.put(...)`, `@bp.route(...)`), and
    Django's function views."""
    for function in module.function_nodes:
        if _methods(module, function):
            yield function


def _methods(module: ModuleContext, function: FunctionNode) -> frozenset[str]:
    return _route_methods(function) or _django_view_methods(module, function)


def _django_view_methods(module: ModuleContext, function: FunctionNode) -> frozenset[str]:
    """`def edit(request, pk)` in a module that uses Django: GET, and POST where it looks at
    `request.POST` or compares `request.method` with `"POST"`."""
    arguments = [a.arg for a in function.args.args]
    first = arguments[1:2] if arguments[:1] == ["self"] else arguments[:1]
    uses_django = any(v.startswith("django.") for v in module.info.imports.values())
    if first != ["request"] or not uses_django:
        return frozenset()
    body = module.body_nodes(function)
    reads_post = any(dotted(n) == "request.POST" for n in body if isinstance(n, ast.Attribute))
    compares = any(string_text(n) == "POST" for n in body if isinstance(n, ast.Constant))
    return frozenset({"get", "post"} if reads_post or compares else {"get"})


def _route_methods(function: FunctionNode) -> frozenset[str]:
    """The HTTP methods a route answers, lower-case; empty for a function that is no route."""
    found: set[str] = set()
    for decorator in function.decorator_list:
        if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
            continue
        verb = decorator.func.attr
        if verb in {"get", *WRITE_METHODS}:
            found.add(verb)
        elif verb in {"route", "api_route"}:
            given = next((k.value for k in decorator.keywords if k.arg == "methods"), None)
            items = given.elts if isinstance(given, ast.List | ast.Tuple | ast.Set) else []
            found |= {str(string_text(i) or "").lower() for i in items} or {"get"}
    return frozenset(found)


PAGE_BOUNDS = frozenset({"le", "lt"})


@detector("praise-pagination")
def pagination(module: ModuleContext) -> Iterator[Finding]:
    """List routes that let the client choose a page size, up to a maximum."""
    if module.is_test:
        return
    capped = [(r, caps) for r in _routes(module) if (caps := list(_page_caps(module, r)))]
    if capped:
        route, caps = capped[0]
        names = _and_list([f"`{r.name}`" for r, _ in capped])
        verb = "caps" if len(capped) == 1 else "cap"
        message = f"{names} {verb} the page size a client can ask for: `{caps[0]}`."
        routes = [r for r, _ in capped]
        yield module.finding(route, message, {"routes": [r.name for r in routes]})


def _page_caps(module: ModuleContext, route: FunctionNode) -> Iterator[str]:
    """The source of each cap: `Query(100, le=500)`, `min(..., 100)`, `max_per_page=50`."""
    arguments = route.args
    defaults = dict(zip(reversed(arguments.args), reversed(arguments.defaults), strict=False))
    defaults |= {
        a: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True) if d
    }
    for argument in [*arguments.args, *arguments.kwonlyargs]:
        if argument.arg in LIMIT_NAMES:
            given = [defaults.get(argument), argument.annotation]
            calls = [c for g in given if g is not None for c in ast.walk(g)]
            bound = next((c for c in calls if isinstance(c, ast.Call) and _bounds(c)), None)
            if bound is not None:
                yield f"{argument.arg}: {source_text(module, bound)}"
    for node in module.body_nodes(route):
        if _min_of_client_count(node) and isinstance(node, ast.stmt):
            yield source_text(module, node)
        if isinstance(node, ast.Call) and last_name(node) == "paginate":
            cap = next((k for k in node.keywords if k.arg == "max_per_page"), None)
            if cap is not None:
                yield f"max_per_page={source_text(module, cap.value)}"


def _bounds(call: ast.Call) -> bool:
    return any(k.arg in PAGE_BOUNDS for k in call.keywords)


def _min_of_client_count(node: ast.AST) -> bool:
    """`per_page = min(request.args.get("per_page", 10, type=int), 100)`."""
    if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
        return False
    target = node.targets[0] if len(node.targets) == 1 else None
    call = node.value
    if not isinstance(target, ast.Name) or target.id not in LIMIT_NAMES:
        return False
    if last_name(call) != "min" or len(call.args) != 2:
        return False
    return sum(1 for a in call.args if _fixed_number(a)) == 1


def _fixed_number(node: ast.expr) -> bool:
    """`100` or a constant's name, `MAX_PAGE_SIZE`."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int)
    return isinstance(node, ast.Name | ast.Attribute) and last_name(node).isupper()


# Reads of a request body that no schema has checked.
RAW_BODIES = re.compile(r"^request\.(json|get_json|form|values|data|POST|body|files)(\.|$)")
VALIDATING_CALLS = frozenset(
    {"validate_on_submit", "is_valid", "load", "model_validate", "parse_obj", "validate"}
)
PYDANTIC_BASES = frozenset({"BaseModel", "SQLModel", "Schema"})
VALIDATOR_SUFFIXES = ("Form", "Schema", "Serializer")
BODY_METHODS = frozenset({"post", "put", "patch"})
MIN_VALIDATED_ROUTES = 2


@detector("praise-validated-input")
def validated_input(module: ModuleContext) -> Iterator[Finding]:
    """Every route that takes a body takes it through a pydantic model, a schema or a form."""
    if module.is_test:
        return
    verdicts = [
        (route, _input_verdict(module, route))
        for route in _routes(module)
        if _methods(module, route) & BODY_METHODS
    ]
    validated = [(route, names) for route, names in verdicts if names]
    raw = any(names is None for _, names in verdicts)
    if len(validated) >= MIN_VALIDATED_ROUTES and not raw:
        routes = _and_list([f"`{route.name}`" for route, _ in validated])
        checkers = [name for _, names in validated if names for name in names]
        shown = _and_list([f"`{n}`" for n in dict.fromkeys(checkers)])
        message = (
            f"Every route here that takes a body ({routes}) takes it through {shown}, which "
            "validate it before the route uses it."
        )
        yield module.finding(validated[0][0], message, {"routes": [r.name for r, _ in validated]})


def _input_verdict(module: ModuleContext, route: FunctionNode) -> list[str] | None:
    """The schemas and forms a route validates its body with; [] when it takes no body, None
    when it reads the body unchecked."""
    schemas = [name for a in _all_arguments(route) for name in _pydantic(module, a.annotation)]
    body = module.body_nodes(route)
    if any(_unchecked_read(module, n) for n in body):
        return None
    return schemas or [c for c in (_checker(module, route, n) for n in body) if c]


def _unchecked_read(module: ModuleContext, node: ast.AST) -> bool:
    """`request.get_json()`, `request.POST["amount"]`: the body read outside a form or schema
    (`StripeForm(request.POST)`, `schema.load(request.get_json())` are checked reads)."""
    if not isinstance(node, ast.Attribute) or not RAW_BODIES.match(dotted(node) or ""):
        return False
    if isinstance(module.parent(node), ast.Attribute):
        return False  # the outermost attribute of the chain decides, once
    holder = module.parent(node)
    holder = (
        module.parent(holder) if isinstance(holder, ast.Call) and holder.func is node else holder
    )
    while isinstance(holder, ast.BoolOp):  # `Form(request.POST or None)`
        holder = module.parent(holder)
    return not (isinstance(holder, ast.Call) and _validates(holder))


def _validates(call: ast.Call) -> bool:
    name = last_name(call)
    return name in VALIDATING_CALLS or name.endswith(VALIDATOR_SUFFIXES)


def _all_arguments(route: FunctionNode) -> list[ast.arg]:
    return [*route.args.posonlyargs, *route.args.args, *route.args.kwonlyargs]


def _pydantic(module: ModuleContext, annotation: ast.expr | None) -> Iterator[str]:
    """Project classes built on pydantic's `BaseModel` (or SQLModel, not a table) that an
    annotation names, `Annotated[...]` and `list[...]` looked into."""
    for part in _annotation_parts(annotation):
        inner = part.slice if isinstance(part, ast.Subscript) else None
        if inner is not None:
            first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
            yield from _pydantic(module, first)
            continue
        ref = module.project.resolve(part, module.info)
        if ref is not None and _is_pydantic(module, ref):
            yield ref.node.name


def _is_pydantic(module: ModuleContext, ref: ClassRef) -> bool:
    chain = [ref, *module.project.ancestors(ref)]
    if any(k.arg == "table" for c in chain for k in c.node.keywords):
        return False
    return any(last_name(b) in PYDANTIC_BASES for c in chain for b in c.node.bases)


def _checker(module: ModuleContext, route: FunctionNode, call: ast.AST) -> str:
    """The form or schema class behind `form.validate_on_submit()` or `schema.load(...)`."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return ""
    if last_name(call) not in VALIDATING_CALLS:
        return ""
    receiver = call.func.value
    if isinstance(receiver, ast.Call):
        return last_name(receiver)
    name = dotted(receiver) or ""
    for node in module.body_nodes(route):
        assigned = isinstance(node, ast.Assign) and any(dotted(t) == name for t in node.targets)
        if assigned and isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            return last_name(node.value)
    return name if name[:1].isupper() else ""


# A praise never sits beside the problem it is the opposite of.
PRAISE_CONFLICTS: Mapping[str, frozenset[str]] = {
    injected_dependencies.code: frozenset(
        {dip.constructs_collaborator.code, dip.module_singleton.code}
    ),
    parameterized_sql.code: frozenset(),
    annotated.code: frozenset(),
    state_machine_data.code: frozenset({ocp.type_dispatch.code}),
    password_kdf.code: frozenset(),
    ownership_check.code: frozenset(
        {access.missing_ownership_check.code, access.ownership_unclear.code}
    ),
    pagination.code: frozenset({limits.unbounded_limit.code}),
    validated_input.code: frozenset({validation.unvalidated_request_body.code}),
}
