"""Suggested changes and the offending thing's name, built from the flagged code: the
analyzer's own fix where it has one (ruff), else a rewrite of the rule's own (the syntax tree
of the lines). Nothing here writes to the user's files; a change is shown, never applied."""

from __future__ import annotations

from collections.abc import Mapping

from reviewer.model import Suggestion
from reviewer.suggestions import php_moves, php_rewrites, python_rewrites, ruff_fixes, things
from reviewer.suggestions.base import Builder, Flagged, Namer

# The rule id's own rewrite; builders that read the findings whatever the rule (ruff's own
# fixes), tried first; the namers of what is flagged, in order.
BUILDERS: Mapping[str, Builder] = {
    **python_rewrites.BUILDERS,
    **php_rewrites.BUILDERS,
    **php_moves.BUILDERS,
}
GENERAL: tuple[Builder, ...] = (ruff_fixes.from_ruff,)
NAMERS: tuple[Namer, ...] = things.NAMERS


def suggestion_for(flagged: Flagged) -> Suggestion | None:
    """The analyzer's own fix first, then the rule's rewrite; None where neither applies. A
    builder that fails on odd code gives no suggestion rather than stopping the review."""
    builders = [*GENERAL, *([BUILDERS[flagged.rule_id]] if flagged.rule_id in BUILDERS else [])]
    for build in builders:
        try:
            found = build(flagged)
        except (SyntaxError, ValueError, IndexError, RecursionError):
            continue
        if found is not None:
            return found
    return None


def thing_for(flagged: Flagged) -> str:
    """The offending thing at the flagged lines, as inline code; empty when none is named."""
    for name in NAMERS:
        try:
            found = name(flagged)
        except (SyntaxError, ValueError, IndexError, RecursionError):
            continue
        if found:
            return found
    return ""


__all__ = ["BUILDERS", "GENERAL", "NAMERS", "Flagged", "suggestion_for", "thing_for"]
