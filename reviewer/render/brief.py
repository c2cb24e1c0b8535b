"""What a brief write-up (`--brief`) keeps in its details, and the line that counts the rest.

Every blocker and major stays, explained (why it matters, at its lines): those are what a
reviewer would raise and an interviewer would ask about. Of the minors, the two most important
of each category stay, named with their line but not explained: one shows the kind of thing a
category holds, a second whether it is a pattern; more reads as a to-do list, which is the full
write-up's job. Nits stay out. What "Start here" names stays, explained, whatever its severity,
so its links land on something worth reading. The brief HTML write-up of the problem sample
prints on six pages (tests/test_html_chromium.py holds it to eight).
"""

from __future__ import annotations

import dataclasses
import shlex
from collections import Counter
from collections.abc import Sequence

from reviewer.model import Category, Comment, Severity
from reviewer.render.prose import code_span, plural
from reviewer.render.talking_points import TalkingPoint

MINORS_PER_CATEGORY = 2


def brief_points(points: Sequence[TalkingPoint]) -> list[TalkingPoint]:
    """A brief write-up's talking points: the first question of each topic, the one about its
    most important code, and its first trade-off; the full write-up asks the follow-ups."""
    return [
        dataclasses.replace(
            point,
            questions=point.questions[:1],
            tradeoffs=point.tradeoffs[:1],
            grounds=point.grounds[:1],
        )
        for point in points
    ]


def brief_comments(ranked: Sequence[Comment], leads: Sequence[Comment] = ()) -> list[Comment]:
    """The comments a brief write-up shows, in their ranked order."""
    minors: Counter[Category] = Counter()
    kept: list[Comment] = []
    for comment in ranked:
        category = comment.rule.category
        if comment.severity is Severity.MINOR and comment not in leads:
            minors[category] += 1
            if minors[category] > MINORS_PER_CATEGORY:
                continue
        elif not comment.severity.at_least(Severity.MINOR) and comment not in leads:
            continue
        kept.append(comment)
    return kept


def explained(comment: Comment, leads: Sequence[Comment] = ()) -> bool:
    """True for the comments a brief write-up explains; the other minors it only names."""
    return comment.severity.at_least(Severity.MAJOR) or comment in leads


def full_report_command(paths: Sequence[str], output_format: str = "html") -> str:
    """The command that writes the full write-up of the same paths."""
    shown = " ".join(shlex.quote(path) for path in paths) or "."
    return f"review {shown} -f {output_format} -o full.{_suffix(output_format)}"


def more_in_full_report(left_out: int, paths: Sequence[str], output_format: str = "html") -> str:
    """`12 more comments in the full report (`review app -f html -o full.html`).`, as Markdown."""
    command = code_span(full_report_command(paths, output_format))
    return f"{plural(left_out, 'more comment')} in the full report ({command})."


def _suffix(output_format: str) -> str:
    return "md" if output_format == "markdown" else output_format
