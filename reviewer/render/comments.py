"""Comments rendered: their words as a `RenderedComment`, and the Markdown title and body that
the Jinja templates in templates/comments/ write from those fields (the JSON report keeps them)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.model import Comment, Label, Occurrence, RenderedComment, Voice
from reviewer.render.prose import (
    code_span,
    first_paragraph,
    first_sentence,
    inline_markdown,
    listing,
    place,
    where,
)
from reviewer.render.suggestions import suggestion_markdown
from reviewer.runtime.resources import data_dir

if TYPE_CHECKING:
    import jinja2

DEFAULT_TEMPLATE = "default.md.j2"
MAX_DETAILS = 3
# A message that quotes a name or states a number says more than the rule's own text.
_SPECIFIC = re.compile(r"[`\"']|\d")
_SPECIFIC_ONLY = re.compile(r"[^a-z0-9]+")


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


def title(comment: Comment, occurrence: Occurrence | None = None) -> str:
    """The one-line subject: the rule's title, naming the function or class where known (at
    `occurrence`, one of the comment's places; the primary one by default)."""
    symbol = (occurrence or comment.primary).symbol
    return f"{comment.rule.title} in {code_span(symbol)}" if symbol else comment.rule.title


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
                if len(kept) == MAX_DETAILS:  # a comment can have thousands of places
                    return list(kept.values())
    return list(kept.values())


def _attributed(message: str, occurrence: Occurrence, primary: Occurrence | None) -> str:
    if primary is None or occurrence.location == primary.location:
        return message
    return f"{where(occurrence, primary.location.path)}: {message}"


def rendered(comment: Comment, voice: Voice) -> RenderedComment:
    """The comment's words as fields: the peer's why and how are shorter than the mentor's."""
    rule = comment.rule
    short = voice is Voice.PEER
    return RenderedComment(
        voice=voice,
        label=comment.label.value,
        decorations=decorations(comment),
        subject=f"{title(comment)} ({where(comment.primary)}).",
        why=first_sentence(rule.why) if short else rule.why.strip(),
        how=first_paragraph(rule.how) if short else rule.how.strip(),
        suggestion=suggestion_markdown(comment, voice),
        details=_praise_measure(comment) if comment.label is Label.PRAISE else _details(comment),
        places=tuple(place(o, comment.path) for o in comment.occurrences[1:]),
        references=rule.references,
        example_before=rule.example_before,
        example_after=rule.example_after,
    )


def _details(comment: Comment) -> tuple[str, ...]:
    return tuple(details(comment.occurrences))


def _praise_measure(comment: Comment) -> tuple[str, ...]:
    """What praise measured, in the design analyzer's own words."""
    return comment.primary.messages[:1]


def lead(text: RenderedComment) -> str:
    """`**label (decorations):** subject`, the body's first line."""
    decorated = f"{text.label} ({text.decorations})" if text.decorations else text.label
    return f"**{decorated}:** {text.subject}"


def body_sections(text: RenderedComment) -> list[str]:
    """The body's Markdown blocks after the lead line, as the packaged templates lay them out:
    why, how, the suggested change, the analyzers' words, references (mentor) and the other
    places; for praise, what was measured and why it is good."""
    if text.label == Label.PRAISE.value:
        return [s for s in (*text.details[:1], text.why) if s]
    sections = [text.why, text.how, text.suggestion, details_section(text)]
    if text.voice is Voice.MENTOR and text.references:
        sections.append(f"References: {', '.join(text.references)}")
    if text.places:
        sections.append(f"Also applies to: {listing(text.places)}.")
    return [s for s in sections if s]


def details_section(text: RenderedComment) -> str:
    """The analyzers' words: a list for the mentor, one line for the peer."""
    if not text.details:
        return ""
    if text.voice is Voice.MENTOR:
        return "What the analyzers saw:\n" + "\n".join(f"- {d}" for d in text.details)
    return f"Details: {'; '.join(text.details)}"


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
        """The template's names: the rendered fields, and the comment and rule themselves."""
        text = rendered(comment, self.voice)
        return {
            "comment": comment,
            "rule": comment.rule,
            "text": text,
            "voice": self.voice.value,
            "label": text.label,
            "decorations": text.decorations,
            "subject": text.subject,
            "why": text.why,
            "how": text.how,
            "suggestion": text.suggestion,
            "details": list(text.details),
            "also": listing(text.places),
            "references": text.references,
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
