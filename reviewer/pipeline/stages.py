"""The pure stages of a review: findings in, ranked and rendered comments out.

Nothing here runs a tool, starts a thread or touches the cache: `pipeline.run` does that and
hands these functions the data."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from reviewer.analyzers.base import Analyzer
from reviewer.analyzers.tools.mypy_unresolved import unresolved_note, unresolved_packages
from reviewer.catalog.rules import Catalog
from reviewer.catalog.selection import ignored_here
from reviewer.config.options import ReviewConfig
from reviewer.inputs.scope import Scope
from reviewer.inputs.sources import SourceSet
from reviewer.languages import area_of
from reviewer.languages.facts import NO_FACTS, Facts, symbol_at
from reviewer.languages.python.outline import tree_on_disk
from reviewer.model import (
    AnalysisError,
    AnalyzerResult,
    Comment,
    Concern,
    Finding,
    Label,
    Occurrence,
    Review,
    Rule,
    Severity,
)
from reviewer.pipeline.baseline import new_only
from reviewer.pipeline.fingerprints import Place, fingerprints, normalized_codes
from reviewer.pipeline.idioms import reconsidered
from reviewer.pipeline.scoring import summarize
from reviewer.pipeline.suggesting import with_suggestions
from reviewer.pipeline.suppressions import is_suppressed, unknown_ids
from reviewer.pipeline.weighing import confidence, lead_first, severity_for

Renderer = Callable[[Comment], Comment]


@dataclass(frozen=True)
class Ingredients:
    """What one review is made with, besides the files."""

    config: ReviewConfig
    analyzers: Sequence[Analyzer]
    catalog: Catalog
    render: Renderer
    scope: Scope


def assemble(run: Ingredients, sources: SourceSet, result: AnalyzerResult) -> Review:
    """The findings mapped to rules, blended, grouped, ranked and rendered."""
    config, catalog, scope = run.config, run.catalog, run.scope
    facts = sources.facts
    findings, unresolved = unresolved_packages(result.findings)
    concerns, unmapped = interpret(findings, catalog, config, facts)
    kept = (c for c in absorb(concerns) if scope.keeps(c))
    concerns = [c for c in kept if not is_suppressed(c, catalog, facts)]
    concerns = _idioms_read(concerns, catalog, config, facts)
    unknown = unknown_ids(facts, catalog)
    fail_on = config.fail_on.severity  # what "blocking" means in this run
    grouped = [c.under(fail_on) for c in group(concerns, severity_for(config))]
    praise, found = split_praise(rank(grouped))
    comments, notes = new_only(scope, found)
    shown = comments if config.max_comments is None else comments[: config.max_comments]
    shown = with_suggestions(shown, concerns)
    errors = (*sources.errors, *result.errors, *unmapped, *unknown)
    omitted, whole_tree = len(comments) - len(shown), scope.changes is None
    summary = summarize(comments, sources.reviewed, sources.lines, omitted, scored=whole_tree)
    return Review(
        paths=tuple(config.paths),
        summary=summary,
        comments=tuple(run.render(c) for c in shown),
        praise=tuple(run.render(c) for c in praise),
        errors=tuple(sorted(set(errors), key=lambda e: (e.path, e.analyzer, e.message))),
        notes=(unresolved_note(unresolved), *notes) if unresolved else tuple(notes),
    )


def interpret(
    findings: Iterable[Finding], catalog: Catalog, config: ReviewConfig, facts: Facts = NO_FACTS
) -> tuple[list[Concern], list[AnalysisError]]:
    """Map findings to rules, each named after the symbol around it (from the files' `facts`);
    drop the categories and rules the run does not want."""
    concerns: list[Concern] = []
    unmapped: dict[str, AnalysisError] = {}
    for finding in findings:
        rule = catalog.rule_for(finding)
        if rule is None:
            message = f"no rule in the catalog maps {finding.source}"
            error = AnalysisError(finding.analyzer, message, finding.location.path)
            unmapped.setdefault(finding.source, error)
        elif _applies(rule, finding.location.path, config):
            symbol = symbol_at(finding.location.path, finding.location.line, facts)
            concerns.append(Concern(rule, finding, symbol))
    return concerns, list(unmapped.values())


def _idioms_read(
    concerns: Iterable[Concern], catalog: Catalog, config: ReviewConfig, facts: Facts
) -> list[Concern]:
    """Each idiom's verdict applied; a concern moved to another rule is filtered again, since
    the run may not want that rule, or the line ignores it by its id."""
    return [
        c
        for c in reconsidered(concerns, catalog, tree_on_disk)
        if _applies(c.rule, c.finding.location.path, config)
        and not is_suppressed(c, catalog, facts)
    ]


def _applies(rule: Rule, path: str, config: ReviewConfig) -> bool:
    wanted = config.wants(rule.category) and config.rule_severity.get(rule.id, rule.severity)
    if not wanted or not config.selects(rule.id) or ignored_here(config, rule.id, path):
        return False
    return rule.applies_in(area_of(path))


def absorb(concerns: Sequence[Concern]) -> list[Concern]:
    """A concern that another rule absorbs on overlapping lines of its file joins that rule."""
    absorbers: dict[str, list[Concern]] = defaultdict(list)
    for concern in concerns:
        if concern.rule.absorbs:
            absorbers[concern.finding.location.path].append(concern)
    return [_absorbed(c, absorbers.get(c.finding.location.path, ())) for c in concerns]


def _absorbed(concern: Concern, neighbours: Sequence[Concern]) -> Concern:
    for other in neighbours:
        if concern.rule.id in other.rule.absorbs and _lines_overlap(concern, other):
            return dataclasses.replace(concern, rule=other.rule)
    return concern


def _lines_overlap(one: Concern, other: Concern) -> bool:
    a, b = one.finding.location, other.finding.location
    return a.line <= b.end_line and b.line <= a.end_line


def blend(concerns: Sequence[Concern]) -> list[list[Concern]]:
    """Concerns of one rule in one file whose lines overlap become one run (one occurrence)."""
    ordered = sorted(concerns, key=lambda c: (c.finding.location.line, c.finding.location.end_line))
    merged: list[list[Concern]] = []
    for concern in ordered:
        if merged and _overlaps(merged[-1], concern):
            merged[-1].append(concern)
        else:
            merged.append([concern])
    return merged


def _overlaps(run: Sequence[Concern], concern: Concern) -> bool:
    end = max(c.finding.location.end_line for c in run)
    return concern.finding.location.line <= end


def _occurrence(run: Sequence[Concern]) -> Occurrence:
    first = run[0].finding.location
    end_line = max(c.finding.location.end_line for c in run)
    symbol = next((c.symbol for c in run if c.symbol), "")
    return Occurrence(
        location=dataclasses.replace(first, end_line=end_line),
        symbol=symbol,
        messages=tuple(dict.fromkeys(c.finding.message for c in run if c.finding.message)),
        sources=tuple(sorted({c.finding.source for c in run})),
        confidence=confidence(run[0].rule, [c.finding for c in run]),
        area=area_of(first.path),
    )


def group(
    concerns: Iterable[Concern], severity: Callable[[Rule, Sequence[Finding]], Severity]
) -> list[Comment]:
    """One comment per rule and severity, with every occurrence in every file, blended
    across analyzers: one root cause, one comment."""
    by_file: dict[tuple[str, str], list[Concern]] = defaultdict(list)
    for concern in concerns:
        by_file[(concern.rule.id, concern.finding.location.path)].append(concern)
    buckets: dict[tuple[str, Severity], list[Occurrence]] = defaultdict(list)
    rules: dict[str, Rule] = {}
    for (rule_id, _), bucket in sorted(by_file.items()):
        rules[rule_id] = bucket[0].rule
        for run in blend(bucket):
            level = severity(run[0].rule, [c.finding for c in run])
            buckets[(rule_id, level)].append(_occurrence(run))
    codes = normalized_codes(p.location for places in buckets.values() for p in places)
    return [
        make_comment(rules[rule_id], level, places, codes)
        for (rule_id, level), places in buckets.items()
    ]


def make_comment(
    rule: Rule,
    level: Severity,
    places: Sequence[Occurrence],
    codes: Mapping[Place, str] | None = None,
) -> Comment:
    """A comment over its places (in path order, which their fingerprints count identical
    code by), each stamped with its fingerprint, the most important first; it names the id."""
    marks = fingerprints(rule.id, places, codes)
    stamped = lead_first(
        [
            dataclasses.replace(place, fingerprint=mark)
            for place, mark in zip(places, marks, strict=True)
        ]
    )
    return Comment(stamped[0].fingerprint[:12], rule, level, tuple(stamped))


def split_praise(comments: Sequence[Comment]) -> tuple[list[Comment], list[Comment]]:
    """Earned praise, one per rule (the first found), apart from the comments to act on."""
    praise: dict[str, Comment] = {}
    for comment in comments:
        if comment.label is Label.PRAISE:
            praise.setdefault(comment.rule.id, comment)
    return list(praise.values()), [c for c in comments if c.label is not Label.PRAISE]


def rank(comments: Iterable[Comment]) -> list[Comment]:
    """Most important first: severity, an issue before a suggestion, the surer first, category,
    then how many places it reaches."""

    def key(comment: Comment) -> tuple[int, bool, int, int, int, str, int]:
        return (
            comment.severity.rank,
            comment.label is not Label.ISSUE,
            comment.confidence.rank,
            comment.rule.category.rank,
            -len(comment.occurrences),
            comment.path,
            comment.line,
        )

    return sorted(comments, key=key)
