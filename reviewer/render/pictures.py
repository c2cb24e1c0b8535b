"""Pictures for the write-ups: what the HTML page draws as inline SVG and the Markdown as
Mermaid (filled in by issue 20's pictures work)."""

from __future__ import annotations

from reviewer.model import Review


def html_picture_fields(review: Review) -> dict[str, object]:
    """The fields `templates/reports/pictures.html.j2` reads."""
    del review
    return {}


def markdown_picture_fields(review: Review) -> dict[str, object]:
    """The fields `templates/reports/pictures.md.j2` reads."""
    del review
    return {}
