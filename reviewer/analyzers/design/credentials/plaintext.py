"""plaintext-password-sent: a password put into an e-mail, a log line or a response in the clear."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import FunctionNode, last_name, name_tokens
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding

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


def root(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _is_route(function: FunctionNode) -> bool:
    calls = (d for d in function.decorator_list if isinstance(d, ast.Call))
    return any(isinstance(c.func, ast.Attribute) and c.func.attr in ROUTE_DECORATORS for c in calls)
