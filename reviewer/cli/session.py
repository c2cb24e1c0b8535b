"""Wiring one run: the catalog, the analyzers, the renderer, the formatter and the output."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Sequence
from pathlib import Path

from reviewer.analyzers import registered
from reviewer.cache.folder import trusted
from reviewer.cache.results import behind_cache
from reviewer.catalog.rules import Catalog, load_catalog
from reviewer.catalog.selection import with_rule_ids
from reviewer.cli.output import write_output, write_stdout
from reviewer.cli.progress import Display, Reported, wanted
from reviewer.config.files import load_settings, resolve
from reviewer.config.options import DEFAULT_BASE, Overrides, ReviewConfig
from reviewer.errors import ConfigError, UsageError, closest
from reviewer.formats import format_record, formatter_for
from reviewer.inputs.baseline import BASELINE_FILE, Baseline, load_baseline
from reviewer.inputs.scope import Scope
from reviewer.inputs.staged import staged_tree
from reviewer.inputs.vcs import changed_lines
from reviewer.languages import language_for
from reviewer.model import Review
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer


@functools.cache
def packaged_catalog() -> Catalog:
    """The packaged rules, read and validated once a process: configuring a run (rule ids
    named by code) and reviewing need the same catalog."""
    return load_catalog()


def configure(overrides: Overrides) -> ReviewConfig:
    """The command line merged over the nearest configuration file, with the cache folder
    made ready, or no cache when the folder is not one review made. (Decided here, before
    `--staged` moves the run into its stand-in, where the links on the way are not seen.)"""
    explicit = Path(overrides.config_file) if overrides.config_file else None
    settings = load_settings(explicit, start=reviewed_folder(overrides.paths))
    voice = overrides.voice or settings.voice or format_record(overrides.output_format).voice
    resolved = resolve(dataclasses.replace(overrides, voice=voice), settings)
    return with_rule_ids(trusted(resolved), packaged_catalog())


def reviewed_folder(paths: Sequence[str]) -> Path | None:
    """The folder the reviewed paths share, where the nearest configuration is looked for (as
    ruff looks for its own beside the files it checks): `review backend/` from the top of a
    repository reads backend's pyproject.toml. None (the working directory) for no path, or
    for paths that do not all exist."""
    if not paths or not all(os.path.exists(p) for p in paths):
        return None
    folders = [p if os.path.isdir(p) else os.path.dirname(p) or "." for p in paths]
    try:
        return Path(os.path.commonpath([os.path.abspath(f) for f in folders]))
    except (OSError, ValueError):  # a deleted working directory (said later), other drives
        return None


def check_rule_ids(catalog: Catalog, config: ReviewConfig) -> None:
    """Every rule a config file names exists, or the run stops with the closest id."""
    for rule_id in config.rule_severity:
        if rule_id not in catalog.rules:
            hint = closest(rule_id, catalog.rules)
            raise ConfigError(f"{config.config_path}: unknown rule 'rules.{rule_id}'{hint}")


def scope_of(config: ReviewConfig) -> Scope:
    """The whole tree or what `--diff`/`--staged` say a change adds, less the baseline."""
    baseline = baseline_of(config)
    if not config.scoped_to_changes:
        return Scope(baseline=baseline)
    base = None if config.diff_base == DEFAULT_BASE else config.diff_base
    changes = changed_lines(base, config.staged)
    return Scope(changes, config.diff_mode, config.context_lines, baseline)


def baseline_of(config: ReviewConfig) -> Baseline | None:
    """The named baseline, else `.review-baseline.json` here if there is one."""
    if config.no_baseline:
        return None
    if config.baseline:
        return load_baseline(Path(config.baseline))
    default = Path(BASELINE_FILE)
    return load_baseline(default) if default.is_file() else None


def review_only(config: ReviewConfig, scope: Scope | None = None) -> Review:
    """Review the configured paths."""
    catalog = packaged_catalog()
    check_rule_ids(catalog, config)
    renderer = make_renderer(config.voice)
    scope = scope_of(config) if scope is None else scope
    analyzers = behind_cache(registered(catalog, config, workers=True), config.cache_dir)
    if not wanted(format_record(config.output_format).machine_readable or config.quiet):
        return run_review(config, analyzers, catalog, renderer, scope)
    with Display() as display:
        shown = [Reported(a, display) for a in analyzers]
        return run_review(config, shown, catalog, renderer, scope)


def review_and_write(config: ReviewConfig) -> Review:
    """Review the configured paths and write the formatted result where it was asked for."""
    if config.output:
        refuse_to_overwrite_sources(config.output, config.paths)
    with staged_tree(config, scope_of(config)) as (run, scope):  # --staged: the index's bytes
        review = review_only(run, scope)
        text = formatter_for(run.output_format)(review, run)
    if config.output:
        write_output(Path(config.output), text)
    else:
        write_stdout(text)
    return review


def refuse_to_overwrite_sources(output: str, paths: tuple[str, ...], what: str = "review") -> None:
    """`--output` may not name a Python or PHP file under review: the `what` would replace it."""
    if language_for(output) is None or not Path(output).is_file():
        return
    target = Path(output).resolve()
    for path in paths:
        root = Path(path).resolve()
        if target == root or target.is_relative_to(root):
            message = f"--output {output} is a file under review; write the {what} elsewhere"
            raise UsageError(message)
