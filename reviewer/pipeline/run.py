"""Running a review: the cache asked first, the analyzers started in threads, the files read
while they run, then the pure stages (`pipeline.stages`) applied to what they found."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from reviewer.analyzers import ANALYZERS
from reviewer.analyzers.base import Analyzer, merged
from reviewer.cache.reviews import load_review, review_key, store_review
from reviewer.catalog.rules import Catalog
from reviewer.config.files import draws_map
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import SourceFile, discover
from reviewer.inputs.scope import Scope
from reviewer.inputs.sources import (
    UNREVIEWABLE,
    SourceSet,
    Vetted,
    read_sources,
    source_digest,
)
from reviewer.model import (
    AnalysisError,
    AnalyzerResult,
    CodeMap,
    Review,
)
from reviewer.pipeline.code_map import code_map
from reviewer.pipeline.stages import Ingredients, Renderer, assemble

# A tool adapter stops its tool at the timeout itself; this is the slack it gets to say so.
TIMEOUT_GRACE = 1.0

# The registry says which analyzers start first, and which before our own parsing (and why).
STARTED_FIRST = frozenset(name for name, entry in ANALYZERS.items() if entry.started_first)
STARTED_BEFORE_PARSING = frozenset(
    name for name, entry in ANALYZERS.items() if entry.started_before_parsing
)
# The analyzers with a parser of their own, which read syntax newer than this Python's.
READS_NEWER_SYNTAX = frozenset({"ruff"})


def run_review(
    config: ReviewConfig,
    analyzers: Sequence[Analyzer],
    catalog: Catalog,
    render: Renderer,
    scope: Scope = Scope(),  # noqa: B008 - a frozen value, shared safely
) -> Review:
    """Discover, analyze, interpret, blend, group, rank and render: the whole review."""
    cache = Path(config.cache_dir) if config.cache_dir else None
    found = discover(
        config.paths, config.exclude, config.respect_gitignore, config.include_migrations
    )
    files = scope.files(found)
    vetted = [(source, source_digest(source)) for source in files]
    key = review_key(config, catalog, scope, analyzers, vetted) if cache else None
    kept = load_review(cache, key, catalog) if cache and key else None
    if kept is not None:
        return kept
    review = _reviewed(Ingredients(config, analyzers, catalog, render, scope), vetted, cache)
    if cache and key:
        store_review(cache, key, review, vetted)
    return review


def _reviewed(run: Ingredients, vetted: Vetted, cache: Path | None) -> Review:
    """The analyzers that take unparsed files start while the others wait for the files
    to be read and parsed; what the first say of a file that did not parse is dropped, as
    reading it already reported it."""
    early = [a for a in run.analyzers if a.name in STARTED_BEFORE_PARSING]
    readable = [source for source, found in vetted if not found.startswith(UNREVIEWABLE)]
    started = start_analyzers(early, readable, run.config)
    sources = read_sources([source for source, _ in vetted], cache)
    rest = [a for a in run.analyzers if a not in early]
    started += _started_after_reading(rest, sources, run.config)
    rejected = {error.path for error in sources.errors}
    newer = {n.source.path for n in sources.newer}
    review = assemble(run, sources, _without(gathered(started), rejected, newer))
    readers = sorted(a.name for a in run.analyzers if a.name in READS_NEWER_SYNTAX)
    notes = (*(n.note(readers) for n in sources.newer), *review.notes)
    drawn = (
        code_map([*sources.files, *(n.source for n in sources.newer)], review.comments)
        if draws_map(run.config)
        else CodeMap()
    )
    return dataclasses.replace(
        review, analyzers=tuple(a.name for a in run.analyzers), notes=notes, code_map=drawn
    )


def _started_after_reading(
    analyzers: Sequence[Analyzer], sources: SourceSet, config: ReviewConfig
) -> list[Started]:
    """The analyzers on the files that parse; those with a parser of their own also on the
    files in syntax newer than this Python's."""
    readers = [a for a in analyzers if a.name in READS_NEWER_SYNTAX]
    others = [a for a in analyzers if a.name not in READS_NEWER_SYNTAX]
    newer = [n.source for n in sources.newer]
    started = start_analyzers(others, sources.files, config)  # mypy, the slowest, first
    return [*started, *start_analyzers(readers, [*sources.files, *newer], config)]


def _without(result: AnalyzerResult, paths: set[str], newer: set[str]) -> AnalyzerResult:
    """Without what is said of files reading already reported, nor of files in newer syntax
    but by the analyzers that can read them."""

    def kept(analyzer: str, path: str) -> bool:
        return path not in paths and (path not in newer or analyzer in READS_NEWER_SYNTAX)

    return AnalyzerResult(
        tuple(f for f in result.findings if kept(f.analyzer, f.location.path)),
        tuple(e for e in result.errors if not e.path or kept(e.analyzer, e.path)),
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
        return analyzer.run(mine)
    except Exception as error:  # noqa: BLE001 - a broken analyzer must not stop the others
        return AnalyzerResult(errors=(AnalysisError(analyzer.name, f"crashed: {error!r}"),))
