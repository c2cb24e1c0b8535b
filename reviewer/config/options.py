"""Options of one review run, as one frozen value."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reviewer.config.thresholds import DesignThresholds, PhpThresholds, Thresholds
from reviewer.model import Category, Severity, Voice


class OutputFormat(enum.Enum):
    TEXT = "text"
    CONCISE = "concise"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    GITLAB = "gitlab"


class DiffMode(enum.Enum):
    """`added`: the added lines; `context`: near them; `file`: anywhere in a changed file."""

    ADDED = "added"
    CONTEXT = "context"
    FILE = "file"


class PhpArchitecture(enum.Enum):
    """How a PHP project says its layers are cut: `laravel` (the framework's own idioms, short
    Eloquent calls in controllers and services) or `repositories` (every query goes through a
    repository, so a query anywhere else is a point)."""

    LARAVEL = "laravel"
    REPOSITORIES = "repositories"


# Seconds each analyzer may run unless a config file says otherwise.
DEFAULT_TIMEOUT = 300.0

# What `--diff` without a value stands for: the merge base with the default branch.
DEFAULT_BASE = "@merge-base"


class FailOn(enum.Enum):
    BLOCKER = "blocker"
    MAJOR = "major"
    MINOR = "minor"
    NIT = "nit"
    NEVER = "never"

    @property
    def severity(self) -> Severity | None:
        """The lowest severity that fails the run, or None for never."""
        if self is FailOn.NEVER:
            return None
        return Severity(self.value)


@dataclass(frozen=True)
class RuffSettings:
    """The project's own [tool.ruff] choices, which review hands to ruff: the project already
    decided them. Globs with a `/` are made absolute from the settings file's folder."""

    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] | None = None  # None: ruff's default excludes
    extend_exclude: tuple[str, ...] = ()
    target_version: str | None = None


@dataclass(frozen=True)
class CommandLineChoices:
    """What only the command line says: `Overrides` holds it as given, `ReviewConfig` keeps
    it as it is, beside what a config file may say too."""

    output_format: OutputFormat = OutputFormat.TEXT
    output: str | None = None
    categories: frozenset[Category] = frozenset()
    color: bool = False
    respect_gitignore: bool = True
    diff_base: str | None = None
    staged: bool = False
    diff_mode: DiffMode = DiffMode.ADDED
    context_lines: int = 3
    baseline: str | None = None
    no_baseline: bool = False
    quiet: bool = False
    statistics: bool = False
    # The interpreter of the project's environment, which mypy runs: only the command line
    # may name a program to run (the config file is part of the reviewed tree).
    python: str | None = None


@dataclass(frozen=True)
class ReviewConfig(CommandLineChoices):
    """The options of one review run: the command line's over the config file's over the
    defaults (reviewer.config.files.resolve)."""

    paths: tuple[str, ...] = (".",)
    fail_on: FailOn = FailOn.MAJOR
    max_comments: int | None = None
    # A write-up with every blocker and major but only the few most important minors
    # (reviewer/render/brief.py); the text and machine formats ignore it.
    brief: bool = False
    voice: Voice = Voice.PEER
    exclude: tuple[str, ...] = ()
    disabled_analyzers: frozenset[str] = frozenset()
    analyzer_timeout: float = DEFAULT_TIMEOUT
    cache_dir: str | None = ".review_cache"
    thresholds: Thresholds = field(default_factory=Thresholds)
    rule_severity: Mapping[str, Severity | None] = field(default_factory=dict, hash=False)
    design_thresholds: DesignThresholds = field(default_factory=DesignThresholds)
    php_thresholds: PhpThresholds = field(default_factory=PhpThresholds)
    php_architecture: PhpArchitecture = PhpArchitecture.LARAVEL
    config_path: str | None = None
    # Rule ids, categories or analyzer codes (rule ids alone once `with_rule_ids` ran): the
    # rules a run applies, as ruff selects: select (default: all), plus extend, less ignore.
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # (absolute glob, words): rules left out in the files a glob matches.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    project_ruff: RuffSettings = field(default_factory=RuffSettings)
    include_migrations: bool = False  # review Django and Alembic migration folders too
    # The project's virtual environment named by the config file: read, never run.
    python_venv: str | None = None
    # Where the reviewed files can be read on the web (config/source_links.py), or None.
    source_url: str | None = None

    @property
    def scoped_to_changes(self) -> bool:
        """True when the run comments only on what a change adds (--diff or --staged)."""
        return self.staged or self.diff_base is not None

    def wants(self, category: Category) -> bool:
        """True when the run is not limited to other categories."""
        return not self.categories or category in self.categories

    def selects(self, rule_id: str) -> bool:
        """True when --select/--extend-select/--ignore (and the config's) keep this rule."""
        chosen = not self.select or rule_id in self.select or rule_id in self.extend_select
        return chosen and rule_id not in self.ignore


@dataclass(frozen=True)
class Overrides(CommandLineChoices):
    """What the command line said; None or empty where it said nothing, so a config file
    may. The choices only the command line makes are shared with ReviewConfig."""

    paths: tuple[str, ...] = ()
    fail_on: FailOn | None = None
    max_comments: int | None = None
    brief: bool | None = None
    voice: Voice | None = None
    exclude: tuple[str, ...] = ()
    no_cache: bool = False
    cache_dir: str | None = None
    config_file: str | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def command_line_choices(overrides: Overrides) -> dict[str, Any]:
    """The choices only the command line makes, as ReviewConfig's keyword arguments."""
    return {f.name: getattr(overrides, f.name) for f in dataclasses.fields(CommandLineChoices)}
