"""The Markdown write-up of the problem sample, rendered by GitHub's own renderer (cmark-gfm):
headings that fit, code that highlights, links that land, and one comment's worth of text."""

from __future__ import annotations

import re
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from reviewer.formats.markdown import GITHUB_COMMENT_LIMIT
from tests.helpers import Cli

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_projects" / "orders_api"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> str:
    from reviewer.cli import main

    out = tmp_path_factory.mktemp("md") / "review.md"
    assert main([str(SAMPLE), "-f", "markdown", "-o", str(out), "--no-cache"]) == 0
    return out.read_text(encoding="utf-8")


def html_of(markdown: str) -> str:
    # UNSAFE keeps the <a id> anchors, as GitHub does (it prefixes their ids with user-content-)
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


@pytest.mark.slow
def test_the_write_up_fits_in_one_github_comment_and_counts_what_it_left_out(written: str) -> None:
    assert len(written) <= GITHUB_COMMENT_LIMIT
    left_out = re.search(r"^(\d+) more comments, the least important, are left out", written, re.M)
    assert left_out is not None and int(left_out[1]) > 0


@pytest.mark.slow
def test_headings_fit_and_no_comment_title_is_a_tiny_heading(written: str) -> None:
    page = html_of(written)
    levels = {int(level) for level in re.findall(r"<h(\d)>", page)}
    assert levels == {1, 2, 3, 4}
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == [
        "Start here",
        "Talking points",
        "A map of the code",
        "Where the comments are",
        "Comments by category and file",
    ]
    assert page.count("<details") == 7 and page.count("<details open>") == 1  # one per category


@pytest.mark.slow
def test_the_map_of_the_code_is_drawn_in_mermaid(written: str) -> None:
    page = html_of(written)
    charts = re.findall(r'<pre lang="mermaid"><code>(.*?)</code></pre>', page, re.S)
    kinds = [chart.split("\n")[0] for chart in charts]
    assert kinds[0] == "quadrantChart" and "flowchart LR" in kinds


@pytest.mark.slow
def test_excerpts_highlight_as_code_without_a_gutter(written: str) -> None:
    page = html_of(written)
    blocks = re.findall(r'<pre lang="python"><code>(.*?)</code></pre>', page, re.S)
    assert len(blocks) > 10
    assert not any(re.match(r"\s*>?\s*\d+ \| ", block) for block in blocks)


@pytest.mark.slow
def test_every_start_here_link_lands_on_an_anchor_of_the_page(written: str) -> None:
    page = html_of(written)
    start = page[page.index("<h2>Start here</h2>") : page.index("<h2>Talking points")]
    targets = re.findall(r'<a href="#([^"]+)">', start)
    assert len(targets) == 5  # the five improvements to lead with
    assert all(f'<a id="{target}"></a>' in page for target in targets)


def test_a_small_review_is_left_whole(cli: Cli, chdir_tmp: Path) -> None:
    (chdir_tmp / "app.py").write_text("def f(x):\n    return eval(x)\n", encoding="utf-8")
    out = cli(".", "-f", "markdown", "--fail-on", "never").out
    assert "left out" not in out and "eval" in out


def test_in_github_actions_places_link_to_the_commits_lines(
    cli: Cli, chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (chdir_tmp / "app.py").write_text("def f(x):\n    return eval(x)\n", encoding="utf-8")
    actions = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "octo/shop",
        "GITHUB_SHA": "0123abc",
        "GITHUB_WORKSPACE": str(chdir_tmp),
    }
    for name, value in actions.items():
        monkeypatch.setenv(name, value)
    out = cli(".", "-f", "markdown", "--fail-on", "never").out
    assert "[`app.py:2`](https://github.com/octo/shop/blob/0123abc/app.py#L2)" in out
    monkeypatch.setenv("GITHUB_WORKSPACE", str(chdir_tmp / "elsewhere"))
    out = cli(".", "-f", "markdown", "--fail-on", "never").out
    assert "](https://github.com" not in out and "`app.py:2`" in out
