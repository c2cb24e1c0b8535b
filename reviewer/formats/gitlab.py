"""GitLab Code Quality report: a JSON array of Code Climate issues, one per place."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from reviewer.config.options import ReviewConfig
from reviewer.formats.ci import Place, details, places, repository_path, work_tree_root
from reviewer.formats.inert import inert_json
from reviewer.model import AnalysisError, Category, Review, Severity, Voice
from reviewer.render.prose import sentence
from reviewer.render.suggestions import suggestion_markdown

# GitLab accepts info, minor, major, critical and blocker.
SEVERITIES = {
    Severity.BLOCKER: "blocker",
    Severity.MAJOR: "major",
    Severity.MINOR: "minor",
    Severity.NIT: "info",
}
# Code Climate's categories: Bug Risk, Clarity, Compatibility, Complexity, Duplication,
# Performance, Security, Style.
CATEGORIES = {
    Category.SOLID: "Complexity",
    Category.TESTABILITY: "Complexity",
    Category.SECURITY: "Security",
    Category.READABILITY: "Clarity",
    Category.ERROR_HANDLING: "Bug Risk",
    Category.PERFORMANCE: "Performance",
    Category.CORRECTNESS: "Bug Risk",
}
ERROR_CHECK = "review-analysis-error"
NOTE_CHECK = "review-note"

Json = dict[str, object]


def format(review: Review, config: ReviewConfig) -> str:
    """What limits the review (unresolved imports, newer syntax), every place of every
    comment in file order, then what could not be analyzed."""
    root = work_tree_root()
    found = sorted(places(review.comments, root), key=lambda place: place.order())
    report = [note_issue(note) for note in review.notes]
    report += [issue(place) for place in found]
    report += [error_issue(error, root) for error in review.errors]
    return inert_json(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def issue(place: Place) -> Json:
    """One Code Climate issue; GitLab reads the fields its documentation lists."""
    comment = place.comment
    location = place.location
    title = sentence(place.title)
    text = place.words
    said = details(place)
    description = f"{title} {text.why}"
    return {
        "type": "issue",
        "check_name": comment.rule.id,
        "description": f"{description} {sentence(said)}" if said else description,
        "categories": [CATEGORIES[comment.rule.category]],
        "severity": SEVERITIES[comment.severity],
        "fingerprint": digest(place.fingerprint),
        "location": {
            "path": place.path,
            "lines": {"begin": location.line, "end": max(location.end_line, location.line)},
        },
        **content(place),
    }


def content(place: Place) -> Json:
    """The Code Climate issue's Markdown `content`, at the comment's lead place when a change
    was built for it: the suggested change as a `diff` block (GitLab's widget shows the
    description; other Code Climate readers show this too)."""
    if place.position != 0 or place.comment.suggestion is None:
        return {}
    return {"content": {"body": suggestion_markdown(place.comment, Voice.PEER)}}


def note_issue(note: str) -> Json:
    """An info entry on the project, so that the merge request says what limits the review."""
    return {
        "type": "issue",
        "check_name": NOTE_CHECK,
        "description": f"review: {note}",
        "categories": ["Bug Risk"],
        "severity": "info",
        "fingerprint": digest("\0".join((NOTE_CHECK, note))),
        "location": {"path": ".", "lines": {"begin": 1, "end": 1}},
    }


def error_issue(error: AnalysisError, root: Path) -> Json:
    """An info entry, so that the merge request shows what the review could not look at."""
    path = repository_path(error.path, root) if error.path else "."
    subject = f"could not analyze {path}" if error.path else "did not run"
    return {
        "type": "issue",
        "check_name": ERROR_CHECK,
        "description": f"review: {error.analyzer} {subject}: {error.message}",
        "categories": ["Bug Risk"],
        "severity": "info",
        "fingerprint": digest("\0".join((ERROR_CHECK, error.analyzer, path, error.message))),
        "location": {"path": path, "lines": {"begin": 1, "end": 1}},
    }


def digest(text: str) -> str:
    """A SHA-256 hex digest, GitLab's unique fingerprint of an issue."""
    return hashlib.sha256(text.encode()).hexdigest()
