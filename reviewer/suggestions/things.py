"""The offending thing at a flagged place, named as code for the comment's title: the call,
name, value or construct (`hashlib.md5()`, `Task.complete == False`, `items=[]`,
`except Exception`). Python is read from the syntax tree of the file, PHP from the flagged
line. The tree is untrusted: a name is cut short, put on one line and made an inert code span."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Iterator

from reviewer.suggestions.base import Flagged, Namer

MAX_THING = 40
Kinds = tuple[type[ast.AST], ...]
# The analyzers' own code spans in their messages: ruff's `name`, mypy's "name".
_MESSAGE_SPAN = re.compile(r"`([^`\n]{1,80})`|\"([^\"\n]{1,80})\"")
_BACKTICKS = re.compile(r"`+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")

_CALLS_WITH_SHELL = (
    r"(^|\.)(run|call|check_call|check_output|Popen|system|popen|getoutput|getstatusoutput)$"
)
_HTTP = r"(^|\.)(get|post|put|patch|delete|head|options|request|stream|urlopen)$"


def _calls(pattern: str, keyword: str = "") -> tuple[re.Pattern[str], str]:
    return re.compile(pattern), keyword


# Call rules: the callee the rule is about (its dotted name, as written), and the keyword
# argument the rule is about, shown in the name: `subprocess.run(..., shell=True)`.
CALLS: dict[str, tuple[re.Pattern[str], str]] = {
    "weak-hash": _calls(r"(^|\.)(md5|md4|sha1?|new|MD5|SHA1?)$"),
    "hash-not-for-security": _calls(r"(^|\.)(md5|md4|sha1?|new|MD5|SHA1?)$"),
    "request-without-timeout": _calls(_HTTP),
    "blocking-call-in-async": _calls(rf"{_HTTP}|(^|\.)(sleep|open|run|call|system|Popen)$"),
    "unsafe-deserialization": _calls(r"(^|\.)(loads?|load_all|unsafe_load|Unpickler)$"),
    "subprocess-shell": _calls(_CALLS_WITH_SHELL, "shell"),
    "shell-command-in-dev-script": _calls(_CALLS_WITH_SHELL, "shell"),
    "external-process": _calls(rf"{_CALLS_WITH_SHELL}|(^|\.)(exec\w*|spawn\w*|startfile)$"),
    "partial-executable-path": _calls(rf"{_CALLS_WITH_SHELL}|(^|\.)(exec\w*|spawn\w*)$"),
    "subprocess-without-check": _calls(r"(^|\.)run$"),
    "code-injection": _calls(r"^(builtins\.)?(eval|exec)$"),
    "insecure-random": _calls(r"^random\.|(^|\.)(randint|randrange|choices?|shuffle|uniform)$"),
    "untrusted-xml-parsing": _calls(r"(^|\.)(parse|parseString|fromstring|XML|iterparse)$"),
    "certificate-validation-disabled": _calls(r".", "verify"),
    "url-open-any-scheme": _calls(r"(^|\.)(urlopen|urlretrieve|Request)$"),
    "unescaped-html": _calls(r"(^|\.)(mark_safe|Markup|SafeString|format_html)$"),
    "formatted-markup-marked-safe": _calls(r"(^|\.)(mark_safe|Markup|SafeString)$"),
    "template-autoescape-off": _calls(r"(^|\.)(Environment|Template)$", "autoescape"),
    "debug-mode-enabled": _calls(r"(^|\.)run$", "debug"),
    "unsafe-archive-extraction": _calls(r"(^|\.)(extractall|extract|unpack_archive)$"),
    "logging-config-listener": _calls(r"(^|\.)listen$"),
    "unpinned-model-download": _calls(r"(^|\.)(from_pretrained|\w+_download|load_dataset)$"),
    "sql-injection": _calls(r"(^|\.)(execute|executemany|executescript|raw|text|read_sql)$"),
    "django-raw-sql": _calls(r"(^|\.)(extra|RawSQL|raw)$"),
    "print-statement": _calls(r"^(print|pprint|pprint\.pprint)$"),
    "debugger-left-in": _calls(r"(^|\.)(set_trace|breakpoint|reveal_type)$"),
    "naive-datetime": _calls(r"(^|\.)(now|utcnow|today|\w*fromtimestamp|strptime|datetime)$"),
    "zip-without-strict": _calls(r"^(zip|map|itertools\.batched|batched)$"),
    "file-not-closed": _calls(r"(^|\.)(open|\w*TemporaryFile|ZipFile|TarFile)$"),
    "quadratic-list-summation": _calls(r"^sum$"),
    "exit-in-library": _calls(r"^(sys\.exit|exit|quit|os\._exit)$"),
    "log-without-traceback": _calls(r"(^|\.)error$"),
    "redundant-exception-in-log": _calls(r"(^|\.)exception$"),
    "mock-assertion-not-called": _calls(r"(^|\.)(assert_\w+|called_\w+)$"),
    "cached-method-leak": _calls(r"(^|\.)(lru_cache|cache)$"),
    "bind-all-interfaces": _calls(r".", "host"),
    "insecure-temp-file": _calls(r"(^|\.)(mktemp|tempnam|tmpnam)$"),
}
COMPARISONS = frozenset(
    {
        "sqlalchemy-boolean-comparison",
        "non-idiomatic-comparison",
        "identity-comparison-with-literal",
        "constant-comparison",
        "magic-number",
    }
)
PARAMETERS = frozenset(
    {"mutable-default-argument", "call-in-default-argument", "implicit-optional-default"}
)
HANDLERS = frozenset(
    {
        "bare-except",
        "broad-except",
        "swallowed-exception",
        "ineffective-exception-handler",
        "duplicate-exception-handler",
        "log-and-swallow",
        "logged-and-skipped",
        "try-except-in-loop",
    }
)
_RAISE: Kinds = (ast.Raise,)
STATEMENTS: dict[str, Kinds] = {
    "raise-without-from": _RAISE,
    "generic-exception-raised": _RAISE,
    "broken-raise": _RAISE,
    "exception-message-outside-class": _RAISE,
    "type-check-raises-non-type-error": _RAISE,
    "verbose-reraise": _RAISE,
    "assert-as-runtime-check": (ast.Assert,),
    "security-sensitive-import": (ast.Import, ast.ImportFrom),
    "star-import": (ast.ImportFrom,),
    "jump-in-finally": (ast.Return, ast.Break, ast.Continue),
}
# Rules whose analyzers quote the offending name in their message.
MESSAGE_NAMES = frozenset(
    {
        "undefined-name",
        "signing-key-fallback",
        "unbounded-limit",
        "name-unknown-to-type-checker",
        "used-before-assignment",
        "possibly-unbound-variable",
        "redefined-unused-name",
        "unused-import",
        "unused-variable",
        "naming-convention",
        "ambiguous-name",
        "shadowed-builtin",
        "name-reused",
        "global-state",
        "late-binding-closure",
        "loop-variable-overrides-iterable",
        "missing-attribute",
        "union-member-access",
        "hidden-clock",
        "hidden-randomness",
        "environment-read",
        "module-singleton",
        "module-level-mutable-state",
        "exit-in-library",
        "io-in-loop",
        "loop-invariant-call",
        "growing-list-membership",
        "io-in-constructor",
        "deprecated-api",
        "constructs-collaborator",
        "type-dispatch",
        "php-n-plus-one",
        "php-query-in-controller",
        "php-type-switch",
    }
)
# Rules whose messages name the owner first and the offending member last (mypy's
# `"User" has no attribute "nme"`); for the others the first name written there is the one.
LAST_NAMED = frozenset({"missing-attribute", "union-member-access", "deprecated-api"})
_PHP_CALL = r"(?P<thing>\b{}\s*\()"
PHP: dict[str, re.Pattern[str]] = {
    "php-eval": re.compile(_PHP_CALL.format("eval")),
    "php-unsafe-unserialize": re.compile(_PHP_CALL.format("unserialize")),
    "php-shell-injection": re.compile(
        _PHP_CALL.format("(?:shell_exec|exec|system|passthru|popen|proc_open)")
    ),
    "php-weak-password-hash": re.compile(_PHP_CALL.format("(?:md5|sha1|crypt|hash)")),
    "php-predictable-token": re.compile(
        _PHP_CALL.format("(?:rand|mt_rand|uniqid|str_random|lcg_value|random_int)")
    ),
    "php-debug-output": re.compile(_PHP_CALL.format("(?:dd|dump|var_dump|print_r|var_export|ray)")),
    "php-exit": re.compile(r"(?P<thing>\b(?:exit|die)\b)"),
    "php-sql-injection": re.compile(
        r"(?P<thing>(?:DB::|->)(?:raw|select|statement|unprepared|whereRaw|selectRaw|orderByRaw"
        r"|havingRaw|query|exec)\s*\()"
    ),
    "php-mass-assignment": re.compile(r"(?P<thing>\$request->(?:all|input|post)\s*\()"),
    "php-new-dependency": re.compile(r"(?P<thing>\bnew\s+\\?[A-Z][\w\\]*\s*\()"),
    "php-static-dependency": re.compile(r"(?P<thing>\b(?:app|resolve)\s*\(|\b[A-Z]\w*::\w+\s*\()"),
    "php-hidden-clock": re.compile(
        r"(?P<thing>\bnew\s+\\?DateTime(?:Immutable)?\s*\(|\b(?:time|date|mktime)\s*\()"
    ),
    "php-authorization-in-controller": re.compile(
        r"(?P<thing>\babort(?:_if|_unless)?\s*\(|\bthrow\s+new\s+\\?[\w\\]*Exception)"
    ),
    "php-blade-raw-output": re.compile(r"(?P<thing>\{!!.{1,60}?!!\})"),
    "php-empty-catch": re.compile(r"(?P<thing>\bcatch\s*\([^)$]*)"),
    "php-broad-catch": re.compile(r"(?P<thing>\bcatch\s*\([^)$]*)"),
    "php-unguarded-model": re.compile(r"(?P<thing>\$guarded\s*=\s*\[\s*\]|::unguard\s*\()"),
    "php-type-switch": re.compile(r"(?P<thing>\b(?:switch|match)\s*\([^)]{1,60}\))"),
}


def inline_code(text: str) -> str:
    """`text` as a short, inert CommonMark code span on one line: whitespace collapsed,
    control and direction characters dropped, cut with `…`, fenced longer than any backtick
    run inside (render/prose.code_span does the same for the layers above)."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    if len(text) > MAX_THING:
        text = text[: MAX_THING - 1].rstrip() + "…"
    if not text:
        return ""
    ticks = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


@functools.lru_cache(maxsize=4)
def _tree(text: str) -> ast.Module:
    return ast.parse(text)


def _python(flagged: Flagged) -> ast.Module | None:
    return _tree(flagged.text) if flagged.path.endswith((".py", ".pyi")) else None


def _at_flagged_lines(tree: ast.AST, flagged: Flagged, kind: Kinds) -> list[ast.AST]:
    """The nodes of `kind` that start on the flagged lines, the one an analyzer pointed at
    first, then in reading order (an inner call before the call made on its result)."""
    columns = {(f.location.line, f.location.column - 1) for f in flagged.findings}
    found = [
        n
        for n in ast.walk(tree)
        if isinstance(n, kind) and flagged.line <= getattr(n, "lineno", 0) <= flagged.end_line
    ]
    return sorted(found, key=lambda n: _position(n, columns))


def _position(node: ast.AST, columns: set[tuple[int, int]]) -> tuple[bool, int, int, int]:
    line, column = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
    end = getattr(node, "end_col_offset", 0) or 0
    return ((line, column) not in columns, line, column, end)


def _callee(call: ast.Call) -> str:
    return ast.unparse(call.func)


def _call_named(call: ast.Call, keyword: str) -> str:
    """`subprocess.run(..., shell=True)` where the rule is about a keyword, else `md5()`."""
    shown = [k for k in call.keywords if k.arg == keyword] if keyword else []
    if shown:
        value = ast.unparse(shown[0].value)
        rest = "..., " if call.args or len(call.keywords) > 1 else ""
        return f"{_callee(call)}({rest}{keyword}={value})"
    return f"{_callee(call)}()"


def name_call(flagged: Flagged) -> str:
    """The call a call rule is about: the one whose callee fits the rule, first where the
    analyzer pointed."""
    wanted = CALLS.get(flagged.rule_id)
    tree = _python(flagged)
    if wanted is None or tree is None:
        return ""
    pattern, keyword = wanted
    for node in _at_flagged_lines(tree, flagged, (ast.Call,)):
        if (
            isinstance(node, ast.Call)
            and pattern.search(_callee(node))
            and (not keyword or _has_keyword(node, keyword) or _always_shell(node))
        ):
            return inline_code(_call_named(node, keyword))
    return ""


def _always_shell(call: ast.Call) -> bool:
    """`os.system`, `os.popen`: a shell whatever the arguments, with no `shell=` to show."""
    return _callee(call).rsplit(".", 1)[-1] in {"system", "popen"}


def _has_keyword(call: ast.Call, keyword: str) -> bool:
    return any(k.arg == keyword for k in call.keywords)


def name_comparison(flagged: Flagged) -> str:
    """The compared expression: `Task.complete == False`."""
    tree = _python(flagged)
    if flagged.rule_id not in COMPARISONS or tree is None:
        return ""
    found = _at_flagged_lines(tree, flagged, (ast.Compare,))
    return inline_code(ast.unparse(found[0])) if found else ""


def name_parameter(flagged: Flagged) -> str:
    """The parameter a default-value rule is about, with its default: `items=[]`."""
    tree = _python(flagged)
    if flagged.rule_id not in PARAMETERS or tree is None:
        return ""
    columns = {(f.location.line, f.location.column - 1) for f in flagged.findings}
    found = sorted(_defaults(tree, flagged), key=lambda pair: _position(pair[1], columns))
    return inline_code(f"{found[0][0]}={ast.unparse(found[0][1])}") if found else ""


def _defaults(tree: ast.AST, flagged: Flagged) -> Iterator[tuple[str, ast.expr]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            positional = [*arguments.posonlyargs, *arguments.args]
            pairs = [
                *zip(
                    positional[len(positional) - len(arguments.defaults) :],
                    arguments.defaults,
                    strict=True,
                ),
                *zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True),
            ]
            for argument, default in pairs:
                if default is not None and flagged.line <= default.lineno <= flagged.end_line:
                    yield argument.arg, default


def name_handler(flagged: Flagged) -> str:
    """The caught type of an `except` clause: `except Exception`, or `except:`."""
    tree = _python(flagged)
    if flagged.rule_id not in HANDLERS or tree is None:
        return ""
    found = _at_flagged_lines(tree, flagged, (ast.ExceptHandler,))
    if not found or not isinstance(found[0], ast.ExceptHandler):
        return ""
    caught = found[0].type
    return inline_code(f"except {ast.unparse(caught)}" if caught else "except:")


def name_statement(flagged: Flagged) -> str:
    """A `raise`, `assert` or import statement, its call's arguments left out."""
    wanted = STATEMENTS.get(flagged.rule_id)
    tree = _python(flagged)
    if wanted is None or tree is None:
        return ""
    found = _at_flagged_lines(tree, flagged, wanted)
    return inline_code(_statement(found[0])) if found else ""


def _statement(node: ast.AST) -> str:
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
        arguments = "..." if node.exc.args or node.exc.keywords else ""
        return f"raise {_callee(node.exc)}({arguments})"
    return ast.unparse(node)


def name_from_message(flagged: Flagged) -> str:
    """The name the analyzer's message quotes (`Item`, `_service`, `random.random()`), where
    it is written on the flagged lines (a dotted name by its last part: `typing.List`)."""
    if flagged.rule_id not in MESSAGE_NAMES:
        return ""
    text = "\n".join(flagged.lines[flagged.line - 1 : flagged.end_line])
    present = [span for span in _message_spans(flagged) if _written_in(span, text)]
    if not present:
        return ""
    return inline_code(present[-1] if flagged.rule_id in LAST_NAMED else present[0])


def _message_spans(flagged: Flagged) -> Iterable[str]:
    for finding in flagged.findings:
        for match in _MESSAGE_SPAN.finditer(finding.message):
            yield (match[1] or match[2]).strip()


def _written_in(span: str, text: str) -> bool:
    bare = span.removesuffix("()")
    bare = bare if bare in text else bare.rsplit(".", 1)[-1]
    return bool(bare) and re.search(rf"(?<![\w$]){re.escape(bare)}(?!\w)", text) is not None


def name_php(flagged: Flagged) -> str:
    """The PHP call or construct on the flagged line, by the rule's own pattern."""
    wanted = PHP.get(flagged.rule_id)
    if wanted is None or not flagged.path.endswith(".php"):
        return ""
    for line in flagged.lines[flagged.line - 1 : min(flagged.end_line, flagged.line + 2)]:
        found = wanted.search(line)
        if found:
            return inline_code(_php_shown(found))
    return ""


def _php_shown(found: re.Match[str]) -> str:
    shown = found["thing"] if "thing" in found.groupdict() and found["thing"] else found[0]
    shown = " ".join(shown.split())
    if shown.startswith("catch"):
        return f"{shown})"
    return f"{shown.rstrip('(').rstrip()}()" if shown.endswith("(") else shown


NAMERS: tuple[Namer, ...] = (
    name_call,
    name_comparison,
    name_parameter,
    name_handler,
    name_statement,
    name_from_message,
    name_php,
)
