"""A whole review kept by everything it was made from, so that a run on the same files with
the same settings, tools and code answers without starting an analyzer.

The key covers: each file's path and bytes, the settings and the catalog, our own code, rules
and templates, the installed packages (the tools' versions are in their dist-info names), the
baseline's bytes, the working folder, and whatever else an analyzer says a project's result
depends on (mypy: the project's config file and its other modules). Runs limited to a diff are
not kept: their scope is the git state. A review with a run-level error (a tool that crashed
or timed out) is not kept either. An entry that does not read back whole is ignored."""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reviewer.analyzers import external_inputs
from reviewer.analyzers.base import Analyzer, Deferred, Wrapped
from reviewer.analyzers.stored import code_digest, content_digest, digest
from reviewer.catalog.rules import Catalog
from reviewer.config.files import draws_map
from reviewer.config.options import ReviewConfig
from reviewer.inputs.scope import Scope
from reviewer.inputs.sources import UNREVIEWABLE, Vetted, source_digest
from reviewer.model import (
    AnalysisError,
    Area,
    ClassLink,
    ClassNode,
    CodeMap,
    Comment,
    Confidence,
    FileMeasure,
    FunctionMeasure,
    LinkKind,
    Location,
    Occurrence,
    Review,
    Severity,
    Suggestion,
    Summary,
)
from reviewer.runtime import resources
from reviewer.runtime.atomic import entry_path, read_entry, write_entry
from reviewer.runtime.installed import installed_packages

FORMAT = "5"  # 5: the map of the code kept with the review


def review_key(
    config: ReviewConfig,
    catalog: Catalog,
    scope: Scope,
    analyzers: Sequence[Analyzer],
    vetted: Vetted,
) -> str | None:
    """The key of this review, or None when it is not one to keep (a diff's)."""
    if scope.changes is not None:
        return None
    baseline = content_digest(scope.baseline.path) if scope.baseline else ""
    readable = [source for source, found in vetted if not found.startswith(UNREVIEWABLE)]
    return digest(
        FORMAT,
        _our_code(),
        installed_packages(),
        sys.version,
        os.getcwd(),
        _settings(config),
        canonical(catalog.rules),
        baseline,
        *(_identity(a) for a in analyzers),
        external_inputs(config, readable),
        *(f"{f.path}\0{f.language}\0{f.problem}\0{found}" for f, found in vetted),
    )


def load_review(folder: Path, key: str, catalog: Catalog) -> Review | None:
    """The review kept under `key`, or None (missing, damaged, or naming a rule we lack)."""
    try:
        return _review_from(read_entry(entry_path(folder / "reviews", key)), catalog)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def store_review(folder: Path, key: str, review: Review, vetted: Vetted) -> None:
    """Keep a review made without a run-level error, from files whose bytes are still those
    its key was made of (a file saved while the review ran was analyzed as other bytes)."""
    unchanged = all(source_digest(source) == found for source, found in vetted)
    if unchanged and all(error.path for error in review.errors):
        write_entry(entry_path(folder / "reviews", key), _review_data(review))


# Settings that shape how a review is written out, not what it says (--fail-on is not one:
# it decides which comments are "blocking", in their bodies too).
OUTPUT_ONLY = ("output", "output_format", "color")


def _settings(config: ReviewConfig) -> str:
    data = canonical_data(config)
    for name in OUTPUT_ONLY:
        data.pop(name)
    data["draws_map"] = draws_map(config)  # a write-up's review carries the map of the code
    return json.dumps(data, sort_keys=True)


def canonical(value: object) -> str:
    """The same text for equal settings in every process (sets are sorted, not hashed)."""
    return json.dumps(canonical_data(value), sort_keys=True)


def canonical_data(value: object) -> Any:
    """Plain JSON data for dataclasses, enums, mappings, sets and sequences."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): canonical_data(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((canonical_data(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [canonical_data(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)


@functools.lru_cache(maxsize=1)
def _our_code() -> str:
    """Our package, rules and templates: a change to any of them can change a review."""
    folders = (Path(resources.__file__).parents[1], resources.data_dir("rules"))
    files = [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]
    files += sorted(p for p in resources.data_dir("templates").rglob("*") if p.is_file())
    kept = [p for p in files if "__pycache__" not in p.parts]
    return digest(*(f"{p.name}\0{content_digest(str(p))}" for p in kept))


def _identity(analyzer: Analyzer) -> str:
    """One of ours, from the registry, by name (our code is in the key); any other by its
    class and the code of its module."""
    while isinstance(analyzer, Wrapped):
        analyzer = analyzer.inner
    if isinstance(analyzer, Deferred):
        return f"registered\0{analyzer.name}"
    kind = type(analyzer)
    return f"{kind.__module__}.{kind.__qualname__}\0{code_digest(kind)}\0{analyzer.version()}"


def _review_data(review: Review) -> dict[str, Any]:
    """Plain data, places as lists: a large tree's review holds tens of thousands."""
    return {
        "paths": list(review.paths),
        "summary": canonical_data(review.summary),
        "comments": [_comment_data(c) for c in review.comments],
        "praise": [_comment_data(c) for c in review.praise],
        "errors": [[e.analyzer, e.message, e.path] for e in review.errors],
        "analyzers": list(review.analyzers),
        "notes": list(review.notes),
        "code_map": canonical_data(review.code_map),
    }


def _comment_data(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "rule": canonical_data(comment.rule),
        "severity": comment.severity.value,
        "fail_on": comment.fail_on.value if comment.fail_on else None,
        "title": comment.title,
        "body": comment.body,
        "thing": comment.thing,
        "suggestion": dataclasses.asdict(comment.suggestion) if comment.suggestion else None,
        "places": [
            [
                *(p.location.path, p.location.line, p.location.end_line, p.location.column),
                *(p.symbol, p.messages, p.sources, p.fingerprint),
                *(p.confidence.value, p.area.value),
            ]
            for p in comment.occurrences
        ],
    }


def _review_from(data: Any, catalog: Catalog) -> Review | None:
    """The kept review, or None when a rule it comments under is no longer the catalog's."""
    kept = [*data["comments"], *data["praise"]]
    if any(canonical_data(catalog.rules.get(c["rule"]["id"])) != c["rule"] for c in kept):
        return None
    return Review(
        paths=tuple(data["paths"]),
        summary=Summary(**data["summary"]),
        comments=tuple(_comment_from(c, catalog) for c in data["comments"]),
        praise=tuple(_comment_from(c, catalog) for c in data["praise"]),
        errors=tuple(AnalysisError(str(a), str(m), str(p)) for a, m, p in data["errors"]),
        analyzers=tuple(data["analyzers"]),
        notes=tuple(data["notes"]),
        code_map=code_map_from(data["code_map"]),
    )


def _comment_from(data: Mapping[str, Any], catalog: Catalog) -> Comment:
    return Comment(
        id=str(data["id"]),
        rule=catalog.rules[data["rule"]["id"]],
        severity=Severity(data["severity"]),
        occurrences=tuple(_occurrence_from(place) for place in data["places"]),
        title=str(data["title"]),
        body=str(data["body"]),
        fail_on=Severity(data["fail_on"]) if data["fail_on"] else None,
        suggestion=Suggestion(**data["suggestion"]) if data["suggestion"] else None,
        thing=str(data["thing"]),
    )


def _occurrence_from(place: Sequence[Any]) -> Occurrence:
    path, line, end_line, column, symbol, messages, sources, fingerprint, sure, area = place
    return Occurrence(
        Location(str(path), int(line), int(end_line), int(column)),
        str(symbol),
        tuple(messages),
        tuple(sources),
        str(fingerprint),
        Confidence(sure),
        Area(area),
    )


def code_map_from(data: Mapping[str, Any]) -> CodeMap:
    """The map of the code as `canonical_data` wrote it."""
    return CodeMap(
        files=tuple(
            FileMeasure(str(f["path"]), int(f["lines"]), tuple(f["places"]), float(f["weight"]))
            for f in data["files"]
        ),
        functions=tuple(FunctionMeasure(**f) for f in data["functions"]),
        classes=tuple(ClassNode(**c) for c in data["classes"]),
        links=tuple(
            ClassLink(
                str(k["source"]),
                str(k["target"]),
                LinkKind(k["kind"]),
                str(k["path"]),
                int(k["line"]),
            )
            for k in data["links"]
        ),
    )
