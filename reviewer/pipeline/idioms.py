"""Idioms an analyzer's code misreads: a finding looked at again on the syntax tree of its
line, and kept, dropped, or moved to the rule whose advice fits the idiom.

`== False` in a SQLAlchemy query, an import that registers routes, `token_type = "bearer"`,
MD5 of an e-mail address, a shell command in a developer or maintenance command, FastAPI's
`Depends()` defaults, `mark_safe` of the code's own markup, a placeholder where a secret
would go, a batch job that reports a failed item and goes on, a fallback import in
`except ImportError:` and a value the type checker only suspects of being `None` are each
flagged by a code whose usual advice would break the code or cry wolf. The tree comes from
`tree_of`, a function of the path, so this stage stays pure."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from reviewer.catalog.rules import Catalog
from reviewer.languages import DEVELOPMENT_SETTINGS, area_of
from reviewer.model import Area, Concern, Rule

TreeOf = Callable[[str], ast.Module | None]

QUERY_METHODS = frozenset({"where", "filter", "having", "join", "outerjoin"})
QUERY_FUNCTIONS = frozenset({"and_", "or_", "not_", "case"})
REQUEST_PARAMETERS = frozenset(
    {"Depends", "Query", "Body", "Header", "Security", "Path", "Cookie", "Form", "File"}
)
# Token types, OAuth grant types and field names: words, not secrets.
NOT_SECRETS = frozenset(
    {"", "bearer", "basic", "token", "password", "secret", "jwt", "oauth", "none", "null"}
    | {"accesstoken", "refreshtoken", "idtoken", "clientcredentials", "authorizationcode"}
)
SECRET_WORDS = re.compile(
    r"passw|pwd|secret|token|api_?key|private|credential|signing|signature|hmac|salt|session"
    r"|nonce|auth(?!or)|(?<![a-z])sign",
    re.IGNORECASE,
)
# Values that stand for a secret someone still has to set: not a leaked one.
PLACEHOLDERS = frozenset(
    {"undefined", "changeme", "changethis", "replaceme", "placeholder", "secret", "dev", "test"}
    | {"todo", "fixme", "dummy", "example", "none", "null", "notset", "unset", "empty"}
)
# Names of the key an app signs sessions and tokens with: a placeholder there can ship.
SIGNING_KEYS = re.compile(r"secretkey|signingkey|jwtsecret|jwtkey|^secret$")
MARKUP_CALLS = frozenset({"mark_safe", "Markup", "SafeString"})
TRANSLATIONS = frozenset({"_", "gettext", "gettext_lazy", "ugettext", "ugettext_lazy", "pgettext"})
TRACEBACK_CALLS = frozenset({"exception", "print_exc", "format_exc", "print_exception"})
JOB_DECORATORS = frozenset(
    {"task", "shared_task", "job", "periodic_task", "scheduled_job", "actor", "cron"}
)
NONE_TYPE = re.compile(r'"None"|\| None"|"None \||Optional\[')
MISMATCH = re.compile(
    r'(?:incompatible type|expression has type) "(?P<got>[^"]+)"'
    r'(?:; expected|, variable has type) "(?P<expected>[^"]+)"'
)
IMPLICIT_OPTIONAL = re.compile(
    r'Incompatible default for (?:argument|parameter) .*default has type "None"'
)
# Rules an idiom moves a concern to that keep the analyzer's words: they name the type.
KEEPS_WORDS = frozenset({"value-may-be-none", "implicit-optional-default"})
SHELL_CALLS = frozenset({"system", "popen", "run", "call", "check_call", "check_output", "Popen"})


@dataclass(frozen=True)
class Idiom:
    """Which analyzer codes an idiom reconsiders, and its verdict on one flagged node: the
    id of the rule that fits (`KEEP` keeps the concern as it is, `DROP` drops it)."""

    sources: frozenset[str]
    verdict: Callable[[Concern, Sequence[ast.AST]], str]


KEEP, DROP = "", "-"


def reconsidered(concerns: Iterable[Concern], catalog: Catalog, tree_of: TreeOf) -> list[Concern]:
    """The concerns with each idiom's verdict applied."""
    kept: list[Concern] = []
    for concern in concerns:
        verdict = _verdict(concern, tree_of)
        if verdict == KEEP:
            kept.append(concern)
        elif verdict != DROP:
            kept.append(_moved(concern, catalog.get(verdict), verdict in KEEPS_WORDS))
    return kept


def _moved(concern: Concern, rule: Rule, keep_words: bool = False) -> Concern:
    """The concern under the idiom's rule, without the analyzer's words: they give the advice
    the idiom's rule replaces (ruff's "use `not Task.complete`", "consider removing"), unless
    they only name what was found (mypy's types); and never with the analyzer's fix."""
    message = concern.finding.message if keep_words else ""
    # nor the analyzer's own fix: it is that advice as an edit (`where(not Task.complete)`)
    extras = {key: value for key, value in concern.finding.extras.items() if key != "fix"}
    finding = dataclasses.replace(concern.finding, message=message, extras=extras)
    return dataclasses.replace(concern, rule=rule, finding=finding)


def _verdict(concern: Concern, tree_of: TreeOf) -> str:
    idiom = next((i for i in IDIOMS if concern.finding.source in i.sources), None)
    if idiom is None:
        return KEEP
    tree = tree_of(concern.finding.location.path)
    if tree is None:
        return KEEP
    return idiom.verdict(concern, _chain(tree, concern.finding.location.line))


def _chain(tree: ast.Module, line: int) -> list[ast.AST]:
    """The statements that hold the line, outermost first, then every node of the innermost
    one that holds the line."""
    statements: list[ast.AST] = [tree]
    while inner := next((c for c in _blocks(statements[-1]) if _holds(c, line)), None):
        statements.append(inner)
    within = (n for n in ast.walk(statements[-1]) if _holds(n, line))
    return [*statements, *(n for n in within if n is not statements[-1])]


def _blocks(node: ast.AST) -> Iterator[ast.AST]:
    kinds = (ast.stmt, ast.ExceptHandler, ast.match_case)
    return (c for c in ast.iter_child_nodes(node) if isinstance(c, kinds))


def _holds(node: ast.AST, line: int) -> bool:
    start, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    return start is not None and end is not None and start <= line <= end


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.arg):
        return node.arg
    return node.id if isinstance(node, ast.Name) else ""


def _calls(nodes: Iterable[ast.AST]) -> Iterator[ast.Call]:
    return (n for n in nodes if isinstance(n, ast.Call))


# 1. `Task.complete == False` in a query: `not Task.complete` would break the query.
def _query_comparison(concern: Concern, chain: Sequence[ast.AST]) -> str:
    in_query = any(_is_query_call(call.func) for call in _calls(chain))
    compared = (n for n in chain if isinstance(n, ast.Compare))
    on_column = any(_is_column(o) for c in compared for o in (c.left, *c.comparators))
    return "sqlalchemy-boolean-comparison" if in_query and on_column else KEEP


def _is_query_call(function: ast.expr) -> bool:
    if isinstance(function, ast.Attribute) and function.attr in QUERY_METHODS:
        return True
    return _name(function) in QUERY_FUNCTIONS  # not the builtin `filter`


def _is_column(node: ast.expr) -> bool:
    """`Task.complete`, `tasks.c.complete`: an attribute of a class or of a table's columns,
    not of an instance (`task.complete` is a plain value even inside a `filter`)."""
    if not isinstance(node, ast.Attribute):
        return False
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    root = node.id if isinstance(node, ast.Name) else ""
    return root[:1].isupper() or "c" in names[1:] or "columns" in names[1:]


# 2. An import at the end of a package's `__init__.py`, or of a submodule, registers it.
def _registration_import(concern: Concern, chain: Sequence[ast.AST]) -> str:
    if PurePosixPath(concern.finding.location.path).name != "__init__.py":
        return KEEP
    module = chain[0]
    statement = chain[1] if len(chain) > 1 else None
    if not isinstance(module, ast.Module) or not isinstance(statement, ast.ImportFrom):
        return KEEP
    submodule = statement.level > 0 and statement.module is None
    return "registration-import" if submodule or _last_imports(module, statement) else KEEP


def _last_imports(module: ast.Module, statement: ast.stmt) -> bool:
    """True when other statements come before the import and only imports after it."""
    index = module.body.index(statement)
    before, after = module.body[:index], module.body[index + 1 :]
    imports = (ast.Import, ast.ImportFrom)
    code_before = any(not isinstance(s, imports) and not _is_docstring(s) for s in before)
    return code_before and all(isinstance(s, imports) for s in after)


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


# 3. A secret-like name with a value no one would keep secret (`token_type = "bearer"`), or
# a placeholder for one (`"UNDEFINED"`, `"changeme"`). A placeholder given to the key the app
# signs with, outside development settings, is the one that can ship: a minor that asks to
# make the key required.
def _not_a_secret(concern: Concern, chain: Sequence[ast.AST]) -> str:
    pairs = list(_named_strings(chain, concern.finding.location.line))
    if not pairs or not all(_harmless(n, v) or _placeholder(v) for n, v in pairs):
        return KEEP
    keys = [n for n, v in pairs if _placeholder(v) and SIGNING_KEYS.search(_folded(n))]
    return "placeholder-secret-key" if keys and not _dev_settings(concern, chain) else DROP


def _placeholder(value: str) -> bool:
    """`"UNDEFINED"`, `"change-me"`, `"xxx"`, `"<your key>"`, `"${SECRET}"`."""
    text = value.strip()
    wrapped = re.fullmatch(r"<[^<>]*>|\$?\{[^{}]*\}|%\([^()]*\)s", text) is not None
    folded = _folded(text)
    return folded in PLACEHOLDERS or re.fullmatch(r"x{3,}", folded) is not None or wrapped


def _dev_settings(concern: Concern, chain: Sequence[ast.AST]) -> bool:
    """A settings module or class for development or tests (`settings/dev.py`,
    `local_settings.py`, `class TestingConfig`): it does not ship."""
    path = PurePosixPath(concern.finding.location.path)
    names = [path.stem.lower()]
    classes = (n.name for n in chain if isinstance(n, ast.ClassDef))
    names += [re.sub(r"(?<=[a-z])(?=[A-Z])", "_", c).lower() for c in classes]
    return any(DEVELOPMENT_SETTINGS.search(n) for n in names)


def _named_strings(chain: Sequence[ast.AST], line: int) -> Iterator[tuple[str, str]]:
    """(name, string) for each string on the line given to a name: assigned, a dict's value,
    passed as a keyword, compared with, or a parameter's default."""
    for node in chain:
        for name, value in _given(node, line):
            text = _text(value)
            if text is not None:
                yield name, text


def _given(node: ast.AST, line: int) -> Iterator[tuple[str, ast.AST | None]]:
    """(name, value) for each value the node gives a name."""
    if isinstance(node, ast.Assign):
        yield from ((_target(t), node.value) for t in node.targets)
    elif isinstance(node, ast.AnnAssign):
        yield _name(node.target), node.value
    elif isinstance(node, ast.Dict):  # the entries on the flagged line: a dict may be long
        pairs = list(zip(node.keys, node.values, strict=True))
        on_line = [(k, v) for k, v in pairs if v.lineno == line]
        whole = not on_line and node.lineno == line  # bandit names the dict's first line
        yield from ((_text(k) or "", v) for k, v in (pairs if whole else on_line))
    elif isinstance(node, ast.keyword):
        yield node.arg or "", node.value
    elif isinstance(node, ast.Compare) and len(node.comparators) == 1:
        yield _name(node.left), node.comparators[0]
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        yield from ((n, v) for n, v in _defaults(node.args) if v.lineno == line)


def _target(node: ast.expr) -> str:
    """The name an assignment gives: `config["SECRET_KEY"]` gives `SECRET_KEY`."""
    if isinstance(node, ast.Subscript):
        return _text(node.slice) or ""
    return _name(node)


def _defaults(arguments: ast.arguments) -> Iterator[tuple[str, ast.expr]]:
    """(parameter, default) for each parameter that has one."""
    positional = [*arguments.posonlyargs, *arguments.args]
    positional = positional[len(positional) - len(arguments.defaults) :]
    yield from ((p.arg, d) for p, d in zip(positional, arguments.defaults, strict=True))
    pairs = zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    yield from ((p.arg, d) for p, d in pairs if d is not None)


def _text(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _harmless(name: str, value: str) -> bool:
    plain_url = re.fullmatch(r"https?://[^@?\s]*", value.strip()) is not None
    said = _folded(value) in NOT_SECRETS or _folded(value) == _folded(name) or plain_url
    return said or PASSWORD_FUNCTION.fullmatch(name) is not None


# A key that names a function handling passwords (`werkzeug.security.generate_password_hash`),
# not a password: a table of such functions is no secret.
PASSWORD_FUNCTION = re.compile(
    r"(?:[A-Za-z_]\w*\.)*(?:(?:generate|make|check|verify|set|hash)_\w*password\w*|\w*password_hash\w*)"
)


def _folded(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# 4. MD5 or SHA-1 of something that is not a secret: an e-mail, a cache key, an ETag.
def _hash_not_for_security(concern: Concern, chain: Sequence[ast.AST]) -> str:
    words = [_name(n) for n in chain if isinstance(n, ast.Name | ast.Attribute | ast.arg)]
    holders = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    words += [n.name for n in chain if isinstance(n, holders)]
    words += [str(n.value) for n in chain if isinstance(n, ast.Constant)]
    return KEEP if any(SECRET_WORDS.search(w) for w in words) else "hash-not-for-security"


# 5. A shell command in a developer CLI command, a script or a Django management command:
# what reaches the shell is the developer's or the operator's (a literal, the command's own
# arguments, the settings), unless the function reads a request.
def _developer_command(concern: Concern, chain: Sequence[ast.AST]) -> str:
    calls = [c for c in _calls(chain) if _name(c.func) in SHELL_CALLS and c.args]
    functions = [n for n in chain if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    reads = any(_reads_request(f) for f in functions[-1:])
    dev = bool(calls) and not reads and _in_dev_tool(concern, chain)
    return "shell-command-in-dev-script" if dev else KEEP


def _in_dev_tool(concern: Concern, chain: Sequence[ast.AST]) -> bool:
    if area_of(concern.finding.location.path) is Area.SCRIPTS:  # manage.py, scripts/, commands
        return True
    functions = (n for n in chain if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
    return any(_is_cli_command(d) for f in functions for d in f.decorator_list)


def _is_cli_command(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return _name(target) in {"command", "group"}


# 6. FastAPI's request parameters are declared by a call in the default.
def _request_parameter(concern: Concern, chain: Sequence[ast.AST]) -> str:
    defaults = [
        d
        for f in chain
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        for d in (*f.args.defaults, *f.args.kw_defaults)
        if isinstance(d, ast.Call) and d.lineno == concern.finding.location.line
    ]
    declared = defaults and all(_name(d.func) in REQUEST_PARAMETERS for d in defaults)
    return DROP if declared else KEEP


# 7. `mark_safe` of the code's own markup: a literal (or a format of literals) is no XSS; a
# format of other values, none read from the request, is a minor asking for `format_html`.
def _markup_marked_safe(concern: Concern, chain: Sequence[ast.AST]) -> str:
    calls = [c for c in _calls(chain) if _name(c.func) in MARKUP_CALLS and len(c.args) == 1]
    kinds = {_markup_kind(c.args[0]) for c in calls}
    if not kinds or "other" in kinds:
        return KEEP
    return DROP if kinds == {"literal"} else "formatted-markup-marked-safe"


def _markup_kind(node: ast.expr) -> str:
    """`literal` for the code's own text, `formatted` for literal markup with values formatted
    into it (none from the request), `other` for anything else."""
    if _literal(node):
        return "literal"
    template, values = _format_parts(node)
    if template is None or any(_reads_request(v) for v in values):
        return "other"
    return "formatted" if _literal(template) or isinstance(template, ast.JoinedStr) else "other"


def _literal(node: ast.AST | None) -> bool:
    """A string the code writes itself: a constant, a translation of one, an f-string,
    `%`, `.format()` or `+` of such strings."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | int | float)
    if isinstance(node, ast.JoinedStr):
        return all(_literal(v) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return _literal(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _literal(node.left) and _literal(node.right)
    if isinstance(node, ast.Tuple):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.Call) and _name(node.func) in TRANSLATIONS | {"format"}:
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        parts = [*node.args, *(k.value for k in node.keywords), *([owner] if owner else [])]
        return all(_literal(p) for p in parts)
    return False


def _format_parts(node: ast.expr) -> tuple[ast.AST | None, list[ast.AST]]:
    """The template of a format and the values formatted into it; (None, []) when the node
    is no format."""
    values: list[ast.AST] = []
    if isinstance(node, ast.JoinedStr):
        values += [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        return node, [v for v in values if not _literal(v)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return node.left, [node.right]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        values += _added(node)
        return next((p for p in values if _literal(p)), None), values
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        values += [*node.args, *(k.value for k in node.keywords)]
        return (node.func.value if isinstance(node.func, ast.Attribute) else None), values
    return None, values


def _added(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_added(node.left), *_added(node.right)]
    return [node]


def _reads_request(node: ast.AST) -> bool:
    names = {"request", "GET", "POST", "form", "query_params"}
    return any(
        isinstance(n, ast.Name | ast.Attribute) and _name(n) in names for n in ast.walk(node)
    )


# 9. A type checker's finding whose only trouble is `None`: whether the value ever is `None`
# depends on data the checker cannot see (a nullable column, a lookup, a regex match), so it
# is a minor asking to handle or rule out `None`, not a blocking run-time certainty. A
# parameter that defaults to `None` with a type that does not allow it is a nit.
def _maybe_none(concern: Concern, chain: Sequence[ast.AST]) -> str:
    message = concern.finding.message
    handlers = [n for n in chain if isinstance(n, ast.ExceptHandler)]
    if handlers and _catches_import_error(handlers[-1]):
        return DROP  # `json = None` when the import failed: the fallback, on purpose
    if IMPLICIT_OPTIONAL.search(message):
        return "implicit-optional-default"
    if concern.finding.code in {"arg-type", "assignment"}:
        got = MISMATCH.search(message)
        only_none = got is not None and _without_none(got["got"]) == got["expected"]
        return "value-may-be-none" if only_none else KEEP
    return "value-may-be-none" if NONE_TYPE.search(message) else KEEP


def _without_none(type_text: str) -> str:
    if optional := re.fullmatch(r"Optional\[(.*)\]", type_text):
        return optional[1]
    return re.sub(r" \| None\b|\bNone \| ", "", type_text)


# 8. A batch or background job that reports a failed item, naming the error, and goes on
# with the next: deliberate, a minor asking for the traceback and a count.
def _logged_and_skipped(concern: Concern, chain: Sequence[ast.AST]) -> str:
    handlers = [n for n in chain if isinstance(n, ast.ExceptHandler)]
    if not handlers:
        return KEEP
    handler = handlers[-1]
    if not _names_the_error(handler) or any(isinstance(s, ast.Return) for s in handler.body):
        return KEEP
    return "logged-and-skipped" if _in_loop(chain, handler) or _in_job(chain) else KEEP


def _names_the_error(handler: ast.ExceptHandler) -> bool:
    """The report carries the exception: its name in the message, `exc_info=`, or a call
    that prints the traceback (`logger.exception`, `traceback.print_exc`)."""
    calls = [c for s in handler.body for c in ast.walk(s) if isinstance(c, ast.Call)]
    for call in calls:
        if _name(call.func) in TRACEBACK_CALLS:
            return True
        info = [k.value for k in call.keywords if k.arg == "exc_info"]
        if any(not (isinstance(v, ast.Constant) and not v.value) for v in info):
            return True
        if handler.name and any(_name(n) == handler.name for n in ast.walk(call)):
            return True
    return False


def _in_loop(chain: Sequence[ast.AST], handler: ast.ExceptHandler) -> bool:
    """A loop holds the handler's `try` within the same function."""
    for node in reversed(chain[: chain.index(handler)]):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            return False
        if isinstance(node, ast.For | ast.AsyncFor | ast.While):
            return True
    return False


def _in_job(chain: Sequence[ast.AST]) -> bool:
    """The innermost function is a background job (`@shared_task`, `@app.task(...)`)."""
    functions = [n for n in chain if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    if not functions:
        return False
    decorators = (d.func if isinstance(d, ast.Call) else d for d in functions[-1].decorator_list)
    return any(_name(d) in JOB_DECORATORS for d in decorators)


# 10. An import in an `except ImportError:` handler is the fallback for the import the `try`
# makes (`from urllib import urlopen` on Python 2): the same name twice, on purpose, from a
# place that exists only on the other version the checker does not look at.
def _import_fallback(concern: Concern, chain: Sequence[ast.AST]) -> str:
    handlers = [n for n in chain if isinstance(n, ast.ExceptHandler)]
    imports = [n for n in chain if isinstance(n, ast.Import | ast.ImportFrom)]
    if not handlers or not imports or not _catches_import_error(handlers[-1]):
        return KEEP
    return DROP


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught] if caught else []
    return any(_name(n) in {"ImportError", "ModuleNotFoundError"} for n in names)


def _bandit_and_ruff(*numbers: int) -> frozenset[str]:
    """Bandit's `B105` and ruff's port of it, `S105`, for each number."""
    return frozenset(code for n in numbers for code in (f"bandit:B{n}", f"ruff:S{n}"))


# 10. SQL assembled from the code's own constants (a table name, placeholders for an `IN`
# list) or text that only reads like SQL in a message: no input reaches a query through it.
MESSAGE_CALLS = frozenset(
    {"print", "debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)
COUNTS = frozenset({"len", "int"})
MAX_DEPTH = 8  # names followed to their value, at most


def _sql_from_constants(concern: Concern, chain: Sequence[ast.AST]) -> str:
    if any(isinstance(n, ast.Raise) for n in chain):
        return DROP
    if any(_name(c.func) in MESSAGE_CALLS for c in _calls(chain)):
        return DROP
    line = concern.finding.location.line
    builds = [n for n in chain if _builds_text(n) and getattr(n, "lineno", 0) <= line]
    functions = [n for n in chain if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    known = _assigned_once(functions[-1]) if functions else {}
    outermost = builds[:1]
    return DROP if outermost and all(_fixed(n, known) for n in outermost) else KEEP


def _builds_text(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return True
    return isinstance(node, ast.Call) and _name(node.func) == "format"


def _assigned_once(function: ast.AST) -> dict[str, ast.expr]:
    """The function's local names given a value exactly once, with that value."""
    seen: dict[str, list[ast.expr]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                seen.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AugAssign | ast.For | ast.AnnAssign | ast.NamedExpr):
            target = node.target
            if isinstance(target, ast.Name):
                seen.setdefault(target.id, []).extend([target, target])  # changed: not once
    return {name: values[0] for name, values in seen.items() if len(values) == 1}


def _fixed(node: ast.AST, known: dict[str, ast.expr], depth: int = 0) -> bool:
    """Text or a number made only of the code's own constants: literals, UPPER_CASE names,
    counts, and placeholders repeated or joined for a list (`", ".join("?" * len(ids))`)."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | int | float)
    if isinstance(node, ast.Name | ast.Attribute):
        return _fixed_name(node, known, depth + 1)
    if isinstance(node, ast.BinOp):
        return _fixed_operation(node, known, depth + 1)
    if isinstance(node, ast.Call):
        return _fixed_call(node, known, depth + 1)
    parts = _parts(node)
    return parts is not None and all(_fixed(p, known, depth + 1) for p in parts)


def _parts(node: ast.AST) -> list[ast.expr] | None:
    if isinstance(node, ast.JoinedStr | ast.Tuple | ast.List):
        return list(node.values if isinstance(node, ast.JoinedStr) else node.elts)
    if isinstance(node, ast.FormattedValue):
        return [node.value]
    return [node.elt] if isinstance(node, ast.GeneratorExp | ast.ListComp) else None


def _fixed_name(node: ast.Name | ast.Attribute, known: dict[str, ast.expr], depth: int) -> bool:
    if _name(node).isupper():
        return True
    return isinstance(node, ast.Name) and node.id in known and _fixed(known[node.id], known, depth)


def _fixed_operation(node: ast.BinOp, known: dict[str, ast.expr], depth: int) -> bool:
    if not isinstance(node.op, ast.Mult):
        return _fixed(node.left, known, depth) and _fixed(node.right, known, depth)
    # `"?" * len(ids)`: the text repeated must be fixed; how often is only a count
    text = [o for o in (node.left, node.right) if _is_text(o)]
    return bool(text) and all(_fixed(o, known, depth) for o in text)


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.List | ast.Tuple):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _fixed_call(node: ast.Call, known: dict[str, ast.expr], depth: int) -> bool:
    name = _name(node.func)
    if name in COUNTS:
        return True
    if name in {"join", "format"} and isinstance(node.func, ast.Attribute):
        parts = [node.func.value, *node.args, *(k.value for k in node.keywords)]
        return all(_fixed(p, known, depth) for p in parts)
    return False


# 11. `-> Any` on a FastAPI route that declares `response_model=` (or `response_class=`): the
# model is the type of what is sent (FastAPI validates and filters through it), and `Any` lets
# the handler return the ORM object it is made from, as FastAPI's documentation shows.
RESPONSE_DECLARATIONS = frozenset({"response_model", "response_class"})


def _route_with_response_model(concern: Concern, chain: Sequence[ast.AST]) -> str:
    line = concern.finding.location.line
    functions = [n for n in chain if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    if not functions or not _returns_on(functions[-1], line):
        return KEEP
    calls = (d for d in functions[-1].decorator_list if isinstance(d, ast.Call))
    declared = any(k.arg in RESPONSE_DECLARATIONS for call in calls for k in call.keywords)
    return DROP if declared else KEEP


def _returns_on(function: ast.FunctionDef | ast.AsyncFunctionDef, line: int) -> bool:
    returns = function.returns
    return returns is not None and returns.lineno <= line <= (returns.end_lineno or line)


IDIOMS = (
    Idiom(frozenset({"ruff:E712"}), _query_comparison),
    Idiom(frozenset({"ruff:F401"}), _registration_import),
    Idiom(_bandit_and_ruff(105, 106, 107), _not_a_secret),
    Idiom(_bandit_and_ruff(303, 324), _hash_not_for_security),
    Idiom(_bandit_and_ruff(602, 605), _developer_command),
    Idiom(frozenset({"ruff:B008"}), _request_parameter),
    Idiom(_bandit_and_ruff(308, 704) | {"bandit:B703"}, _markup_marked_safe),
    Idiom(frozenset({"design:log-and-swallow"}), _logged_and_skipped),
    Idiom(
        frozenset({"mypy:union-attr", "mypy:arg-type", "mypy:operator", "mypy:index"})
        | {"mypy:assignment"},
        _maybe_none,
    ),
    Idiom(frozenset({"mypy:no-redef", "ruff:F811", "mypy:attr-defined"}), _import_fallback),
    Idiom(_bandit_and_ruff(608), _sql_from_constants),
    Idiom(frozenset({"ruff:ANN401", "mypy:explicit-any"}), _route_with_response_model),
)
