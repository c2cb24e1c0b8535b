"""A write-up's verdict: three sentences a participant can say first. How much was read and
found; where the weight of the comments lies and which one to lead with; what is worth
defending."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.model import Category, Comment, Review
from reviewer.pipeline.scoring import WEIGHTS
from reviewer.render.prose import plural
from reviewer.render.start_here import start_here

# Words for a category inside a sentence.
CATEGORY_WORDS = {
    Category.SECURITY: "security",
    Category.CORRECTNESS: "correctness",
    Category.ERROR_HANDLING: "error handling",
    Category.SOLID: "design",
    Category.TESTABILITY: "testability",
    Category.PERFORMANCE: "performance",
    Category.READABILITY: "readability",
}
STRENGTHS_NAMED = 2


def verdict(review: Review, facts: str) -> str:
    """`facts` (what was reviewed and found), then where the weight lies, then the strengths."""
    return " ".join(s for s in (facts, _weight(review.comments), _strengths(review.praise)) if s)


def _weight(comments: Sequence[Comment]) -> str:
    weights: dict[Category, float] = {}
    for comment in comments:
        category = comment.rule.category
        weights[category] = weights.get(category, 0.0) + WEIGHTS[comment.severity]
    if not weights:
        return ""
    ranked = sorted(weights, key=lambda c: -weights[c])
    heaviest = " and ".join(CATEGORY_WORDS[c] for c in ranked[:2])
    lead = start_here(comments, 1)
    opening = f" Lead with {_subject(lead[0])}." if lead else ""
    return f"Most of their weight is in {heaviest}.{opening}"


def _strengths(praise: Sequence[Comment]) -> str:
    if not praise:
        return "No strength stood out to the analyzers: decide what you would defend, and why."
    named = "; ".join(_subject(c) for c in praise[:STRENGTHS_NAMED])
    more = len(praise) - STRENGTHS_NAMED
    rest = f", and {plural(more, 'more strength')}" if more > 0 else ""
    return f"Worth defending: {named}{rest}."


def _subject(comment: Comment) -> str:
    """The comment's title as the middle of a sentence: "SQL built from strings in `get`"."""
    title = " ".join(comment.title.split())
    return title[:1].lower() + title[1:] if title[1:2].islower() else title
