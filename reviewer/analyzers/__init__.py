"""The analyzer registry: a plain dict from name to a factory taking the rule catalog."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from reviewer.analyzers.bandit import BanditAnalyzer
from reviewer.analyzers.base import Analyzer
from reviewer.analyzers.mypy import MypyAnalyzer
from reviewer.analyzers.php import PhpAnalyzer
from reviewer.analyzers.python_design import DesignAnalyzer
from reviewer.analyzers.python_design.thresholds import DesignThresholds
from reviewer.analyzers.radon import RadonAnalyzer
from reviewer.analyzers.ruff import RuffAnalyzer
from reviewer.catalog import Catalog
from reviewer.config import ReviewConfig
from reviewer.errors import ConfigError

Factory = Callable[[Catalog, ReviewConfig], Analyzer]

ANALYZERS: Mapping[str, Factory] = {
    "ruff": lambda catalog, config: RuffAnalyzer(catalog.codes_for("ruff")),
    "bandit": lambda catalog, config: BanditAnalyzer(),
    "radon": lambda catalog, config: RadonAnalyzer(),
    "mypy": lambda catalog, config: MypyAnalyzer(),
    "design": lambda catalog, config: DesignAnalyzer(DesignThresholds(**config.design_thresholds)),
    "php": lambda catalog, config: PhpAnalyzer(),
}


def build_analyzers(catalog: Catalog, config: ReviewConfig) -> list[Analyzer]:
    """The analyzers this run uses, in registry order."""
    unknown = sorted(config.disabled_analyzers - ANALYZERS.keys())
    if unknown:
        raise ConfigError(f"unknown analyzer {unknown[0]!r}; known: {', '.join(ANALYZERS)}")
    return [
        make(catalog, config)
        for name, make in ANALYZERS.items()
        if name not in config.disabled_analyzers
    ]
