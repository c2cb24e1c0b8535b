"""secret-compared-with-eq: a password, token or signature compared with `==`, which leaks by
timing how much of it matched."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from reviewer.analyzers.design.ast_tools import dotted, last_name, name_tokens
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.credentials.plaintext import root
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

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
    return numbered or bool(either & TYPED_TWICE) or root(left) == root(right)


def _in_query(module: ModuleContext, node: ast.AST) -> bool:
    """Inside `select(...).where(...)` or `.filter(...)`: SQL, not a comparison in Python."""
    parent = module.parent(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        if isinstance(parent, ast.Call) and last_name(parent.func) in QUERY_CALLS:
            return True
        parent = module.parent(parent)
    return False
