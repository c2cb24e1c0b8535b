"""The shipped catalog against the installed tools: every code maps, every code exists."""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from reviewer.catalog.rules import Catalog, load_catalog
from reviewer.model import Category, Finding, Location, Rule
from reviewer.runtime import resources

BANNED = (
    "obviously",
    "clearly",
    "just",
    "simply",
    "easy",
    "easily",
    "wrong",
    "bad",
    "terrible",
    "stupid",
    "dumb",
    "lazy",
    "sloppy",
    "always",
    "never",
    "why didn't you",
    "you should have",
    "you",
    "your",
)
BANNED_PATTERN = re.compile(r"\b(" + "|".join(re.escape(w) for w in BANNED) + r")\b", re.I)
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
SEVERITIES_THAT_BLOCK = {"blocker"}


@cache
def catalog() -> Catalog:
    return load_catalog()


def rules() -> list[Rule]:
    return sorted(catalog().rules.values(), key=lambda rule: rule.id)


def finding(analyzer: str, code: str) -> Finding:
    return Finding(analyzer, code, Location("app.py", 1, 1), "message")


def exact_owner(source: str) -> Rule | None:
    """The rule that lists this source exactly, not through a glob."""
    owners = [rule for rule in catalog().rules.values() if source in rule.sources]
    return owners[0] if owners else None


def sources_of(analyzer: str) -> list[str]:
    return sorted(
        source.partition(":")[2]
        for rule in catalog().rules.values()
        for source in rule.sources
        if source.startswith(f"{analyzer}:")
    )


# --- bandit ------------------------------------------------------------------------------


def bandit_test_ids() -> list[str]:
    from bandit.core import extension_loader  # type: ignore[import-untyped]

    manager = extension_loader.MANAGER
    return sorted({*manager.plugins_by_id, *manager.blacklist_by_id})


def test_bandit_is_introspected() -> None:
    assert "B608" in bandit_test_ids() and "B301" in bandit_test_ids()


@pytest.mark.parametrize("test_id", bandit_test_ids())
def test_every_bandit_test_maps_through_an_exact_source(test_id: str) -> None:
    assert exact_owner(f"bandit:{test_id}") is not None, f"bandit:{test_id} has no rule"


def test_unknown_bandit_tests_fall_back_to_a_security_rule() -> None:
    fallback = catalog().rule_for(finding("bandit", "B999"))

    assert fallback is not None and fallback.category.value == "security"


# --- mypy --------------------------------------------------------------------------------


def mypy_error_codes() -> list[str]:
    from mypy import errorcodes

    return sorted(errorcodes.error_codes)


def test_mypy_is_introspected() -> None:
    assert "arg-type" in mypy_error_codes()


@pytest.mark.parametrize("code", mypy_error_codes())
def test_every_mypy_error_code_maps_through_an_exact_source(code: str) -> None:
    assert exact_owner(f"mypy:{code}") is not None, f"mypy:{code} has no rule of its own"


def test_new_mypy_codes_fall_back_to_a_major_correctness_rule() -> None:
    fallback = catalog().rule_for(finding("mypy", "a-code-from-the-future"))

    assert fallback is not None
    assert (fallback.category.value, fallback.severity.value) == ("correctness", "major")


def test_every_mypy_source_is_a_real_error_code() -> None:
    known = set(mypy_error_codes()) | {"*"}

    assert [code for code in sources_of("mypy") if code not in known] == []


def test_override_is_a_liskov_concern() -> None:
    rule = catalog().rule_for(finding("mypy", "override"))

    assert rule is not None and rule.principle is not None and rule.principle.value == "LSP"


# --- ruff --------------------------------------------------------------------------------


def ruff_bin() -> str:
    from ruff.__main__ import find_ruff_bin

    return str(find_ruff_bin())


@cache
def ruff_rules() -> dict[str, dict[str, Any]]:
    """Every rule the installed ruff knows, by code, from `ruff rule --all`."""
    done = subprocess.run(
        [ruff_bin(), "rule", "--all", "--output-format", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return {entry["code"]: entry for entry in json.loads(done.stdout) if entry.get("code")}


def is_stable(entry: dict[str, Any]) -> bool:
    status = entry.get("status")
    return not entry.get("preview") and (status == "Stable" or "Stable" in (status or {}))


def stable_ruff_codes() -> list[str]:
    return sorted(code for code, entry in ruff_rules().items() if is_stable(entry))


def test_every_exact_ruff_code_exists_and_is_stable() -> None:
    codes = [code for code in sources_of("ruff") if not code.endswith("*")]
    problems = [
        code for code in codes if code not in ruff_rules() or not is_stable(ruff_rules()[code])
    ]

    assert problems == [], f"unknown, preview or removed in this ruff: {problems}"


def test_every_ruff_glob_matches_stable_rules() -> None:
    prefixes = [code.removesuffix("*") for code in sources_of("ruff") if code.endswith("*")]
    empty = [p for p in prefixes if not any(c.startswith(p) for c in stable_ruff_codes())]

    assert empty == []


def test_ruff_accepts_the_selection_the_catalog_builds(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""A module."""\n', encoding="utf-8")
    selection = ",".join(catalog().codes_for("ruff"))

    done = subprocess.run(
        [ruff_bin(), "check", "--isolated", "--no-cache", "--select", selection, str(sample)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr.lower(), done.stderr


@pytest.mark.parametrize(
    "code",
    [c for c in stable_ruff_codes() if c.startswith("S") and c[1:].isdigit()],
)
def test_every_stable_ruff_bandit_rule_maps_exactly(code: str) -> None:
    assert exact_owner(f"ruff:{code}") is not None


@pytest.mark.parametrize(
    "code",
    [c for c in stable_ruff_codes() if c.startswith("S") and c[1:].isdigit()],
)
def test_ruff_bandit_rules_share_a_rule_with_their_bandit_test(code: str) -> None:
    # ruff's flake8-bandit port keeps bandit's numbers: S608 is B608.
    bandit_id = f"B{code[1:]}"
    if bandit_id not in bandit_test_ids():
        pytest.skip(f"bandit has no {bandit_id}")

    assert exact_owner(f"ruff:{code}") == exact_owner(f"bandit:{bandit_id}")


REQUIRED_RUFF = (
    *("E722", "BLE001", "B904", "S110", "S112", "B006", "B008", "B023", "B017", "B020"),
    *("F821", "F811", "F822", "F823", "F632", "F601", "F602", "F401", "F841", "ERA001"),
    *("PLW0120", "C901", "PLR0911", "PLR0912", "PLR0913", "PLR0915", "PLR0917"),
    *("T201", "T203", "DTZ005", "D103", "ANN001", "ANN201", "N802", "SIM102", "PERF401"),
)


@pytest.mark.parametrize("code", REQUIRED_RUFF)
def test_required_ruff_codes_are_mapped(code: str) -> None:
    assert catalog().rule_for(finding("ruff", code)) is not None


def test_every_stable_ruff_tryceratops_and_perflint_rule_is_mapped() -> None:
    wanted = [c for c in stable_ruff_codes() if c.startswith(("TRY", "PERF"))]

    assert [c for c in wanted if catalog().rule_for(finding("ruff", c)) is None] == []


def test_every_ruff_doc_link_names_a_real_rule() -> None:
    names = {entry["name"] for entry in ruff_rules().values()}
    links = [
        (rule.id, match)
        for rule in rules()
        for reference in rule.references
        for match in re.findall(r"docs\.astral\.sh/ruff/rules/([a-z0-9-]+)/", reference)
    ]

    assert [(rule_id, name) for rule_id, name in links if name not in names] == []


# --- radon -------------------------------------------------------------------------------


def test_radon_complexity_and_ruff_c901_share_one_rule() -> None:
    rule = catalog().get("complex-function")

    assert {"radon:cc", "ruff:C901"} <= set(rule.sources)
    assert rule.severity.value == "minor"


def test_radon_maintainability_has_its_rule() -> None:
    rule = catalog().rule_for(finding("radon", "mi"))

    assert rule is not None and rule.id == "hard-to-maintain-module"


# --- the text users read -----------------------------------------------------------------


def prose(text: str) -> str:
    """Text with fenced code blocks and inline code removed."""
    return CODE.sub(" ", text)


@pytest.mark.parametrize("rule", rules(), ids=lambda rule: rule.id)
def test_rule_text_keeps_the_voice(rule: Rule) -> None:
    for name in ("title", "why", "how"):
        text = getattr(rule, name)
        assert text.strip(), f"{rule.id}: empty {name}"
        assert not BANNED_PATTERN.search(text), f"{rule.id}.{name}: {BANNED_PATTERN.search(text)}"
        assert "!" not in prose(text), f"{rule.id}.{name} has an exclamation mark"
    for name in ("example_before", "example_after"):
        text = getattr(rule, name)
        assert not BANNED_PATTERN.search(text), f"{rule.id}.{name}: {BANNED_PATTERN.search(text)}"


@pytest.mark.parametrize("rule", rules(), ids=lambda rule: rule.id)
def test_rule_text_has_the_expected_shape(rule: Rule) -> None:
    assert "\n" not in rule.title and not rule.title.endswith(".")
    assert len(rule.title) <= 60, f"{rule.id}: title too long for a subject line"
    assert re.search(r"\b(because|so)\b", prose(rule.why)), f"{rule.id}: why says no why"
    assert bool(rule.example_before) == bool(rule.example_after), f"{rule.id}: unpaired example"
    assert rule.references, f"{rule.id}: no reference"
    for reference in rule.references:
        assert re.fullmatch(r"(CWE|CVE)-[\d-]+|https://\S+", reference), reference


def test_the_most_common_rules_carry_examples() -> None:
    with_examples = [rule.id for rule in rules() if rule.example_before]

    assert len(with_examples) >= 15


def test_only_exploitable_or_crashing_rules_block() -> None:
    blockers = {rule.id for rule in rules() if rule.severity.value in SEVERITIES_THAT_BLOCK}

    assert blockers <= {
        "sql-injection",
        "subprocess-shell",
        "code-injection",
        "unsafe-deserialization",
        "debug-mode-enabled",
        "undefined-name",
        "used-before-assignment",
        "invalid-syntax",
    }


@pytest.mark.parametrize("rule", rules(), ids=lambda rule: rule.id)
def test_code_sketch_is_introduced_by_the_first_paragraph(rule: Rule) -> None:
    # The short voice shows the first paragraph, and the code after it when it ends in ":".
    before_code, fence, _ = rule.how.partition("```")
    if fence:
        assert before_code.rstrip().endswith(":"), f"{rule.id}: sketch not introduced"
        assert before_code.endswith("\n\n"), f"{rule.id}: no blank line before the sketch"


@pytest.mark.parametrize("path", sorted(resources.data_dir("rules").glob("*.yaml")), ids=str)
def test_a_file_named_after_a_category_holds_only_that_category(path: Path) -> None:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    categories = {entry["category"] for entry in entries}
    if path.stem in {c.value for c in Category}:
        assert categories == {path.stem}
