"""`--brief`: the write-ups keep their front sections whole and limit the details to what a
participant reads first (every blocker and major explained, two minors a category named), then
count the rest; the full write-up keeps every comment. Real reviews of the problem sample."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from reviewer.formats.markdown import GITHUB_COMMENT_LIMIT
from reviewer.model import Category, Comment, Location, Occurrence, Rule, Severity
from reviewer.render.brief import MINORS_PER_CATEGORY, brief_comments, full_report_command
from tests.helpers import Cli, write

SAMPLE = "sample_projects/orders_api"
FULL = "review sample_projects/orders_api -f html -o full.html"
MORE = re.compile(r"(\d+) more comments in the full report \(<code>(.*?)</code>\)\.")
NAMED = re.compile(r'<li class="sev-\w+" id="comment-([^"]+)">')
ARTICLE = re.compile(r'<article class="comment ([^"]*)" id="comment-([^"]+)">(.*?)</article>', re.S)


@pytest.fixture(scope="module")
def found(repo_cli: Cli) -> list[dict[str, Any]]:
    """Every comment of the full review, ranked, as the JSON output has them."""
    comments = repo_cli(SAMPLE, "-f", "json", "--fail-on", "never").json()["comments"]
    assert isinstance(comments, list)
    return comments


@pytest.fixture(scope="module")
def brief_html(repo_cli: Cli) -> str:
    return repo_cli(SAMPLE, "-f", "html", "--brief", "--fail-on", "never").out


@pytest.fixture(scope="module")
def full_html(repo_cli: Cli) -> str:
    return repo_cli(SAMPLE, "-f", "html", "--fail-on", "never").out


@pytest.fixture(scope="module")
def brief_markdown(repo_cli: Cli) -> str:
    return repo_cli(SAMPLE, "-f", "markdown", "--brief", "--fail-on", "never").out


def leads_of(page: str) -> list[str]:
    """The comment ids Start here links to."""
    start = page[page.index('<section id="start-here"') :]
    return re.findall(r'<a href="#comment-([^"]+)">', start[: start.index("</section>")])


def expected_brief(found: list[dict[str, Any]], leads: Iterable[str]) -> set[str]:
    """The rule, as README states it: blockers and majors, the first two minors of each
    category, and whatever Start here names."""
    minors: Counter[str] = Counter()
    kept = set(leads)
    for comment in found:
        if comment["severity"] in ("blocker", "major"):
            kept.add(comment["id"])
        elif comment["severity"] == "minor":
            minors[comment["category"]] += 1
            if minors[comment["category"]] <= MINORS_PER_CATEGORY:
                kept.add(comment["id"])
    return kept


def section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}"')
    return page[start : page.index("</section>", start)]


@pytest.mark.slow
def test_the_brief_page_explains_blockers_and_majors_and_names_two_minors_a_category(
    found: list[dict[str, Any]], brief_html: str
) -> None:
    articles = {a_id: (css, inner) for css, a_id, inner in ARTICLE.findall(brief_html)}
    named = NAMED.findall(brief_html)
    leads = leads_of(brief_html)
    assert len(leads) == 5
    expected = expected_brief(found, leads)
    assert set(articles) | set(named) == expected
    severity = {c["id"]: c["severity"] for c in found}
    assert set(articles) == {
        a_id for a_id in expected if severity[a_id] != "minor" or a_id in leads
    }
    assert {severity[a_id] for a_id in named} == {"minor"}
    for css, inner in articles.values():
        assert "compact" in css
        assert 'class="excerpt"' in inner and 'class="body"' in inner
        assert "Sources:" not in inner


@pytest.mark.slow
def test_the_brief_page_counts_the_rest_and_names_the_command_for_the_full_one(
    found: list[dict[str, Any]], brief_html: str
) -> None:
    more = MORE.search(section(brief_html, "comments"))
    assert more is not None
    shown = len(ARTICLE.findall(brief_html)) + len(NAMED.findall(brief_html))
    assert int(more[1]) == len(found) - shown > 0
    assert more[2] == FULL


@pytest.mark.slow
def test_the_brief_page_keeps_the_front_sections_of_the_full_one_and_the_first_questions(
    brief_html: str, full_html: str
) -> None:
    for name in ("start-here", "where"):
        assert section(brief_html, name) == section(full_html, name)
    brief_points = re.findall(r"<li>(.*?)</li>", section(brief_html, "talking-points"), re.S)
    full_points = re.findall(r"<li>(.*?)</li>", section(full_html, "talking-points"), re.S)
    assert set(brief_points) < set(full_points)  # each topic's first question and trade-off
    brief_overview = re.search(r'<p class="overview">(.*?)</p>', brief_html, re.S)
    full_overview = re.search(r'<p class="overview">(.*?)</p>', full_html, re.S)
    assert brief_overview is not None and full_overview is not None
    assert brief_overview[1] == full_overview[1]


@pytest.mark.slow
def test_the_full_page_keeps_every_comment_explained(
    found: list[dict[str, Any]], full_html: str
) -> None:
    articles = ARTICLE.findall(full_html)
    assert {a_id for _, a_id, _ in articles} == {c["id"] for c in found}
    assert not any("compact" in css for css, _, _ in articles)
    assert MORE.search(full_html) is None


@pytest.mark.slow
def test_the_brief_markdown_has_the_same_comments_and_fits_in_one_github_comment(
    found: list[dict[str, Any]], brief_markdown: str, brief_html: str
) -> None:
    assert len(brief_markdown) <= GITHUB_COMMENT_LIMIT // 2
    anchors = set(re.findall(r'<a id="comment-([^"]+)"></a>', brief_markdown))
    assert anchors == expected_brief(found, leads_of(brief_html))
    page = cmarkgfm.github_flavored_markdown_to_html(
        brief_markdown, options=Options.CMARK_OPT_UNSAFE
    )
    more = MORE.search(page)
    assert more is not None and more[2] == FULL
    assert int(more[1]) == len(found) - len(anchors)
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings[0] == "Start here" and headings[-1] == "Comments by category and file"


def test_brief_with_a_format_that_is_not_a_write_up_is_a_usage_error(
    cli: Cli, chdir_tmp: Path
) -> None:
    write(chdir_tmp, "app.py", "def f(x):\n    return eval(x)\n")
    run = cli(".", "--brief", "--format", "json")
    assert run.code == 2
    assert run.err == "review: error: --brief works with --format markdown or html, not json\n"
    assert run.out == ""


def test_the_config_files_brief_is_a_flag(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "pyproject.toml", '[tool.reviewer]\nbrief = "yes"\n')
    write(chdir_tmp, "app.py", "x = 1\n")
    run = cli(".", "-f", "html")
    assert run.code == 2
    assert "'brief' must be true or false" in run.err


def test_the_config_files_brief_shapes_write_ups_and_full_overrides_it(
    cli: Cli, chdir_tmp: Path
) -> None:
    write(chdir_tmp, "pyproject.toml", "[tool.reviewer]\nbrief = true\n")
    nits = "".join(f"def F{n}(X):\n    return X\n\n\n" for n in range(8))
    write(chdir_tmp, "app.py", f"import os\n\n\n{nits}def g(x):\n    return eval(x)\n")
    brief = cli(".", "-f", "markdown", "--fail-on", "never")
    full = cli(".", "-f", "markdown", "--fail-on", "never", "--full")
    text = cli(".", "--fail-on", "never")
    assert brief.code == full.code == text.code == 0
    assert "more comment" in brief.out and "in the full report (`review . -f html" in brief.out
    assert "in the full report" not in full.out
    assert full.out.count('<a id="comment-') > brief.out.count('<a id="comment-') > 0
    assert text.err == ""


def comment(rule_id: str, category: Category, severity: Severity, line: int) -> Comment:
    rule = Rule(rule_id, category, severity, "t", "w", "h", ())
    place = Occurrence(Location("app.py", line, line), "f", ("m",), ())
    return Comment(f"{rule_id}-{line}", rule, severity, (place,), "t", "b")


def test_brief_comments_keep_their_order_and_take_two_minors_a_category() -> None:
    ranked = [
        comment("a", Category.SECURITY, Severity.BLOCKER, 1),
        comment("b", Category.SECURITY, Severity.MINOR, 2),
        comment("c", Category.READABILITY, Severity.MINOR, 3),
        comment("d", Category.SECURITY, Severity.MINOR, 4),
        comment("e", Category.SECURITY, Severity.MINOR, 5),
        comment("f", Category.READABILITY, Severity.NIT, 6),
        comment("g", Category.SOLID, Severity.MAJOR, 7),
        comment("h", Category.SECURITY, Severity.MINOR, 8),
    ]
    kept = brief_comments(ranked, leads=[ranked[7]])
    assert [c.id for c in kept] == ["a-1", "b-2", "c-3", "d-4", "g-7", "h-8"]


def test_the_full_report_command_quotes_the_paths() -> None:
    assert full_report_command(["src", "my app"]) == "review src 'my app' -f html -o full.html"
    assert full_report_command([]) == "review . -f html -o full.html"
