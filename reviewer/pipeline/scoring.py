"""Counts and the 0-100 category scores of a review.

A category's score falls with the weight of its comments per thousand lines. A comment weighs
its severity's weight (blocker 10, major 5, minor 2, nit 0.5) times the square root of the
number of places it applies to, up to nine places: a comment is one root cause, so one habit
repeated counts less than many problems, and past nine places (type hints missing from 700
functions) more places say nothing new:
points = sum of weight * min(sqrt(places), 3); density = points / max(lines, 1000) * 1000;
score = round(100 / (1 + density / 20)). No comments gives 100; one major comment in
1,000 lines gives 80; one minor habit, however widespread, at least 77 (C). A project under
1,000 lines is weighed as 1,000, so that one finding never fails a category on its own: a
lone blocker at one place gives 67 (D), two give 50. Letter grades: A from 90, B from 80,
C from 70, D from 60, else F.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from reviewer.model import Category, Comment, Severity, Summary

WEIGHTS: Mapping[Severity, float] = {
    Severity.BLOCKER: 10.0,
    Severity.MAJOR: 5.0,
    Severity.MINOR: 2.0,
    Severity.NIT: 0.5,
}
MIN_LINES = 1000  # below this, one comment would read as a verdict on the whole
HALF_SCORE_DENSITY = 20.0
MOST_PLACES = 9  # past this, a comment's places add no weight


def category_scores(comments: Sequence[Comment], lines: int) -> dict[str, int]:
    """Every category's score, by the formula in this module's docstring."""
    points: dict[Category, float] = dict.fromkeys(Category, 0.0)
    for comment in comments:
        places = min(len(comment.occurrences), MOST_PLACES)
        points[comment.rule.category] += WEIGHTS[comment.severity] * math.sqrt(places)
    size = max(lines, MIN_LINES) / 1000
    return {
        category.value: round(100 / (1 + points[category] / size / HALF_SCORE_DENSITY))
        for category in Category
    }


def summarize(
    comments: Sequence[Comment], files: int, lines: int, omitted: int, scored: bool = True
) -> Summary:
    """The summary block of a review, over every comment found (shown or not). A review of a
    change is not scored: a score weighs comments against the code they were found in, and
    a change's few lines would make one comment an F."""
    by_severity = Counter(c.severity.value for c in comments)
    by_category = Counter(c.rule.category.value for c in comments)
    return Summary(
        files=files,
        lines=lines,
        by_severity={s.value: by_severity[s.value] for s in Severity},
        by_category={c.value: by_category[c.value] for c in Category if by_category[c.value]},
        scores=category_scores(comments, lines) if scored else {},
        omitted=omitted,
        blocking=sum(c.blocking for c in comments),
        by_category_severity=_by_category_severity(comments),
    )


def _by_category_severity(comments: Sequence[Comment]) -> dict[str, dict[str, int]]:
    counts = Counter((c.rule.category, c.severity) for c in comments)
    present = [c for c in Category if any(counts[(c, s)] for s in Severity)]
    return {c.value: {s.value: counts[(c, s)] for s in Severity} for c in present}


GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))


def grade(score: int) -> str:
    """The letter for a score: A from 90, B from 80, C from 70, D from 60, else F."""
    return next((letter for floor, letter in GRADES if score >= floor), "F")
