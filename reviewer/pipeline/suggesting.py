"""Each shown comment given its suggested change and the name of the offending thing, built
from its lead place: the findings there and the file's text."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence

from reviewer.model import Comment, Concern, Finding
from reviewer.suggestions import Flagged, suggestion_for, thing_for


def with_suggestions(comments: Sequence[Comment], concerns: Iterable[Concern]) -> list[Comment]:
    """The comments, each with the suggestion and the thing of its lead place."""
    found: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for concern in concerns:
        found[(concern.rule.id, concern.finding.location.path)].append(concern.finding)
    texts: dict[str, str | None] = {}
    suggested = []
    for comment in comments:
        path = comment.path
        if path not in texts:
            texts[path] = _text(path)
        suggested.append(_suggested(comment, found[(comment.rule.id, path)], texts[path]))
    return suggested


def _suggested(comment: Comment, findings: Sequence[Finding], text: str | None) -> Comment:
    lead = comment.primary.location
    there = tuple(f for f in findings if lead.line <= f.location.line <= lead.end_line)
    if text is None:
        return comment
    flagged = Flagged(comment.rule.id, lead.path, lead.line, lead.end_line, there, text)
    return dataclasses.replace(
        comment, suggestion=suggestion_for(flagged), thing=thing_for(flagged)
    )


def _text(path: str) -> str | None:
    """The file's text (None when it cannot be read now: it was reported when read)."""
    try:
        with open(path, "rb") as file:
            return file.read().decode("utf-8", errors="replace")
    except OSError:
        return None
