"""The analyzer registry: a plain dict from name to a factory taking the rule catalog."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from reviewer.analyzers.bandit import BanditAnalyzer
from reviewer.analyzers.base import Analyzer
from reviewer.analyzers.mypy import MypyAnalyzer
from reviewer.analyzers.radon import RadonAnalyzer
from reviewer.analyzers.ruff import RuffAnalyzer
from reviewer.catalog import Catalog
from reviewer.config import ReviewConfig
from reviewer.errors import ConfigError

ANALYZERS: Mapping[str, Callable[[Catalog], Analyzer]] = {
    "ruff": lambda catalog: RuffAnalyzer(catalog.codes_for("ruff")),
    "bandit": lambda catalog: BanditAnalyzer(),
    "radon": lambda catalog: RadonAnalyzer(),
    "mypy": lambda catalog: MypyAnalyzer(),
}


def build_analyzers(catalog: Catalog, config: ReviewConfig) -> list[Analyzer]:
    """The analyzers this run uses, in registry order."""
    unknown = sorted(config.disabled_analyzers - ANALYZERS.keys())
    if unknown:
        raise ConfigError(f"unknown analyzer {unknown[0]!r}; known: {', '.join(ANALYZERS)}")
    return [
        make(catalog) for name, make in ANALYZERS.items() if name not in config.disabled_analyzers
    ]
