"""The terminal format: comments grouped by file, each naming its rule and showing the flagged
line, then praise, errors and a summary table (or one line when there is nothing to say)."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from reviewer.config.options import ReviewConfig
from reviewer.formats.inert import inert_text
from reviewer.formats.plain import source_line
from reviewer.formats.statistics import statistics_table
from reviewer.formats.summary import error_line, omitted_line, totals_line
from reviewer.model import Category, Comment, Label, Review, Severity, Voice
from reviewer.render.comments import body_sections, details, most_severe_first, rendered
from reviewer.render.excerpts import printable
from reviewer.render.prose import (
    first_sentence,
    listing,
    plain_inline,
    plural,
    without_code_spans,
)
from reviewer.render.suggestions import compact_diff_lines
from reviewer.render.suggestions import heading as change_heading

__all__ = ["error_line", "format", "omitted_line", "totals_line"]

WIDTH = 100
INDENT = 4
# The short voice lists a grouped comment's first few other places, then how many more.
PEER_LISTED = 3
# A suggested change is shown compactly: its first lines, without the indentation they share,
# a minified line cut short (a longer one wraps).
MAX_CHANGE_LINES = 12
MAX_CHANGE_WIDTH = 3 * WIDTH

_LABEL_STYLES = {
    Label.ISSUE: "red",
    Label.SUGGESTION: "yellow",
    Label.NITPICK: "dim",
    Label.PRAISE: "green",
}
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK = re.compile(r"(?<!\\)\[([^\]]*)(?<!\\)\]\(([^)\s]*)\)")


def format(review: Review, config: ReviewConfig) -> str:
    """The review as terminal text; ANSI colors only when `config.color` is set."""
    if config.statistics:
        return statistics_table(review, config)
    stream = io.StringIO()
    console = _console(stream, config.color)
    for renderable in _sections(review, config):
        console.print(renderable)
    return inert_text("".join(line.rstrip() + "\n" for line in stream.getvalue().splitlines()))


def _console(stream: io.StringIO, color: bool) -> Console:
    """A console that never reads markup or the environment's terminal settings."""
    return Console(
        file=stream,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        color_system="standard" if color else None,
        no_color=not color,
        width=WIDTH,
        height=50,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )


def _sections(review: Review, config: ReviewConfig) -> Iterator[RenderableType]:
    if review.notes and not config.quiet:  # what limits the review, before what it found
        yield from (Text(printable(note), style="dim") for note in review.notes)
        yield Text("")
    for path, comments in group_by_file(review.comments):
        yield Text(printable(path), style="bold underline")
        for comment in comments:
            yield from _comment_block(comment, config.voice)
    if review.praise and not config.quiet:
        yield from _praise(review.praise, config.voice)
    if review.errors:
        yield Text("Errors", style="bold red")
        yield from (Text(error_line(error)) for error in review.errors)
        yield Text("")
    if config.quiet:
        return
    yield from _summary(review)


def _praise(praise: Iterable[Comment], voice: Voice) -> Iterator[RenderableType]:
    """What the code does well: in full for the mentor, one line each for the peer."""
    yield Text("Praise", style="bold green")
    for comment in praise:
        if voice is Voice.MENTOR:
            yield from _comment_block(comment, voice)
        else:
            yield Padding(_praise_line(comment), (0, 0, 0, INDENT), expand=False)
    if voice is not Voice.MENTOR:
        yield Text("")


def _praise_line(comment: Comment) -> Text:
    """`path:line  rule-id  title`, the title in green."""
    where = printable(f"{comment.path}:{comment.line}  {comment.rule.id}")
    line = Text.assemble(where, "  ", (plain_inline(comment.title), "green"))
    line.no_wrap, line.overflow = True, "ellipsis"
    return line


def group_by_file(comments: Iterable[Comment]) -> list[tuple[str, list[Comment]]]:
    """Files in the order of their most important comment; in each, the most severe comments
    first, in line order within a severity (a nit never comes before a blocker)."""
    groups: dict[str, list[Comment]] = {}
    for comment in comments:
        groups.setdefault(comment.path, []).append(comment)
    return [(path, most_severe_first(group)) for path, group in groups.items()]


def _comment_block(comment: Comment, voice: Voice) -> Iterator[RenderableType]:
    yield Text.assemble(
        (printable(f"{comment.path}:{comment.line}"), "bold"),
        "  ",
        (printable(comment.rule.id), "bold"),
        "  ",
        (decorated_label(comment), _label_style(comment)),
    )
    text = Text.assemble((plain_inline(comment.title), "bold"))
    flagged = source_line(comment.path, comment.line)
    if flagged:
        text.append("\n" + flagged, style="dim")
    advice, rest = _explanation(comment, voice)
    for line in advice:
        text.append("\n" + printable(line))
    # The long voice leaves a blank line between two sections, the change being one.
    gap = "\n" if voice is Voice.MENTOR and comment.suggestion else ""
    _append_change(text, comment, voice, gap)
    for number, line in enumerate(rest):
        text.append(("" if number else gap) + "\n" + printable(line))
    yield Padding(text, (0, 0, 0, INDENT), expand=False)
    yield Text("")


def _append_change(text: Text, comment: Comment, voice: Voice, gap: str = "") -> None:
    """The suggested change under the comment: its heading, then a compact diff, the user's
    lines in red after `-` and the new ones in green after `+` (plain when color is off)."""
    found = comment.suggestion
    if found is None:
        return
    text.append(gap + "\n" + plain_inline(change_heading(comment, voice)))
    lines = compact_diff_lines(found)
    shown = lines[:MAX_CHANGE_LINES]
    for line in shown:
        style = "red" if line.startswith("-") else "green"
        text.append("\n" + " " * INDENT + _shortened(line), style=style)
    if len(lines) > len(shown):
        text.append(f"\n{' ' * INDENT}... {plural(len(lines) - len(shown), 'more line')}", "dim")


def _shortened(line: str) -> str:
    return line if len(line) <= MAX_CHANGE_WIDTH else line[: MAX_CHANGE_WIDTH - 3] + "..."


def _explanation(comment: Comment, voice: Voice) -> tuple[list[str], list[str]]:
    """The lines before the suggested change (why and how) and after it (the analyzers' words,
    the other places), as the comment's body orders them: the short voice says why and how in
    a sentence each; the long one every section but the change, which `_append_change` writes
    in color."""
    text = rendered(comment, voice)
    if voice is Voice.MENTOR:
        sections = body_sections(text)
        cut = sections.index(text.suggestion) if text.suggestion in sections else len(sections)
        return plain_sections(sections[:cut]), plain_sections(sections[cut + 1 :])
    # where a change is shown, it is the how and usually the analyzer's words too: the short
    # voice does not say them twice
    advice = [_sentence(text.why), "" if comment.suggestion else _sentence(text.how)]
    rest = [] if comment.suggestion else _first_detail(comment)
    if len(comment.occurrences) > 1:
        rest.append(also_applies_to(comment, PEER_LISTED))
    return [line for line in advice if line], [line for line in rest if line]


def _first_detail(comment: Comment) -> list[str]:
    """The analyzer's own words at the first place, when they name something specific: some
    advice ("read the checker's message") is only as good as that message."""
    return [f"Details: {plain_inline(d)}" for d in details(comment.occurrences[:1])[:1]]


def _sentence(markdown: str) -> str:
    """The first sentence, plain; one that introduces an example (`...:`) ends in a full stop."""
    sentence = plain_inline(first_sentence(markdown))
    return sentence[:-1] + "." if sentence.endswith(":") else sentence


def also_applies_to(comment: Comment, limit: int | None = None) -> str:
    """`Also applies to: path:line, ...`, at most `limit` places and then how many more."""
    places = [f"{o.location.path}:{o.location.line}" for o in comment.occurrences[1:]]
    shown = listing(places) if limit is None else listing(places, limit)
    return f"Also applies to: {shown}"


def decorated_label(comment: Comment) -> str:
    """The Conventional Comments label with its decorations, e.g. `issue (blocking, security)`."""
    if comment.label is Label.PRAISE:
        return Label.PRAISE.value
    category = comment.rule.category.value
    if comment.rule.principle is not None:
        category = f"{category}/{comment.rule.principle.value}"
    blocking = "blocking" if comment.blocking else "non-blocking"
    return f"{comment.label.value} ({blocking}, {category})"


def _label_style(comment: Comment) -> str:
    style = _LABEL_STYLES.get(comment.label, "cyan")
    if comment.severity is Severity.BLOCKER:
        style = "red"
    return f"bold {style}" if comment.blocking else style


def plain_sections(sections: Iterable[str]) -> list[str]:
    """Markdown sections of a comment as plain lines, a blank line between two sections."""
    lines: list[str] = []
    for section in sections:
        lines += [*_plain_lines(section), ""]
    return _squeeze_blank(lines)


def _plain_lines(body: str) -> list[str]:
    """Code blocks lose their fences and are indented; prose loses bold markers and links."""
    lines: list[str] = []
    fence = ""
    for raw in body.splitlines():
        opening = _FENCE.match(raw)
        if fence and _closes(raw, fence):
            fence = ""
        elif not fence and opening:
            fence = opening.group(1)
        else:
            lines.append(" " * INDENT + raw if fence else _plain(raw))
    return lines


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _plain(line: str) -> str:
    """Our own links and bold markers dropped, the escapes undone, code spans unwrapped."""
    return without_code_spans(_LINK.sub(r"\1 (\2)", line.replace("**", "")))


def _squeeze_blank(lines: list[str]) -> list[str]:
    """No runs of blank lines, none at either end."""
    kept = [line for i, line in enumerate(lines) if line.strip() or (i and lines[i - 1].strip())]
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def _summary(review: Review) -> Iterator[RenderableType]:
    """The table by category and severity when there are comments, then the totals."""
    table = summary_table(review)
    if table.row_count and review.comments:
        yield table
    yield Text(totals_line(review), style="bold")
    if review.summary.omitted:
        yield Text(omitted_line(review.summary.omitted))


def summary_table(review: Review) -> Table:
    """Every comment found, by category and severity, with totals and the category scores."""
    counts: Counter[tuple[Category, Severity]] = Counter()
    for name, levels in review.summary.by_category_severity.items():
        for level, count in levels.items():
            counts[(Category(name), Severity(level))] = count
    totals = [sum(counts[(c, s)] for c in Category) for s in Severity]
    headings = [s.value for s in Severity] + ["total", "score"]
    table = Table(box=box.SIMPLE, show_edge=False, show_footer=True, footer_style="bold")
    table.add_column("category", footer="total")
    for heading, footer in zip(headings, [*_cells(totals), ""], strict=True):
        table.add_column(heading, footer=footer, justify="right")
    for category in _categories(counts, review.summary.scores):
        row = [counts[(category, severity)] for severity in Severity]
        score = review.summary.scores.get(category.value)
        table.add_row(category.value, *_cells(row), "-" if score is None else str(score))
    return table


def _categories(
    counts: Counter[tuple[Category, Severity]], scores: Mapping[str, int]
) -> list[Category]:
    present = {category for category, _ in counts}
    return [c for c in Category if c in present or c.value in scores]


def _cells(counts: list[int]) -> list[str]:
    return [str(n) if n else "-" for n in counts] + [str(sum(counts))]
