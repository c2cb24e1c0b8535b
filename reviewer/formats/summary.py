"""The plain lines every terminal format ends with: analysis errors and the totals."""

from __future__ import annotations

from reviewer.model import AnalysisError, Review
from reviewer.render.excerpts import printable
from reviewer.render.prose import plural


def error_line(error: AnalysisError) -> str:
    """`Could not analyze: ...`, one line for one error."""
    message = " ".join(error.message.split())
    if error.path:
        return printable(f"Could not analyze: {error.path} ({error.analyzer}: {message})")
    return printable(f"Could not analyze: any file with {error.analyzer} ({message})")


def totals_line(review: Review) -> str:
    """The last line: how much was reviewed and how many comments it earned."""
    summary = review.summary
    reviewed = f"{plural(summary.files, 'file')}, {plural(summary.lines, 'line')} reviewed."
    if review.errors:
        reviewed += f" {plural(len(review.errors), 'analysis error')} (see Errors)."
    if not review.comments and not summary.omitted:
        return f"No comments: {reviewed}"
    blocking = sum(c.blocking for c in review.comments)
    return f"{plural(len(review.comments), 'comment')} shown ({blocking} blocking): {reviewed}"


def omitted_line(omitted: int) -> str:
    """How many comments --max-comments left out."""
    return f"{omitted} more {'comment' if omitted == 1 else 'comments'} not shown (--max-comments)."
