"""`--statistics`: how many places each rule flagged, most first, like `ruff check --statistics`."""

from __future__ import annotations

from collections import Counter

from reviewer.config.options import ReviewConfig
from reviewer.formats.inert import inert_text
from reviewer.formats.summary import error_line, totals_line
from reviewer.model import Comment, Review
from reviewer.render.excerpts import printable
from reviewer.render.prose import plain_inline


def statistics_table(review: Review, config: ReviewConfig) -> str:
    """`count  rule-id  [severity]  title`, one row a rule, by count then rule id."""
    rows = _rows(review.comments)
    lines = _aligned(rows)
    lines += [error_line(error) for error in review.errors]
    if not rows and not config.quiet:
        lines.append(totals_line(review))
    return inert_text("".join(f"{line}\n" for line in lines))


def _rows(comments: tuple[Comment, ...]) -> list[tuple[int, str, str, str]]:
    counts: Counter[str] = Counter()
    first: dict[str, Comment] = {}
    for comment in comments:
        counts[comment.rule.id] += len(comment.occurrences)
        first.setdefault(comment.rule.id, comment)
    ordered = sorted(counts, key=lambda rule_id: (-counts[rule_id], rule_id))
    return [_row(counts[rule_id], first[rule_id]) for rule_id in ordered]


def _row(count: int, comment: Comment) -> tuple[int, str, str, str]:
    rule = comment.rule
    return (count, printable(rule.id), f"[{comment.severity.value}]", plain_inline(rule.title))


def _aligned(rows: list[tuple[int, str, str, str]]) -> list[str]:
    """Columns padded to their widest cell, counts right-aligned."""
    if not rows:
        return []
    widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
    return [
        f"{count:>{widths[0]}}  {rule:<{widths[1]}}  {severity:<{widths[2]}}  {title}"
        for count, rule, severity, title in rows
    ]
