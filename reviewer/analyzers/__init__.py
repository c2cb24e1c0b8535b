"""The analyzer registry: a plain dict from name to the options the analyzer takes from the
run's configuration, how to build it from them, and how its results may be cached."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from reviewer.analyzers.base import Analyzer, CacheUnit, Deferred
from reviewer.analyzers.tools.mypy_environment import chosen_environments
from reviewer.analyzers.tools.mypy_project import project_inputs
from reviewer.catalog.rules import Catalog
from reviewer.config.analyzers import (
    DesignOptions,
    MypyOptions,
    PhpOptions,
    RadonOptions,
    RuffOptions,
)
from reviewer.config.options import ReviewConfig
from reviewer.errors import ConfigError
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.projects import project_groups
from reviewer.languages import analyzed_by

Options = TypeVar("Options")


@dataclass(frozen=True)
class Registration(Generic[Options]):
    """How to build an analyzer: `options` picks its own from the run's configuration, and
    `build` makes it with them. `cache` says how its results may be cached (CacheUnit);
    `settings` names what of its options shapes them, and `inputs` what else a project's
    result depends on (files outside the review). `languages` are the analyzer's own: a run
    with no file in them never imports it.

    `started_first`: one of the tools that take longest, started before the rest so that its
    process is not kept waiting behind the others' set-up (the interpreter lock): on two
    cores they end the run. `started_before_parsing`: a tool that reports a file it cannot
    parse as an error of its own and goes on with the others, so it starts before our own
    parsing of every file, which takes a core for seconds on a large tree (django: 7 s).
    mypy is not one: such a file stops it."""

    options: Callable[[Catalog, ReviewConfig], Options]
    build: Callable[[Options], Analyzer]
    languages: frozenset[str]
    cache: CacheUnit
    settings: Callable[[Options], str] = repr
    in_process: bool = False
    inputs: Callable[[Path], str] | None = None
    started_first: bool = False
    started_before_parsing: bool = False


@dataclass(frozen=True)
class Built:
    """An analyzer this run uses, with what the result cache (reviewer.cache) needs to keep
    its results: how, under which settings, and what else they depend on."""

    analyzer: Analyzer
    cache: CacheUnit
    settings: Callable[[], str]
    inputs: Callable[[Path], str] | None


# The environment mypy checks against (its packages, its Python), the same whether this
# interpreter was started as `python` or `python3`.
INTERPRETER = f"{sys.prefix}\0{sys.version}"

# Each analyzer's module is imported when it is built, so that a run imports what it runs.


def _ruff(options: RuffOptions) -> Analyzer:
    from reviewer.analyzers.tools.ruff import RuffAnalyzer

    return RuffAnalyzer(options)


def _ruff_settings(options: RuffOptions) -> str:
    from reviewer.analyzers.tools.ruff import ruff_settings

    return ruff_settings(options)


def _ruff_options(catalog: Catalog, config: ReviewConfig) -> RuffOptions:
    return RuffOptions(
        tuple(catalog.codes_for("ruff")),
        config.thresholds,
        config.project_ruff,
        config.paths,
        config.analyzer_timeout,
    )


def _bandit(timeout: float) -> Analyzer:
    from reviewer.analyzers.tools.bandit import BanditAnalyzer

    return BanditAnalyzer(timeout)


def _radon(options: RadonOptions) -> Analyzer:
    from reviewer.analyzers.tools.radon import RadonAnalyzer

    return RadonAnalyzer(options)


def _mypy(options: MypyOptions) -> Analyzer:
    from reviewer.analyzers.tools.mypy import MypyAnalyzer

    return MypyAnalyzer(options)


def _design(options: DesignOptions) -> Analyzer:
    from reviewer.analyzers.design import DesignAnalyzer

    return DesignAnalyzer(options.thresholds, options.cache_dir)


def _dotenv(options: None) -> Analyzer:
    from reviewer.analyzers.dotenv import DotenvAnalyzer

    del options
    return DotenvAnalyzer()


def _php(options: PhpOptions) -> Analyzer:
    from reviewer.analyzers.php import PhpAnalyzer

    return PhpAnalyzer(options.thresholds, architecture=options.architecture)


ANALYZERS: Mapping[str, Registration[Any]] = {
    "ruff": Registration(_ruff_options, _ruff, analyzed_by("ruff"), CacheUnit.FILE, _ruff_settings),
    "bandit": Registration(
        lambda catalog, config: config.analyzer_timeout,
        _bandit,
        analyzed_by("bandit"),
        CacheUnit.FILE,
        lambda timeout: "",
        started_first=True,
        started_before_parsing=True,
    ),
    "radon": Registration(
        lambda catalog, config: RadonOptions(
            config.thresholds.max_complexity, config.analyzer_timeout
        ),
        _radon,
        analyzed_by("radon"),
        CacheUnit.FILE,
        lambda options: str(options.max_complexity),
        in_process=True,
    ),
    # mypy keeps its own incremental cache for what changed; ours answers for each project
    # where nothing did
    "mypy": Registration(
        lambda catalog, config: MypyOptions(
            config.cache_dir, config.analyzer_timeout, config.python, config.python_venv
        ),
        _mypy,
        analyzed_by("mypy"),
        CacheUnit.PROJECT,
        lambda options: f"{INTERPRETER}\0{chosen_environments(options.python, options.venv)}",
        inputs=project_inputs,
        started_first=True,
    ),
    # with a cache folder, the design analyzer keeps an incremental cache of its own there
    "design": Registration(
        lambda catalog, config: DesignOptions(config.design_thresholds, config.cache_dir),
        _design,
        analyzed_by("design"),
        CacheUnit.RUN,
        lambda options: repr(options.thresholds),
        in_process=True,
    ),
    "php": Registration(
        lambda catalog, config: PhpOptions(config.php_thresholds, config.php_architecture),
        _php,
        analyzed_by("php"),
        CacheUnit.RUN,  # a file's findings read the models of the others (their guards)
        in_process=True,
    ),
    # not cached: whether a file will be committed is git's answer, not the file's content
    "dotenv": Registration(
        lambda catalog, config: None,
        _dotenv,
        analyzed_by("dotenv"),
        CacheUnit.NONE,
        lambda options: "",
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


def registered(catalog: Catalog, config: ReviewConfig, workers: bool = False) -> list[Built]:
    """The analyzers this run uses, in registry order, each given its own options: in-process
    ones in worker processes of their own when `workers` says so."""
    unknown = sorted(config.disabled_analyzers - ANALYZERS.keys())
    if unknown:
        raise ConfigError(f"unknown analyzer {unknown[0]!r}; known: {', '.join(ANALYZERS)}")
    return [
        _built(name, entry, entry.options(catalog, config), config.analyzer_timeout, workers)
        for name, entry in ANALYZERS.items()
        if name not in config.disabled_analyzers
    ]


def build_analyzers(
    catalog: Catalog, config: ReviewConfig, workers: bool = False
) -> list[Analyzer]:
    """The analyzers of `registered`, without the result cache."""
    return [built.analyzer for built in registered(catalog, config, workers)]


def _built(
    name: str, entry: Registration[Options], options: Options, timeout: float, workers: bool
) -> Built:
    analyzer: Analyzer = Deferred(name, entry.languages, lambda: entry.build(options))
    if workers and entry.in_process:
        from reviewer.analyzers.workers import InWorker

        analyzer = InWorker(analyzer, timeout)
    return Built(analyzer, entry.cache, lambda: entry.settings(options), entry.inputs)
