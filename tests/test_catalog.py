"""The rule catalog: loading, validation messages, and mapping findings to rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from reviewer.catalog.rules import AREA_KEYS, Catalog, load_catalog
from reviewer.errors import CatalogError
from reviewer.model import Area, Category, Confidence, Finding, Label, Location, Principle, Severity
from reviewer.runtime import resources


def rule(rule_id: str = "sample-rule", **overrides: Any) -> dict[str, Any]:
    """A valid rule mapping; keyword arguments replace or add keys (None removes one)."""
    entry: dict[str, Any] = {
        "id": rule_id,
        "category": "correctness",
        "severity": "minor",
        "title": "Sample problem",
        "why": "It costs something, because of a reason.",
        "how": "Consider another way.",
        "sources": [f"test:code-{rule_id}"],
    }
    entry.update(overrides)
    return {key: value for key, value in entry.items() if value is not None}


def write_rules(folder: Path, name: str, *rules: dict[str, Any]) -> Path:
    """A rule file with the given rules, in a real folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump({"rules": list(rules)}, sort_keys=False), encoding="utf-8")
    return path


def load_error(folder: Path) -> str:
    """The message of the CatalogError that loading this folder raises."""
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    message = str(caught.value)
    assert "\n" not in message
    return message


def finding(source: str) -> Finding:
    analyzer, _, code = source.partition(":")
    return Finding(analyzer, code, Location("app.py", 3, 3), "message")


def test_shipped_catalog_loads_from_the_packaged_folder() -> None:
    catalog = load_catalog()

    assert catalog == load_catalog(resources.data_dir("rules"))
    assert len(catalog.rules) > 50
    sql = catalog.get("sql-injection")
    assert sql.category is Category.SECURITY
    assert sql.severity is Severity.BLOCKER
    assert {"bandit:B608", "ruff:S608"} <= set(sql.sources)


def test_shipped_solid_rules_name_their_principle() -> None:
    catalog = load_catalog()

    assert catalog.get("incompatible-override").principle is Principle.LSP
    assert catalog.get("too-many-parameters").principle is Principle.SRP


def test_rules_from_several_files_are_merged(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", rule("first-rule", sources=["ruff:A1"]))
    write_rules(tmp_path, "b.yaml", rule("second-rule", sources=["ruff:B1"]))
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")

    catalog = load_catalog(tmp_path)

    assert sorted(catalog.rules) == ["first-rule", "second-rule"]


def test_optional_fields_are_read(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        "solid.yaml",
        rule(
            "many-args",
            category="solid",
            principle="SRP",
            label="suggestion",
            references=["CWE-1", "https://example.org/"],
            template="comments/solid.md.j2",
            example_before="def f(a, b, c): ...",
            example_after="def f(options): ...",
        ),
    )

    loaded = load_catalog(tmp_path).get("many-args")

    assert loaded.principle is Principle.SRP
    assert loaded.label is not None and loaded.label.value == "suggestion"
    assert loaded.references == ("CWE-1", "https://example.org/")
    assert loaded.template == "comments/solid.md.j2"
    assert loaded.example_before == "def f(a, b, c): ..."


def test_unknown_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    entry = rule("typo-rule")
    entry["categroy"] = entry.pop("category")
    write_rules(tmp_path, "typo.yaml", entry)

    message = load_error(tmp_path)

    assert "typo.yaml" in message
    assert "'typo-rule'" in message
    assert "'categroy'" in message
    assert "did you mean 'category'" in message


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    write_rules(tmp_path, "missing.yaml", rule("no-how", how=None))

    message = load_error(tmp_path)

    assert "missing.yaml" in message and "'no-how'" in message and "'how'" in message


def test_bad_category_suggests_the_closest_value(tmp_path: Path) -> None:
    write_rules(tmp_path, "cat.yaml", rule("bad-cat", category="securty"))

    message = load_error(tmp_path)

    assert "cat.yaml" in message and "'bad-cat'" in message and "'category'" in message
    assert "did you mean 'security'" in message


def test_bad_severity_lists_the_valid_values(tmp_path: Path) -> None:
    write_rules(tmp_path, "sev.yaml", rule("bad-sev", severity="critical"))

    message = load_error(tmp_path)

    assert "'severity'" in message and "blocker" in message and "nit" in message


def test_solid_rule_without_principle_is_refused(tmp_path: Path) -> None:
    write_rules(tmp_path, "solid.yaml", rule("no-principle", category="solid"))

    message = load_error(tmp_path)

    assert "solid.yaml" in message and "'no-principle'" in message and "'principle'" in message


def test_principle_on_a_non_solid_rule_is_refused(tmp_path: Path) -> None:
    write_rules(tmp_path, "sec.yaml", rule("stray-principle", category="security", principle="SRP"))

    message = load_error(tmp_path)

    assert "sec.yaml" in message and "'stray-principle'" in message and "'principle'" in message


def test_bad_principle_suggests_the_closest_value(tmp_path: Path) -> None:
    write_rules(tmp_path, "solid.yaml", rule("lsp-typo", category="solid", principle="LPS"))

    assert "did you mean 'LSP'" in load_error(tmp_path)


def test_praise_label_is_accepted(tmp_path: Path) -> None:
    write_rules(tmp_path, "labels.yaml", rule("praised", label="praise"))

    assert load_catalog(tmp_path).get("praised").effective_label is Label.PRAISE


def test_absorbs_must_name_a_known_rule(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", rule("swallowed", absorbs=["bare-excep"]), rule("bare-except"))

    message = load_error(tmp_path)

    assert "a.yaml" in message and "'swallowed'" in message and "'absorbs'" in message
    assert "did you mean 'bare-except'" in message


@pytest.mark.parametrize("bad_id", ["SQL_Injection", "sql--injection", "-sql", "9lives", ""])
def test_bad_id_is_refused(tmp_path: Path, bad_id: str) -> None:
    write_rules(tmp_path, "ids.yaml", rule(bad_id))

    message = load_error(tmp_path)

    assert "ids.yaml" in message and "'id'" in message


def test_rule_without_id_is_named_by_its_position(tmp_path: Path) -> None:
    write_rules(tmp_path, "pos.yaml", rule("first-rule", sources=["ruff:A1"]), rule(id=None))

    message = load_error(tmp_path)

    assert "pos.yaml" in message and "#2" in message and "'id'" in message


def test_duplicate_id_across_files_is_refused(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", rule("twin", sources=["ruff:A1"]))
    write_rules(tmp_path, "b.yaml", rule("twin", sources=["ruff:B1"]))

    message = load_error(tmp_path)

    assert "b.yaml" in message and "'twin'" in message and "'id'" in message
    assert "a.yaml" in message


def test_source_claimed_by_two_rules_is_refused(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        "dup.yaml",
        rule("first-owner", sources=["ruff:S608"]),
        rule("second-owner", sources=["bandit:B608", "ruff:S608"]),
    )

    message = load_error(tmp_path)

    assert "dup.yaml" in message and "'second-owner'" in message and "'sources'" in message
    assert "ruff:S608" in message and "first-owner" in message


def test_source_listed_twice_in_one_rule_is_refused(tmp_path: Path) -> None:
    write_rules(tmp_path, "dup.yaml", rule("echo", sources=["ruff:S608", "ruff:S608"]))

    assert "'sources'" in load_error(tmp_path)


@pytest.mark.parametrize(
    "source", ["ruffS608", "ruff:", ":S608", "ruff:S6 08", "ruff:S*608", "Ruff:S608", "ruff:**"]
)
def test_malformed_source_is_refused(tmp_path: Path, source: str) -> None:
    write_rules(tmp_path, "src.yaml", rule("odd-source", sources=[source]))

    message = load_error(tmp_path)

    assert "src.yaml" in message and "'odd-source'" in message and "'sources'" in message


def test_empty_sources_are_refused(tmp_path: Path) -> None:
    write_rules(tmp_path, "src.yaml", rule("no-sources", sources=[]))

    message = load_error(tmp_path)

    assert "src.yaml" in message and "'no-sources'" in message and "'sources'" in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("title", 3),
        ("why", ["a", "b"]),
        ("how", "   "),
        ("references", "CWE-89"),
        ("sources", "ruff:S608"),
        ("example_before", 12),
    ],
)
def test_wrong_types_are_refused(tmp_path: Path, key: str, value: object) -> None:
    write_rules(tmp_path, "types.yaml", rule("typed", **{key: value}))

    message = load_error(tmp_path)

    assert "types.yaml" in message and "'typed'" in message and f"'{key}'" in message


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("rules:\n  - id: fine\n    title: [unclosed\n    why: x\n", encoding="utf-8")

    message = load_error(tmp_path)

    assert "broken.yaml" in message and "line" in message


def test_file_without_a_rules_list_is_refused(tmp_path: Path) -> None:
    (tmp_path / "flat.yaml").write_text("- id: x\n", encoding="utf-8")

    assert "flat.yaml" in load_error(tmp_path)


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    assert "not found" in load_error(tmp_path / "nowhere")


def glob_catalog(tmp_path: Path) -> Catalog:
    write_rules(
        tmp_path,
        "globs.yaml",
        rule("everything", sources=["ruff:*"]),
        rule("annotations", sources=["ruff:ANN*"]),
        rule("return-annotations", sources=["ruff:ANN2*"]),
        rule("any-type", sources=["ruff:ANN401"]),
        rule("sql", sources=["bandit:B608", "ruff:S608"]),
    )
    return load_catalog(tmp_path)


def test_exact_source_beats_a_glob(tmp_path: Path) -> None:
    catalog = glob_catalog(tmp_path)

    assert catalog.rule_for(finding("ruff:ANN401")) == catalog.get("any-type")
    assert catalog.rule_for(finding("ruff:S608")) == catalog.get("sql")
    assert catalog.rule_for(finding("bandit:B608")) == catalog.get("sql")


def test_longest_matching_glob_wins(tmp_path: Path) -> None:
    catalog = glob_catalog(tmp_path)

    assert catalog.rule_for(finding("ruff:ANN201")) == catalog.get("return-annotations")
    assert catalog.rule_for(finding("ruff:ANN001")) == catalog.get("annotations")
    assert catalog.rule_for(finding("ruff:E501")) == catalog.get("everything")


def test_unmapped_source_has_no_rule(tmp_path: Path) -> None:
    catalog = glob_catalog(tmp_path)

    assert catalog.rule_for(finding("bandit:B101")) is None
    assert catalog.rule_for(finding("mypy:arg-type")) is None


def test_codes_for_gives_exact_codes_and_glob_prefixes(tmp_path: Path) -> None:
    catalog = glob_catalog(tmp_path)

    assert catalog.codes_for("ruff") == ("ANN", "ANN2", "ANN401", "S608")
    assert catalog.codes_for("bandit") == ("B608",)
    assert catalog.codes_for("mypy") == ()


def test_get_unknown_rule_suggests_the_closest_id(tmp_path: Path) -> None:
    catalog = glob_catalog(tmp_path)

    with pytest.raises(CatalogError, match="did you mean 'any-type'"):
        catalog.get("any-typ")


def test_catalog_is_read_only(tmp_path: Path) -> None:
    catalog = glob_catalog(tmp_path)

    with pytest.raises(TypeError):
        catalog.rules["new"] = catalog.get("sql")  # type: ignore[index]


@pytest.mark.parametrize("key", ["in_tests", "in_scripts", "in_migrations"])
@pytest.mark.parametrize(
    ("value", "applies", "most"),
    [(True, True, None), (False, False, None), ("nit", True, Severity.NIT)],
)
def test_an_area_key_is_a_flag_or_the_most_a_finding_there_weighs(
    tmp_path: Path, key: str, value: object, applies: bool, most: Severity | None
) -> None:
    write_rules(tmp_path, "a.yaml", rule("capped-rule", **{key: value}))
    loaded = load_catalog(tmp_path).get("capped-rule")
    area = AREA_KEYS[key]
    assert (loaded.applies_in(area), loaded.most_in(area)) == (applies, most)
    assert loaded.applies_in(Area.CODE) and loaded.most_in(Area.CODE) is None


def test_confidence_defaults_to_high_and_takes_a_level(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", rule("sure-rule"), rule("hunch-rule", confidence="low"))
    catalog = load_catalog(tmp_path)
    assert catalog.get("sure-rule").confidence is Confidence.HIGH
    assert catalog.get("hunch-rule").confidence is Confidence.LOW


def test_confidence_names_its_levels(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", rule("odd-rule", confidence="certain"))
    assert "expected one of high, medium, low" in load_error(tmp_path)


def test_in_tests_names_what_it_accepts(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", rule("bad-cap", in_tests="sometimes"))
    message = load_error(tmp_path)
    assert "'in_tests'" in message and "a severity (blocker, major, minor, nit)" in message
