"""Rewrites of our own for the Python rules that matter most, built from the syntax tree of
the flagged lines: only the offending part of the statement changes, the user's names and
indentation stay. Each builder returns None for code that is not the simple shape it knows."""

from __future__ import annotations

import ast
import json
import re
import shlex
from collections.abc import Mapping

from reviewer.model import Suggestion
from reviewer.suggestions import (
    python_access,
    python_credentials,
    python_deployment,
    python_errors,
    python_queries,
    python_seams,
    python_sql,
    python_validation,
)
from reviewer.suggestions.base import Builder, Edit, Flagged, made
from reviewer.suggestions.python_source import (
    PythonSource,
    dotted,
    keyword,
    spreads_keywords,
    with_keyword,
)

REQUEST_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
REQUEST_CLIENTS = frozenset({"requests", "httpx", "session", "client"})
WEAK_HASHES = frozenset({"md5", "sha1"})
SHELL_MARKS = frozenset("|&;<>$`*?(){}[]~\n")
SUBPROCESS_CALLS = frozenset({"run", "call", "check_call", "check_output", "Popen"})


def _review(flagged: Flagged, edits: list[Edit | None], note: str) -> Suggestion | None:
    """Our rewrite, never called safe: each changes what the code does, for the better."""
    if not edits or any(e is None for e in edits):
        return None
    return made(flagged, [e for e in edits if e], safe=False, source="review", note=note)


def request_timeout(flagged: Flagged) -> Suggestion | None:
    """`requests.get(url)` -> `requests.get(url, timeout=10)`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for call in source.flagged_nodes(ast.Call):
        name = dotted(call.func)
        client, _, method = name.rpartition(".")
        known = method in REQUEST_METHODS and client.rpartition(".")[2].lower() in REQUEST_CLIENTS
        if known and keyword(call, "timeout") is None and not spreads_keywords(call):
            note = (
                f"adds `timeout=10` to the `{name}()` call: it then gives up after 10 seconds"
                " with `requests.Timeout`; choose the limit that suits this service"
            )
            return _review(flagged, [with_keyword(source, call, "timeout=10")], note)
    return None


def raise_from(flagged: Flagged) -> Suggestion | None:
    """`raise Error(...)` inside `except ... as err:` -> `raise Error(...) from err`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for statement in source.flagged_nodes(ast.Raise):
        handler = source.enclosing(statement, ast.ExceptHandler)
        if statement.exc is None or statement.cause is not None or handler is None:
            continue
        name, edits = _caught_name(source, handler)
        if name is None:
            return None
        note = f"chains the new exception to `{name}`, so the traceback shows both"
        return _review(flagged, [*edits, source.insert_after(statement.exc, f" from {name}")], note)
    return None


def _caught_name(
    source: PythonSource, handler: ast.ExceptHandler
) -> tuple[str | None, list[Edit | None]]:
    """The name the handler binds the exception to, and the edit that binds it to `error`
    when it binds none (None when `error` is taken or nothing is caught by type)."""
    if handler.name:
        return handler.name, []
    taken = {n.id for n in ast.walk(handler) if isinstance(n, ast.Name)}
    if handler.type is None or "error" in taken:
        return None, []
    return "error", [source.insert_after(handler.type, " as error")]


def _hash_calls(source: PythonSource) -> list[ast.Call]:
    """`hashlib.md5(...)`, `md5(...)` and `hashlib.new("md5", ...)` on the flagged lines."""
    found = []
    for call in source.flagged_nodes(ast.Call):
        name = dotted(call.func).rpartition(".")[2]
        named = call.args[0] if name == "new" and call.args else None
        if name in WEAK_HASHES or (
            isinstance(named, ast.Constant) and str(named.value).lower() in WEAK_HASHES
        ):
            found.append(call)
    return found


def hash_not_for_security(flagged: Flagged) -> Suggestion | None:
    """`hashlib.md5(data)` -> `hashlib.md5(data, usedforsecurity=False)`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    calls = [c for c in _hash_calls(source) if keyword(c, "usedforsecurity") is None]
    if not calls or spreads_keywords(calls[0]):
        return None
    name = dotted(calls[0].func)
    note = (
        f"marks the `{name}()` call `usedforsecurity=False`: the same digest, said to be"
        " no security measure (Python 3.9 and later)"
    )
    return _review(flagged, [with_keyword(source, calls[0], "usedforsecurity=False")], note)


PASSWORDS = re.compile(r"pass|pwd", re.IGNORECASE)


def stronger_hash(flagged: Flagged) -> Suggestion | None:
    """`hashlib.md5(password)` -> `hashlib.sha256(password)`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    if PASSWORDS.search(flagged.excerpt(flagged.line, flagged.end_line)):
        return None  # a password needs a slow hash, not a faster broken one's successor
    for call in _hash_calls(source):
        if isinstance(call.func, ast.Attribute) and call.func.attr in WEAK_HASHES:
            prefix = source.code(call.func.value)
            edit = source.replace(call.func, f"{prefix}.sha256")
        elif dotted(call.func).endswith("new") and call.args:
            edit = source.replace(call.args[0], '"sha256"')
        else:
            continue
        note = (
            "uses SHA-256 in place of the broken hash; digests already stored change, and"
            " for passwords a slow hash (`hashlib.scrypt`, argon2, bcrypt) is the right tool"
        )
        return _review(flagged, [edit], note)
    return None


MAX_LOAD_ARGUMENTS = 2  # `yaml.load(stream, Loader)`


def yaml_safe_load(flagged: Flagged) -> Suggestion | None:
    """`yaml.load(stream, Loader=yaml.Loader)` -> `yaml.safe_load(stream)`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for call in source.flagged_nodes(ast.Call):
        func = call.func
        if not (isinstance(func, ast.Attribute) and dotted(func) == "yaml.load" and call.args):
            continue
        if len(call.args) > MAX_LOAD_ARGUMENTS or any(
            k.arg not in {"Loader", "stream"} for k in call.keywords
        ):
            return None
        after = f"yaml.safe_load({source.code(call.args[0])})"
        note = "loads with `yaml.safe_load`, which builds plain data and never Python objects"
        return _review(flagged, [source.replace(call, after)], note)
    return None


def required_key(flagged: Flagged) -> Suggestion | None:
    """`os.environ.get("SECRET_KEY") or "dev"` or `os.getenv("SECRET_KEY", "dev")` ->
    `os.environ["SECRET_KEY"]`: the key required from the environment."""
    source = PythonSource.of(flagged)
    if source is None or not re.search(r"^import os$", flagged.text, re.MULTILINE):
        return None
    for value in source.flagged_nodes(ast.BoolOp):
        reads = [v for v in value.values if isinstance(v, ast.Call) and _env_name(v)]
        if reads and flagged.line <= value.lineno:
            return _required(flagged, source, value, _env_name(reads[0]))
    for call in source.flagged_nodes(ast.Call):
        if _env_name(call) and flagged.line <= call.lineno:
            return _required(flagged, source, call, _env_name(call))
    return None


def _env_name(call: ast.Call) -> str:
    """The variable `os.environ.get("X")` or `os.getenv("X")` reads; empty for other calls."""
    if dotted(call.func) not in {"os.environ.get", "os.getenv"} or not call.args:
        return ""
    name = call.args[0]
    return name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else ""


def _required(
    flagged: Flagged, source: PythonSource, node: ast.AST, name: str
) -> Suggestion | None:
    note = f"requires `{name}` from the environment: a deployment without it stops at start-up"
    return _review(flagged, [source.replace(node, f"os.environ[{name!r}]")], note)


def list_command(flagged: Flagged) -> Suggestion | None:
    """`subprocess.run("git pull", shell=True)` or `os.system("git pull")` ->
    `subprocess.run(["git", "pull"], check=True)`, for a literal command with no shell
    syntax in it."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for call in source.flagged_nodes(ast.Call):
        name, words = dotted(call.func), _literal_words(call)
        if words is None:
            continue
        if name in {"os.system", "system"} and isinstance(source.parents.get(call), ast.Expr):
            return _as_run(flagged, source, call, words, [])
        if name.rpartition(".")[2] in SUBPROCESS_CALLS and name.startswith("subprocess"):
            if spreads_keywords(call):
                return None
            kept = [k for k in call.keywords if k.arg != "shell"]
            return _as_run(flagged, source, call, words, kept, function=name)
    return None


def _literal_words(call: ast.Call) -> list[str] | None:
    """The words of the call's only positional argument, a literal command that has no
    shell syntax in it; None for anything else."""
    if len(call.args) != 1:
        return None
    command = call.args[0]
    if not (isinstance(command, ast.Constant) and isinstance(command.value, str)):
        return None
    if SHELL_MARKS & set(command.value):
        return None
    try:
        words = shlex.split(command.value)
    except ValueError:
        return None
    return words or None


def _as_run(
    flagged: Flagged,
    source: PythonSource,
    call: ast.Call,
    words: list[str],
    kept: list[ast.keyword],
    function: str = "subprocess.run",
) -> Suggestion | None:
    arguments = [_string_list(words), *(f"{k.arg}={source.code(k.value)}" for k in kept)]
    checks = function.endswith(".run") and not any(k.arg == "check" for k in kept)
    after = f"{function}({', '.join([*arguments, *(['check=True'] if checks else [])])})"
    note = (
        "passes the command as a list of words, so no shell reads it"
        + ("; `check=True` raises when it fails" if checks else "")
        + ("" if source.imports("subprocess") else "; needs `import subprocess`")
    )
    return _review(flagged, [source.replace(call, after)], note)


def _string_list(words: list[str]) -> str:
    """A list literal of the words, in double quotes as formatters write them."""
    return "[" + ", ".join(json.dumps(w, ensure_ascii=False) for w in words) + "]"


BUILDERS: Mapping[str, Builder] = {
    "signing-key-fallback": required_key,
    "request-without-timeout": request_timeout,
    "sql-injection": python_sql.placeholders,
    "raise-without-from": raise_from,
    "hash-not-for-security": hash_not_for_security,
    "weak-hash": stronger_hash,
    "mutable-default-argument": python_errors.none_default,
    "unsafe-deserialization": yaml_safe_load,
    "subprocess-shell": list_command,
    "shell-command-in-dev-script": list_command,
    "broad-except": python_errors.named_exceptions,
    "hidden-clock": python_seams.now_parameter,
    "constructs-collaborator": python_seams.received_collaborators,
    **python_credentials.BUILDERS,
    **python_access.BUILDERS,
    **python_deployment.BUILDERS,
    **python_queries.BUILDERS,
    **python_validation.BUILDERS,
}
