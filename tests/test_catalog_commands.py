"""`review rules` and `review explain`, and the rule list in docs/rules.md they keep true."""

from __future__ import annotations

import json
import re

import pytest

from reviewer.catalog.rules import load_catalog
from reviewer.catalog.views import rules_markdown
from tests.helpers import REPO, Cli

CATALOG = load_catalog()
RULE_LIST = re.compile(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", re.DOTALL)


@pytest.mark.parametrize("rule_id", sorted(CATALOG.rules))
def test_explain_works_for_every_rule(cli: Cli, rule_id: str) -> None:
    run = cli("explain", rule_id)
    assert run.code == 0
    rule = CATALOG.rules[rule_id]
    assert run.out.startswith(f"{rule_id}: {rule.title}\n")
    assert "\nWhy\n" in run.out and "\nHow\n" in run.out


def test_explain_an_unknown_rule_suggests_the_closest(cli: Cli) -> None:
    run = cli("explain", "sql-injectoin")
    assert run.code == 2
    assert run.err == "review: error: unknown rule 'sql-injectoin'; did you mean 'sql-injection'?\n"


def test_rules_json_lists_the_catalog_and_filters_by_category(cli: Cli) -> None:
    everything = json.loads(cli("rules", "--format", "json").out)
    assert {r["id"] for r in everything} == set(CATALOG.rules)
    security = json.loads(cli("rules", "-c", "security", "--format", "json").out)
    assert security and {r["category"] for r in security} == {"security"}


def test_docs_list_every_rule_as_the_catalog_says() -> None:
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    match = RULE_LIST.search(page)
    assert match, "docs/rules.md needs <!-- rules:start --> and <!-- rules:end --> markers"
    expected = rules_markdown(list(CATALOG.rules.values()))
    assert match.group(1) == expected, (
        "docs/rules.md is out of date: paste the output of "
        "`review rules --format markdown` between the markers"
    )
