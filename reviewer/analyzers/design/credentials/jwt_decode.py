"""jwt-decode-unverified: a JWT decoded with verification off, or with no algorithms named."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

ALGORITHMS_AT = 2  # `jwt.decode(token, key, algorithms)`: its position

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
    if len(call.args) > ALGORITHMS_AT or any(k.arg is None for k in call.keywords):
        return True
    return any(k.arg == "algorithms" for k in call.keywords)
