"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one result per place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from reviewer import __version__
from reviewer.config.options import ReviewConfig
from reviewer.formats.ci import Place, details, places, repository_path
from reviewer.formats.inert import inert_json
from reviewer.inputs.vcs import work_tree_root
from reviewer.model import (
    AnalysisError,
    Category,
    Comment,
    Location,
    Occurrence,
    Review,
    Rule,
    Severity,
    Suggestion,
    Voice,
)
from reviewer.render.prose import plain_inline, sentence
from reviewer.render.suggestions import heading

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "reviewFingerprint/v1"
TEXT_LIMIT = 1024  # GitHub's limit for shortDescription and fullDescription
# Every result names a few of its comment's other places, as links in its message, each with
# the related location the link points to (all a viewer uses): its size stays bounded however
# many places a comment has (a real repository's missing-docstring comment has thousands).
MAX_LINKS = 5
LEVELS = {
    Severity.BLOCKER: "error",
    Severity.MAJOR: "error",
    Severity.MINOR: "warning",
    Severity.NIT: "note",
}
SECURITY_SEVERITY = {
    Severity.BLOCKER: "9.0",
    Severity.MAJOR: "7.0",
    Severity.MINOR: "4.0",
    Severity.NIT: "2.0",
}
PROBLEM_SEVERITY = {
    Severity.BLOCKER: "error",
    Severity.MAJOR: "error",
    Severity.MINOR: "warning",
    Severity.NIT: "recommendation",
}
# Design heuristics are judgment calls; the tools behind the other categories rarely miss.
PRECISION = {Category.SOLID: "medium", Category.TESTABILITY: "medium"}
_CWE = re.compile(r"^CWE-(\d+)$")

Json = dict[str, object]
Lines = Callable[[str], Sequence[str]]


def format(review: Review, config: ReviewConfig) -> str:
    """The review as one SARIF run; praise is not a result, errors are notifications."""
    root = work_tree_root()
    rules = sorted({c.rule.id: c.rule for c in review.comments}.values(), key=lambda r: r.id)
    index = {rule.id: position for position, rule in enumerate(rules)}
    run: Json = {
        "tool": {"driver": driver(rules, config)},
        "invocations": [invocation(review.errors, root, review.notes)],
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [
            result(place, index[place.comment.rule.id], root)
            for place in sorted(places(review.comments, root), key=Place.order)
        ],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return inert_json(json.dumps(log, indent=2, ensure_ascii=False) + "\n")


# The tool and its rules.


def driver(rules: Sequence[Rule], config: ReviewConfig) -> Json:
    """The tool, with a descriptor for every rule the results use, at its configured severity."""
    return {
        "name": "review",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [
            descriptor(rule, config.rule_severity.get(rule.id) or rule.severity) for rule in rules
        ],
    }


def descriptor(rule: Rule, severity: Severity) -> Json:
    """A rule as GitHub shows it: descriptions, help, tags, precision and severity."""
    properties: Json = {"tags": tags(rule), "precision": PRECISION.get(rule.category, "high")}
    if rule.category is Category.SECURITY:
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    else:
        properties["problem.severity"] = PROBLEM_SEVERITY[severity]
    return {
        "id": rule.id,
        "name": camel_case(rule.id),
        "shortDescription": {"text": clip(rule.title)},
        "fullDescription": {"text": clip(" ".join(rule.why.split()))},
        "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": properties,
    }


def tags(rule: Rule) -> list[str]:
    """Category and principle, plus GitHub's CWE tags for the CWEs the rule cites."""
    found = [rule.category.value]
    if rule.principle:
        found.append(rule.principle.value)
    cwes = (_CWE.match(reference) for reference in rule.references)
    found += [f"external/cwe/cwe-{int(m.group(1)):03d}" for m in cwes if m]
    return found


def camel_case(rule_id: str) -> str:
    """`sql-injection` -> `SqlInjection`, the form SARIF viewers expect of a rule name."""
    return "".join(part.capitalize() for part in re.split(r"[-_]", rule_id))


def clip(text: str, limit: int = TEXT_LIMIT) -> str:
    """The text, cut with an ellipsis where it would pass GitHub's length limit."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def help_text(rule: Rule) -> str:
    """Why, how and the references, as plain text."""
    parts = [rule.why.strip(), rule.how.strip()]
    if rule.references:
        parts.append("References:\n" + "\n".join(f"- {r}" for r in rule.references))
    return "\n\n".join(parts)


def help_markdown(rule: Rule) -> str:
    """Why, how and the references, as Markdown with links."""
    parts = [rule.why.strip(), "**How to fix**", rule.how.strip()]
    if rule.references:
        parts += [
            "**References**",
            "\n".join(f"- {reference_markdown(r)}" for r in rule.references),
        ]
    return "\n\n".join(parts)


def reference_markdown(reference: str) -> str:
    """A link for a URL or a CWE id, the text itself otherwise."""
    cwe = _CWE.match(reference)
    if cwe:
        return f"[{reference}](https://cwe.mitre.org/data/definitions/{cwe.group(1)}.html)"
    return f"<{reference}>" if reference.startswith(("http://", "https://")) else reference


# Results: one per place a comment applies to.


def result(place: Place, rule_index: int, root: Path) -> Json:
    """One SARIF result: this place is the location, the comment's other places are related."""
    comment = place.comment
    return {
        "ruleId": comment.rule.id,
        "ruleIndex": rule_index,
        "level": LEVELS[comment.severity],
        "message": {"text": message(place, root)},
        "locations": [{"physicalLocation": physical(place.location, root)}],
        "partialFingerprints": {FINGERPRINT_KEY: place.fingerprint},
        **related(comment, place.position, root),
        **fixes(place, root),
        "properties": {
            "commentId": comment.id,
            "label": comment.label.value,
            "blocking": comment.blocking,
        },
    }


def message(place: Place, root: Path) -> str:
    """The title, the first sentence of why and what the analyzers said, then links to the
    comment's other places."""
    comment, position = place.comment, place.position
    words = place.words
    text = f"{sentence(place.title)} {words.why}"
    said = details(place)
    if said:  # brackets would start an embedded link (SARIF 3.11.6)
        text += " " + sentence(said.replace("[", r"\[").replace("]", r"\]"))
    others = other_places(comment, position)
    if not others:
        return text
    links = [f"[{link_text(o.location, root)}]({n + 1})" for n, o in others]
    more = len(comment.occurrences) - 1 - len(links)
    tail = f" and {more} more" if more else ""
    return f"{text} The same applies at {', '.join(links)}{tail}."


def other_places(comment: Comment, position: int) -> list[tuple[int, Occurrence]]:
    """The first few of the comment's places other than this one, with their positions; only
    the first few are looked at, so a comment's results take time in proportion to its places."""
    first = comment.occurrences[: MAX_LINKS + 1]
    return [(n, o) for n, o in enumerate(first) if n != position][:MAX_LINKS]


def related(comment: Comment, position: int, root: Path) -> Json:
    """The places the message links to; location ids are 1-based occurrence numbers."""
    others = other_places(comment, position)
    if not others:
        return {}
    return {
        "relatedLocations": [
            {
                "id": n + 1,
                "physicalLocation": physical(o.location, root),
                "message": {"text": link_text(o.location, root)},
            }
            for n, o in others
        ]
    }


def fixes(place: Place, root: Path) -> Json:
    """The comment's suggested change as a SARIF fix, on the result at its lead place (the
    place it was built from): the user's whole lines deleted, the new text inserted."""
    found = place.comment.suggestion
    if found is None or place.position != 0:
        return {}
    region = deleted_region(found)
    replacement = {"deletedRegion": region, "insertedContent": {"text": found.after}}
    change = {"artifactLocation": artifact(found.path, root), "replacements": [replacement]}
    description = plain_inline(heading(place.comment, Voice.MENTOR)).removesuffix(":")
    return {"fixes": [{"description": {"text": description}, "artifactChanges": [change]}]}


def deleted_region(found: Suggestion) -> Json:
    """The user's whole lines: to the end of the last one, or, when the change only deletes
    them, to the start of the next line, so that no empty line is left behind."""
    end_line = max(found.end_line, found.line)
    if not found.after:
        end = {"endLine": end_line + 1, "endColumn": 1}
    else:
        end = {"endLine": end_line, "endColumn": len(found.before.split("\n")[-1]) + 1}
    return {"startLine": found.line, "startColumn": 1, **end}


def link_text(location: Location, root: Path) -> str:
    """`path:line`, with the brackets SARIF's embedded links reserve escaped."""
    text = f"{repository_path(location.path, root)}:{location.line}"
    return text.replace("[", r"\[").replace("]", r"\]")


def physical(location: Location, root: Path) -> Json:
    """File and region; a column only where the analyzer knew it (columns start at 1)."""
    start = max(location.line, 1)
    region: Json = {"startLine": start, "endLine": max(location.end_line, start)}
    if location.column >= 1:
        region["startColumn"] = location.column
    return {"artifactLocation": artifact(location.path, root), "region": region}


def artifact(path: str, root: Path) -> Json:
    """A URI relative to %SRCROOT% (the repository root), or an absolute file URI outside it."""
    relative = repository_path(path, root)
    if Path(relative).is_absolute():
        return {"uri": Path(relative).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


# What could not be analyzed.


def invocation(errors: Sequence[AnalysisError], root: Path, notes: Sequence[str] = ()) -> Json:
    """Unsuccessful only when an analyzer could not run at all, as the exit code says; the
    notes (what limits the review) first, at level note."""
    said = [{"level": "note", "message": {"text": note}} for note in notes]
    return {
        "executionSuccessful": all(error.path for error in errors),
        "toolExecutionNotifications": [*said, *(notification(e, root) for e in errors)],
    }


def notification(error: AnalysisError, root: Path) -> Json:
    """An error for an analyzer that did not run, a warning for a file it could not read."""
    found: Json = {
        "level": "warning" if error.path else "error",
        "message": {"text": f"{error.analyzer}: {error.message}"},
        "properties": {"analyzer": error.analyzer},
    }
    if error.path:
        found["locations"] = [
            {"physicalLocation": {"artifactLocation": artifact(error.path, root)}}
        ]
    return found
