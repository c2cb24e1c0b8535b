"""What each analyzer is given: its own options, built from the run's ReviewConfig by the
analyzer registry (reviewer.analyzers), never the whole configuration. The design and PHP
detectors take their thresholds (reviewer.config.thresholds); bandit only a timeout."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.config.options import DEFAULT_TIMEOUT, PhpArchitecture, RuffSettings
from reviewer.config.thresholds import DesignThresholds, PhpThresholds, Thresholds


@dataclass(frozen=True)
class RuffOptions:
    """The catalog's ruff codes, the limits ruff is told, the project's own ruff settings,
    and the paths named on the command line (the project's excludes are read against them)."""

    codes: tuple[str, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
    project: RuffSettings = field(default_factory=RuffSettings)
    paths: tuple[str, ...] = (".",)
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class RadonOptions:
    """The complexity above which radon reports a function."""

    max_complexity: int = Thresholds.max_complexity
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class MypyOptions:
    """Where mypy keeps its incremental cache (under the review's cache folder; None: a
    scratch folder of its own). `python`: the interpreter the command line names (run, as
    the user chose it); `venv`: the virtual environment the config file names (read, never
    run: the config file is part of the reviewed tree)."""

    cache_dir: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    python: str | None = None
    venv: str | None = None


@dataclass(frozen=True)
class DesignOptions:
    """The design detectors' limits, and the review's cache folder, where the design analyzer
    keeps an incremental cache of its own (None: it analyzes every file each time)."""

    thresholds: DesignThresholds = field(default_factory=DesignThresholds)
    cache_dir: str | None = None


@dataclass(frozen=True)
class PhpOptions:
    """The PHP detectors' limits, and how the project says its layers are cut (`[php]
    architecture`): with repositories, a query outside them is a point."""

    thresholds: PhpThresholds = field(default_factory=PhpThresholds)
    architecture: PhpArchitecture = PhpArchitecture.LARAVEL
