"""A comment's suggested change in Markdown: the user's lines before and after (to be built:
issue 17). Formats that lay it out their own way read `Comment.suggestion` directly."""

from __future__ import annotations

from reviewer.model import Comment, Voice


def suggestion_markdown(comment: Comment, voice: Voice) -> str:
    """The change as the comment's body shows it; empty when there is none."""
    return ""
