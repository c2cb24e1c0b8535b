"""Rewrites that give a function a seam a test can use: the current time passed in as a
parameter in place of the clock read inside, and collaborators received by the constructor
in place of being created there."""

from __future__ import annotations

import ast

from reviewer.model import Suggestion
from reviewer.suggestions.base import Edit, Flagged, made
from reviewer.suggestions.python_source import PythonSource, dotted

# The clock reads we can replace, by the last two parts of their name, and the type of the
# value they give (None: the type is the class the call is made on, as written).
CLOCK_READS: dict[str, str | None] = {
    "datetime.now": None,
    "datetime.utcnow": None,
    "datetime.today": None,
    "date.today": None,
    "time.time": "float",
}
FUNCTIONS = ast.FunctionDef | ast.AsyncFunctionDef


def now_parameter(flagged: Flagged) -> Suggestion | None:
    """`def is_overdue(invoice): return datetime.now() > invoice.due_at` ->
    `def is_overdue(invoice, now: datetime): return now > invoice.due_at`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for call in source.flagged_nodes(ast.Call):
        kind = _clock_type(call)
        function = source.enclosing_function(call)
        if kind is None or function is None:
            continue
        name = "today" if dotted(call.func).endswith("today") else "now"
        reads = [c for c in _calls_in(function) if source.code(c) == source.code(call)]
        added = _added_parameter(source, function, f"{name}: {kind}")
        if added is None or _uses_name(function, name):
            return None
        edits = [added, *(source.replace(c, name) for c in reads)]
        note = (
            f"takes `{name}` as a parameter in place of `{source.code(call)}`: callers pass the"
            f" current time in, tests a fixed one; each caller of `{function.name}` changes"
        )
        return made(flagged, edits, safe=False, source="review", note=note)
    return None


def _clock_type(call: ast.Call) -> str | None:
    name = dotted(call.func)
    owner, _, method = name.rpartition(".")
    key = f"{owner.rpartition('.')[2]}.{method}"
    if key not in CLOCK_READS:
        return None
    return CLOCK_READS[key] or owner


def _calls_in(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
    """The function's own calls, not those of functions defined in it."""
    found: list[ast.Call] = []
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Call):
            found.append(node)
        if not isinstance(node, FUNCTIONS | ast.Lambda | ast.ClassDef):
            pending.extend(ast.iter_child_nodes(node))
    return found


def _uses_name(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    taken = {a.arg for a in every} | {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
    return name in taken


def _added_parameter(
    source: PythonSource, function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str
) -> Edit | None:
    """The parameter added after the positional ones; None where it cannot simply go last
    (after parameters with defaults, `*args`, keyword-only ones or `**kwargs`)."""
    arguments = function.args
    if arguments.defaults or arguments.vararg or arguments.kwonlyargs or arguments.kwarg:
        return None
    positional = [*arguments.posonlyargs, *arguments.args]
    if positional:
        return source.insert_after(positional[-1], f", {parameter}")
    opening = source.flagged.text.find("(", source.start(function))
    if opening < 0 or source.flagged.text[opening + 1 : opening + 2] != ")":
        return None
    return Edit(opening + 1, opening + 1, parameter)


# Factories whose result's type is not the callee's own name.
MADE_TYPES = {"sqlite3.connect": "sqlite3.Connection"}


def received_collaborators(flagged: Flagged) -> Suggestion | None:
    """`self._orders = sqlite3.connect(db_path)` in `__init__` -> `__init__` receives
    `orders: sqlite3.Connection` and keeps it; parameters only the creation used go."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    calls = list(source.flagged_nodes(ast.Call))
    init = source.enclosing_function(calls[0]) if calls else None
    if init is None or init.name != "__init__" or not init.args.args:
        return None
    names = _collaborator_names(flagged, source, calls)
    made_here = [(attr, call) for attr, call in _kept_in_self(init) if _is(call, names)]
    arguments = init.args
    if not made_here or arguments.defaults or arguments.vararg or arguments.kwonlyargs:
        return None
    if arguments.kwarg or arguments.posonlyargs:
        return None
    return _receiving(flagged, source, init, made_here)


def _receiving(
    flagged: Flagged,
    source: PythonSource,
    init: ast.FunctionDef | ast.AsyncFunctionDef,
    made_here: list[tuple[str, ast.Call]],
) -> Suggestion | None:
    receiver, *others = init.args.args
    replaced = {id(call) for _, call in made_here}
    still_used = _names_outside(init, replaced)
    kept = [source.code(p) for p in others if p.arg in still_used]
    taken = {p.arg for p in init.args.args}
    added = []
    for attr, call in made_here:
        name = attr.lstrip("_")
        if name in taken or not name.isidentifier():
            return None
        taken.add(name)
        kind = _made_type(call)
        added.append(f"{name}: {kind}" if kind else name)
    end = others[-1] if others else receiver
    edits = [Edit(source.end(receiver), source.end(end), "".join(f", {p}" for p in kept + added))]
    edits += [source.replace(call, attr.lstrip("_")) for attr, call in made_here]
    shown = ", ".join(f"`{attr.lstrip('_')}`" for attr, _ in made_here)
    note = (
        f"receives {shown} instead of creating them, so a test can pass fakes; the code that"
        " builds this class creates them now"
    )
    return made(flagged, edits, safe=False, source="review", note=note)


def _collaborator_names(
    flagged: Flagged, source: PythonSource, calls: list[ast.Call]
) -> frozenset[str]:
    """What the design analyzer found created here; the flagged call's name without it."""
    found = {str(n) for f in flagged.findings for n in _listed(f.extras.get("collaborators"))}
    return frozenset(found or {dotted(calls[0].func)})


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _is(call: ast.Call, names: frozenset[str]) -> bool:
    written = dotted(call.func)
    last = written.rpartition(".")[2]
    return bool(written) and any(
        n in (written, last) or n.endswith(f".{written}") or written.endswith(f".{n}")
        for n in names
    )


def _kept_in_self(init: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, ast.Call]]:
    """`self.<attr> = <call>` statements of the constructor's own body."""
    receiver = init.args.args[0].arg
    found = []
    for statement in init.body:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1):
            continue
        target, value = statement.targets[0], statement.value
        owned = isinstance(target, ast.Attribute) and dotted(target.value) == receiver
        if owned and isinstance(value, ast.Call) and isinstance(target, ast.Attribute):
            found.append((target.attr, value))
    return found


def _names_outside(init: ast.FunctionDef | ast.AsyncFunctionDef, replaced: set[int]) -> set[str]:
    """The names the constructor's body reads outside the calls being replaced."""
    used: set[str] = set()
    pending: list[ast.AST] = list(init.body)
    while pending:
        node = pending.pop()
        if id(node) in replaced:
            continue
        if isinstance(node, ast.Name):
            used.add(node.id)
        pending.extend(ast.iter_child_nodes(node))
    return used


def _made_type(call: ast.Call) -> str:
    written = dotted(call.func)
    if written in MADE_TYPES:
        return MADE_TYPES[written]
    return written if written.rpartition(".")[2][:1].isupper() else ""
