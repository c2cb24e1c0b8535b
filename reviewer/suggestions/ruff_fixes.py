"""ruff's own fixes, from the edits its JSON output carries, as the user's lines before and
after (to be built: issue 17)."""

from __future__ import annotations

from reviewer.model import Suggestion
from reviewer.suggestions.base import Flagged


def from_ruff(flagged: Flagged) -> Suggestion | None:
    """ruff's fix for the flagged lines, safe or unsafe as ruff says; None without one."""
    return None
