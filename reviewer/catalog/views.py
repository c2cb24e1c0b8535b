"""The rule catalog for people: `review rules` as a table, `review explain RULE` as a page."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from reviewer.catalog.rules import Resolved
from reviewer.model import CATEGORY_IMPORTANCE, Area, Category, Rule, Severity


def _ordered(rules: Sequence[Rule]) -> list[Rule]:
    principle = {None: ""}
    return sorted(
        rules,
        key=lambda r: (
            r.category.rank,
            principle.get(None) if r.principle is None else r.principle.value,
            r.severity.rank,
            r.id,
        ),
    )


def _kind(rule: Rule) -> str:
    return (
        f"{rule.category.value}/{rule.principle.value}" if rule.principle else rule.category.value
    )


def rules_text(rules: Sequence[Rule]) -> str:
    """One line a rule: id, category, severity, title."""
    rows = [
        (r.id, _kind(r), r.effective_label.value if r.label else r.severity.value, r.title)
        for r in _ordered(rules)
    ]
    width = max((len(row[0]) for row in rows), default=0)
    lines = [f"{i:<{width}}  {k:<20} {s:<8} {t}" for i, k, s, t in rows]
    return "\n".join([*lines, f"{len(rows)} rules"]) + "\n"


def rules_json(rules: Sequence[Rule]) -> str:
    """Every field of every rule, as JSON."""
    data = [
        {
            "id": r.id,
            "category": r.category.value,
            "principle": r.principle.value if r.principle else None,
            "severity": r.severity.value,
            "label": r.effective_label.value,
            "title": r.title,
            "why": r.why,
            "how": r.how,
            "references": list(r.references),
            "sources": list(r.sources),
            "in_tests": r.in_tests,
            "areas": {area.value: limit.value if limit else None for area, limit in r.areas},
            "confidence": r.confidence.value,
        }
        for r in _ordered(rules)
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def rules_markdown(rules: Sequence[Rule]) -> str:
    """A section per category (and SOLID principle), a table row per rule."""
    out: list[str] = []
    for category in CATEGORY_IMPORTANCE:
        chosen = [r for r in _ordered(rules) if r.category is category]
        if chosen:
            out += _category_table(category, chosen)
    return "\n".join(out)


def _category_table(category: Category, rules: Sequence[Rule]) -> list[str]:
    lines = [f"### {category.value}", ""]
    principle = " principle |" if category is Category.SOLID else ""
    lines += [f"| rule |{principle} severity | what it flags | sources |", ""]
    lines[-1] = "| --- |" + (" --- |" if principle else "") + " --- | --- | --- |"
    for rule in rules:
        cells = [f"`{rule.id}`"]
        if principle:
            cells.append(rule.principle.value if rule.principle else "")
        sources = ", ".join(f"`{s}`" for s in rule.sources[:4])
        more = f" (+{len(rule.sources) - 4})" if len(rule.sources) > 4 else ""
        level = "praise" if rule.effective_label.value == "praise" else rule.severity.value
        title = rule.title.replace("|", "\\|") + _in_tests(rule)
        cells += [level, title, sources + more]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _in_tests(rule: Rule) -> str:
    """Where the rule weighs less: "(not in tests; minor in scripts)"."""
    said = [
        f"{'not' if limit is None else limit.value} in {area.value}" for area, limit in rule.areas
    ]
    return f" ({'; '.join(said)})" if said else ""


def explained(word: str, found: Resolved) -> str:
    """The explain page of the rule a word named; a code is first shown to lead to its rule."""
    if not found.source:
        return explanation(found.rule)
    named = word if word == found.source else f"{word} ({found.source})"
    return f"{named} is reported under the rule {found.rule.id}.\n\n" + explanation(found.rule)


def explanation(rule: Rule) -> str:
    """The page `review explain` prints: why, how, before and after, references."""
    parts = [
        f"{rule.id}: {rule.title}",
        f"{_kind(rule)}, {rule.severity.value} ({rule.effective_label.value})",
        f"Why\n{rule.why.strip()}",
        f"How\n{rule.how.strip()}",
    ]
    if rule.example_before:
        parts.append(f"Before\n{rule.example_before.rstrip()}")
    if rule.example_after:
        parts.append(f"After\n{rule.example_after.rstrip()}")
    if rule.references:
        parts.append("References\n" + "\n".join(f"- {r}" for r in rule.references))
    parts.append("Sources: " + ", ".join(rule.sources))
    parts += [_area_sentence(area, limit) for area, limit in rule.areas]
    return "\n\n".join(parts) + "\n"


AREA_WORDS: Mapping[Area, str] = {
    Area.TESTS: "test files (test_*.py, *_test.py, conftest.py, *Test.php, tests/)",
    Area.SCRIPTS: "scripts and commands (scripts/, bin/, management/commands/, seeders, ...)",
    Area.MIGRATIONS: "migrations (migrations/, alembic/)",
}


def _area_sentence(area: Area, limit: Severity | None) -> str:
    if limit is None:
        return f"Not applied to {AREA_WORDS[area]}."
    return f"At most {limit.value} in {AREA_WORDS[area]}."
