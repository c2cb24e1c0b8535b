"""Issue 13, items 8, 9 and 19: no format lets the reviewed tree's text act.

The reviewed tree is untrusted; so is every analyzer message, which quotes its code. A CI runner
reads the review from a step's log (GitHub Actions runs a line as a workflow command when it
starts with `::` after leading spaces, or holds `##[command]` anywhere), a terminal reads ANSI
escapes, a Markdown viewer reads links, images, headings and raw HTML, and a browser reads tags.
Here real analyzers quote hostile code and real files carry hostile names; every format must
show that text, and let none of it act. And every format must grow in proportion to the places
it reports, however many places one comment has.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import main
from tests.helpers import write
from tests.robustness.test_tool_security import assert_inert, elements, rendered

FORMATS = ("text", "concise", "github", "markdown", "html", "json", "sarif", "gitlab")

# bandit's B105 quotes the literal, newlines and all: each line of it would start a log line.
CREDENTIALS = """\
password = "a\\n::stop-commands::tok\\n##[error]v1 form"
token = "<script>alert(1)</script> <a href=\\"javascript:alert(2)\\">x</a> [click](http://evil.example/) ![x](http://evil.example/p.png) <!-- c\\n# Heading"


def check(user):
    # ::error::from a comment
    return eval(user)
"""
EVAL = "def f(x):\n    return eval(x)\n"
ESCAPED_NAME = "\x1b[31mred\n::error file=x::y.py"
COMMAND_NAME = "::warning::named.py"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The hostile tree reviewed once, then shown in every format from the kept review."""
    root = tmp_path_factory.mktemp("hostile")
    write(root, "creds.py", CREDENTIALS)
    write(root, COMMAND_NAME, EVAL)
    if sys.platform != "win32":
        write(root, ESCAPED_NAME, EVAL)
    old = Path.cwd()
    os.chdir(root)
    try:
        yield {output_format: shown_as(output_format, root.parent) for output_format in FORMATS}
    finally:
        os.chdir(old)


def shown_as(output_format: str, elsewhere: Path, blocks: bool = True) -> str:
    """The review of the working folder in one format, the review kept after the first."""
    target = elsewhere / f"review.{output_format}"
    cache = str(elsewhere / "cache")
    code = main(["--format", output_format, "--cache-dir", cache, "--output", str(target)])
    write_up = output_format in ("markdown", "html")  # a write-up in a file is not a verdict
    assert code == (1 if blocks and not write_up else 0), output_format
    return target.read_text(encoding="utf-8")


def runner_commands(output: str) -> list[str]:
    """The lines GitHub Actions would run as workflow commands (both of its syntaxes)."""
    return [line for line in output.splitlines() if line.lstrip().startswith("::") or "##[" in line]


# ---------------------------------------------------------------- item 8: logs and terminals


def test_the_hostile_text_is_reviewed_at_all(outputs: dict[str, str]) -> None:
    report = json.loads(outputs["json"])
    messages = outputs["markdown"]  # the mentor's write-up says each place's own words
    assert "stop-commands" in messages and "javascript" in messages
    assert any("red" in comment["path"] for comment in report["comments"])


@pytest.mark.parametrize("output_format", ["text", "markdown", "html", "json", "sarif", "gitlab"])
def test_no_line_of_a_report_is_a_workflow_command(
    outputs: dict[str, str], output_format: str
) -> None:
    assert runner_commands(outputs[output_format]) == []


def test_every_github_line_is_one_of_our_annotations(outputs: dict[str, str]) -> None:
    """Each line is parsed as our own command first, so nothing in its data runs."""
    for line in outputs["github"].splitlines():
        assert re.match(r"::(error|warning|notice) [^:]*::", line), line


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_terminal_escape_reaches_any_format(outputs: dict[str, str], output_format: str) -> None:
    output = outputs[output_format]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", output)


def test_the_text_format_shows_control_characters_escaped(outputs: dict[str, str]) -> None:
    if sys.platform == "win32":
        pytest.skip("no control characters in Windows file names")
    assert r"\x1b[31mred\n::error file=x::y.py" in outputs["text"]


# ---------------------------------------------------------------- item 9: Markdown and HTML


EVIL_URL = "evil.example"


def test_markdown_has_no_live_link_image_heading_or_html_from_the_tree(
    outputs: dict[str, str],
) -> None:
    markdown = outputs["markdown"]
    assert "javascript" in markdown and EVIL_URL in markdown  # shown, as text
    html = rendered(markdown)
    assert_inert(html)
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert not [a for a in links if EVIL_URL in (a.get("href") or "")]
    assert "<h1>Heading" not in html and "<!--" not in html


def test_markdown_shows_the_trees_urls_in_code_only(outputs: dict[str, str]) -> None:
    """GitHub and GitLab link a bare URL: the tree's URLs sit in code spans, never bare."""
    html = rendered(outputs["markdown"])
    outside_code = re.sub(r"<(code|pre)>.*?</\1>", "", html, flags=re.DOTALL)
    assert EVIL_URL not in outside_code


def test_html_has_no_link_or_image_from_the_tree(outputs: dict[str, str]) -> None:
    page = outputs["html"]
    assert "javascript" in page and EVIL_URL in page  # shown, as text
    assert_inert(page)
    links = [attrs for tag, attrs in elements(page) if tag == "a"]
    assert not [a for a in links if EVIL_URL in (a.get("href") or "")]


# ---------------------------------------------------------------- item 19: size per place


def many_places(root: Path, functions: int) -> Path:
    """A tree whose one comment (a missing docstring) has `functions` places."""
    folder = root / str(functions)
    write(folder, ".reviewer.toml", 'disable = ["bandit", "radon", "mypy", "design", "php"]\n')
    body = "".join(f"def f{n}() -> None: ...\n" for n in range(functions))
    write(folder, "many.py", f'"""Many functions."""\n\n{body}')
    return folder


def reviews(folder: Path) -> dict[str, str]:
    """The review of `folder` in every format, the review kept after the first."""
    old = Path.cwd()
    os.chdir(folder)
    try:
        return {f: shown_as(f, folder.parent, blocks=False) for f in FORMATS}
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], ...]:
    root = tmp_path_factory.mktemp("places")
    return reviews(many_places(root, PLACES)), reviews(many_places(root, 2 * PLACES))


PLACES = 400


@pytest.mark.slow
def test_every_format_grows_in_proportion_to_the_places(
    small_and_large: tuple[dict[str, str], ...],
) -> None:
    small, large = ({f: len(r[f].encode()) for f in FORMATS} for r in small_and_large)
    ratios = {f: round(large[f] / small[f], 2) for f in FORMATS}
    assert {f: r for f, r in ratios.items() if r >= 2.3} == {}, (small, large)


@pytest.mark.slow
def test_a_sarif_result_relates_only_the_places_its_message_links(
    small_and_large: tuple[dict[str, str], ...],
) -> None:
    """What a viewer uses of relatedLocations: the targets of the message's `[text](id)` links.
    More would only grow every result with the comment's number of places."""
    results = json.loads(small_and_large[1]["sarif"])["runs"][0]["results"]
    assert len(results) >= 2 * PLACES
    for result in results:
        linked = {int(n) for n in re.findall(r"\]\((\d+)\)", result["message"]["text"])}
        related = {location["id"] for location in result.get("relatedLocations", [])}
        assert related == linked and 0 < len(related) <= 5
