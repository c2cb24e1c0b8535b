"""Rewrites for the deployment detectors of the design analyzer
(reviewer/analyzers/design/deployment.py)."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from reviewer.analyzers.design.ast_tools import dotted
from reviewer.analyzers.design.deployment import ENVIRONMENT_READS, on_when_unset
from reviewer.model import Suggestion
from reviewer.suggestions.base import Builder, Edit, Flagged, made
from reviewer.suggestions.python_source import PythonSource

# A word that turns debug on, and the word that turns it off, in the user's own casing.
OPPOSITES = {"true": "false", "1": "0", "on": "off", "yes": "no", "y": "n", "t": "f"}
OPPOSITES |= {off: on for on, off in OPPOSITES.items()}
NOTE = (
    "debug is then off wherever the environment says nothing; development settings or the "
    "developer's `.env` turn it on"
)


def debug_off_by_default(flagged: Flagged) -> Suggestion | None:
    """`os.getenv("DEBUG", "True") == "True"` -> `os.getenv("DEBUG", "False") == "True"`,
    `os.getenv("DJANGO_DEBUG") != "FALSE"` -> `os.getenv("DJANGO_DEBUG") == "TRUE"`,
    `debug: bool = True` in a settings class -> `debug: bool = False`."""
    source = PythonSource.of(flagged)
    if source is None:
        return None
    for statement in source.flagged_nodes(ast.Assign):
        return _turned_off(flagged, source, statement.value)
    for field in source.flagged_nodes(ast.AnnAssign):
        value = field.value
        if isinstance(value, ast.Constant) and value.value is True:
            return _suggested(flagged, source.replace(value, "False"))
    return None


def _turned_off(flagged: Flagged, source: PythonSource, value: ast.expr) -> Suggestion | None:
    """The one edit that makes the value off with the environment silent, checked by
    working the edited value out again."""
    for edit, edited in _candidates(source, value):
        if not on_when_unset(edited):
            return _suggested(flagged, edit)
    return None


def _candidates(source: PythonSource, value: ast.expr) -> list[tuple[Edit, ast.expr]]:
    """Edits that flip the default an environment read is given, or a `!= "FALSE"` test.
    `bool(os.environ.get(...))` gets none: any text the environment gives it is true."""
    if isinstance(value, ast.Call) and dotted(value.func) == "bool":
        return []
    found: list[tuple[Edit, ast.expr]] = []
    for node in ast.walk(value):
        on_word = _off_test(node)
        if isinstance(node, ast.Compare) and on_word:
            text = f"{source.code(node.left)} == {on_word}"
            found.append((source.replace(node, text), _reparsed(source, value, node, text)))
        default = _default(node)
        flipped = _flipped(default) if default is not None else None
        if default is not None and flipped is not None:
            edit = source.replace(default, flipped)
            found.append((edit, _reparsed(source, value, default, flipped)))
    return found


def _default(node: ast.AST) -> ast.expr | None:
    """The default an environment read is given: `os.getenv("X", "True")`, `default=True`."""
    if not isinstance(node, ast.Call) or not ENVIRONMENT_READS.search(dotted(node.func) or ""):
        return None
    given = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "default")]
    return given[0] if given else None


def _flipped(node: ast.AST) -> str | None:
    """`"True"` -> `"False"`, `True` -> `False`: the literal's opposite, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return repr(not node.value)
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return None
    opposite = OPPOSITES.get(node.value.lower())
    if opposite is None:
        return None
    if node.value.isupper():
        opposite = opposite.upper()
    elif node.value[:1].isupper():
        opposite = opposite.capitalize()
    return repr(opposite).replace("'", '"')


def _off_test(node: ast.AST) -> str | None:
    """`os.getenv("DEBUG") != "FALSE"`, on for every value but the one that turns it off:
    the word that turns it on (`"TRUE"`), or None."""
    if not isinstance(node, ast.Compare) or len(node.ops) != 1:
        return None
    right = node.comparators[0]
    return _flipped(right) if isinstance(node.ops[0], ast.NotEq) else None


def _reparsed(source: PythonSource, value: ast.expr, node: ast.AST, text: str) -> ast.expr:
    """The value with one of its nodes written as `text`, parsed again."""
    whole = source.code(value)
    begin = source.start(node) - source.start(value)
    end = source.end(node) - source.start(value)
    try:
        return ast.parse(whole[:begin] + text + whole[end:], mode="eval").body
    except SyntaxError:
        return value


def _suggested(flagged: Flagged, edit: Edit) -> Suggestion | None:
    """Our rewrite, never called safe: it changes what a deployment runs."""
    return made(flagged, [edit], safe=False, source="review", note=NOTE)


BUILDERS: Mapping[str, Builder] = {"debug-on-by-default": debug_off_by_default}
