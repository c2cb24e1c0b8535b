"""The HTML write-up: one self-contained page with the sections of the Markdown write-up.

The layout lives in templates/reports/review.html.j2 (autoescaped); this module prepares its
context. Strings are passed as plain text, which the template escapes, or as Markup built by
reviewer.formats.html_markup, which escaped every piece of text before adding a tag.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from reviewer import __version__
from reviewer.config.options import ReviewConfig
from reviewer.formats.html_markup import code_html, inline, stylesheet, to_html
from reviewer.formats.inert import inert_html
from reviewer.formats.markdown import (
    BRIEF_EXCERPT_LINES,
    IMPROVEMENTS,
    by_category_then_file,
    gates_merging,
    other_places,
    overview,
)
from reviewer.model import (
    AnalysisError,
    Category,
    Comment,
    Label,
    RenderedComment,
    Review,
    Severity,
    Summary,
    Voice,
)
from reviewer.pipeline.scoring import grade
from reviewer.render.brief import brief_comments, brief_points, explained, more_in_full_report
from reviewer.render.comments import body_sections, decorations, rendered
from reviewer.render.excerpts import excerpt, language_for, printable, printable_lines
from reviewer.render.pictures import html_picture_fields
from reviewer.render.prose import first_sentence, where
from reviewer.render.start_here import start_here
from reviewer.render.suggestions import after_lines, before_lines, heading
from reviewer.render.talking_points import TalkingPoint, talking_points
from reviewer.render.verdict import verdict
from reviewer.runtime.resources import data_dir

TEMPLATE = "reports/review.html.j2"
TITLE_PATHS = 3


@dataclass(frozen=True)
class Entry:
    """One comment, every field ready for the template."""

    anchor: str
    label: str
    severity: str
    decorations: str
    title: Markup
    location: str
    lines: str
    rule: str
    excerpt: Markup | None
    body: Markup
    # Praise's body names no other places: they are listed below it.
    also_applies_to: Markup
    sources: str
    # How many other places the comment applies to, for a brief write-up's one-line heading.
    elsewhere: int = 0


@dataclass(frozen=True)
class ScoreRow:
    """One category of the scorecard: score, grade and comments by severity."""

    category: str
    score: int | None
    grade: str
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class FileGroup:
    """One reviewed file: its comments, and how many there are of each severity."""

    path: str
    entries: tuple[Entry, ...]
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class CategoryGroup:
    """One category of comments, headed as in the Markdown, its files inside."""

    heading: str
    files: tuple[FileGroup, ...]
    # A brief write-up's minors, named with their place on one line each, not explained.
    named: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Topic:
    """One talking point: the topic, the questions and the trade-offs, ready to print."""

    topic: str
    questions: tuple[Markup, ...]
    tradeoffs: tuple[Markup, ...]


def format(review: Review, config: ReviewConfig) -> str:
    """The review as one self-contained HTML page; a brief one (`--brief`) keeps the front
    sections whole and only the comments reviewer.render.brief keeps in the details."""
    return inert_html(_template().render(_context(review, config.voice, config.brief)))


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(data_dir("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(TEMPLATE)


def _context(review: Review, voice: Voice, brief: bool = False) -> dict[str, object]:
    leads = start_here(review.comments, IMPROVEMENTS)
    shown = brief_comments(review.comments, leads) if brief else list(review.comments)
    entries = dict(zip(shown, _entries(shown, "comment", voice, brief=brief), strict=True))
    named = [c for c in shown if brief and not explained(c, leads)]
    left_out = len(review.comments) - len(shown)
    rows = scorecard(review)
    return {
        "title": title_text(review.paths),
        "overview": inline(verdict(review, overview(review))),
        "notes": [inline(note) for note in review.notes],
        "stats": stats(review),
        "severities": [s.value for s in Severity],
        "scorecard": rows,
        "graded": any(row.score is not None for row in rows),
        "start_here": [entries[c] for c in leads],
        "praise": _entries(review.praise, "praise", voice, excerpts=False),
        "categories": category_groups(shown, entries, named),
        "brief": brief,
        "left_out": inline(more_in_full_report(left_out, review.paths)) if left_out else "",
        "talking_points": [topic(point) for point in _points(review, brief)],
        "errors": [error_item(error) for error in review.errors],
        "version": __version__,
        "analyzers": ", ".join(review.analyzers),
        "highlight_css": stylesheet(),
        **html_picture_fields(review),
    }


def _points(review: Review, brief: bool) -> list[TalkingPoint]:
    points = talking_points(review.comments, review.praise)
    return brief_points(points) if brief else points


def stats(review: Review) -> list[tuple[str, str, str]]:
    """The numbers at the top: name, value, and a CSS class that draws attention."""
    summary = review.summary
    comments = sum(summary.by_severity.values()) or len(review.comments)
    numbers = [
        ("Files", str(summary.files), ""),
        ("Lines", str(summary.lines), ""),
        ("Comments", str(comments), ""),
    ]
    if not gates_merging(review):
        return numbers
    return [*numbers, ("Blocking", str(summary.blocking), "blocking" if summary.blocking else "")]


def title_text(paths: Sequence[str]) -> str:
    """The reviewed paths for the title: the first few, then how many more."""
    shown = ", ".join(printable(path) for path in paths[:TITLE_PATHS]) or "."
    if len(paths) > TITLE_PATHS:
        shown += f" and {len(paths) - TITLE_PATHS} more"
    return shown


def scorecard(review: Review) -> list[ScoreRow]:
    """One row per category that has comments or a score, in the catalog's order."""
    summary = review.summary
    return [
        _score_row(category.value, summary)
        for category in Category
        if category.value in summary.by_category or category.value in summary.scores
    ]


def _score_row(category: str, summary: Summary) -> ScoreRow:
    by_severity = summary.by_category_severity.get(category, {})
    counts = tuple(by_severity.get(s.value, 0) for s in Severity)
    total = sum(counts) or summary.by_category.get(category, 0)
    score = summary.scores.get(category)
    if score is None:
        return ScoreRow(category, None, "-", counts, total)
    score = max(0, min(100, score))
    return ScoreRow(category, score, grade(score), counts, total)


def category_groups(
    comments: Iterable[Comment],
    entries: Mapping[Comment, Entry],
    named: Collection[Comment] = (),
) -> list[CategoryGroup]:
    """Categories, then files, then comments, most severe first: the Markdown write-up's
    order. The `named` comments are listed after their category's files instead."""
    groups = []
    for title, files in by_category_then_file(comments):
        kept = [(path, [c for c in cs if c not in named]) for path, cs in files]
        listed = tuple(entries[c] for _, cs in files for c in cs if c in named)
        shown = tuple(_file_group(path, cs, entries) for path, cs in kept if cs)
        groups.append(CategoryGroup(title, shown, listed))
    return groups


def _file_group(
    path: str, comments: Sequence[Comment], entries: Mapping[Comment, Entry]
) -> FileGroup:
    return FileGroup(
        printable(path), tuple(entries[c] for c in comments), _severity_counts(comments)
    )


def _severity_counts(comments: Sequence[Comment]) -> tuple[tuple[str, int], ...]:
    counts = ((s.value, sum(c.severity is s for c in comments)) for s in Severity)
    return tuple((name, count) for name, count in counts if count)


def _entries(
    comments: Iterable[Comment],
    prefix: str,
    voice: Voice,
    excerpts: bool = True,
    brief: bool = False,
) -> list[Entry]:
    taken: set[str] = set()
    return [
        _entry(comment, anchor(comment, prefix, index, taken), voice, excerpts, brief)
        for index, comment in enumerate(comments, start=1)
    ]


def anchor(comment: Comment, prefix: str, index: int, taken: set[str]) -> str:
    """A stable anchor from the comment's id (as in the Markdown); the position breaks ties."""
    name = f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '', comment.id) or index}"
    if name in taken:
        name = f"{name}-{index}"
    taken.add(name)
    return name


def _entry(comment: Comment, name: str, voice: Voice, excerpts: bool, brief: bool) -> Entry:
    text = rendered(comment, voice)
    language = language_for(comment.path)
    return Entry(
        anchor=name,
        label=comment.label.value,
        severity=comment.severity.value,
        decorations=decorations(comment),
        title=inline(one_line(comment.title)),
        location=printable(_place(comment.path, comment.line, comment.end_line)),
        lines=where(comment.primary),
        rule=comment.rule.id,
        excerpt=code_excerpt(comment, brief) if excerpts else None,
        body=body_html(text, language, comment, brief_sections(text) if brief else None),
        also_applies_to=inline(other_places(comment) if comment.label is Label.PRAISE else ""),
        sources="" if brief else ", ".join(comment.sources),
        elsewhere=len(comment.occurrences) - 1,
    )


def _place(path: str, line: int, end_line: int) -> str:
    return f"{path}:{line}-{end_line}" if end_line > line else f"{path}:{line}"


def body_html(
    text: RenderedComment,
    language: str,
    comment: Comment | None = None,
    sections: Sequence[str] | None = None,
) -> Markup:
    """The comment's sections below its title (by default all of them), each with control
    characters other than tab and newline escaped; fenced code in `language` is highlighted.
    The suggested change is shown as the user's lines before and the new ones after
    (`change_html`)."""
    return Markup("\n").join(
        change_html(comment, text.voice)
        if comment is not None and text.suggestion and section == text.suggestion
        else to_html(printable_lines(section.strip()), language)
        for section in (body_sections(text) if sections is None else sections)
    )


def brief_sections(text: RenderedComment) -> list[str]:
    """A brief write-up's body: why it matters, in its first sentence. The rest, how to fix
    it, the suggested change and the other places are in the full write-up."""
    if text.label == Label.PRAISE.value:
        return body_sections(text)
    return [first_sentence(text.why)] if text.why else []


def change_html(comment: Comment, voice: Voice) -> Markup:
    """The suggested change: its heading, then the user's lines (numbered as in the file and
    marked, like an excerpt) and the lines proposed in their place, each highlighted."""
    found = comment.suggestion
    if found is None:
        return Markup("")
    language = language_for(found.path)
    numbers = range(found.line, found.line + len(before_lines(found)))
    before = code_html(_code(before_lines(found)), language, found.line, list(numbers))
    after = code_html(_code(after_lines(found)), language, found.line) if found.after else ""
    return Markup(
        '<div class="change"><p class="change-title">{}</p>'
        '<div class="before">{}</div><div class="after">{}</div></div>'
    ).format(
        inline(heading(comment, voice)),
        before,
        after or Markup("<p>The change removes these lines.</p>"),
    )


def _code(lines: Sequence[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def code_excerpt(comment: Comment, brief: bool = False) -> Markup | None:
    """The primary location, highlighted, numbered as in the file, its own lines marked; a
    brief write-up shows the first few of its own lines only."""
    if brief:
        lines = excerpt(comment.path, comment.line, comment.end_line, 0, BRIEF_EXCERPT_LINES)
    else:
        lines = excerpt(comment.path, comment.line, comment.end_line)
    if not lines:
        return None
    code = "".join(f"{line.text}\n" for line in lines)  # a last empty line stays a line
    flagged = [line.number for line in lines if line.flagged]
    return code_html(code, language_for(comment.path), lines[0].number, flagged)


def topic(point: TalkingPoint) -> Topic:
    """A talking point whose questions and trade-offs keep their inline code, safely."""
    return Topic(
        one_line(point.topic),
        tuple(inline(one_line(question)) for question in point.questions),
        tuple(inline(one_line(tradeoff)) for tradeoff in point.tradeoffs),
    )


def error_item(error: AnalysisError) -> tuple[str, str, str]:
    """Where, which analyzer, and what it said; the template escapes all three."""
    where = printable(error.path) if error.path else ""
    return where, printable(error.analyzer), one_line(error.message)


def one_line(text: str) -> str:
    """`text` on one line, control characters replaced."""
    return printable(" ".join(text.split()))
