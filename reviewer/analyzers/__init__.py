"""The analyzer registry: a plain dict from name to how to build the analyzer and cache it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reviewer.analyzers.bandit import BanditAnalyzer
from reviewer.analyzers.base import Analyzer
from reviewer.analyzers.mypy import MypyAnalyzer
from reviewer.analyzers.mypy_project import project_inputs
from reviewer.analyzers.php import PhpAnalyzer
from reviewer.analyzers.python_design import DesignAnalyzer
from reviewer.analyzers.python_design.thresholds import DesignThresholds
from reviewer.analyzers.radon import RadonAnalyzer
from reviewer.analyzers.ruff import RuffAnalyzer
from reviewer.catalog import Catalog
from reviewer.config import ReviewConfig
from reviewer.errors import ConfigError

Factory = Callable[[Catalog, ReviewConfig], Analyzer]
Settings = Callable[[Catalog, ReviewConfig], str]


@dataclass(frozen=True)
class Registration:
    """How to build an analyzer, and how its results may be cached: `file` when a file's
    findings depend on that file alone, `project` when on the files of its project, `run`
    when on all files together, `none` never. `settings` names everything else that shapes
    them, and `inputs` what else a project's result depends on (files outside the review)."""

    build: Factory
    cache: str
    settings: Settings = lambda catalog, config: ""
    in_process: bool = False
    inputs: Callable[[Path], str] | None = None


ANALYZERS: Mapping[str, Registration] = {
    "ruff": Registration(
        lambda catalog, config: RuffAnalyzer(catalog.codes_for("ruff")),
        "file",
        lambda catalog, config: f"{catalog.codes_for('ruff')}{config.thresholds}",
    ),
    "bandit": Registration(lambda catalog, config: BanditAnalyzer(), "file"),
    "radon": Registration(
        lambda catalog, config: RadonAnalyzer(),
        "file",
        lambda catalog, config: str(config.thresholds.max_complexity),
        in_process=True,
    ),
    # mypy keeps its own incremental cache for what changed; ours answers for each project
    # where nothing did
    "mypy": Registration(
        lambda catalog, config: MypyAnalyzer(),
        "project",
        lambda catalog, config: sys.executable,
        inputs=project_inputs,
    ),
    "design": Registration(
        lambda catalog, config: DesignAnalyzer(DesignThresholds(**config.design_thresholds)),
        "run",
        lambda catalog, config: str(sorted(config.design_thresholds.items())),
    ),
    "php": Registration(
        lambda catalog, config: PhpAnalyzer(),
        "file",
        lambda catalog, config: str(config.thresholds),
    ),
}


def build_analyzers(
    catalog: Catalog, config: ReviewConfig, workers: bool = False
) -> list[Analyzer]:
    """The analyzers this run uses, in registry order: in-process ones in worker processes of
    their own when `workers` says so, each behind the cache when it is on."""
    unknown = sorted(config.disabled_analyzers - ANALYZERS.keys())
    if unknown:
        raise ConfigError(f"unknown analyzer {unknown[0]!r}; known: {', '.join(ANALYZERS)}")
    return [
        _cached(entry, _placed(entry, entry.build(catalog, config), workers), catalog, config)
        for name, entry in ANALYZERS.items()
        if name not in config.disabled_analyzers
    ]


def _placed(entry: Registration, analyzer: Analyzer, workers: bool) -> Analyzer:
    if not workers or not entry.in_process:
        return analyzer
    from reviewer.workers import InWorker

    return InWorker(analyzer)


def _cached(
    entry: Registration, analyzer: Analyzer, catalog: Catalog, config: ReviewConfig
) -> Analyzer:
    if config.cache_dir is None or entry.cache == "none":
        return analyzer
    from reviewer.cache import CachedAnalyzer, Scope, nothing_else, prepare

    prepare(Path(config.cache_dir))
    settings = entry.settings(catalog, config)
    return CachedAnalyzer(
        analyzer,
        Path(config.cache_dir),
        Scope(entry.cache),
        lambda _: settings,
        entry.inputs or nothing_else,
    )
