"""Testability: hidden inputs (clock, randomness, environment, shared state), I/O while
constructing, and exiting the process from library code."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import PurePath

from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    decorator_names,
    dotted,
    is_main_guard,
    last_name,
    methods,
    name_tokens,
)
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.infrastructure import CACHE, FILES, HTTP, MAIL, SQL, call_kind
from reviewer.analyzers.design.roles import (
    ROOT_NAMES,
    FunctionScope,
    classes,
    collaborator_name,
    enclosing,
    functions,
    is_composition_root,
    is_factory_class,
    is_fallback_default,
    is_seam,
    parameter_names,
    under_main_guard,
    who,
)
from reviewer.model import Finding

CLOCK_CALLS = frozenset(
    {
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
        "pendulum.now",
        "pendulum.today",
        "arrow.now",
        "arrow.utcnow",
    }
)
CLOCK_WITHOUT_ARGUMENTS = frozenset({"time.localtime", "time.gmtime", "time.ctime"})
# `secrets` and `os.urandom` are left out: their values must not be predictable, and a test
# seam for them invites a weaker generator.
RANDOM_PREFIXES = ("random.", "uuid.uuid1", "uuid.uuid4", "numpy.random.")
RANDOM_TOKENS = frozenset({"random", "shuffle", "shuffled", "jitter", "lorem", "sample"})
SEEDED = frozenset(
    {
        "random.Random",
        "random.SystemRandom",
        "random.seed",
        "random.getstate",
        "random.setstate",
        "numpy.random.default_rng",
        "numpy.random.RandomState",
    }
)
LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)
LOG_RECEIVERS = frozenset({"logger", "log", "logging", "_logger"})
CONFIG_STEMS = frozenset(
    {"config", "settings", "conf", "configuration", "env", "environment", "constants"}
)
CONFIG_TOKENS = frozenset({"config", "settings", "env", "environment", "configuration", "conf"})
# Modules whose whole purpose is reading the configuration, by the words of their name.
SETTINGS_MODULES = frozenset({"config", "settings", "configuration", "conf"})
CONTAINER_CALLS = frozenset(
    {
        "list",
        "dict",
        "set",
        "collections.defaultdict",
        "collections.deque",
        "collections.OrderedDict",
        "collections.Counter",
    }
)
MUTATORS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "pop",
        "popitem",
        "remove",
        "clear",
        "update",
        "add",
        "discard",
        "setdefault",
        "appendleft",
        "popleft",
        "extendleft",
        "__setitem__",
    }
)
# `os._exit` is left out: it is how a forked child ends, and a library has no other way.
EXIT_CALLS = frozenset({"sys.exit", "exit", "quit"})
SCRIPT_FOLDERS = frozenset({"scripts", "bin", "benchmarks", "tools", "commands", "cli"})
EXIT_TOKENS = frozenset({"exit", "die", "abort", "fatal", "quit", "bail"})
CLI_DECORATORS = frozenset({"command", "group", "callback", "main"})
IO_READERS = frozenset(
    {
        "json.load",
        "pickle.load",
        "yaml.safe_load",
        "yaml.load",
        "tomllib.load",
        "socket.create_connection",
    }
)


def is_logging_call(node: ast.AST) -> bool:
    """`logger.warning(...)`, `logging.error(...)`, `print(...)` and the like."""
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Name):
        return node.func.id == "print"
    if not isinstance(node.func, ast.Attribute) or node.func.attr not in LOG_METHODS:
        return False
    return bool(name_tokens(last_name(node.func.value)) & LOG_RECEIVERS)


def _calls_per_function(
    module: ModuleContext, wanted: Callable[[ast.Call], bool]
) -> Iterator[tuple[FunctionScope, list[ast.Call]]]:
    """Each function's own calls (defaults and nested functions excluded) that match."""
    for scope in functions(module):
        calls = [n for n in module.body_nodes(scope.node) if isinstance(n, ast.Call) and wanted(n)]
        if calls:
            yield scope, calls


@detector("hidden-clock")
def hidden_clock(module: ModuleContext) -> Iterator[Finding]:
    """Business logic that reads the system clock instead of an injected one."""
    if module.is_test:
        return
    for scope, reads in _calls_per_function(module, lambda c: _reads_clock(module, c)):
        parameters = parameter_names(scope.node)
        calls = [
            c
            for c in reads
            if not _measures_duration(module, c, scope)
            and not is_fallback_default(module, c, parameters)
        ]
        if not calls or is_seam(scope) or scope.name in ROOT_NAMES:
            continue
        shown = [f"{ast.unparse(c.func)}()" for c in calls]
        message = f"`{scope.name}` reads the clock with `{shown[0]}`"
        extras = {"metric": len(shown), "calls": list(dict.fromkeys(shown))}
        yield module.finding(calls[0], message, extras)


def _reads_clock(module: ModuleContext, call: ast.Call) -> bool:
    name = module.qualified(call)
    return name in CLOCK_CALLS or (name in CLOCK_WITHOUT_ARGUMENTS and not call.args)


def _measures_duration(module: ModuleContext, call: ast.Call, scope: FunctionScope) -> bool:
    """`start = time.time()` ... `time.time() - start`: a stopwatch, not a business input."""
    if _inside_logging(module, call):
        return True
    starts = _stopwatch_starts(module, scope)
    parent = module.parent(call)
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Sub):
        return parent.left is call and dotted(parent.right) in starts
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        return dotted(parent.targets[0]) in starts
    return False


def _stopwatch_starts(module: ModuleContext, scope: FunctionScope) -> frozenset[str]:
    """Names bound to a clock read and used only as `<clock read> - name`."""
    starts = set()
    body = list(module.body_nodes(scope.node))
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            clock = isinstance(node.value, ast.Call) and _reads_clock(module, node.value)
            if clock and isinstance(target, ast.Name):
                starts.add(target.id)
    for node in body:
        if isinstance(node, ast.Name) and node.id in starts and isinstance(node.ctx, ast.Load):
            parent = module.parent(node)
            subtracted = isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Sub)
            if not (subtracted and isinstance(parent, ast.BinOp) and parent.right is node):
                starts.discard(node.id)
    return frozenset(starts)


def _inside_logging(module: ModuleContext, node: ast.AST) -> bool:
    current = module.parent(node)
    while current is not None and not isinstance(current, ast.stmt):
        if is_logging_call(current):
            return True
        current = module.parent(current)
    return False


@detector("hidden-randomness")
def hidden_randomness(module: ModuleContext) -> Iterator[Finding]:
    """Business logic that draws random numbers or ids from a global source."""
    if module.is_test:
        return
    for scope, calls in _calls_per_function(module, lambda c: _draws_random(module, c)):
        if is_seam(scope) or scope.name in ROOT_NAMES or name_tokens(scope.name) & RANDOM_TOKENS:
            continue
        shown = [f"{ast.unparse(c.func)}()" for c in calls]
        message = f"`{scope.name}` draws randomness from `{shown[0]}`"
        extras = {"metric": len(shown), "calls": list(dict.fromkeys(shown))}
        yield module.finding(calls[0], message, extras)


def _draws_random(module: ModuleContext, call: ast.Call) -> bool:
    name = module.qualified(call)
    return name.startswith(RANDOM_PREFIXES) and name not in SEEDED


@detector("environment-read")
def environment_read(module: ModuleContext) -> Iterator[Finding]:
    """Environment variables read outside configuration code and composition roots."""
    if module.is_test or module.is_entry_point or module.stem in CONFIG_STEMS:
        return
    candidates = module.nodes_of(ast.Call | ast.Attribute | ast.Name)
    reads = [n for n in candidates if _reads_environment(module, n)]
    seen: set[int] = set()
    for node in reads:
        scope = enclosing(module, node)
        key = id(scope.node) if scope else _top_statement(module, node)
        if key in seen or _configuration_code(module, node, scope):
            continue
        variable = _variable_name(module, node)
        if not variable.startswith("`"):
            continue
        seen.add(key)
        where = who(module, scope)
        message = f"{where} reads the environment variable {variable}"
        if not scope:
            message += " at import time"
        yield module.finding(node, message, {"variable": variable})


def _reads_environment(module: ModuleContext, node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return module.qualified(node) == "os.getenv"
    if isinstance(node, ast.Attribute | ast.Name) and isinstance(node.ctx, ast.Load):
        return module.qualified(node) == "os.environ"
    return False


def _configuration_code(module: ModuleContext, node: ast.AST, scope: FunctionScope | None) -> bool:
    if under_main_guard(module, node) or is_composition_root(scope):
        return True
    if name_tokens(PurePath(module.path).stem) & SETTINGS_MODULES:  # settings.py, config.py
        return True
    if scope is None:
        return False
    words = name_tokens(scope.name)
    if scope.owner is not None:
        words |= name_tokens(scope.owner.name)
    return bool(words & CONFIG_TOKENS)


def _top_statement(module: ModuleContext, node: ast.AST) -> int:
    current: ast.AST = node
    while (parent := module.parent(current)) is not None and parent is not module.tree:
        current = parent
    return id(current)


def _variable_name(module: ModuleContext, node: ast.AST) -> str:
    """The quoted variable name when the code spells it out, else `os.environ`."""
    holder = node if isinstance(node, ast.Call) else module.parent(node)
    if isinstance(holder, ast.Attribute):
        holder = module.parent(holder)
    key: ast.AST | None = None
    if isinstance(holder, ast.Call) and holder.args:
        key = holder.args[0]
    elif isinstance(holder, ast.Subscript):
        key = holder.slice
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return f"`{key.value}`"
    return "from `os.environ`"


@detector("global-state")
def global_state(module: ModuleContext) -> Iterator[Finding]:
    """Module-level lists, dicts and sets that functions change."""
    if module.is_test:
        return
    containers = dict(_module_containers(module))
    if not containers:
        return
    changers: dict[str, list[str]] = {name: [] for name in containers}
    for scope in functions(module):
        if _inside_registration(module, scope):
            continue
        for name in _mutated_globals(module, scope, containers):
            changers[name].append(scope.qualname)
    for name, users in changers.items():
        if users:
            statement, kind = containers[name]
            shown = ", ".join(f"`{u}`" for u in users[:4])
            message = f"`{name}` is a module-level {kind} changed by {shown}"
            extras = {"metric": len(users), "functions": users}
            yield module.finding(statement, message, extras)


def _inside_registration(module: ModuleContext, scope: FunctionScope | None) -> bool:
    """`register(...)` and the decorators it returns fill a registry on purpose."""
    while scope is not None:
        if scope.name.startswith("register") or _returns_its_argument(module, scope.node):
            return True
        scope = enclosing(module, scope.node)
    return False


def _returns_its_argument(module: ModuleContext, function: FunctionNode) -> bool:
    """A decorator that records what it decorates and hands it back unchanged."""
    params = [a.arg for a in function.args.args]
    returns = [n for n in module.body_nodes(function) if isinstance(n, ast.Return)]
    return bool(params and returns) and all(
        dotted(r.value) == params[0] for r in returns if r.value
    )


def _module_containers(module: ModuleContext) -> Iterator[tuple[str, tuple[ast.stmt, str]]]:
    """Module-level containers; one annotated `Final` is a registry declared on purpose."""
    for statement in module.tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            if "Final" in {last_name(n) for n in module.index.subtree(statement.annotation)}:
                continue
            target, value = statement.target, statement.value
        else:
            continue
        kind = _container_kind(module, value)
        if isinstance(target, ast.Name) and kind and target.id != "__all__":
            yield target.id, (statement, kind)


def _container_kind(module: ModuleContext, value: ast.expr) -> str | None:
    if isinstance(value, ast.List | ast.ListComp):
        return "list"
    if isinstance(value, ast.Dict | ast.DictComp):
        return "dict"
    if isinstance(value, ast.Set | ast.SetComp):
        return "set"
    if isinstance(value, ast.Call) and module.qualified(value) in CONTAINER_CALLS:
        return module.qualified(value).rpartition(".")[2]
    return None


def _mutated_globals(
    module: ModuleContext, scope: FunctionScope, names: dict[str, tuple[ast.stmt, str]]
) -> list[str]:
    """Module containers a function changes, unless it does so under a lock."""
    local = _local_names(module, scope.node)
    found: list[str] = []
    for node in module.body_nodes(scope.node):
        target = _mutation_target(node)
        fresh = target in names and target not in local and target not in found
        if fresh and not _under_lock(module, node):
            found.append(target)
    return found


def _under_lock(module: ModuleContext, node: ast.AST) -> bool:
    """Inside `with <...lock...>:`, where sharing the state is the point and is guarded."""
    current = module.parent(node)
    while current is not None and not isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(current, ast.With | ast.AsyncWith):
            names = (last_name(item.context_expr) for item in current.items)
            if any("lock" in name_tokens(name) or name.lower().endswith("lock") for name in names):
                return True
        current = module.parent(current)
    return False


def _local_names(module: ModuleContext, function: FunctionNode) -> frozenset[str]:
    body = module.body_nodes(function)
    declared = {n for s in body if isinstance(s, ast.Global) for n in s.names}
    bound = {n.id for n in body if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return frozenset((bound | parameter_names(function)) - declared)


def _mutation_target(node: ast.AST) -> str:
    """The name a statement or call changes in place: `x.append(...)`, `x[k] = v`, `del x[k]`."""
    if isinstance(node, ast.Call):
        return _mutator_receiver(node.func)
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign | ast.Delete):
        targets = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    for target in targets:
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            return target.value.id
    return ""


def _mutator_receiver(func: ast.expr) -> str:
    """`items` for `items.append`, when the method changes its object in place."""
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id if func.attr in MUTATORS else ""
    return ""


@detector("io-in-constructor")
def io_in_constructor(module: ModuleContext) -> Iterator[Finding]:
    """`__init__` that reads files, queries, sends or calls out while the object is built."""
    if module.is_test or module.is_entry_point:
        return
    for cls in classes(module):
        init = next((m for m in methods(cls) if m.name == "__init__"), None)
        if init is None or is_factory_class(cls):
            continue
        calls = [
            n for n in module.body_nodes(init) if isinstance(n, ast.Call) and _does_io(module, n)
        ]
        if calls:
            shown = f"{ast.unparse(calls[0].func)}()"
            kind = call_kind(calls[0], module.info) or "I/O"
            message = f"`{cls.name}.__init__` does {kind} I/O (`{shown}`) while the object is built"
            extras = {"metric": len(calls), "calls": [ast.unparse(c.func) for c in calls]}
            yield module.finding(calls[0], message, extras)


def _does_io(module: ModuleContext, call: ast.Call) -> bool:
    qualified = module.qualified(call)
    if qualified.startswith("subprocess.") or qualified in IO_READERS:
        return True
    if last_name(call.func)[:1].isupper() or collaborator_name(call, module):
        return False
    if last_name(call.func) in {"cursor", "row_factory"}:
        return False
    return call_kind(call, module.info) in {SQL, HTTP, MAIL, FILES, CACHE}


@detector("exit-in-library")
def exit_in_library(module: ModuleContext) -> Iterator[Finding]:
    """`sys.exit()` or `raise SystemExit` in code other modules call."""
    if module.is_test or module.is_entry_point or _is_script(module):
        return
    for node in module.nodes_of(ast.Call | ast.Raise):
        name = _exit_name(module, node)
        if not name or under_main_guard(module, node):
            continue
        scope = enclosing(module, node)
        if scope is not None and _is_command(scope.node):
            continue
        where = who(module, scope)
        message = f"{where} ends the process with `{name}`"
        yield module.finding(node, message, {"call": name})


def _exit_name(module: ModuleContext, node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        qualified = module.qualified(node)
        shadowed = qualified in {"exit", "quit"} and qualified in module.info.imports
        return f"{qualified}()" if qualified in EXIT_CALLS and not shadowed else ""
    if isinstance(node, ast.Raise) and node.exc is not None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        return "raise SystemExit" if dotted(exc) == "SystemExit" else ""
    return ""


def _is_script(module: ModuleContext) -> bool:
    """A module run as a program: it has a `__main__` guard or lives in a scripts folder."""
    if any(is_main_guard(statement) for statement in module.tree.body):
        return True
    return bool(set(PurePath(module.path).parts[:-1]) & SCRIPT_FOLDERS)


def _is_command(function: FunctionNode) -> bool:
    """A command handler, or a helper whose name says that it ends the program."""
    if function.name in ROOT_NAMES or name_tokens(function.name) & EXIT_TOKENS:
        return True
    return bool(decorator_names(function) & CLI_DECORATORS)
