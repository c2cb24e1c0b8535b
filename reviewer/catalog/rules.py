"""The rule catalog: loads and validates rules/*.yaml, and maps a Finding to its Rule."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml

from reviewer.errors import CatalogError, closest
from reviewer.model import Area, Category, Confidence, Finding, Label, Principle, Rule, Severity
from reviewer.runtime import resources

RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
SOURCE = re.compile(r"^(?P<analyzer>[a-z][a-z0-9_-]*):(?P<code>[A-Za-z0-9][\w.-]*\*?|\*)$")

# A family of codes, as ruff's `--select S6` names one: capitals, then digits.
CODE_PREFIX = re.compile(r"^[A-Z]+[0-9]*$")

REQUIRED_KEYS = ("id", "category", "severity", "title", "why", "how", "sources")
OPTIONAL_TEXT_KEYS = ("template", "example_before", "example_after")
E = TypeVar("E", Category, Severity, Principle, Label, Confidence)
# How a rule weighs outside the shipped code: a key per area, true, false or a severity.
AREA_KEYS: Mapping[str, Area] = {
    "in_tests": Area.TESTS,
    "in_scripts": Area.SCRIPTS,
    "in_migrations": Area.MIGRATIONS,
}

OTHER_KEYS = ("principle", "label", "references", "absorbs", "confidence")
KNOWN_KEYS = frozenset((*REQUIRED_KEYS, *OTHER_KEYS, *AREA_KEYS, *OPTIONAL_TEXT_KEYS))


@dataclass(frozen=True)
class Where:
    """The place a validation error points at: a file and one of its rules."""

    path: Path
    rule: str

    def error(self, field_name: str, problem: str) -> CatalogError:
        """A one-line CatalogError naming the file, the rule and the field."""
        text = f"{self.path}: rule {self.rule}: field '{field_name}': {problem}"
        return CatalogError(" ".join(text.split()))


@dataclass(frozen=True)
class Resolved:
    """The rule a word names, and the analyzer source that led there (empty for a rule id)."""

    rule: Rule
    source: str


@dataclass(frozen=True)
class Catalog:
    """Every rule by id, with lookups from an analyzer code to its rule built once."""

    rules: Mapping[str, Rule]
    _exact: Mapping[str, Rule] = field(init=False, repr=False, compare=False)
    _globs: Mapping[str, tuple[tuple[str, Rule], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", MappingProxyType(dict(self.rules)))
        exact = {s: r for r in self.rules.values() for s in r.sources if not s.endswith("*")}
        object.__setattr__(self, "_exact", MappingProxyType(exact))
        object.__setattr__(self, "_globs", MappingProxyType(_glob_index(self.rules.values())))

    def rule_for(self, finding: Finding) -> Rule | None:
        """The rule for a finding: its exact source first, else the longest matching glob."""
        return self._for_source(finding.analyzer, finding.code)

    def _for_source(self, analyzer: str, code: str, catch_all: bool = True) -> Rule | None:
        """The rule `analyzer:code` maps to; a bare `analyzer:*` only when `catch_all`."""
        rule = self._exact.get(f"{analyzer}:{code}")
        if rule is not None:
            return rule
        for prefix, candidate in self._globs.get(analyzer, ()):
            if code.startswith(prefix) and (prefix or catch_all):
                return candidate
        return None

    def get(self, rule_id: str) -> Rule:
        """The rule with this id; CatalogError suggesting the closest id otherwise."""
        try:
            return self.rules[rule_id]
        except KeyError:
            hint = closest(rule_id, self.rules)
            raise CatalogError(f"unknown rule '{rule_id}'{hint}") from None

    def resolve(self, word: str) -> Resolved:
        """The rule a word names: a rule id, a source (`ruff:S608`), or a bare code (`S608`,
        tried with each analyzer's prefix). CatalogError for none, or for a bare code that
        two rules claim (naming the candidates)."""
        found = self.matches(word)
        if len(found) > 1:
            raise CatalogError(f"'{word}' is ambiguous: {candidates(found)}; name one of them")
        if not found:
            self.get(word)  # raises, with the closest id
        return found[0]

    def id_named(self, word: str) -> str | None:
        """The id of the one rule a word names; None for no rule, or for two."""
        found = self.matches(word)
        return found[0].rule.id if len(found) == 1 else None

    def matches(self, word: str) -> list[Resolved]:
        """Each rule a word may name: its id; or the rule a source maps to; or, for a bare
        code, the rules whose sources name it exactly, else by a code prefix (`ruff:ANN*`)."""
        if word in self.rules:
            return [Resolved(self.rules[word], "")]
        if SOURCE.match(word) and not word.endswith("*"):
            analyzer, _, code = word.partition(":")
            rule = self._for_source(analyzer, code)
            return [Resolved(rule, word)] if rule else []
        exact = [
            Resolved(r, f"{a}:{word}")
            for a in self._analyzers()
            if (r := self._exact.get(f"{a}:{word}"))
        ]
        return exact or [
            Resolved(rule, f"{name}:{word}")
            for name in self._analyzers()
            if (rule := self._for_source(name, word, catch_all=False)) is not None
        ]

    def rules_under(self, word: str) -> list[Rule]:
        """The rules with an exact source whose code a code prefix (`S6`, `ruff:S6`) starts,
        as ruff selects a family of codes; none for a word that is not such a prefix."""
        analyzer, _, prefix = word.rpartition(":")
        if not CODE_PREFIX.match(prefix):
            return []
        return [
            rule
            for source, rule in sorted(self._exact.items())
            for name, _, code in [source.partition(":")]
            if (not analyzer or name == analyzer) and code.startswith(prefix) and code != prefix
        ]

    def _analyzers(self) -> list[str]:
        """Every analyzer the catalog maps codes of, in name order."""
        return sorted({s.partition(":")[0] for r in self.rules.values() for s in r.sources})

    def codes_for(self, analyzer: str) -> tuple[str, ...]:
        """Exact codes and glob prefixes of one analyzer, sorted (a bare `*` adds none)."""
        codes = {
            code.removesuffix("*")
            for rule in self.rules.values()
            for source in rule.sources
            for name, _, code in [source.partition(":")]
            if name == analyzer and code != "*"
        }
        return tuple(sorted(codes))


def candidates(found: Iterable[Resolved]) -> str:
    """`bandit:X100 (one), ruff:X100 (two)`: the rules an ambiguous code may mean."""
    return ", ".join(f"{r.source} ({r.rule.id})" for r in found)


def _glob_index(rules: Iterable[Rule]) -> dict[str, tuple[tuple[str, Rule], ...]]:
    """Per analyzer, (code prefix, rule) pairs with the longest prefix first."""
    index: dict[str, list[tuple[str, Rule]]] = {}
    for rule in rules:
        for source in rule.sources:
            if source.endswith("*"):
                analyzer, _, code = source.partition(":")
                index.setdefault(analyzer, []).append((code.removesuffix("*"), rule))
    return {name: tuple(sorted(pairs, key=lambda p: -len(p[0]))) for name, pairs in index.items()}


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and validate every `*.yaml` rule file of a directory (the packaged rules by default)."""
    folder = resources.data_dir("rules") if directory is None else directory
    if not folder.is_dir():
        raise CatalogError(f"{folder}: rule directory not found")
    rules: dict[str, Rule] = {}
    homes: dict[str, Path] = {}
    owners: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        for where, rule in _load_file(path):
            _check_unique(where, rule, homes, owners)
            rules[rule.id] = rule
            homes[rule.id] = path
    _check_absorbs(rules, homes)
    return Catalog(rules)


def _check_absorbs(rules: Mapping[str, Rule], homes: Mapping[str, Path]) -> None:
    """Every rule named in `absorbs` exists and is not the rule itself."""
    for rule in rules.values():
        for other in rule.absorbs:
            if other not in rules or other == rule.id:
                where = Where(homes[rule.id], f"'{rule.id}'")
                raise where.error("absorbs", f"unknown rule '{other}'{closest(other, rules)}")


def _check_unique(
    where: Where, rule: Rule, homes: Mapping[str, Path], owners: dict[str, str]
) -> None:
    """Reject a second rule with the same id, or a source another rule already claims."""
    if rule.id in homes:
        raise where.error("id", f"duplicate id '{rule.id}', already defined in {homes[rule.id]}")
    for source in rule.sources:
        if source in owners:
            raise where.error(
                "sources", f"'{source}' is already claimed by rule '{owners[source]}'"
            )
        owners[source] = rule.id


def _load_file(path: Path) -> Iterator[tuple[Where, Rule]]:
    """Each rule of one file, validated, with the place it came from."""
    entries = _rule_entries(path)
    for index, entry in enumerate(entries):
        where = Where(path, f"#{index + 1}")
        if not isinstance(entry, dict):
            raise where.error("-", "each rule must be a mapping of keys to values")
        rule_id = entry.get("id")
        if isinstance(rule_id, str) and rule_id:
            where = Where(path, f"'{rule_id}'")
        yield where, _build_rule(where, entry)


def _rule_entries(path: Path) -> list[Any]:
    """The list under the top-level `rules:` key of one file."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or set(data) != {"rules"}:
        raise CatalogError(f"{path}: the file must be a mapping with the single key 'rules'")
    entries = data["rules"]
    if not isinstance(entries, list):
        raise CatalogError(f"{path}: 'rules' must be a list of rules")
    return entries


def _read_yaml(path: Path) -> Any:
    """The parsed YAML of one file; CatalogError naming the file and line when it does not parse."""
    try:
        # libyaml's safe loader when PyYAML was built with it: the same data, several times faster
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 # nosec B506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise CatalogError(f"{path}:{line}: YAML syntax error: {error.problem}") from None
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"{path}: cannot read rules: {error}") from None


def _build_rule(where: Where, entry: Mapping[str, Any]) -> Rule:
    """One validated Rule from one YAML mapping."""
    _check_keys(where, entry)
    category = _enum(where, entry, "category", Category)
    principle = _principle(where, entry, category)
    return Rule(
        id=_rule_id(where, entry),
        category=category,
        severity=_enum(where, entry, "severity", Severity),
        title=_text(where, entry, "title"),
        why=_text(where, entry, "why"),
        how=_text(where, entry, "how"),
        sources=_sources(where, entry),
        principle=principle,
        label=_label(where, entry),
        references=_strings(where, entry, "references"),
        absorbs=_strings(where, entry, "absorbs"),
        template=_optional_text(where, entry, "template") or None,
        example_before=_optional_text(where, entry, "example_before"),
        example_after=_optional_text(where, entry, "example_after"),
        areas=_areas(where, entry),
        confidence=_enum(where, {"confidence": "high", **entry}, "confidence", Confidence),
    )


def _check_keys(where: Where, entry: Mapping[str, Any]) -> None:
    """Every key is known, and every required key is present."""
    for key in entry:
        if key not in KNOWN_KEYS:
            raise where.error(str(key), f"unknown key{closest(str(key), KNOWN_KEYS)}")
    for key in REQUIRED_KEYS:
        if key not in entry:
            raise where.error(key, "missing required key")


def _rule_id(where: Where, entry: Mapping[str, Any]) -> str:
    """The rule id, kebab-case."""
    value = _text(where, entry, "id")
    if not RULE_ID.match(value):
        raise where.error("id", f"'{value}' is not kebab-case (like 'sql-injection')")
    return value


def _text(where: Where, entry: Mapping[str, Any], key: str) -> str:
    """A required, non-empty string field."""
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.error(key, f"must be a non-empty string, got {_kind(value)}")
    return value.strip()


def _optional_text(where: Where, entry: Mapping[str, Any], key: str) -> str:
    """An optional string field; empty when absent."""
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise where.error(key, f"must be a string, got {_kind(value)}")
    return value.strip()


def _areas(where: Where, entry: Mapping[str, Any]) -> tuple[tuple[Area, Severity | None], ...]:
    """`in_tests`, `in_scripts`, `in_migrations`: true (the default), false (never there), or
    the most a finding there may weigh (a severity)."""
    areas: list[tuple[Area, Severity | None]] = []
    levels = [s.value for s in Severity]
    for key, area in AREA_KEYS.items():
        value = entry.get(key, True)
        if value is False or value in levels:
            areas.append((area, None if value is False else Severity(value)))
        elif value is not True:
            choices = f"true, false or a severity ({', '.join(levels)})"
            raise where.error(key, f"must be {choices}, got {value!r}")
    return tuple(areas)


def _strings(where: Where, entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """An optional list of non-empty strings."""
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(key, f"must be a list of non-empty strings, got {_kind(value)}")
    return tuple(v.strip() for v in value)


def _sources(where: Where, entry: Mapping[str, Any]) -> tuple[str, ...]:
    """The non-empty list of `analyzer:CODE` sources, each well formed and listed once."""
    sources = _strings(where, entry, "sources")
    if not sources:
        raise where.error("sources", "must list at least one 'analyzer:CODE' source")
    for source in sources:
        if not SOURCE.match(source):
            raise where.error(
                "sources", f"'{source}' is not 'analyzer:CODE' (like 'ruff:S608' or 'ruff:ANN*')"
            )
    if len(set(sources)) != len(sources):
        raise where.error("sources", "lists the same source twice")
    return sources


def _enum(where: Where, entry: Mapping[str, Any], key: str, kind: type[E]) -> E:
    """The enum member whose value the field holds; suggests the closest value otherwise."""
    value = entry.get(key)
    choices = [member.value for member in kind]
    if isinstance(value, str) and value in choices:
        return kind(value)
    hint = closest(str(value), choices) or f"; expected one of {', '.join(choices)}"
    raise where.error(key, f"'{value}' is not a valid {key}{hint}")


def _principle(where: Where, entry: Mapping[str, Any], category: Category) -> Principle | None:
    """The SOLID principle: required for category solid, forbidden for every other."""
    if category is not Category.SOLID:
        if "principle" in entry:
            raise where.error(
                "principle",
                f"only rules of category 'solid' name a principle, this one is '{category.value}'",
            )
        return None
    if "principle" not in entry:
        raise where.error("principle", "missing: a 'solid' rule names SRP, OCP, LSP, ISP or DIP")
    return _enum(where, entry, "principle", Principle)


def _label(where: Where, entry: Mapping[str, Any]) -> Label | None:
    """The optional label override (`praise` for rules whose findings are earned praise)."""
    if "label" not in entry:
        return None
    return _enum(where, entry, "label", Label)


def _kind(value: object) -> str:
    """A short description of a YAML value's type, for error messages."""
    return "nothing" if value is None else type(value).__name__
