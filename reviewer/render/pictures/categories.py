"""Comments by category and severity: one stacked bar per category, the longest first."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.model import Category, Severity, Summary

ROW = 30  # the height of one bar's row in the picture's units
FEWEST_BARS = 2  # one bar says no more than the count of comments
WIDTH, LABEL, TOTAL = 440, 112, 32  # the view box; the names' column; the totals' column


@dataclass(frozen=True)
class Segment:
    """One severity's band of a bar: its count, where it starts and how long it is."""

    severity: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class CategoryBar:
    """One category's bar: its comments by severity and the bands drawn."""

    category: str
    counts: tuple[int, ...]  # by severity, blocker first
    segments: tuple[Segment, ...]
    y: float

    @property
    def total(self) -> int:
        """The category's comments."""
        return sum(self.counts)

    @property
    def end(self) -> float:
        """Where the bar ends, for the total written after it."""
        return LABEL + sum(s.width for s in self.segments)


def category_bars(summary: Summary) -> list[CategoryBar]:
    """A bar per category with comments, most comments (then most severe) first; none when
    the comments are all of one category."""
    counted = ((c.value, _counts(summary, c.value)) for c in Category)
    rows = [(name, counts) for name, counts in counted if sum(counts)]
    if len(rows) < FEWEST_BARS:
        return []
    rows.sort(key=lambda row: (-sum(row[1]), [-n for n in row[1]]))
    most = max(sum(counts) for _, counts in rows)
    scale = (WIDTH - LABEL - TOTAL) / most
    return [_bar(name, counts, scale, index * ROW) for index, (name, counts) in enumerate(rows)]


def _counts(summary: Summary, category: str) -> tuple[int, ...]:
    """The category's comments by severity, blocker first."""
    found = summary.by_category_severity.get(category, {})
    return tuple(found.get(s.value, 0) for s in Severity)


def _bar(name: str, counts: tuple[int, ...], scale: float, y: float) -> CategoryBar:
    segments, x = [], float(LABEL)
    for severity, count in zip(Severity, counts, strict=True):
        if count:
            segments.append(Segment(severity.value, count, round(x, 1), round(count * scale, 1)))
            x += count * scale
    return CategoryBar(name, counts, tuple(segments), y)
