"""The comments a write-up's "Start here" names: the most important of those that are sure of
themselves and lead in the code that ships. A heuristic's hunch or a finding in a test is
worth reading, not worth reading first."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.model import Area, Category, Comment, Confidence, Label, Severity

START_HERE = 3
ACTIONABLE = frozenset({Label.ISSUE, Label.SUGGESTION})


def start_here(ranked: Sequence[Comment], count: int = START_HERE) -> list[Comment]:
    """The first `count` of the ranked comments that are issues or suggestions, major or
    worse or a minor outside readability, not of low confidence, led by shipped code; the
    first of those that lead at one line."""
    chosen: dict[tuple[str, int], Comment] = {}
    for comment in filter(_sure_and_shipped, ranked):
        chosen.setdefault((comment.path, comment.line), comment)  # one line, one item
    return list(chosen.values())[:count]


def _sure_and_shipped(comment: Comment) -> bool:
    return (
        comment.label in ACTIONABLE
        and _weighty(comment)
        and comment.confidence is not Confidence.LOW
        and comment.primary.area is Area.CODE
    )


def _weighty(comment: Comment) -> bool:
    """Major or worse; or a minor about how the code behaves, not how it reads (a type
    declaration or a long name is worth fixing, not worth opening a review with)."""
    if comment.severity.at_least(Severity.MAJOR):
        return True
    return comment.severity is Severity.MINOR and comment.rule.category is not Category.READABILITY
