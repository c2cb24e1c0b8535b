"""The JSON report, schema_version 2 (the contract in docs/architecture.md; 2 added each
comment's `thing` and `suggestion`)."""

from __future__ import annotations

import json

from reviewer import __version__
from reviewer.config.options import ReviewConfig
from reviewer.formats.inert import inert_json
from reviewer.model import AnalysisError, Comment, Review, Suggestion, Summary
from reviewer.pipeline.scoring import grade

SCHEMA_VERSION = 2


def format(review: Review, config: ReviewConfig) -> str:
    """The whole review as JSON, keys in the documented order."""
    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "reviewer", "version": __version__},
        "paths": list(review.paths),
        "summary": summary_json(review.summary),
        "comments": [comment_json(c) for c in review.comments],
        "praise": [praise_json(c) for c in review.praise],
        "errors": [error_json(e) for e in review.errors],
        "notes": list(review.notes),
    }
    return inert_json(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def summary_json(summary: Summary) -> dict[str, object]:
    return {
        "files": summary.files,
        "lines": summary.lines,
        "comments": sum(summary.by_severity.values()),
        "omitted": summary.omitted,
        "by_severity": dict(summary.by_severity),
        "by_category": dict(summary.by_category),
        "scores": dict(summary.scores),
        "grades": {category: grade(score) for category, score in summary.scores.items()},
    }


def comment_json(comment: Comment) -> dict[str, object]:
    rule = comment.rule
    return {
        "id": comment.id,
        "rule": rule.id,
        "category": rule.category.value,
        "principle": rule.principle.value if rule.principle else None,
        "severity": comment.severity.value,
        "label": comment.label.value,
        "blocking": comment.blocking,
        "path": comment.path,
        "line": comment.line,
        "end_line": comment.end_line,
        "locations": [
            {"path": o.location.path, "line": o.location.line, "end_line": o.location.end_line}
            for o in comment.occurrences
        ],
        "title": comment.title,
        "body": comment.body,
        "sources": list(comment.sources),
        "thing": comment.thing,
        "suggestion": suggestion_json(comment.suggestion),
    }


def suggestion_json(suggestion: Suggestion | None) -> dict[str, object] | None:
    """The change the lead place could take, as the user's lines before and after; None where
    none could be built."""
    if suggestion is None:
        return None
    return {
        "path": suggestion.path,
        "line": suggestion.line,
        "end_line": suggestion.end_line,
        "before": suggestion.before,
        "after": suggestion.after,
        "safe": suggestion.safe,
        "source": suggestion.source,
        "note": suggestion.note,
    }


def praise_json(comment: Comment) -> dict[str, object]:
    rule = comment.rule
    return {
        "rule": rule.id,
        "category": rule.category.value,
        "principle": rule.principle.value if rule.principle else None,
        "path": comment.path,
        "line": comment.line,
        "end_line": comment.end_line,
        "title": comment.title,
        "body": comment.body,
    }


def error_json(error: AnalysisError) -> dict[str, object]:
    return {"path": error.path, "analyzer": error.analyzer, "message": error.message}
