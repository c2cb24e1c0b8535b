"""Which rules a run applies, where: settings that name rules, by id or by an analyzer's code,
turned into rule ids once the catalog is loaded."""

from __future__ import annotations

import dataclasses

from reviewer.catalog import Catalog, candidates
from reviewer.config import ReviewConfig
from reviewer.config_file import closest
from reviewer.errors import ConfigError


def with_rule_ids(config: ReviewConfig, catalog: Catalog) -> ReviewConfig:
    """The run's options with each rule a setting names by code (`S608`) named by its id."""
    where = config.config_path or "the command line"
    levels = {
        rule_id_of(catalog, word, where, f"rules.{word}"): level
        for word, level in config.rule_severity.items()
    }
    return dataclasses.replace(config, rule_severity=levels)


def rule_id_of(catalog: Catalog, word: str, where: str, setting: str) -> str:
    """The id of the rule a word names; a ConfigError naming the file and setting otherwise."""
    found = catalog.matches(word)
    if len(found) == 1:
        return found[0].rule.id
    if found:
        choices = candidates(found)
        raise ConfigError(f"{where}: '{setting}' is ambiguous: {choices}; name one of them")
    raise ConfigError(f"{where}: unknown rule '{setting}'{closest(word, catalog.rules)}")
