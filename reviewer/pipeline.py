"""The stages of a review, each a small function of the previous stage's data."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from reviewer.analyzers.base import Analyzer, merged
from reviewer.catalog import Catalog
from reviewer.config import ReviewConfig
from reviewer.discovery import SourceFile, discover, is_test_file
from reviewer.fingerprints import Place, fingerprints, normalized_codes
from reviewer.memo import load_review, review_key, store_review
from reviewer.model import (
    AnalysisError,
    AnalyzerResult,
    Category,
    Comment,
    Concern,
    Finding,
    Label,
    Occurrence,
    Review,
    Rule,
    Severity,
)
from reviewer.scope import Scope
from reviewer.scoring import summarize
from reviewer.selection import ignored_here
from reviewer.sources import UNREVIEWABLE, SourceSet, Vetted, read_sources, source_digest
from reviewer.suppressions import is_suppressed, unknown_ids
from reviewer.symbols import steady_files, symbol_at

Renderer = Callable[[Comment], Comment]
# A tool adapter stops its tool at the timeout itself; this is the slack it gets to say so.
TIMEOUT_GRACE = 1.0

# The tools that take longest, started before the rest so that their processes are not kept
# waiting behind the others' set-up (the interpreter lock): on two cores they end the run.
STARTED_FIRST = ("mypy", "bandit")
# Tools that report a file they cannot parse as an error of their own and go on with the
# others: they start before our own parsing of every file, which takes a core for seconds on
# a large tree (django: 7 s). mypy is not one: such a file stops it.
STARTED_BEFORE_PARSING = ("bandit",)

CATEGORY_ORDER = (
    Category.SECURITY,
    Category.CORRECTNESS,
    Category.ERROR_HANDLING,
    Category.SOLID,
    Category.TESTABILITY,
    Category.PERFORMANCE,
    Category.READABILITY,
)


def run_review(
    config: ReviewConfig,
    analyzers: Sequence[Analyzer],
    catalog: Catalog,
    render: Renderer,
    scope: Scope = Scope(),  # noqa: B008 - a frozen value, shared safely
) -> Review:
    """Discover, analyze, interpret, blend, group, rank and render: the whole review."""
    cache = Path(config.cache_dir) if config.cache_dir else None
    files = scope.files(discover(config.paths, config.exclude, config.respect_gitignore))
    vetted = [(source, source_digest(source)) for source in files]
    key = review_key(config, catalog, scope, analyzers, vetted) if cache else None
    kept = load_review(cache, key, catalog) if cache and key else None
    if kept is not None:
        return kept
    review = _reviewed(_Run(config, analyzers, catalog, render, scope), vetted, cache)
    if cache and key:
        store_review(cache, key, review, vetted)
    return review


@dataclass(frozen=True)
class _Run:
    """What one review is made with, besides the files."""

    config: ReviewConfig
    analyzers: Sequence[Analyzer]
    catalog: Catalog
    render: Renderer
    scope: Scope


def _reviewed(run: _Run, vetted: Vetted, cache: Path | None) -> Review:
    """The analyzers that take unparsed files start while the others wait for the files
    to be read and parsed; what the first say of a file that did not parse is dropped, as
    reading it already reported it."""
    early = [a for a in run.analyzers if a.name in STARTED_BEFORE_PARSING]
    readable = [source for source, found in vetted if not found.startswith(UNREVIEWABLE)]
    started = start_analyzers(early, readable, run.config)
    sources = read_sources([source for source, _ in vetted], cache)
    rest = [a for a in run.analyzers if a not in early]
    started += start_analyzers(rest, sources.files, run.config)
    rejected = {error.path for error in sources.errors}
    result = _without(gathered(started), rejected)
    with steady_files():
        review = _interpreted(run, sources, result)
    return dataclasses.replace(review, analyzers=tuple(a.name for a in run.analyzers))


def _without(result: AnalyzerResult, paths: set[str]) -> AnalyzerResult:
    return AnalyzerResult(
        tuple(f for f in result.findings if f.location.path not in paths),
        tuple(e for e in result.errors if not e.path or e.path not in paths),
    )


def _interpreted(run: _Run, sources: SourceSet, result: AnalyzerResult) -> Review:
    """The findings mapped to rules, blended, grouped, ranked and rendered."""
    config, catalog, scope = run.config, run.catalog, run.scope
    concerns, unmapped = interpret(result.findings, catalog, config)
    concerns = [c for c in absorb(concerns) if scope.keeps(c) and not is_suppressed(c, catalog)]
    unknown = unknown_ids((f.path for f in sources.files), catalog)
    fail_on = config.fail_on.severity  # what "blocking" means in this run
    grouped = [c.under(fail_on) for c in group(concerns, effective_severity(config))]
    praise, found = split_praise(rank(grouped))
    comments, notes = scope.new_only(found)
    shown = comments if config.max_comments is None else comments[: config.max_comments]
    errors = (*sources.errors, *result.errors, *unmapped, *unknown)
    summary = summarize(comments, len(sources.files), sources.lines, len(comments) - len(shown))
    return Review(
        paths=tuple(config.paths),
        summary=summary,
        comments=tuple(run.render(c) for c in shown),
        praise=tuple(run.render(c) for c in praise),
        errors=tuple(sorted(set(errors), key=lambda e: (e.path, e.analyzer, e.message))),
        notes=tuple(notes),
    )


def run_analyzers(
    analyzers: Sequence[Analyzer], files: Sequence[SourceFile], config: ReviewConfig
) -> AnalyzerResult:
    """Every analyzer at once, each on the files of its languages; a crash becomes an error,
    and so does an analyzer still running past the timeout, which is left behind."""
    return gathered(start_analyzers(analyzers, files, config))


@dataclass(frozen=True)
class Started:
    """An analyzer running in a daemon thread (one that overruns cannot hold up the exit),
    and when its time is up."""

    analyzer: Analyzer
    future: Future[AnalyzerResult]
    deadline: float
    timeout: float

    def outcome(self) -> AnalyzerResult:
        try:
            return self.future.result(timeout=max(self.deadline - time.monotonic(), 0))
        except TimeoutError:
            error = AnalysisError(self.analyzer.name, f"timed out after {self.timeout:g} s")
            return AnalyzerResult(errors=(error,))


def start_analyzers(
    analyzers: Sequence[Analyzer], files: Sequence[SourceFile], config: ReviewConfig
) -> list[Started]:
    """The analyzers started, the slowest first, and listed in the order given."""
    deadline = time.monotonic() + config.analyzer_timeout + TIMEOUT_GRACE
    first = sorted(analyzers, key=lambda a: a.name not in STARTED_FIRST)
    futures = {id(a): _started(a, files, config) for a in first}
    return [Started(a, futures[id(a)], deadline, config.analyzer_timeout) for a in analyzers]


def gathered(started: Sequence[Started]) -> AnalyzerResult:
    """What the started analyzers found, in the order they were listed."""
    return merged(*(one.outcome() for one in started))


def _started(
    analyzer: Analyzer, files: Sequence[SourceFile], config: ReviewConfig
) -> Future[AnalyzerResult]:
    future: Future[AnalyzerResult] = Future()

    def work() -> None:
        future.set_result(_run_one(analyzer, files, config))

    threading.Thread(target=work, name=f"review-{analyzer.name}", daemon=True).start()
    return future


def _run_one(
    analyzer: Analyzer, files: Sequence[SourceFile], config: ReviewConfig
) -> AnalyzerResult:
    mine = [f for f in files if f.language in analyzer.languages]
    if not mine:
        return AnalyzerResult()
    try:
        return analyzer.run(mine, config)
    except Exception as error:  # noqa: BLE001 - a broken analyzer must not stop the others
        return AnalyzerResult(errors=(AnalysisError(analyzer.name, f"crashed: {error!r}"),))


def interpret(
    findings: Iterable[Finding], catalog: Catalog, config: ReviewConfig
) -> tuple[list[Concern], list[AnalysisError]]:
    """Map findings to rules; drop the categories and rules the run does not want."""
    concerns: list[Concern] = []
    unmapped: dict[str, AnalysisError] = {}
    for finding in findings:
        rule = catalog.rule_for(finding)
        if rule is None:
            message = f"no rule in the catalog maps {finding.source}"
            error = AnalysisError(finding.analyzer, message, finding.location.path)
            unmapped.setdefault(finding.source, error)
        elif _applies(rule, finding.location.path, config):
            symbol = symbol_at(finding.location.path, finding.location.line)
            concerns.append(Concern(rule, finding, symbol))
    return concerns, list(unmapped.values())


def _applies(rule: Rule, path: str, config: ReviewConfig) -> bool:
    wanted = config.wants(rule.category) and config.rule_severity.get(rule.id, rule.severity)
    if not wanted or not config.selects(rule.id) or ignored_here(config, rule.id, path):
        return False
    return rule.in_tests or not is_test_file(path)


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


def effective_severity(config: ReviewConfig) -> Callable[[Rule, Sequence[Finding]], Severity]:
    """The configured severity of a rule, raised where an analyzer measured something worse."""

    def severity(rule: Rule, findings: Sequence[Finding]) -> Severity:
        base = config.rule_severity.get(rule.id) or rule.severity
        raised = [Severity(str(f.extras["raise_to"])) for f in findings if "raise_to" in f.extras]
        return min([base, *raised], key=lambda s: s.rank)

    return severity


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
    """A comment over its places, each stamped with its fingerprint; the first names the id."""
    marks = fingerprints(rule.id, places, codes)
    stamped = [
        dataclasses.replace(place, fingerprint=mark)
        for place, mark in zip(places, marks, strict=True)
    ]
    return Comment(stamped[0].fingerprint[:12], rule, level, tuple(stamped))


def split_praise(comments: Sequence[Comment]) -> tuple[list[Comment], list[Comment]]:
    """Earned praise, one per rule (the first found), apart from the comments to act on."""
    praise: dict[str, Comment] = {}
    for comment in comments:
        if comment.label is Label.PRAISE:
            praise.setdefault(comment.rule.id, comment)
    return list(praise.values()), [c for c in comments if c.label is not Label.PRAISE]


def rank(comments: Iterable[Comment]) -> list[Comment]:
    """Most important first: severity, an issue before a suggestion, category, then how many
    places it reaches."""
    order: Mapping[Category, int] = {c: i for i, c in enumerate(CATEGORY_ORDER)}

    def key(comment: Comment) -> tuple[int, bool, int, int, str, int]:
        return (
            comment.severity.rank,
            comment.label is not Label.ISSUE,
            order[comment.rule.category],
            -len(comment.occurrences),
            comment.path,
            comment.line,
        )

    return sorted(comments, key=key)
