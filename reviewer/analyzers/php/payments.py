"""Security, business logic: an amount, price or total read from the request and written to an
order's total or passed to a charge, instead of being recomputed from the stored prices (the
client decides what it pays). Handed to other order or payment code, it is a question."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from reviewer.analyzers.php.context import FunctionInfo, PhpFile
from reviewer.analyzers.php.roles import DATABASE_SCRIPT_ROLES
from reviewer.analyzers.php.syntax import (
    MEMBER_CALLS,
    arguments,
    call_name,
    descendants,
    receiver,
    text,
)
from reviewer.analyzers.php.tracing import assigned_values
from reviewer.model import Finding

MONEY = re.compile(
    r"(?i)^(?:(?:grand|sub|order|unit|line)_?)?(?:total|amount|price|subtotal|cost)"
    r"(?:_?(?:cents|amount|price))?$"
)
ORDERISH = re.compile(
    r"(?i)order|payment|invoice|transaction|checkout|charge|cart|purchase|subscription|basket"
)
WRITES = frozenset(
    {
        *("create", "update", "fill", "forceFill", "forceCreate", "make", "insert"),
        *("updateOrCreate", "firstOrCreate", "firstOrNew"),
    }
)
CHARGES = frozenset(
    {
        *("charge", "pay", "createPaymentIntent", "createCharge", "capture", "refund"),
        *("checkout", "chargeAmount", "invoiceFor", "tab"),
    }
)
# `$stripe->paymentIntents->create([...])`, `PaymentIntent::create([...])`.
GATEWAY_CREATE = re.compile(r"(?i)paymentIntents|charges|PaymentIntent\b|Charge\b|sessions")
# Query and collection calls that read by an amount without charging or storing it.
FILTERS = re.compile(
    r"^(?:or)?(?:where|having|filter|reject|sortBy|orderBy|firstWhere|contains|search|paginate)"
)
READERS = frozenset({"input", "get", "post", "json", "query", "float", "integer", "validated"})
WHOLE_READERS = frozenset({"all", "validated", "input", "only", "safe", "validate", "post"})
REQUEST = re.compile(r"^(\$\w*request|request\(\))$", re.IGNORECASE)
QUOTES = "'\""
KEY_AND_VALUE = 2
MAX_COPIES = 3  # `$a = $request->total; $b = $a; ...`: longer chains are not followed
ASSIGN = frozenset({"assignment_expression"})


@dataclass(frozen=True)
class ClientAmount:
    """Where an amount from the request ends up: the node, the money field it is, what
    reads it from the request, and the sink."""

    node: Node
    field: str
    read: str


def client_amount(php: PhpFile) -> Iterator[Finding]:
    """Request amounts written to an order-like model's money column, assigned to
    `$order->total`, or passed to a charge; handed to other order code: a question."""
    for function in php.functions:
        if function.body is None or function.role in DATABASE_SCRIPT_ROLES:
            continue
        yield from _in_function(php, function)


def _in_function(php: PhpFile, function: FunctionInfo) -> Iterator[Finding]:
    seen: set[int] = set()
    for call in descendants(function.node, MEMBER_CALLS | {"scoped_call_expression"}):
        for amount in _amounts_in_call(php, call):
            if amount.node.id in seen:
                continue
            seen.add(amount.node.id)
            yield _reported(php, function, call, amount)
    for assignment in descendants(function.node, ASSIGN):
        found = _assigned_total(php, assignment)
        if found is not None and found.node.id not in seen:
            seen.add(found.node.id)
            target = text(assignment.child_by_field_name("left"))
            message = (
                f"`{function.qualified}` sets `{target}` to {found.read}, an amount the client "
                "sent: the client decides what the order costs"
            )
            yield php.finding("client-amount", found.node, message)


def _reported(php: PhpFile, function: FunctionInfo, call: Node, amount: ClientAmount) -> Finding:
    sink = _sink_name(call)
    if _is_charge(call):
        message = (
            f"`{function.qualified}` passes {amount.read}, an amount the client sent, to "
            f"`{sink}`: the client decides what it is charged"
        )
        return php.finding("client-amount", amount.node, message)
    if call_name(call) in WRITES and _orderish_target(call) and amount.field:
        message = (
            f"`{function.qualified}` writes {amount.read}, an amount the client sent, into "
            f"`{amount.field}` through `{sink}`: the client decides what the order costs"
        )
        return php.finding("client-amount", amount.node, message)
    message = f"`{function.qualified}` hands {amount.read}, an amount the client sent, to `{sink}`"
    return php.finding("client-amount-unchecked", amount.node, message)


def _amounts_in_call(php: PhpFile, call: Node) -> Iterator[ClientAmount]:
    """Client amounts among the call's arguments (in arrays too), when the call is a charge,
    a write on an order-like model, or some other order or payment call."""
    charge = _is_charge(call)
    write = call_name(call) in WRITES and _orderish_target(call)
    other = not charge and not write and _orderish_call(call)
    if not (charge or write or other):
        return
    for argument in arguments(call):
        if argument.type == "array_creation_expression":
            yield from _amounts_in_array(php, argument)
        elif write:
            yield from _whole_request_amounts(php, argument)
        else:
            read = _client_read(php, argument)
            if read:
                yield ClientAmount(argument, "", read)


def _amounts_in_array(php: PhpFile, array: Node) -> Iterator[ClientAmount]:
    for element in array.named_children:
        parts = element.named_children
        if len(parts) != KEY_AND_VALUE or parts[0].type not in ("string", "encapsed_string"):
            continue
        key = text(parts[0]).strip(QUOTES)
        read = _client_read(php, parts[1]) if MONEY.match(key) else ""
        if read:
            yield ClientAmount(parts[1], key, read)


def _whole_request_amounts(php: PhpFile, argument: Node) -> Iterator[ClientAmount]:
    """`Order::create($data)` where `$data = $request->validate([... 'total' => ...])`."""
    values = [argument]
    if argument.type == "variable_name":
        values = assigned_values(php.scope_of(argument), argument, before=argument)
    for value in values:
        if value.type not in MEMBER_CALLS or not REQUEST.match(text(receiver(value))):
            continue
        if call_name(value) not in ("validate", "validated"):
            continue
        for key in _validated_money_keys(value):
            origin = f"{text(receiver(value))}->{call_name(value)}()"
            read = f"`{text(argument)}` (its `{key}`, from `{origin}`)"
            yield ClientAmount(argument, key, read)
            return


def _validated_money_keys(call: Node) -> list[str]:
    args = arguments(call)
    if not args or args[0].type != "array_creation_expression":
        return []
    keys = []
    for element in args[0].named_children:
        parts = element.named_children
        if len(parts) == KEY_AND_VALUE and parts[0].type in ("string", "encapsed_string"):
            key = text(parts[0]).strip(QUOTES)
            if MONEY.match(key):
                keys.append(key)
    return keys


def _client_read(php: PhpFile, node: Node, depth: int = 0) -> str:
    """How `node` reads a money field from the request (through a local variable, a cast or
    a subscript of the request's array), as the message shows it; empty when it does not."""
    if depth > MAX_COPIES:
        return ""
    if node.type == "cast_expression":
        value = node.child_by_field_name("value")
        return _client_read(php, value, depth + 1) if value is not None else ""
    direct = _direct_read(php, node)
    if direct:
        return f"`{text(node)}`"
    if node.type == "variable_name":
        for value in assigned_values(php.scope_of(node), node, before=node):
            found = _client_read(php, value, depth + 1)
            if found:
                return f"`{text(node)}` ({found})"
    return ""


def _direct_read(php: PhpFile, node: Node) -> bool:
    """`$request->input('total')`, `$request->total`, `request('total')`,
    `$data['total']` with `$data` from the request."""
    if node.type in MEMBER_CALLS and call_name(node) in READERS:
        args = arguments(node)
        key = text(args[0]).strip(QUOTES) if args and args[0].type == "string" else ""
        return bool(key) and MONEY.match(key) is not None and _is_request(receiver(node))
    if node.type == "member_access_expression":
        name = text(node.child_by_field_name("name"))
        return MONEY.match(name) is not None and _is_request(node.child_by_field_name("object"))
    if node.type == "function_call_expression" and call_name(node) == "request":
        args = arguments(node)
        return bool(args) and MONEY.match(text(args[0]).strip(QUOTES)) is not None
    if node.type == "subscript_expression" and node.named_children:
        key = text(node.named_children[-1]).strip(QUOTES)
        base = node.named_children[0]
        return MONEY.match(key) is not None and _request_array(php, base)
    return False


def _is_request(node: Node | None) -> bool:
    return node is not None and REQUEST.match(text(node)) is not None


def _request_array(php: PhpFile, base: Node) -> bool:
    """`$request->validated()`, or a variable assigned from the request's input."""
    if base.type in MEMBER_CALLS:
        return call_name(base) in WHOLE_READERS and _is_request(receiver(base))
    if base.type != "variable_name":
        return False
    values = assigned_values(php.scope_of(base), base, before=base)
    return any(
        v.type in MEMBER_CALLS and call_name(v) in WHOLE_READERS and _is_request(receiver(v))
        for v in values
    )


def _assigned_total(php: PhpFile, assignment: Node) -> ClientAmount | None:
    """`$order->total = $request->input('total')`."""
    left = assignment.child_by_field_name("left")
    right = assignment.child_by_field_name("right")
    if left is None or right is None or left.type != "member_access_expression":
        return None
    owner = left.child_by_field_name("object")
    field = text(left.child_by_field_name("name"))
    if not MONEY.match(field) or not ORDERISH.search(text(owner)):
        return None
    read = _client_read(php, right)
    return ClientAmount(right, field, read) if read else None


def _is_charge(call: Node) -> bool:
    name = call_name(call)
    if name in CHARGES:
        return True
    if name != "create":
        return False
    if call.type == "scoped_call_expression":
        return GATEWAY_CREATE.search(text(call.child_by_field_name("scope"))) is not None
    return GATEWAY_CREATE.search(text(receiver(call))) is not None


def _orderish_target(call: Node) -> bool:
    """`Order::create`, `$order->update`, `$user->orders()->create`, `$this->orders->create`."""
    if call.type == "scoped_call_expression":
        return ORDERISH.search(text(call.child_by_field_name("scope"))) is not None
    return ORDERISH.search(text(receiver(call))) is not None


def _orderish_call(call: Node) -> bool:
    """A call into order or payment code: its name or its receiver says so (a filter on a
    query or a collection of orders only reads)."""
    if call.type not in MEMBER_CALLS or FILTERS.match(call_name(call)):
        return False
    return (
        ORDERISH.search(call_name(call)) is not None
        or ORDERISH.search(text(receiver(call))) is not None
    )


def _sink_name(call: Node) -> str:
    if call.type == "scoped_call_expression":
        return f"{text(call.child_by_field_name('scope'))}::{call_name(call)}"
    return f"{_clip(text(receiver(call)), 30)}->{call_name(call)}"


def _clip(value: str, limit: int = 50) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 3] + "..."
