"""Request data written or indexed before anything validated it, and control flow nested
so deep that guard clauses would read better."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name, string_text
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.model import Finding, Severity

# Where a handler finds the request: Flask's global, Django's and Starlette's parameter.
REQUEST_NAMES = frozenset({"request", "self.request"})
# Parsed bodies: whatever JSON the client sent (`null`, a list, a string), or a dict of fields.
JSON_BODIES = frozenset({"get_json", "json"})
# Django's and DRF's field mappings: a missing key raises a KeyError, a 500.
DICT_FIELDS = frozenset({"POST", "GET", "data"})
# Flask's (werkzeug's) mappings answer a missing key with a 400 themselves: only their writes
# into a model count.
FLASK_FIELDS = frozenset({"form", "args", "values"})
# Calls that check request data against a schema: pydantic, marshmallow, WTForms, Django
# forms, DRF serializers.
VALIDATORS = frozenset(
    {"model_validate", "parse_obj", "validate_on_submit", "validate", "load", "is_valid"}
)
# Calls that write what they are given into a model.
WRITES = frozenset({"from_dict", "setattr", "create", "get_or_create", "update_or_create"})
MONEY = re.compile(r"amount|price|total|cost|fee|balance|payment|charge", re.IGNORECASE)
# `request` imported from one of these is the standard library's HTTP client, not a request.
CLIENT_MODULES = ("urllib", "six.moves")


@dataclass(frozen=True)
class Problem:
    """One use of unvalidated request data: where, what it says, and the key it concerns."""

    node: ast.AST
    words: str
    key: str
    kind: str


@dataclass(frozen=True)
class Handler:
    """A function that reads the request, with the names its raw data was given to."""

    function: FunctionNode
    nodes: tuple[ast.AST, ...]
    bodies: frozenset[str]
    strict: frozenset[str]
    nullable: frozenset[str]
    fields: frozenset[str]


@detector("unvalidated-request-body")
def unvalidated_request_body(module: ModuleContext) -> Iterator[Finding]:
    """Request data indexed, tested or written into a model before any schema checked it."""
    flask = _imports_flask_request(module)
    for function in module.function_nodes:
        if not (flask or _takes_request(function)):
            continue
        handler = _handler(function, module.body_nodes(function))
        extras = _form_extras(module, handler)
        problems = _problems(handler, extras.get("fields"))
        if problems:
            yield _finding(module, handler, problems, extras)


def _imports_flask_request(module: ModuleContext) -> bool:
    """A global `request` imported from Flask, Quart, Bottle or the project's own proxy."""
    qualified = module.info.imports.get("request", "")
    return qualified.endswith("request") and not qualified.startswith(CLIENT_MODULES)


def _takes_request(function: FunctionNode) -> bool:
    arguments = function.args
    return any(a.arg == "request" for a in [*arguments.posonlyargs, *arguments.args])


def _handler(function: FunctionNode, nodes: Sequence[ast.AST]) -> Handler:
    bodies: set[str] = set()
    strict: set[str] = set()
    nullable: set[str] = set()
    fields: set[str] = set()
    for node in nodes:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name):
            continue
        value = _unwrapped(node.value)
        if _body_source(value):
            bodies.add(target.id)
            if _raises_key_error(value, frozenset()):
                strict.add(target.id)
            if _may_be_null(value):
                nullable.add(target.id)
        elif _field_read(value, bodies):
            fields.add(target.id)
    return Handler(
        function,
        tuple(nodes),
        frozenset(bodies),
        frozenset(strict),
        frozenset(nullable),
        frozenset(fields),
    )


def _unwrapped(value: ast.expr) -> ast.expr:
    """`await request.json()` -> `request.json()`; `int(x)` -> `x`."""
    if isinstance(value, ast.Await):
        return _unwrapped(value.value)
    if isinstance(value, ast.Call) and dotted(value.func) in {"int", "float", "str", "Decimal"}:
        return _unwrapped(value.args[0]) if value.args else value
    return value


def _first(value: ast.expr) -> ast.expr:
    """`request.POST` for `request.POST or None`, Django's idiom for an unbound form."""
    value = _unwrapped(value)
    return value.values[0] if isinstance(value, ast.BoolOp) else value


def _body_source(node: ast.expr) -> bool:
    """`request.get_json()`, `request.json`, `request.POST`, `json.loads(request.body)`."""
    node = _unwrapped(node)
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return _body_source(node.values[0])
    if isinstance(node, ast.Call):
        name = dotted(node.func) or ""
        if name in {"json.loads", "loads"} and node.args:
            return _on_request(node.args[0]) in {"body", "data"}
        node = node.func
    return _on_request(node) in JSON_BODIES | DICT_FIELDS | FLASK_FIELDS


def _on_request(node: ast.AST | None) -> str:
    """`json` for `request.json`; empty for anything not read off the request."""
    if isinstance(node, ast.Attribute) and dotted(node.value) in REQUEST_NAMES:
        return node.attr
    return ""


def _may_be_null(value: ast.expr) -> bool:
    """A parsed JSON body with no `or {}`: the client may have sent `null`."""
    if isinstance(value, ast.BoolOp):
        return False
    called = value.func if isinstance(value, ast.Call) else value
    return _on_request(called) in JSON_BODIES or dotted(called) in {"json.loads", "loads"}


def _field_read(value: ast.expr, bodies: set[str]) -> bool:
    """`request.POST.get("state")`, `data["email"]`, `data.get("email")`."""
    method = value.func if isinstance(value, ast.Call) else None
    if isinstance(method, ast.Attribute) and method.attr == "get":
        return _is_body(method.value, bodies)
    if isinstance(value, ast.Subscript):
        return _is_body(value.value, bodies)
    return False


def _is_body(node: ast.expr, bodies: frozenset[str] | set[str]) -> bool:
    if isinstance(node, ast.Name) and node.id in bodies:
        return True
    return _body_source(node)


def _problems(handler: Handler, fields: str | None) -> list[Problem]:
    """What the handler does with raw data; after a form validated, only its raw reads of the
    form's fields (when the form's class is found) count."""
    validated = _validated_forms(handler)
    if validated:
        known = set(fields.split()) if fields is not None else None
        reads = _reads_after_validation(handler, validated)
        return [r for r in reads if known is None or r.key in known]
    if _validates(handler):
        return []
    found = [
        *_missing_keys(handler),
        *_null_membership(handler),
        *_model_writes(handler),
    ]
    return sorted(found, key=lambda p: (getattr(p.node, "lineno", 0), p.words))


def _validates(handler: Handler) -> bool:
    """The function checks the data with a schema, a form or a serializer somewhere."""
    calls = (n for n in handler.nodes if isinstance(n, ast.Call))
    return any(last_name(c.func) in VALIDATORS for c in calls)


def _string_key(node: ast.Subscript) -> str:
    if not isinstance(node.slice, ast.Constant):
        return ""
    return string_text(node.slice) or ""


def _missing_keys(handler: Handler) -> Iterator[Problem]:
    """`data["text"]` and `request.POST["amount"]` with no `in` check on the key first."""
    checked = _checked_keys(handler)
    for node in handler.nodes:
        if not isinstance(node, ast.Subscript) or not isinstance(node.ctx, ast.Load):
            continue
        key = _string_key(node)
        if key and key not in checked and _raises_key_error(node.value, handler.strict):
            words = f"`{_code(node)}` is a KeyError, a 500, when missing"
            yield Problem(node, words, key, "key")


def _raises_key_error(node: ast.expr, strict: frozenset[str]) -> bool:
    """A parsed JSON body or Django's `request.POST`; werkzeug's mappings answer a 400."""
    if isinstance(node, ast.Name):
        return node.id in strict
    node = _unwrapped(node)
    if isinstance(node, ast.BoolOp):
        return _raises_key_error(node.values[0], strict)
    called = node.func if isinstance(node, ast.Call) else node
    return _body_source(node) and _on_request(called) not in FLASK_FIELDS


def _checked_keys(handler: Handler) -> frozenset[str]:
    """Keys the function tests with `in` or `not in`, or reads inside a `try`."""
    keys: set[str] = set()
    for node in handler.nodes:
        if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In | ast.NotIn):
            keys.add(string_text(node.left) or "")
        if isinstance(node, ast.Try) and node.handlers:
            inside = (n for s in node.body for n in ast.walk(s))
            keys.update(_string_key(n) for n in inside if isinstance(n, ast.Subscript))
    return frozenset(keys)


def _null_membership(handler: Handler) -> Iterator[Problem]:
    """`"username" not in data` where `data` may be `None`: a TypeError, a 500."""
    guarded = _null_guarded(handler)
    for node in handler.nodes:
        if not isinstance(node, ast.Compare) or not isinstance(node.ops[0], ast.In | ast.NotIn):
            continue
        body = _unwrapped(node.comparators[0])
        named = isinstance(body, ast.Name) and body.id in handler.nullable
        direct = _body_source(body) and _may_be_null(body)
        if (named or direct) and dotted(body) not in guarded:
            words = f"`{_code(node)}` is a TypeError, a 500, on a `null` body"
            yield Problem(node, words, string_text(node.left) or "", "null")


def _null_guarded(handler: Handler) -> frozenset[str]:
    """Bodies the function tests for `None` or emptiness (`if not data`, `if data and ...`,
    `isinstance`)."""
    names: set[str] = set()
    for node in handler.nodes:
        if isinstance(node, ast.If | ast.While | ast.IfExp):
            names.add(dotted(node.test) or "")
        if isinstance(node, ast.BoolOp):
            names.update(dotted(value) or "" for value in node.values)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            names.add(dotted(node.operand) or "")
        elif isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.Is | ast.IsNot):
            names.add(dotted(node.left) or "")
        elif isinstance(node, ast.Call) and dotted(node.func) == "isinstance" and node.args:
            names.add(dotted(node.args[0]) or "")
    return frozenset(names)


def _model_writes(handler: Handler) -> Iterator[Problem]:
    """The body or a field of it given to `from_dict`, `setattr`, `Model(**data)`,
    `.objects.create(...)` or `.update(...)`."""
    raw = handler.bodies | handler.fields
    for node in handler.nodes:
        if not isinstance(node, ast.Call):
            continue
        given = [*node.args, *(k.value for k in node.keywords)]
        spread = [k.value for k in node.keywords if k.arg is None]
        writes = _writes(node) and any(_is_raw(g, raw) for g in given)
        if writes or any(_is_raw(s, raw) for s in spread):
            words = f"`{_code(node.func)}` writes it into the model unchecked"
            yield Problem(node, words, _written_key(node), "write")


def _writes(call: ast.Call) -> bool:
    """`from_dict`, `setattr`, `.objects.create`, `session.add`, and a query's `.update(x=...)`
    (a dict's `update(other)` takes its mapping by position)."""
    name = dotted(call.func) or last_name(call.func)
    if name.endswith("session.add"):
        return True
    if last_name(call.func) == "update":
        return bool(call.keywords) and not call.args
    return last_name(call.func) in WRITES


def _is_raw(node: ast.expr, raw: frozenset[str]) -> bool:
    node = _unwrapped(node)
    if isinstance(node, ast.Name):
        return node.id in raw
    return _body_source(node) or _field_read(node, set(raw))


def _written_key(call: ast.Call) -> str:
    return " ".join(k.arg or "" for k in call.keywords)


def _validated_forms(handler: Handler) -> dict[str, ast.If]:
    """Forms bound to the request and checked: `form = StripeForm(request.POST)` and
    `if form.is_valid():`, by the form's name."""
    bound = {
        node.targets[0].id
        for node in handler.nodes
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Call)
        and any(_on_request(_first(a)) in DICT_FIELDS for a in node.value.args)
    }
    checks: dict[str, ast.If] = {}
    for node in handler.nodes:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Call):
            owner = node.test.func
            if isinstance(owner, ast.Attribute) and owner.attr == "is_valid":
                name = dotted(owner.value) or ""
                if name in bound:
                    checks[name] = node
    return checks


def _reads_after_validation(handler: Handler, forms: dict[str, ast.If]) -> Iterator[Problem]:
    """`request.POST["amount"]` read in the block a form validated, where
    `form.cleaned_data["amount"]` holds the checked value."""
    for name, check in forms.items():
        for node in (n for s in check.body for n in ast.walk(s)):
            key = _raw_post_key(node)
            if key:
                words = (
                    f"`{_code(node)}` where `{name}.cleaned_data[{key!r}]` has the checked value"
                )
                yield Problem(node, words, key, "after")


def _raw_post_key(node: ast.AST) -> str:
    """The key of `request.POST["k"]` or `request.POST.get("k")`; empty for anything else."""
    if isinstance(node, ast.Subscript) and _on_request(node.value) in DICT_FIELDS:
        return _string_key(node)
    if isinstance(node, ast.Call) and node.args and _on_request(_get_owner(node)) in DICT_FIELDS:
        return string_text(node.args[0]) or ""
    return ""


def _get_owner(call: ast.Call) -> ast.expr | None:
    """`request.POST` for `request.POST.get(...)`."""
    method = call.func
    return method.value if isinstance(method, ast.Attribute) and method.attr == "get" else None


def _finding(
    module: ModuleContext, handler: Handler, problems: list[Problem], extras: dict[str, str]
) -> Finding:
    """One finding a function, at its first problem, naming the first problem of each kind."""
    ordered = sorted(problems, key=lambda p: _position(p.node))
    kinds = {p.kind: p for p in reversed(ordered)}
    firsts = sorted(kinds.values(), key=lambda p: _position(p.node))
    said = "; ".join(_said(p, ordered) for p in firsts)
    form = extras.get("form") or next(iter(_validated_forms(handler)), "")
    opening = (
        f"`{handler.function.name}` validates `{form}` but then reads the raw request:"
        if ordered[0].kind == "after"
        else f"`{handler.function.name}`:"
    )
    message = f"{opening} {said}"
    # money read raw after a form checked it, or written raw, is a wrong charge, not a 500
    money = any(MONEY.search(p.key) for p in problems if p.kind in {"after", "write"})
    raise_to = Severity.MAJOR if money else None
    return module.finding(ordered[0].node, message, extras, raise_to)


def _said(problem: Problem, problems: list[Problem]) -> str:
    others = sum(1 for p in problems if p.kind == problem.kind) - 1
    return problem.words + (f" (and {others} more)" if others > 0 else "")


def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def _form_extras(module: ModuleContext, handler: Handler) -> dict[str, str]:
    """The validated form's name and its fields, for the rewrite to `cleaned_data`."""
    for name, form_class in _form_classes(handler).items():
        found = module.project.resolve(form_class, module.info)
        if found is not None:
            fields = [
                t.id
                for n in found.node.body
                if isinstance(n, ast.Assign)
                for t in n.targets
                if isinstance(t, ast.Name) and isinstance(n.value, ast.Call)
            ]
            return {"form": name, "fields": " ".join(fields)}
    return {}


def _form_classes(handler: Handler) -> dict[str, ast.expr]:
    validated = _validated_forms(handler)
    return {
        node.targets[0].id: node.value.func
        for node in handler.nodes
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in validated
        and isinstance(node.value, ast.Call)
    }


def _code(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


# Statements that open a block; `elif` stays at its `if`'s level, a `case` at its `match`'s.
NESTING = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.TryStar,
    ast.Match,
)
NESTING_LIMIT = 4
KEYWORDS = {ast.AsyncFor: "async for", ast.AsyncWith: "async with", ast.TryStar: "try"}


@detector("deep-nesting")
def deep_nesting(module: ModuleContext) -> Iterator[Finding]:
    """A function whose blocks nest four or more levels deep, once a function."""
    for function in module.function_nodes:
        chain = _deepest(function.body, ())
        if len(chain) >= NESTING_LIMIT:
            path = ", ".join(_keyword(s) for s in chain)
            message = (
                f"`{function.name}` nests its control flow {len(chain)} levels deep ({path}),"
                f" down to line {chain[-1].lineno}"
            )
            span = ast.Pass(lineno=chain[0].lineno, col_offset=chain[0].col_offset)
            span.end_lineno = chain[-1].lineno
            yield module.finding(span, message, {"depth": len(chain)})


def _deepest(body: Sequence[ast.stmt], chain: tuple[ast.stmt, ...]) -> tuple[ast.stmt, ...]:
    """The longest chain of blocks nested in one another, outermost first."""
    best = chain
    for statement in body:
        if not isinstance(statement, NESTING):
            continue
        for block in _blocks(statement):
            found = _deepest(block, (*chain, statement))
            if len(found) > len(best):
                best = found
    return best


def _blocks(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The blocks a statement opens; an `elif`'s blocks count as its `if`'s."""
    if isinstance(statement, ast.If):
        yield statement.body
        elif_ = statement.orelse[0] if len(statement.orelse) == 1 else None
        if isinstance(elif_, ast.If):
            yield from _blocks(elif_)
        elif statement.orelse:
            yield statement.orelse
    elif isinstance(statement, ast.Try | ast.TryStar):
        yield statement.body
        yield from (h.body for h in statement.handlers)
        yield statement.orelse
        yield statement.finalbody
    elif isinstance(statement, ast.Match):
        yield from (c.body for c in statement.cases)
    elif isinstance(statement, ast.For | ast.AsyncFor | ast.While):
        yield statement.body
        yield statement.orelse
    elif isinstance(statement, ast.With | ast.AsyncWith):
        yield statement.body


def _keyword(statement: ast.stmt) -> str:
    kind = type(statement)
    return KEYWORDS.get(kind, kind.__name__.lower())


BOOLEAN_LIMIT = 5


@detector("long-boolean-chain")
def long_boolean_chain(module: ModuleContext) -> Iterator[Finding]:
    """A condition that joins five or more checks with `and`/`or`."""
    for function in module.function_nodes:
        tests = (t for n in module.body_nodes(function) for t in _conditions(n))
        for test in tests:
            if isinstance(test, ast.BoolOp) and _operands(test) >= BOOLEAN_LIMIT:
                message = (
                    f"a condition in `{function.name}` joins {_operands(test)} checks with"
                    " `and`/`or` and says none of them by name"
                )
                yield module.finding(test, message)


def _conditions(node: ast.AST) -> list[ast.expr]:
    """The tests of `if`, `while`, `x if ... else y` and a comprehension's `if`s."""
    if isinstance(node, ast.If | ast.While | ast.IfExp):
        return [node.test]
    if isinstance(node, ast.comprehension):
        return node.ifs
    return []


def _operands(test: ast.expr) -> int:
    if isinstance(test, ast.BoolOp):
        return sum(_operands(v) for v in test.values)
    return 1
