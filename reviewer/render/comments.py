"""Comments rendered: their words as a `RenderedComment`, and the Markdown title and body that
the Jinja templates in templates/comments/ write from those fields (the JSON report keeps them)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.model import Comment, Label, Occurrence, RenderedComment, Voice
from reviewer.render.prose import (
    blocks,
    code_span,
    first_paragraph,
    first_sentence,
    inline_markdown,
    place,
    plural,
    sentence,
    where,
)
from reviewer.render.suggestions import suggestion_markdown
from reviewer.runtime.resources import data_dir

if TYPE_CHECKING:
    import jinja2

DEFAULT_TEMPLATE = "default.md.j2"
MAX_DETAILS = 3
MAX_LISTED = 10
# Said before a code block that is not from the user's file: the rules' stock examples.
EXAMPLE_INTRO = "For example, in other code:"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
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
    """The one-line subject: the rule's title, then the offending thing where it is known and
    the title does not name it already, then the function or class (at `occurrence`, one of
    the comment's places; the primary one by default): "Weak hash function: `hashlib.md5()`
    in `User.avatar`". The thing is the lead place's, so other places leave it out."""
    shown = occurrence or comment.primary
    subject = comment.rule.title
    if shown is comment.primary and _names_more(comment.thing, subject, shown.symbol):
        subject = f"{subject}: {comment.thing}"
    return f"{subject} in {code_span(shown.symbol)}" if shown.symbol else subject


def _names_more(thing: str, rule_title: str, symbol: str) -> bool:
    """Whether the thing says more than the rule's title and the symbol (`except:` in "Bare
    `except:`" does not, nor the class `OrderNotFound` in `OrderNotFound`)."""
    bare = thing.strip("` ").removesuffix("()")
    said = f"`{bare}`" in rule_title or bare == symbol.rsplit(".", 1)[-1]
    return bool(bare) and not said


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
    """The comment's words as fields: the peer's why and how are shorter than the mentor's.
    The lead place's own words go in `details`; each other place is a line with its own words
    (mentor), or they are counted (peer)."""
    rule = comment.rule
    short = voice is Voice.PEER
    praise = comment.label is Label.PRAISE
    return RenderedComment(
        voice=voice,
        label=comment.label.value,
        decorations=decorations(comment),
        subject=f"{title(comment)} ({where(comment.primary)}).",
        why=first_sentence(rule.why) if short else rule.why.strip(),
        how=how(rule.how, voice, suggested=comment.suggestion is not None),
        suggestion=suggestion_markdown(comment, voice),
        details=_praise_measure(comment) if praise else lead_details(comment, voice),
        places=other_places(comment, voice),
        references=rule.references,
        example_before=rule.example_before,
        example_after=rule.example_after,
    )


def how(text: str, voice: Voice, *, suggested: bool = False) -> str:
    """The rule's way forward in the voice, its stock example introduced as code from
    elsewhere; the example is left out when the comment suggests a change to this code (the
    mentor keeps the rest of the advice, the peer its first sentence)."""
    if voice is Voice.MENTOR:
        if suggested:
            return without_examples(text)
        return introduced_examples(text.strip(), EXAMPLE_INTRO)
    if suggested:
        first = blocks(text)[0] if text.strip() else ""
        return "" if _FENCE.match(first) else _lead_in(first)
    return introduced_examples(first_paragraph(text), EXAMPLE_INTRO)


def lead_details(comment: Comment, voice: Voice) -> tuple[str, ...]:
    """What the analyzers said of the lead place where it names something specific (and is
    not the rule's title again): a few for the mentor, the first for the peer."""
    said = _specific_words(comment.primary, comment.rule.title)
    return tuple(said[: 1 if voice is Voice.PEER else MAX_DETAILS])


def other_places(comment: Comment, voice: Voice) -> tuple[str, ...]:
    """The other places: for the mentor one line each, naming its function and saying its
    own words where they differ from those already said; for the peer, how many there are."""
    others = comment.occurrences[1:]
    if not others:
        return ()
    if voice is Voice.PEER:
        return (_count_of_places(comment.path, others),)
    said = set(_specific_words(comment.primary, comment.rule.title))
    lines = []
    for other in others[:MAX_LISTED]:
        words = [w for w in _specific_words(other, comment.rule.title) if w not in said]
        said.update(words[:1])
        shown = place(other, comment.path)
        lines.append(f"{shown}: {words[0]}" if words else shown)
    rest = len(others) - MAX_LISTED
    return (*lines, f"and {plural(rest, 'more place')}") if rest > 0 else tuple(lines)


def _specific_words(occurrence: Occurrence, rule_title: str) -> list[str]:
    """The occurrence's messages that name something specific, each once, as inert Markdown."""
    kept: dict[str, str] = {}
    title_key = _SPECIFIC_ONLY.sub("", rule_title.lower())
    for message in (m.strip() for m in occurrence.messages):
        key = _SPECIFIC_ONLY.sub("", message.lower())
        if _SPECIFIC.search(message) and key not in kept and key != title_key:
            kept[key] = inline_markdown(message)
    return list(kept.values())


def _count_of_places(path: str, others: Sequence[Occurrence]) -> str:
    """`3 more places in this file and 2 in `api.py``."""
    here = sum(o.location.path == path for o in others)
    files = sorted({o.location.path for o in others if o.location.path != path})
    elsewhere = len(others) - here
    there = code_span(files[0]) if len(files) == 1 else plural(len(files), "other file")
    parts = [f"{plural(here, 'more place')} in this file"] if here else []
    if elsewhere:
        counted = str(elsewhere) if here else plural(elsewhere, "more place")
        parts.append(f"{counted} in {there}")
    return " and ".join(parts)


def introduced_examples(markdown: str, intro: str) -> str:
    """`markdown` with every fenced code block introduced by `intro` (a rule's example is
    never the user's code), the sentence that led into it ending in a full stop instead."""
    out: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        stripped = line.strip()
        if fence:
            fence = "" if stripped.startswith(fence) and not stripped.strip(fence[0]) else fence
        elif opening := _FENCE.match(line):
            fence = opening[1]
            _introduce(out, intro)
        out.append(line)
    return "\n".join(out)


def _introduce(out: list[str], intro: str) -> None:
    while out and not out[-1].strip():
        out.pop()
    if out and out[-1].strip() != intro:
        out[-1] = _lead_in(out[-1])
        out.append("")
    if not out or out[-1].strip() != intro:
        out.append(intro)
    out.append("")


def without_examples(markdown: str) -> str:
    """The prose of `markdown` without its fenced code blocks, a sentence that led into one
    ending in a full stop instead."""
    kept: list[str] = []
    for block in blocks(markdown):
        if _FENCE.match(block):
            if kept:
                kept[-1] = _lead_in(kept[-1])
        else:
            kept.append(block)
    return "\n\n".join(kept)


def _lead_in(text: str) -> str:
    """A sentence that introduced an example, ending in a full stop: "Consider a `def`:" and
    "the form it suggests, for example:" read "Consider a `def`." and "the form it suggests."."""
    stripped = text.rstrip()
    for ending in (", for example:", " for example:", ":"):
        if stripped.endswith(ending):
            return stripped[: -len(ending)] + "."
    return text


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
    sections.append(places_section(text))
    return [s for s in sections if s]


def details_section(text: RenderedComment) -> str:
    """The analyzers' words at the lead place: a list for the mentor, one line for the peer."""
    if not text.details:
        return ""
    if text.voice is Voice.MENTOR and len(text.details) > 1:
        return "What the analyzers saw:\n" + "\n".join(f"- {d}" for d in text.details)
    return f"What the analyzers saw: {sentence(text.details[0])}"


def places_section(text: RenderedComment) -> str:
    """The other places: a line each for the mentor, how many for the peer."""
    if not text.places:
        return ""
    if text.voice is Voice.MENTOR:
        return "Also applies to:\n" + "\n".join(f"- {p}" for p in text.places)
    return f"Also applies to {text.places[0]}."


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
            "seen": details_section(text),
            "places": list(text.places),
            "also": places_section(text),
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


def most_severe_first(comments: Iterable[Comment]) -> list[Comment]:
    """Comments by severity, then by line: within a file, a nit never comes before a blocker."""
    return sorted(comments, key=lambda c: (c.severity.rank, c.line))
