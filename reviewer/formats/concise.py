"""One line per place, like `ruff check --output-format concise`:
`path:line:col: rule-id [severity] title`, sorted by place, then one summary line."""

from __future__ import annotations

from reviewer.config.options import ReviewConfig
from reviewer.formats.inert import inert_text
from reviewer.formats.plain import place_title
from reviewer.formats.statistics import statistics_table
from reviewer.formats.summary import error_line, omitted_line, totals_line
from reviewer.model import Comment, Occurrence, Review
from reviewer.render.excerpts import printable


def format(review: Review, config: ReviewConfig) -> str:
    """The notes (what limits the review), every place of every comment on its own line,
    errors; the totals unless --quiet."""
    if config.statistics:
        return statistics_table(review, config)
    places = sorted((_sort_key(o), _line(c, o)) for c in review.comments for o in c.occurrences)
    lines = [] if config.quiet else [printable(note) for note in review.notes]
    lines += [line for _, line in places]
    lines += [error_line(error) for error in review.errors]
    if not config.quiet:
        lines += _closing_lines(review)
    return inert_text("".join(f"{line}\n" for line in lines))


def _closing_lines(review: Review) -> list[str]:
    """The totals, and what --max-comments left out."""
    lines = [totals_line(review)]
    if review.summary.omitted:
        lines.append(omitted_line(review.summary.omitted))
    return lines


def _sort_key(occurrence: Occurrence) -> tuple[str, int, int]:
    location = occurrence.location
    return (location.path, location.line, location.column)


def _line(comment: Comment, occurrence: Occurrence) -> str:
    """`path:line:col: rule-id [severity] title`; the column is 1 when no analyzer knew it."""
    location = occurrence.location
    where = printable(f"{location.path}:{location.line}:{max(location.column, 1)}")
    rule = printable(comment.rule.id)
    return f"{where}: {rule} [{comment.severity.value}] {place_title(comment, occurrence)}"
