"""The Markdown write-up: a review one could hand to a colleague.

The layout lives in templates/reports/review.md.j2; this module prepares its context and does
all the escaping, so every string the template prints is already safe Markdown.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import jinja2

from reviewer.config.options import ReviewConfig
from reviewer.config.source_links import line_anchor
from reviewer.formats.inert import inert_text
from reviewer.model import AnalysisError, Category, Comment, Review, Severity, Voice
from reviewer.pipeline.scoring import grade
from reviewer.render.brief import brief_comments, brief_points, explained, more_in_full_report
from reviewer.render.comments import most_severe_first, rendered
from reviewer.render.excerpts import excerpt, language_for, printable
from reviewer.render.pictures import markdown_picture_fields
from reviewer.render.prose import code_span, first_sentence, inline_markdown, listing, plural
from reviewer.render.start_here import start_here
from reviewer.render.suggestions import suggestion_block, suggestion_markdown
from reviewer.render.talking_points import TalkingPoint, talking_points
from reviewer.render.verdict import verdict
from reviewer.runtime.resources import data_dir

TEMPLATE = "reports/review.md.j2"
TITLE_PATHS = 3
IMPROVEMENTS = 5  # the improvements a write-up leads with
BRIEF_EXCERPT_LINES = 2  # a brief write-up shows the first lines a comment is about
# GitHub refuses a pull request comment, issue comment or job summary longer than this.
GITHUB_COMMENT_LIMIT = 65_536

_BACKTICKS = re.compile(r"`+")
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$!])")


@dataclass(frozen=True)
class Excerpt:
    fence: str
    language: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One comment, every field ready to print."""

    anchor: str
    title: str
    place: str  # `path:73`, as code
    location: str  # the place, a link to its lines where the files can be read on the web
    meta: str
    excerpt: Excerpt | None
    body: str
    also_applies_to: str
    sources: str

    @property
    def lead(self) -> str:
        """The body's first paragraph: the label and the subject, which say the title."""
        return self.body.split("\n\n", 1)[0]

    @property
    def rest(self) -> str:
        """The body after its first paragraph: why, how, the change, the references."""
        return self.body.split("\n\n", 1)[1] if "\n\n" in self.body else ""


@dataclass(frozen=True)
class CategoryRow:
    name: str
    comments: int
    score: str
    grade: str = "-"


def format(review: Review, config: ReviewConfig) -> str:
    """The review as a Markdown document that fits in one GitHub comment: when every comment
    would not, the least important ones are left out and counted at the end. A brief one
    (`--brief`) keeps only the comments reviewer.render.brief keeps, and says how many more
    the full write-up has."""
    links = config.source_url
    chosen = list(review.comments)
    if config.brief:
        chosen = brief_comments(chosen, start_here(review.comments, IMPROVEMENTS))
    brief = config.voice if config.brief else None
    whole = _document(review, chosen, links, brief)
    if len(whole) <= GITHUB_COMMENT_LIMIT:
        return whole
    fits, too_many = 0, len(chosen)
    while too_many - fits > 1:  # the most comments that fit, by bisection
        middle = (fits + too_many) // 2
        fitting = len(_document(review, chosen[:middle], links, brief))
        fits, too_many = (middle, too_many) if fitting <= GITHUB_COMMENT_LIMIT else (fits, middle)
    return _document(review, chosen[:fits], links, brief)


def _document(
    review: Review, shown: Sequence[Comment], links: str | None, brief: Voice | None = None
) -> str:
    """The write-up with the `shown` comments, the most important ones; places link to
    `links` + path when the files can be read there. `brief`: the voice of a brief write-up's
    compact comments."""
    left_out = len(review.comments) - len(shown)
    more = more_in_full_report(left_out, review.paths) if brief and left_out else ""
    context = {
        **_context(review, shown, links, brief),
        "left_out": 0 if more else left_out,
        "more": more,
    }
    return inert_text(_template().render(context))


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(data_dir("templates")),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(TEMPLATE)


def _context(
    review: Review,
    shown: Sequence[Comment] | None = None,
    links: str | None = None,
    brief: Voice | None = None,
) -> dict[str, object]:
    """The template's fields: the front sections from every comment of the review, the
    details from the `shown` ones (by default all), compact in a brief write-up."""
    shown = review.comments if shown is None else shown
    entries = dict(zip(shown, _entries(shown, links=links), strict=True))
    leads = start_here(review.comments, IMPROVEMENTS)
    if brief is not None:
        entries = {c: brief_entry(e, c, brief, explained(c, leads)) for c, e in entries.items()}
    return {
        "paths": _title_paths(review.paths),
        "verdict": verdict(review, overview(review)),
        "notes": [escape(note) for note in review.notes],
        "categories": category_rows(review),
        "start_here": [entries[c] for c in leads if c in entries],
        "praise": _entries(review.praise, prefix="praise", links=links),
        "sections": [
            (heading, [(code_span(path), [entries[c] for c in cs]) for path, cs in files])
            for heading, files in by_category_then_file(shown)
        ],
        "talking_points": [_talking_point(point) for point in _points(review, brief)],
        "errors": [error_item(error) for error in review.errors],
        **markdown_picture_fields(review),
    }


def _title_paths(paths: tuple[str, ...]) -> str:
    shown = ", ".join(code_span(path) for path in paths[:TITLE_PATHS])
    if len(paths) > TITLE_PATHS:
        shown += f" and {len(paths) - TITLE_PATHS} more"
    return shown or "`.`"


def overview(review: Review) -> str:
    """The summary paragraph; the summary counts every comment found, shown or not."""
    summary = review.summary
    reviewed = f"We reviewed {plural(summary.files, 'file')} ({plural(summary.lines, 'line')})"
    if not review.comments and not summary.omitted:
        return f"{reviewed} and have no comments."
    text = f"{reviewed} and left {_counts(review)}"
    if gates_merging(review):
        verb = "blocks" if summary.blocking == 1 else "block"
        text += f"; {summary.blocking} of them {verb} merging."
    else:
        text += "."
    if summary.omitted:
        verb = "is" if summary.omitted == 1 else "are"
        text += f" {summary.omitted} of the comments {verb} not shown here (`--max-comments`)."
    return text


def gates_merging(review: Review) -> bool:
    """True when the run fails on some severity (`--fail-on`), so "blocking" means something; a
    write-up written to a file without one blocks nothing and does not say so."""
    return any(comment.fail_on is not None for comment in review.comments)


def _counts(review: Review) -> str:
    """`3 comments (1 blocker, 2 minor)`."""
    counts = {s.value: review.summary.by_severity.get(s.value, 0) for s in Severity}
    total = sum(counts.values()) or len(review.comments)
    severities = ", ".join(f"{n} {name}" for name, n in counts.items() if n) or "none counted"
    return f"{plural(total, 'comment')} ({severities})"


def category_rows(review: Review) -> list[CategoryRow]:
    """One row per category that has comments or a score, in the catalog's order."""
    counts, scores = review.summary.by_category, review.summary.scores
    return [
        CategoryRow(c.value, counts.get(c.value, 0), _score(scores, c), _grade(scores, c))
        for c in Category
        if c.value in counts or c.value in scores
    ]


def _grade(scores: Mapping[str, int], category: Category) -> str:
    return grade(scores[category.value]) if category.value in scores else "-"


def _score(scores: Mapping[str, int], category: Category) -> str:
    return str(scores[category.value]) if category.value in scores else "-"


CATEGORY_HEADINGS: Mapping[Category, str] = {
    Category.SECURITY: "Security",
    Category.CORRECTNESS: "Correctness",
    Category.ERROR_HANDLING: "Error handling",
    Category.SOLID: "Design (SOLID)",
    Category.TESTABILITY: "Testability",
    Category.PERFORMANCE: "Performance",
    Category.READABILITY: "Readability",
}


def by_category_then_file(
    comments: Iterable[Comment],
) -> list[tuple[str, list[tuple[str, list[Comment]]]]]:
    """Categories in the order of their most important comment; in each, files likewise;
    in each file, the most severe comments first, in line order within a severity."""
    categories: dict[Category, dict[str, list[Comment]]] = {}
    for comment in comments:
        files = categories.setdefault(comment.rule.category, {})
        files.setdefault(comment.path, []).append(comment)
    return [
        (
            CATEGORY_HEADINGS[category],
            [(path, most_severe_first(group)) for path, group in files.items()],
        )
        for category, files in categories.items()
    ]


def _points(review: Review, brief: Voice | None) -> list[TalkingPoint]:
    points = talking_points(review.comments, review.praise)
    return brief_points(points) if brief is not None else points


def _talking_point(point: TalkingPoint) -> dict[str, object]:
    return {
        "topic": escape(point.topic),
        "questions": list(point.questions),
        "tradeoffs": list(point.tradeoffs),
    }


def _entries(
    comments: Iterable[Comment], prefix: str = "comment", links: str | None = None
) -> list[Entry]:
    taken: set[str] = set()
    return [
        _entry(comment, _anchor(comment, prefix, index, taken), links)
        for index, comment in enumerate(comments, start=1)
    ]


def _anchor(comment: Comment, prefix: str, index: int, taken: set[str]) -> str:
    """A stable anchor from the comment's id; the position breaks ties and fills gaps."""
    anchor = f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '', comment.id) or index}"
    if anchor in taken:
        anchor = f"{anchor}-{index}"
    taken.add(anchor)
    return anchor


def _entry(comment: Comment, anchor: str, links: str | None = None) -> Entry:
    return Entry(
        anchor=anchor,
        title=printable(" ".join(comment.title.split())),
        place=place_link(comment.path, comment.line, comment.end_line, None),
        location=place_link(comment.path, comment.line, comment.end_line, links),
        meta=_meta(comment),
        excerpt=code_excerpt(comment),
        body=body_with_change(comment),
        also_applies_to=also_applies_to(comment, links),
        sources=escape(", ".join(comment.sources)),
    )


def brief_entry(entry: Entry, comment: Comment, voice: Voice, explain: bool) -> Entry:
    """A brief write-up's comment: its lead line, its place and, when it is explained, its
    first lines and why it matters in one sentence; how to fix it and the rest are in the
    full write-up."""
    if not explain:
        return dataclasses.replace(entry, excerpt=None, body=entry.lead, also_applies_to="")
    why = first_sentence(rendered(comment, voice).why)
    others = len(comment.occurrences) - 1
    return dataclasses.replace(
        entry,
        excerpt=code_excerpt(comment, BRIEF_EXCERPT_LINES),
        body=f"{entry.lead}\n\n{why}" if why else entry.lead,
        also_applies_to=f"Also applies to {plural(others, 'more place')}." if others else "",
        sources="",
    )


def body_with_change(comment: Comment) -> str:
    """The comment's body; where its suggested change replaces exactly the lines the comment is
    about, the change is a GitHub `suggestion` block instead of a `diff` (the excerpt above
    already shows the user's lines): a pull request reviewer who pastes the comment on those
    lines can apply it, and anywhere else it reads as the new code. A body whose template left
    the change out gets it at its end."""
    body = comment.body.strip()
    if comment.suggestion is None:
        return body
    for voice in Voice:
        shown = suggestion_markdown(comment, voice)
        if shown in body:
            return body.replace(shown, suggestion_block(comment, voice) or shown, 1)
    change = suggestion_block(comment, Voice.MENTOR) or suggestion_markdown(comment, Voice.MENTOR)
    return f"{body}\n\n{change}"


def _place(path: str, line: int, end_line: int) -> str:
    return f"{path}:{line}-{end_line}" if end_line > line else f"{path}:{line}"


def place_link(path: str, line: int, end_line: int, links: str | None) -> str:
    """`path:73` as code, and a link to those lines when the files can be read at `links`."""
    shown = code_span(_place(path, line, end_line))
    if links is None or path.startswith(("/", "..")):
        return shown
    target = links + urllib.parse.quote(path.replace("\\", "/")) + line_anchor(line, end_line)
    return f"[{shown}]({target})"


def _meta(comment: Comment) -> str:
    category = comment.rule.category.value
    if comment.rule.principle is not None:
        category = f"{category}/{comment.rule.principle.value}"
    return f"{comment.severity.value} · {category} · rule {code_span(comment.rule.id)}"


def also_applies_to(comment: Comment, links: str | None = None) -> str:
    """`Also applies to: ...` for the other occurrences, unless the body already says so."""
    return "" if "Also applies to" in comment.body else other_places(comment, links)


def other_places(comment: Comment, links: str | None = None) -> str:
    """`Also applies to: `a.py:3`, ...`, or "" for a comment at one place."""
    places = [
        place_link(o.location.path, o.location.line, o.location.line, links)
        for o in comment.occurrences[1:]
    ]
    return f"Also applies to: {listing(places)}" if places else ""


def code_excerpt(comment: Comment, brief_lines: int = 0) -> Excerpt | None:
    """The lines around the primary location, as they are in the file (no gutter, so that
    they highlight and copy as code); the place above them is their caption. With
    `brief_lines`, the first few of the flagged lines only."""
    if brief_lines:
        lines = excerpt(comment.path, comment.line, comment.end_line, 0, brief_lines)
    else:
        lines = excerpt(comment.path, comment.line, comment.end_line)
    if not lines:
        return None
    code = tuple(line.text.rstrip() for line in lines)
    return Excerpt(fence_for(code), language_for(comment.path), code)


def fence_for(lines: Iterable[str]) -> str:
    """A backtick fence longer than any run of backticks in `lines` (at least three)."""
    longest = max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)
    return "`" * max(3, longest + 1)


def escape(text: str) -> str:
    """Plain text on one line, with every character Markdown or HTML could act on escaped."""
    return _SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


def error_item(error: AnalysisError) -> str:
    """One error as a list item's text: where, which analyzer, what it said."""
    where = code_span(error.path) if error.path else "any file"
    return (
        f"{where} with {escape(error.analyzer)}: {inline_markdown(' '.join(error.message.split()))}"
    )
