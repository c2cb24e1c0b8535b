"""The analyzer registry: a plain dict from name to how to build the analyzer and cache it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.analyzers.base import Analyzer, Deferred
from reviewer.analyzers.tools.mypy_project import project_inputs
from reviewer.catalog.rules import Catalog
from reviewer.config.options import ReviewConfig
from reviewer.errors import ConfigError
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.projects import project_groups
from reviewer.languages import analyzed_by

Factory = Callable[[Catalog, ReviewConfig], Analyzer]
Settings = Callable[[Catalog, ReviewConfig], str]


@dataclass(frozen=True)
class Registration:
    """How to build an analyzer, and how its results may be cached: `file` when a file's
    findings depend on that file alone, `project` when on the files of its project, `run`
    when on all files together, `none` never. `settings` names everything else that shapes
    them, and `inputs` what else a project's result depends on (files outside the review).
    `languages` are the analyzer's own: a run with no file in them never imports it."""

    build: Factory
    languages: frozenset[str]
    cache: str
    settings: Settings = lambda catalog, config: ""
    in_process: bool = False
    inputs: Callable[[Path], str] | None = None


# The environment mypy checks against (its packages, its Python), the same whether this
# interpreter was started as `python` or `python3`.
INTERPRETER = f"{sys.prefix}\0{sys.version}"

# Each analyzer's module is imported when it is built, so that a run imports what it runs.


def _ruff(catalog: Catalog, config: ReviewConfig) -> Analyzer:
    from reviewer.analyzers.tools.ruff import RuffAnalyzer

    return RuffAnalyzer(catalog.codes_for("ruff"))


def _bandit(catalog: Catalog, config: ReviewConfig) -> Analyzer:
    from reviewer.analyzers.tools.bandit import BanditAnalyzer

    return BanditAnalyzer()


def _radon(catalog: Catalog, config: ReviewConfig) -> Analyzer:
    from reviewer.analyzers.tools.radon import RadonAnalyzer

    return RadonAnalyzer()


def _mypy(catalog: Catalog, config: ReviewConfig) -> Analyzer:
    from reviewer.analyzers.tools.mypy import MypyAnalyzer

    return MypyAnalyzer()


def _design(catalog: Catalog, config: ReviewConfig) -> Analyzer:
    from reviewer.analyzers.design import DesignAnalyzer
    from reviewer.analyzers.design.thresholds import DesignThresholds

    return DesignAnalyzer(DesignThresholds(**config.design_thresholds))


def _php(catalog: Catalog, config: ReviewConfig) -> Analyzer:
    from reviewer.analyzers.php import PhpAnalyzer

    return PhpAnalyzer()


def _ruff_settings(catalog: Catalog, config: ReviewConfig) -> str:
    from reviewer.analyzers.tools.ruff import ruff_settings

    return ruff_settings(catalog.codes_for("ruff"), config)


ANALYZERS: Mapping[str, Registration] = {
    "ruff": Registration(
        _ruff,
        analyzed_by("ruff"),
        "file",
        _ruff_settings,
    ),
    "bandit": Registration(_bandit, analyzed_by("bandit"), "file"),
    "radon": Registration(
        _radon,
        analyzed_by("radon"),
        "file",
        lambda catalog, config: str(config.thresholds.max_complexity),
        in_process=True,
    ),
    # mypy keeps its own incremental cache for what changed; ours answers for each project
    # where nothing did
    "mypy": Registration(
        _mypy,
        analyzed_by("mypy"),
        "project",
        lambda catalog, config: INTERPRETER,
        inputs=project_inputs,
    ),
    "design": Registration(
        _design,
        analyzed_by("design"),
        "run",
        lambda catalog, config: str(sorted(config.design_thresholds.items())),
        in_process=True,
    ),
    "php": Registration(
        _php,
        analyzed_by("php"),
        "file",
        lambda catalog, config: str(config.thresholds),
        in_process=True,
    ),
}


def external_inputs(config: ReviewConfig, files: Sequence[SourceFile]) -> str:
    """What the enabled analyzers' results depend on beyond the files reviewed, project by
    project (for mypy: the project's config file, its other modules, installed packages)."""
    wanted = [
        entry.inputs
        for name, entry in ANALYZERS.items()
        if entry.inputs and name not in config.disabled_analyzers
    ]
    roots = sorted(project_groups(files)) if wanted else []
    return "\0".join(f"{root}\0{inputs(root)}" for inputs in wanted for root in roots)


def build_analyzers(
    catalog: Catalog, config: ReviewConfig, workers: bool = False
) -> list[Analyzer]:
    """The analyzers this run uses, in registry order: in-process ones in worker processes of
    their own when `workers` says so, each behind the cache when it is on."""
    unknown = sorted(config.disabled_analyzers - ANALYZERS.keys())
    if unknown:
        raise ConfigError(f"unknown analyzer {unknown[0]!r}; known: {', '.join(ANALYZERS)}")
    return [
        _cached(
            entry, _placed(entry, _deferred(name, entry, catalog, config), workers), catalog, config
        )
        for name, entry in ANALYZERS.items()
        if name not in config.disabled_analyzers
    ]


def _deferred(name: str, entry: Registration, catalog: Catalog, config: ReviewConfig) -> Analyzer:
    return Deferred(name, entry.languages, lambda: entry.build(catalog, config))


def _placed(entry: Registration, analyzer: Analyzer, workers: bool) -> Analyzer:
    if not workers or not entry.in_process:
        return analyzer
    from reviewer.analyzers.workers import InWorker

    return InWorker(analyzer)


def _cached(
    entry: Registration, analyzer: Analyzer, catalog: Catalog, config: ReviewConfig
) -> Analyzer:
    if config.cache_dir is None or entry.cache == "none":
        return analyzer
    from reviewer.cache.results import CachedAnalyzer, Scope, nothing_else

    settings = entry.settings(catalog, config)
    return CachedAnalyzer(
        analyzer,
        Path(config.cache_dir),
        Scope(entry.cache),
        lambda _: settings,
        entry.inputs or nothing_else,
    )
