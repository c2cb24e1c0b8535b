"""GitHub Actions workflow commands: one annotation per place, most important first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from reviewer.config.options import ReviewConfig
from reviewer.formats.ci import Place, details, places, repository_path, work_tree_root
from reviewer.model import AnalysisError, Comment, Review, Severity, Voice
from reviewer.render.comments import decorations
from reviewer.render.excerpts import printable
from reviewer.render.prose import plain_inline, plural
from reviewer.render.suggestions import diff_lines, heading

# GitHub keeps only the first 10 error and 10 warning annotations of a step (50 per job);
# the rest stay in the log, so the review's own ranking decides which ones are seen.
STEP_LIMIT = 10


def format(review: Review, config: ReviewConfig) -> str:
    """The notes (what limits the review) as notices, annotations in review order, then what
    could not be analyzed, then a summary notice."""
    root = work_tree_root()
    found = places(review.comments, root)
    lines = [command("notice", {"title": "review"}, note) for note in review.notes]
    lines += [annotation(place) for place in found]
    lines += [error_line(error, root) for error in review.errors]
    lines.append(summary_line(review, found))
    return "".join(line + "\n" for line in lines)


def annotation(place: Place) -> str:
    """One workflow command that annotates this place in the pull request's diff."""
    comment = place.comment
    location = place.location
    properties: dict[str, object] = {"file": place.path, "line": location.line}
    properties["endLine"] = max(location.end_line, location.line)
    if location.column >= 1:
        properties["col"] = location.column
    properties["title"] = title(place)
    return command(level(comment), properties, body(place))


def level(comment: Comment) -> str:
    """error for what blocks a merge, notice for nitpicks, warning for the rest."""
    if comment.blocking:
        return "error"
    return "notice" if comment.severity is Severity.NIT else "warning"


def title(place: Place) -> str:
    """The Conventional Comments heading and the title: `issue (blocking, security): ...`."""
    heading = place.comment.label.value
    extra = decorations(place.comment)
    heading += f" ({extra})" if extra else ""
    return f"{heading}: {place.title}"


def body(place: Place) -> str:
    """The short voice: why in one sentence, then how (with the code it introduces), then what
    the analyzers said of this place."""
    comment = place.comment
    text = place.words
    said = details(place)
    change = suggested_change(place)
    parts = (text.why, without_fences(text.how), change, said, f"[{comment.rule.id}]")
    return "\n\n".join(part for part in parts if part)


def suggested_change(place: Place) -> str:
    """The comment's suggested change, at the place it was built for: its heading, then the
    user's lines after `-` and the new ones after `+`, indented as code (an annotation is
    plain text; its line breaks are escaped with the rest of the message)."""
    if place.position != 0 or place.comment.suggestion is None:
        return ""
    lines = diff_lines(place.comment.suggestion)
    code = "\n".join(f"    {line}" for line in lines)
    return f"{plain_inline(heading(place.comment, Voice.MENTOR))}\n{code}"


def without_fences(text: str) -> str:
    """Plain text, as GitHub shows an annotation: a fenced code block's lines indented by four
    spaces instead of between ``` lines, which would be printed as they are."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        lines.append(f"    {line}" if fenced and line else line)
    return "\n".join(lines)


def error_line(error: AnalysisError, root: Path) -> str:
    """A warning naming the file (or the analyzer) that could not be analyzed."""
    if error.path:
        path = repository_path(error.path, root)
        title_text = f"review could not analyze {path}"
        return command("warning", {"file": path, "title": title_text}, error.message)
    title_text = f"review: {error.analyzer} did not run"
    return command("warning", {"title": title_text}, error.message)


def summary_line(review: Review, found: Sequence[Place]) -> str:
    """One notice that counts everything, and says where to look when GitHub drops some."""
    if not review.comments:
        text = "No comments."
    else:
        blocking = sum(comment.blocking for comment in review.comments)
        text = f"{plural(len(review.comments), 'comment')} at {plural(len(found), 'place')}"
        text += f" ({blocking} blocking)."
    if review.summary.omitted:
        text += f" {review.summary.omitted} more not shown (--max-comments)."
    if review.errors:
        text += f" {plural(len(review.errors), 'analysis error')} (see the warnings)."
    levels = Counter([level(place.comment) for place in found] + ["warning"] * len(review.errors))
    if max(levels.values(), default=0) > STEP_LIMIT:
        text += f" GitHub shows at most {STEP_LIMIT} annotations of each level per step:"
        text += " the rest are in this log."
    return command("notice", {"title": "review"}, text)


def command(name: str, properties: Mapping[str, object], message: str) -> str:
    """`::name key=value,key=value::message`, escaped as the Actions toolkit does."""
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' if rendered else ''}{rendered}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """A message: `%`, carriage return and line feed percent-encoded (GitHub decodes them), any
    other control character shown as its escape (GitHub has none for them)."""
    text = printable(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: also `:` and `,`, which separate the properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
