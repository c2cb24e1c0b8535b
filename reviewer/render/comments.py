"""Comment titles and bodies, rendered by the Jinja templates in templates/comments/."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.model import Comment, Label, Occurrence, Voice
from reviewer.render.excerpts import printable
from reviewer.runtime.resources import data_dir

if TYPE_CHECKING:
    import jinja2

DEFAULT_TEMPLATE = "default.md.j2"
MAX_DETAILS = 3
MAX_LISTED = 10
# A message that quotes a name or states a number says more than the rule's own text.
_SPECIFIC = re.compile(r"[`\"']|\d")
_SPECIFIC_ONLY = re.compile(r"[^a-z0-9]+")
_SENTENCE_END = re.compile(r"(?<=[.?])\s+(?=[A-Z`(])")
_BACKTICKS = re.compile(r"`+")
# The analyzers' own code spans (ruff writes "`os` imported but unused") stay code spans.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_URL = re.compile(r"(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s`()<>\[\]]+")
# `_` inside a word never makes emphasis (CommonMark), nor `>` past a line's start: left
# as they are, `list_all` and `21 > 10` stay readable in the Markdown itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<#|~&$!]|(?<![^\W_])_|_(?![^\W_]))")
_BLOCK_START = re.compile(r"^(\d{1,9}(?=[.)])|(?=[-+=>]))")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def template_names(comment: Comment) -> list[str | jinja2.Template]:
    """The rule's own template if it names one, else the one for its label, else the default."""
    names: list[str | jinja2.Template] = [comment.rule.template] if comment.rule.template else []
    return [*names, f"{comment.label.value}.md.j2", DEFAULT_TEMPLATE]


def decorations(comment: Comment) -> str:
    """`blocking` or `non-blocking`, then the category (with the principle for SOLID)."""
    if comment.label is Label.PRAISE:
        return ""
    parts = ["blocking" if comment.blocking else "non-blocking"]
    category = comment.rule.category.value
    principle = comment.rule.principle
    parts.append(f"{category}/{principle.value}" if principle else category)
    return ", ".join(parts)


def title(comment: Comment) -> str:
    """The one-line subject: the rule's title, naming the function or class where known."""
    symbol = comment.primary.symbol
    return f"{comment.rule.title} in {code_span(symbol)}" if symbol else comment.rule.title


def inline_markdown(text: str) -> str:
    """Words from the tree or an analyzer as inert Markdown on one line: control characters
    shown escaped, the words' own code spans kept, URLs put in code spans (GitHub links a bare
    one), and every other character Markdown or HTML could act on backslash-escaped."""
    text = printable(text.strip())
    parts, start = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts += [_inert_prose(text[start : span.start()]), span[0]]
        start = span.end()
    parts.append(_inert_prose(text[start:]))
    return _BLOCK_START.sub(r"\1\\", "".join(parts), count=1)


def _inert_prose(text: str) -> str:
    pieces, start = [], 0
    for url in _URL.finditer(text):
        pieces += [_MARKDOWN_SPECIAL.sub(r"\\\1", text[start : url.start()]), code_span(url[0])]
        start = url.end()
    pieces.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[start:]))
    return "".join(pieces)


def unescaped(markdown: str) -> str:
    """Markdown text with its backslash escapes undone outside code spans, for plain text."""
    parts, start = [], 0
    for span in _CODE_SPAN.finditer(markdown):
        parts += [_ESCAPED.sub(r"\1", markdown[start : span.start()]), span[0]]
        start = span.end()
    parts.append(_ESCAPED.sub(r"\1", markdown[start:]))
    return "".join(parts)


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph of prose, for the short voice."""
    paragraph = text.strip().split("\n\n")[0]
    return _SENTENCE_END.split(" ".join(paragraph.split()))[0]


def blocks(text: str) -> list[str]:
    """Paragraphs and fenced code blocks, a fence kept whole even with blank lines inside."""
    found: list[str] = []
    fenced = False
    for chunk in text.strip().split("\n\n"):
        if fenced:
            found[-1] += "\n\n" + chunk
        else:
            found.append(chunk)
        fenced ^= chunk.count("```") % 2 == 1
    return found


def first_paragraph(text: str) -> str:
    """The first paragraph for the short voice, with the code it introduces when it ends in `:`."""
    parts = blocks(text)
    if len(parts) > 1 and parts[0].rstrip().endswith(":"):
        return f"{parts[0]}\n\n{parts[1]}"
    return parts[0] if parts else ""


def where(occurrence: Occurrence, primary_path: str = "") -> str:
    """`line 12` or `lines 12-18`, or `path:12` for a file other than the primary one."""
    location = occurrence.location
    if primary_path and location.path != primary_path:
        span = f"-{location.end_line}" if location.end_line > location.line else ""
        return code_span(f"{location.path}:{location.line}{span}")
    if location.end_line > location.line:
        return f"lines {location.line}-{location.end_line}"
    return f"line {location.line}"


def code_span(text: str) -> str:
    """`text` as a CommonMark inline code span, whatever backticks or spaces it holds: the fence
    is longer than any backtick run inside, padded with a space where the text starts or ends
    with a backtick (or with a space at both ends, which CommonMark would strip)."""
    text = printable(" ".join(text.splitlines()))
    ticks = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    spaced = text[:1] == text[-1:] == " " and bool(text.strip())
    pad = " " if spaced or text[:1] == "`" or text[-1:] == "`" else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def listing(parts: Sequence[str], limit: int = MAX_LISTED) -> str:
    """`a, b, c` with at most `limit` items, then `and N more`."""
    shown = ", ".join(parts[:limit])
    rest = len(parts) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def place(occurrence: Occurrence, primary_path: str) -> str:
    """Where an occurrence is, naming its function or class: `line 9 (`q1`)`."""
    shown = where(occurrence, primary_path)
    return f"{shown} ({code_span(occurrence.symbol)})" if occurrence.symbol else shown


def details(occurrences: Sequence[Occurrence]) -> list[str]:
    """The analyzers' own words where they name something specific, each once, at most a few,
    as inert Markdown;
    words said of another place than the first are prefixed with that place, so that
    "Missing docstring in `__init__`" is not read as said of the method the comment names."""
    kept: dict[str, str] = {}
    primary = occurrences[0] if occurrences else None
    for occurrence in occurrences:
        for message in (m.strip() for m in occurrence.messages):
            key = _SPECIFIC_ONLY.sub("", message.lower())
            if _SPECIFIC.search(message) and key not in kept:
                kept[key] = _attributed(inline_markdown(message), occurrence, primary)
    return list(kept.values())[:MAX_DETAILS]


def _attributed(message: str, occurrence: Occurrence, primary: Occurrence | None) -> str:
    if primary is None or occurrence.location == primary.location:
        return message
    return f"{where(occurrence, primary.location.path)}: {message}"


@dataclass(frozen=True)
class Renderer:
    """Renders each comment's title and body in one voice."""

    voice: Voice
    environment: jinja2.Environment

    def __call__(self, comment: Comment) -> Comment:
        template = self.environment.get_or_select_template(template_names(comment))
        body = template.render(self.context(comment)).strip() + "\n"
        return dataclasses.replace(comment, title=title(comment), body=_tidy(body))

    def context(self, comment: Comment) -> dict[str, object]:
        rule = comment.rule
        short = self.voice is Voice.PEER
        return {
            "comment": comment,
            "rule": rule,
            "voice": self.voice.value,
            "label": comment.label.value,
            "decorations": decorations(comment),
            "subject": f"{title(comment)} ({where(comment.primary)}).",
            "why": first_sentence(rule.why) if short else rule.why.strip(),
            "how": first_paragraph(rule.how) if short else rule.how.strip(),
            "details": details(comment.occurrences),
            "also": listing([place(o, comment.path) for o in comment.occurrences[1:]]),
            "references": rule.references,
        }


def make_renderer(voice: Voice) -> Renderer:
    """A renderer over the packaged templates; undefined names are errors, not blanks."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates") / "comments")),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701  # nosec B701 - Markdown output; HTML escapes on its own
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["where"] = where
    return Renderer(voice, environment)


def _tidy(body: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", body)
