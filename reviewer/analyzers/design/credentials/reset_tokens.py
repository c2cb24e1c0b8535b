"""reset-token-reusable: a password-reset token with no purpose claim and no single use, signed
with the key of the access tokens."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding, Severity

MAX_SHOWN_PAYLOAD = 60  # characters of a payload quoted in a message
PAYLOAD_AND_KEY = 2  # `jwt.encode(payload, key, ...)`

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
    return f"`{text}`" if text and len(text) <= MAX_SHOWN_PAYLOAD else "its payload"


def _signed_tokens(module: ModuleContext, function: FunctionNode) -> Iterator[Signed]:
    body = module.body_nodes(function)
    dicts = _assigned_dicts(body)
    for call in (n for n in body if isinstance(n, ast.Call)):
        qualified = module.qualified(call)
        if qualified in {"jwt.encode", "jose.jwt.encode"} and len(call.args) >= PAYLOAD_AND_KEY:
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
                if (
                    encodes
                    and len(call.args) >= PAYLOAD_AND_KEY
                    and ast.unparse(call.args[1]) == key
                ):
                    return function.name
    return ""


def _trees(module: ModuleContext) -> Iterator[ast.Module]:
    yield module.tree
    for name, info in module.project.modules.items():
        if name != module.info.name:
            yield info.tree
