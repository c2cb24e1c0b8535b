"""Which rules a run applies, where: settings that name rules, by id or by an analyzer's code,
turned into rule ids once the catalog is loaded."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from reviewer.catalog.rules import Catalog, candidates
from reviewer.config.options import ReviewConfig
from reviewer.errors import ConfigError, closest
from reviewer.inputs.discovery import is_excluded
from reviewer.model import Category


def with_rule_ids(config: ReviewConfig, catalog: Catalog) -> ReviewConfig:
    """The run's options with each rule a setting names by code (`S608`) or category
    (`security`) named by its ids: a ConfigError for a word that names no rule."""
    where = config.config_path or "the command line"
    levels = {
        rule_id_of(catalog, word, where, f"rules.{word}"): level
        for word, level in config.rule_severity.items()
    }
    files = tuple(
        (glob, rule_ids_of(catalog, words, f"per-file-ignores.{glob}"))
        for glob, words in config.per_file_ignores
    )
    return dataclasses.replace(
        config,
        rule_severity=levels,
        select=rule_ids_of(catalog, config.select, "--select/select"),
        extend_select=rule_ids_of(catalog, config.extend_select, "--extend-select/extend-select"),
        ignore=rule_ids_of(catalog, config.ignore, "--ignore/ignore"),
        per_file_ignores=files,
    )


def rule_ids_of(catalog: Catalog, words: Iterable[str], setting: str) -> tuple[str, ...]:
    """The ids of the rules the words name (each a rule id, a category or an analyzer code,
    or several of them between commas, as ruff takes them), sorted."""
    categories = {c.value for c in Category}
    ids: set[str] = set()
    for word in (w.strip() for text in words for w in text.split(",") if w.strip()):
        if word in categories:
            ids.update(r.id for r in catalog.rules.values() if r.category.value == word)
        else:
            ids.update(_rules_named(catalog, word, setting))
    return tuple(sorted(ids))


def _rules_named(catalog: Catalog, word: str, setting: str) -> set[str]:
    """The rule a word names; for a code prefix (`S6`), every rule of a code it starts too."""
    under = {rule.id for rule in catalog.rules_under(word)}
    if under:
        return under | {found.rule.id for found in catalog.matches(word)}
    return {_one_rule(catalog, word, setting)}


def _one_rule(catalog: Catalog, word: str, setting: str) -> str:
    found = catalog.matches(word)
    if len(found) == 1:
        return found[0].rule.id
    if found:
        raise ConfigError(f"{setting}: '{word}' is ambiguous: {candidates(found)}; name one")
    hint = closest(word, [*catalog.rules, *(c.value for c in Category)])
    raise ConfigError(f"{setting}: unknown rule or category '{word}'{hint}")


def ignored_here(config: ReviewConfig, rule_id: str, path: str) -> bool:
    """True when per-file-ignores leave this rule out of this file."""
    return any(
        rule_id in ids and is_excluded(path, (glob,)) for glob, ids in config.per_file_ignores
    )


def rule_id_of(catalog: Catalog, word: str, where: str, setting: str) -> str:
    """The id of the rule a word names; a ConfigError naming the file and setting otherwise."""
    found = catalog.matches(word)
    if len(found) == 1:
        return found[0].rule.id
    if found:
        choices = candidates(found)
        raise ConfigError(f"{where}: '{setting}' is ambiguous: {choices}; name one of them")
    raise ConfigError(f"{where}: unknown rule '{setting}'{closest(word, catalog.rules)}")
