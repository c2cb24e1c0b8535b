"""Credentials in the code: passwords and tokens sent, stored or compared in the clear,
JWTs decoded without checks, reset tokens that can be replayed."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name, name_tokens
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding, Severity

# --- plaintext-password-sent ------------------------------------------------------------

# Names that hold a user's password as typed, never a hash of it.
PLAINTEXT_PASSWORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "new_password",
        "plain_password",
        "plaintext_password",
        "raw_password",
        "password1",
        "password2",
        "initial_password",
        "current_password",
        "old_password",
    }
)
MAIL_WORDS = frozenset({"mail", "email", "message", "notify", "notification", "sms"})
# Calls about the mail server itself: its own password belongs there.
TRANSPORT_WORDS = frozenset({"backend", "connection", "smtp", "server", "login", "connect"})
# Calls that change or check an address, where the password confirms who asks:
# `change_email(user, new_email, password)`.
ADDRESS_WORDS = frozenset(
    {"update", "change", "set", "validate", "verify", "check", "confirm", "is", "has", "get"}
    | {"find", "by", "exists", "normalize", "authenticate"}
)
TRANSPORT_KEYWORDS = frozenset({"auth_password", "smtp_password", "password_file"})
# Keywords that address a message: whatever the call is named, it sends to someone.
RECIPIENT_KEYWORDS = frozenset(
    {"to", "recipients", "recipient", "email_to", "to_email", "to_emails", "recipient_list"}
)
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical"})
LOGGERS = re.compile(r"(^|_)(log|logger|logging)$", re.IGNORECASE)
TEMPLATE_RENDERS = frozenset({"render_template", "render_to_string", "render"})
RESPONSES = frozenset({"jsonify", "JsonResponse", "JSONResponse", "make_response", "Response"})
ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "route", "api_route"})
# Calls whose result still is the text they were given.
PASSING_CALLS = frozenset(
    {"str", "repr", "dict", "format", "join", "strip", "encode", "decode", *TEMPLATE_RENDERS}
)


@dataclass(frozen=True)
class Sent:
    """A password expression found inside an argument, and the words for where it goes."""

    node: ast.expr
    text: str


@detector("plaintext-password-sent")
def plaintext_password_sent(module: ModuleContext) -> Iterator[Finding]:
    """A plaintext password given to a mail builder or sender, a log call or a response."""
    for function in module.function_nodes:
        body = module.body_nodes(function)
        carriers = _carriers(body)
        said: set[tuple[str, str]] = set()  # each password once per way out: mail, log
        for call in (n for n in body if isinstance(n, ast.Call)):
            where = _sink(call)
            sent = _sent_in(call, carriers) if where else None
            way = where if where in {"log", "response"} else "mail"
            if sent and (sent.text, way) not in said:
                said.add((sent.text, way))
                yield module.finding(sent.node, _sent_message(function, sent, where))
        if _is_route(function):
            yield from _returned(module, function, body, carriers)


def _returned(
    module: ModuleContext,
    function: FunctionNode,
    body: Iterable[ast.AST],
    carriers: dict[str, Sent],
) -> Iterator[Finding]:
    for statement in (n for n in body if isinstance(n, ast.Return) and n.value is not None):
        sent = _carried(statement.value, carriers) if statement.value else None
        if sent:
            message = f"`{function.name}` sends `{sent.text}` back in its response"
            yield module.finding(sent.node, message)


def _sent_message(function: FunctionNode, sent: Sent, where: str) -> str:
    if where == "log":
        return f"`{function.name}` writes the plaintext `{sent.text}` to the log"
    if where == "response":
        return f"`{function.name}` sends `{sent.text}` back in its response"
    return f"`{function.name}` puts the plaintext `{sent.text}` into an e-mail (`{where}`)"


def _sink(call: ast.Call) -> str:
    """What the call does with its arguments: "log", "response", the mail call's name, or
    an empty string."""
    name = last_name(call.func)
    words = name_tokens(name)
    receiver = last_name(call.func.value) if isinstance(call.func, ast.Attribute) else ""
    if name in LOG_METHODS and LOGGERS.search(receiver):
        return "log"
    if name in RESPONSES:
        return "response"
    if words & MAIL_WORDS and not words & (TRANSPORT_WORDS | ADDRESS_WORDS):
        return name
    if any(k.arg in RECIPIENT_KEYWORDS for k in call.keywords):
        return name  # `send_template("welcome.html", to=email, ...)`
    if name in TEMPLATE_RENDERS and _mail_template(call):
        return name
    return ""


def _mail_template(call: ast.Call) -> bool:
    first = call.args[0] if call.args else None
    text = first.value if isinstance(first, ast.Constant) else None
    return isinstance(text, str) and "mail" in text.lower()


def _sent_in(call: ast.Call, carriers: dict[str, Sent]) -> Sent | None:
    given = [*call.args, *(k.value for k in call.keywords if k.arg not in TRANSPORT_KEYWORDS)]
    return next((s for s in (_carried(a, carriers) for a in given) if s), None)


def _carried(node: ast.expr, carriers: dict[str, Sent]) -> Sent | None:
    """The password the expression holds as text: itself, or inside a string, a container
    or a call that passes text on (`str`, `.format`); none through any other call."""
    own = _password(node)
    if own is not None:
        return own
    if isinstance(node, ast.Name):
        held = carriers.get(node.id)
        return Sent(node, held.text) if held else None
    if isinstance(node, ast.Call):
        return _carried_by_call(node, carriers)
    if isinstance(node, ast.Compare | ast.Lambda | ast.Attribute | ast.Subscript):
        return None
    return _carried_inside(ast.iter_child_nodes(node), carriers)


def _carried_by_call(call: ast.Call, carriers: dict[str, Sent]) -> Sent | None:
    """`str(password)`, `password.strip()`, `"{}".format(password)`, `render(..., password=)`."""
    if last_name(call.func) not in PASSING_CALLS:
        return None
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    found = _carried(owner, carriers) if owner is not None else None
    return found or _carried_inside([*call.args, *call.keywords], carriers)


def _carried_inside(children: Iterable[ast.AST], carriers: dict[str, Sent]) -> Sent | None:
    for child in children:
        value = child.value if isinstance(child, ast.keyword) else child
        found = _carried(value, carriers) if isinstance(value, ast.expr) else None
        if found:
            return found
    return None


def _password(node: ast.expr) -> Sent | None:
    """`password`, `user_in.password`, `form.password.data`, `data["password"]`,
    `request.form.get("password")`."""
    inner = node.value if isinstance(node, ast.Attribute) and node.attr == "data" else node
    if isinstance(inner, ast.Name | ast.Attribute) and _is_password_name(last_name(inner)):
        return Sent(node, ast.unparse(node))
    if isinstance(node, ast.Subscript) and _is_password_key(node.slice):
        return Sent(node, ast.unparse(node))
    if isinstance(node, ast.Call) and last_name(node.func) == "get" and node.args:
        return Sent(node, ast.unparse(node)) if _is_password_key(node.args[0]) else None
    return None


def _is_password_name(name: str) -> bool:
    return name.lower() in PLAINTEXT_PASSWORDS


def _is_password_key(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and _is_password_name(str(node.value))


def _carriers(body: Iterable[ast.AST]) -> dict[str, Sent]:
    """Local names given a value that holds a password (`context = {"password": password}`),
    in the order they are assigned."""
    carriers: dict[str, Sent] = {}
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            found = _carried(node.value, carriers)
            if isinstance(target, ast.Name) and found and not _is_password_name(target.id):
                carriers[target.id] = found
    return carriers


def _root(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _is_route(function: FunctionNode) -> bool:
    calls = (d for d in function.decorator_list if isinstance(d, ast.Call))
    return any(isinstance(c.func, ast.Attribute) and c.func.attr in ROUTE_DECORATORS for c in calls)


# --- token-stored-plaintext -------------------------------------------------------------

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


# --- secret-compared-with-eq ------------------------------------------------------------

SECRET_WORDS = frozenset(
    {
        "token",
        "password",
        "passwd",
        "signature",
        "sig",
        "hmac",
        "mac",
        "secret",
        "otp",
        "apikey",
    }
)
# Words that make a secret's name the name of something about it that is no secret.
ABOUT_WORDS = frozenset(
    {
        "count",
        "type",
        "kind",
        "len",
        "length",
        "id",
        "name",
        "url",
        "uri",
        "expires",
        "expiry",
        "expiration",
        "exp",
        "at",
        "time",
        "ttl",
        "version",
        "format",
        "scheme",
        "prefix",
        "field",
        "endpoint",
        "age",
        "index",
        "header",
        "label",
        "algorithm",
        "alg",
        "status",
        "max",
        "min",
        "num",
        "limit",
        "total",
        "size",
        "usage",
        "used",
        "pos",
        "position",
        "idx",
        "offset",
        "start",
        "end",
        "number",
        "line",
    }
)
# Two values the user typed in the same request: comparing them guards no secret.
TYPED_TWICE = frozenset({"new", "confirm", "confirmation", "current", "old", "repeat", "again"})
QUERY_CALLS = frozenset({"filter", "where", "filter_by", "having", "query", "join", "select"})
EQUALITY_METHODS = frozenset({"__eq__", "__ne__", "__hash__"})
# Imports that make a module a web service's, or one that signs, hashes or makes tokens.
CREDENTIAL_MODULES = frozenset(
    {
        "flask",
        "fastapi",
        "starlette",
        "django",
        "rest_framework",
        "werkzeug",
        "aiohttp",
        "quart",
        "litestar",
        "sanic",
        "tornado",
        "falcon",
        "pyramid",
        "bottle",
        "jwt",
        "jose",
        "authlib",
        "itsdangerous",
        "hmac",
        "secrets",
        "hashlib",
        "passlib",
        "bcrypt",
    }
)
LITERALS = (
    ast.Constant,
    ast.JoinedStr,
    ast.List,
    ast.Tuple,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


@detector("secret-compared-with-eq")
def secret_compared_with_eq(module: ModuleContext) -> Iterator[Finding]:
    """`==` or `!=` between a secret value (a token, signature, MAC) and another value."""
    if not _handles_credentials(module):
        return
    for function in module.function_nodes:
        if function.name in EQUALITY_METHODS:
            continue
        body = module.body_nodes(function)
        macs = _mac_names(body)
        for compare in (n for n in body if isinstance(n, ast.Compare)):
            secret = _compared_secret(module, compare, macs)
            if secret is not None:
                yield module.finding(compare, _compare_message(compare, secret))


def _handles_credentials(module: ModuleContext) -> bool:
    """A module of a web service or one that signs or hashes: there, a `token` is a credential,
    not a lexer's or a parser's token."""
    roots = {name.partition(".")[0] for name in module.info.imports.values()}
    return bool(roots & CREDENTIAL_MODULES)


def _compared_secret(
    module: ModuleContext, compare: ast.Compare, macs: frozenset[str]
) -> ast.expr | None:
    """The secret side of a `==` or `!=` between two plain values, if one is a secret."""
    if len(compare.ops) != 1 or not isinstance(compare.ops[0], ast.Eq | ast.NotEq):
        return None
    left, right = compare.left, compare.comparators[0]
    secret = next((s for s in (left, right) if _is_secret_value(s, macs)), None)
    if secret is None or not _plain_values(left, right) or _typed_twice(left, right):
        return None
    return None if _in_query(module, compare) else secret


def _compare_message(compare: ast.Compare, secret: ast.expr) -> str:
    left, right = ast.unparse(compare.left), ast.unparse(compare.comparators[0])
    operator = "==" if isinstance(compare.ops[0], ast.Eq) else "!="
    shown = ast.unparse(secret)
    return f"`{left} {operator} {right}` compares `{shown}` with an early-exit string comparison"


def _mac_names(body: Iterable[ast.AST]) -> frozenset[str]:
    """Names given a MAC computed here: `expected = hmac.new(key, body, sha256).hexdigest()`."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, ast.Assign) and _computes_mac(node.value):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return frozenset(names)


def _computes_mac(node: ast.AST) -> bool:
    calls = (n for n in ast.walk(node) if isinstance(n, ast.Call))
    return any((dotted(c.func) or "").startswith("hmac.") for c in calls)


def _secret_words(node: ast.expr) -> frozenset[str]:
    """The words of the value's own name: `user.api_key` -> {api, key},
    `request.headers["X-Signature"]` -> {x, signature}."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return name_tokens(str(node.slice.value).replace("-", "_"))
    if isinstance(node, ast.Call) and last_name(node.func) == "get" and node.args:
        key = node.args[0]
        text = str(key.value) if isinstance(key, ast.Constant) else ""
        return name_tokens(text.replace("-", "_"))
    if isinstance(node, ast.Attribute) and node.attr == "data":
        return name_tokens(last_name(node.value))  # a WTForms field: `form.token.data`
    return name_tokens(last_name(node))


def _is_secret_value(node: ast.expr, macs: frozenset[str]) -> bool:
    if (isinstance(node, ast.Name) and node.id in macs) or _computes_mac(node):
        return True
    if isinstance(node, ast.Call) and last_name(node.func) == "signature":
        return False  # `inspect.signature(...)`: a function's parameters
    words = _secret_words(node)
    named = bool(words & SECRET_WORDS) or {"api", "key"} <= words
    return named and not words & ABOUT_WORDS


def _plain_values(left: ast.expr, right: ast.expr) -> bool:
    """Neither side a literal, `None`, a length, a class's column or a constant's name."""
    for side in (left, right):
        if isinstance(side, LITERALS):
            return False
        if isinstance(side, ast.Name) and side.id[:1].isupper():
            return False  # a constant or a class: `TOKEN_NAME`, `Keyword` in a lexer
        if isinstance(side, ast.BinOp) and not isinstance(side.op, ast.Add | ast.Mod):
            return False  # arithmetic: a position, not a secret
        if isinstance(side, ast.Call) and last_name(side.func) in {"len", "int", "bool"}:
            return False
        if isinstance(side, ast.Attribute) and last_name(side.value)[:1].isupper():
            return False  # `User.token` (a column), `TokenType.ACCESS` (a constant)
    return True


def _typed_twice(left: ast.expr, right: ast.expr) -> bool:
    """`body.current_password == body.new_password`, `password1 != password2`,
    `data["password"] != data["confirm"]`: two fields of the same form."""
    words = [_secret_words(side) for side in (left, right)]
    if not any("password" in w for w in words):
        return False
    numbered = any(last_name(side)[-1:].isdigit() for side in (left, right))
    either = words[0] | words[1]
    return numbered or bool(either & TYPED_TWICE) or _root(left) == _root(right)


def _in_query(module: ModuleContext, node: ast.AST) -> bool:
    """Inside `select(...).where(...)` or `.filter(...)`: SQL, not a comparison in Python."""
    parent = module.parent(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        if isinstance(parent, ast.Call) and last_name(parent.func) in QUERY_CALLS:
            return True
        parent = module.parent(parent)
    return False


# --- jwt-decode-unverified --------------------------------------------------------------

JWT_DECODES = frozenset({"jwt.decode", "jose.jwt.decode"})
SKIPPED_CHECKS = {"verify_signature": "signature", "verify_exp": "expiry"}


@detector("jwt-decode-unverified")
def jwt_decode_unverified(module: ModuleContext) -> Iterator[Finding]:
    """`jwt.decode` told not to check the signature or the expiry, or given no `algorithms`."""
    for call in (n for n in module.nodes_of(ast.Call) if isinstance(n, ast.Call)):
        if module.qualified(call) not in JWT_DECODES:
            continue
        written = dotted(call.func) or "jwt.decode"
        skipped = _skipped_checks(call)
        if skipped:
            if not _peeks_before_verifying(module, call):
                yield module.finding(call, f"`{written}` is told to skip {skipped}")
        elif not _has_algorithms(call):
            message = f"`{written}` is given no `algorithms=`, so the token may name its own"
            yield module.finding(call, message)


def _peeks_before_verifying(module: ModuleContext, call: ast.Call) -> bool:
    """The same token is decoded again with every check in the same function: the first
    decode only reads a claim (`iss`, `kid`) to choose the key."""
    function = _enclosing_function(module, call)
    token = ast.unparse(call.args[0]) if call.args else ""
    if function is None or not token:
        return False
    for other in (n for n in module.body_nodes(function) if isinstance(n, ast.Call)):
        same = other is not call and other.args and ast.unparse(other.args[0]) == token
        if same and module.qualified(other) in JWT_DECODES and not _skipped_checks(other):
            return True
    return False


def _enclosing_function(module: ModuleContext, node: ast.AST) -> FunctionNode | None:
    parent = module.parent(node)
    while parent is not None and not isinstance(parent, FunctionNode):
        parent = module.parent(parent)
    return parent


def _skipped_checks(call: ast.Call) -> str:
    """ "the signature", "the expiry", in words; empty when every check runs."""
    skipped = []
    for keyword in call.keywords:
        if keyword.arg == "verify" and _is_false(keyword.value):
            skipped.append("the signature check (`verify=False`)")
        if keyword.arg == "options" and isinstance(keyword.value, ast.Dict):
            options = keyword.value
            for key, value in zip(options.keys, options.values, strict=True):
                named = isinstance(key, ast.Constant) and key.value in SKIPPED_CHECKS
                if named and key is not None and _is_false(value):
                    option = ast.literal_eval(key)
                    skipped.append(f"the {SKIPPED_CHECKS[option]} check (`{option}: False`)")
    return " or ".join(skipped)


def _is_false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _has_algorithms(call: ast.Call) -> bool:
    if len(call.args) >= 3 or any(k.arg is None for k in call.keywords):
        return True
    return any(k.arg == "algorithms" for k in call.keywords)


# --- reset-token-reusable ---------------------------------------------------------------

# Reset links: a second use changes a password again. (A confirmation link used twice
# confirms the same address twice, which harms nothing.)
RESET_FUNCTIONS = re.compile(r"reset|recover|forgot", re.IGNORECASE)
# Functions that make tokens of another kind than access tokens.
OTHER_TOKEN_FUNCTIONS = re.compile(r"reset|recover|forgot|confirm|verif|activat|invite", re.I)
PURPOSE_KEYS = re.compile(
    r"^(type|typ|purpose|scope|aud|token_type|use|kind|action)$|reset|confirm|verif|activat",
    re.IGNORECASE,
)
# What makes a token single-use: it changes once the password or the account does.
SINGLE_USE = re.compile(
    r"hash|nonce|jti|last_login|password_changed|changed_at|updated_at|version|stamp", re.I
)
SERIALIZER_DUMPS = frozenset({"dumps"})


@dataclass(frozen=True)
class Signed:
    """A token signed in a function: the call, its payload's keys and values, the key."""

    call: ast.Call
    keys: tuple[str, ...]
    values: tuple[ast.expr, ...]
    key: str
    purpose: bool


@detector("reset-token-reusable")
def reset_token_reusable(module: ModuleContext) -> Iterator[Finding]:
    """A reset or confirmation token whose payload holds nothing that changes once used."""
    for function in module.function_nodes:
        if not RESET_FUNCTIONS.search(function.name):
            continue
        for signed in _signed_tokens(module, function):
            if any(SINGLE_USE.search(t) for t in _value_names(signed.values)):
                continue
            yield _reusable(module, function, signed)


def _reusable(module: ModuleContext, function: FunctionNode, signed: Signed) -> Finding:
    keys = ", ".join(f"`{k}`" for k in signed.keys) or _shown(signed.values)
    message = (
        f"`{function.name}` signs a token holding {keys}: nothing in it changes once it is"
        " used, so it works again until it expires"
    )
    shared = "" if signed.purpose else _access_token_signer(module, signed.key, function.name)
    if not shared:
        return module.finding(signed.call, message)
    message += (
        f"; it has no purpose claim and `{shared}` signs with the same key (`{signed.key}`),"
        " so each kind of token passes the other's signature check"
    )
    return module.finding(signed.call, message, raise_to=Severity.MAJOR)


def _shown(values: tuple[ast.expr, ...]) -> str:
    """`user.email`, the payload as written when it is no dict."""
    text = ", ".join(ast.unparse(v) for v in values)
    return f"`{text}`" if text and len(text) <= 60 else "its payload"


def _signed_tokens(module: ModuleContext, function: FunctionNode) -> Iterator[Signed]:
    body = module.body_nodes(function)
    dicts = _assigned_dicts(body)
    for call in (n for n in body if isinstance(n, ast.Call)):
        qualified = module.qualified(call)
        if qualified in {"jwt.encode", "jose.jwt.encode"} and len(call.args) >= 2:
            payload = _payload(call.args[0], dicts)
            keys = _keys(payload)
            key = ast.unparse(call.args[1])
            purpose = any(PURPOSE_KEYS.search(k) for k in keys)
            yield Signed(call, keys, _values(payload), key, purpose)
        elif last_name(call.func) in SERIALIZER_DUMPS and _is_serializer(call, body):
            given = _payload(call.args[0], dicts) if call.args else None
            yield Signed(call, _keys(given), _values(given), "", purpose=True)


def _is_serializer(call: ast.Call, body: Iterable[ast.AST]) -> bool:
    """`URLSafeTimedSerializer(key, salt=...).dumps(...)`, or through a local name."""
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    made = [owner] if isinstance(owner, ast.Call) else []
    if isinstance(owner, ast.Name):
        made += [
            n.value
            for n in body
            if isinstance(n, ast.Assign)
            and isinstance(n.value, ast.Call)
            and any(isinstance(t, ast.Name) and t.id == owner.id for t in n.targets)
        ]
    return any("Serializer" in last_name(m) for m in made if isinstance(m, ast.Call))


def _assigned_dicts(body: Iterable[ast.AST]) -> dict[str, ast.Dict]:
    found: dict[str, ast.Dict] = {}
    for node in body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
    return found


def _payload(node: ast.expr, dicts: dict[str, ast.Dict]) -> ast.expr:
    return dicts.get(node.id, node) if isinstance(node, ast.Name) else node


def _keys(payload: ast.expr | None) -> tuple[str, ...]:
    if isinstance(payload, ast.Dict):
        return tuple(str(k.value) for k in payload.keys if isinstance(k, ast.Constant))
    if isinstance(payload, ast.Call) and last_name(payload.func) == "dict":
        return tuple(k.arg for k in payload.keywords if k.arg)
    return ()


def _values(payload: ast.expr | None) -> tuple[ast.expr, ...]:
    if isinstance(payload, ast.Dict):
        return tuple(payload.values)
    if isinstance(payload, ast.Call):
        return tuple(k.value for k in payload.keywords)
    return (payload,) if payload is not None else ()


def _value_names(values: Iterable[ast.expr]) -> Iterator[str]:
    for value in values:
        for node in ast.walk(value):
            if isinstance(node, ast.Name | ast.Attribute):
                yield last_name(node)


def _access_token_signer(module: ModuleContext, key: str, own: str) -> str:
    """The project function that signs other tokens with the same key, if any."""
    for tree in _trees(module):
        for function in (n for n in ast.walk(tree) if isinstance(n, FunctionNode)):
            if function.name == own or OTHER_TOKEN_FUNCTIONS.search(function.name):
                continue
            for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                encodes = last_name(call.func) == "encode" and "jwt" in (dotted(call.func) or "")
                if encodes and len(call.args) >= 2 and ast.unparse(call.args[1]) == key:
                    return function.name
    return ""


def _trees(module: ModuleContext) -> Iterator[ast.Module]:
    yield module.tree
    for name, info in module.project.modules.items():
        if name != module.info.name:
            yield info.tree
