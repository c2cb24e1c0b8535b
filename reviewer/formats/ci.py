"""What the CI formats share: every place of every comment, with its repository path, and the
analyzers' own words, which say more than the rule's."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from reviewer.inputs.vcs import repository_path, work_tree_root
from reviewer.model import Comment, Location, RenderedComment, Voice
from reviewer.pipeline.fingerprints import fingerprints
from reviewer.render.comments import details as specific_words
from reviewer.render.comments import rendered, title
from reviewer.render.prose import unescaped

__all__ = ["Place", "details", "places", "repository_path", "short", "work_tree_root"]


class Place(NamedTuple):
    """One place a comment applies to, as the CI formats report it."""

    comment: Comment
    position: int
    path: str
    fingerprint: str
    words: RenderedComment  # the comment's, in the short voice: made once for all its places

    @property
    def location(self) -> Location:
        """Where this place is, as the pipeline reported it."""
        return self.comment.occurrences[self.position].location

    @property
    def title(self) -> str:
        """The comment's title, naming this place's function or class rather than the first."""
        if self.position == 0 and self.comment.title:
            return self.comment.title
        return title(self.comment, self.comment.occurrences[self.position])

    def order(self) -> tuple[str, int, int, str, str]:
        """Deterministic report order: file, line, column, rule, fingerprint."""
        location = self.location
        return (self.path, location.line, location.column, self.comment.rule.id, self.fingerprint)


def places(comments: Iterable[Comment], root: Path) -> list[Place]:
    """Every place of every comment, in review order, with a repository path and a fingerprint."""
    found = []
    for comment in comments:
        marks = [o.fingerprint for o in comment.occurrences]
        if not all(marks):  # a comment built by hand, not by the pipeline
            marks = fingerprints(comment.rule.id, comment.occurrences)
        words = short(comment)
        for position, (o, mark) in enumerate(zip(comment.occurrences, marks, strict=True)):
            path = repository_path(o.location.path, root)
            found.append(Place(comment, position, path, mark, words))
    return found


def short(comment: Comment) -> RenderedComment:
    """The comment's words in the short voice, which a CI annotation speaks whatever --voice
    says: it sits beside the code, and links to the write-up for more."""
    return rendered(comment, Voice.PEER)


def details(place: Place) -> str:
    """`Details: ...`: what the analyzers said of this place, where they named something
    specific, as plain text that keeps its code spans; "" when they said nothing specific. An
    annotation sits at its own line, so it carries that line's words, not the first place's."""
    occurrence = place.comment.occurrences[place.position]
    said = "; ".join(unescaped(detail) for detail in specific_words([occurrence]))
    return f"Details: {said}" if said else ""
