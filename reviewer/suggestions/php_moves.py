"""Rewrites of the user's PHP code for the rules of issue 19's second part: a `validate()`
call moved out of the `try` whose catch-all would swallow its 422, to just above it; a lookup
table's `name` column made unique. Kept only when the file still parses."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from reviewer.languages.php.parser import first_error_line, parse
from reviewer.model import Suggestion
from reviewer.suggestions.base import Flagged, applied, replacing


def validation_before_try(flagged: Flagged) -> Suggestion | None:
    """The validate statement, when it is the first statement of the `try` body, moved above
    the `try` at the `try`'s indentation."""
    extras = [f.extras for f in flagged.findings if "try_line" in f.extras]
    if not extras or extras[0].get("first_statement") is not True:
        return None
    try_line = extras[0]["try_line"]
    if not isinstance(try_line, int) or try_line >= flagged.line:
        return None
    lines = flagged.lines
    opening = lines[try_line - 1 : flagged.line - 1]
    moved = lines[flagged.line - 1 : flagged.end_line]
    if not moved or any(line.strip() for line in opening[1:]):
        return None
    indent = _indent(opening[0])
    step = len(_indent(moved[0])) - len(indent)
    if step <= 0:
        return None
    after = [line[step:] if line[:step].isspace() else line for line in moved]
    rewritten = "\n".join([*after, *opening])
    note = "validates before the `try`: invalid input gets Laravel's 422 with the field errors"
    found = replacing(flagged, try_line, flagged.end_line, rewritten, safe=True, note=note)
    return found if found is not None and _parses(flagged, found) else None


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _parses(flagged: Flagged, change: Suggestion) -> bool:
    return first_error_line(parse(applied(flagged.text, change).encode())) is None


NAME_COLUMN = re.compile(r"""(?P<column>->string\(\s*(['"])name\2\s*(?:,\s*\d+\s*)?\))\s*;""")


def unique_lookup_name(flagged: Flagged) -> Suggestion | None:
    """`$table->string('name');` -> `$table->string('name')->unique();`, for the name of a
    lookup table only: a slug may be unique per parent, which the code cannot tell."""
    if not any(f.extras.get("lookup") is True for f in flagged.findings):
        return None
    if flagged.line != flagged.end_line:
        return None
    before = flagged.excerpt(flagged.line, flagged.line)
    after = NAME_COLUMN.sub(r"\g<column>->unique();", before, count=1)
    note = "adds a unique index: a second row with the same name is refused by the database"
    found = replacing(flagged, flagged.line, flagged.line, after, safe=True, note=note)
    return found if found is not None and _parses(flagged, found) else None


BUILDERS: Mapping[str, Callable[[Flagged], Suggestion | None]] = {
    "php-validation-in-catch-all": validation_before_try,
    "php-natural-key-not-unique": unique_lookup_name,
}
