"""A comment's suggested change in every format, from comments built by hand around a real file
(the seam between the suggestion builders and the formats), hostile code lines included."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt

from reviewer.config.options import ReviewConfig
from reviewer.formats import concise, github, gitlab, html, json_report, markdown, sarif, text
from reviewer.model import (
    Category,
    Comment,
    Location,
    Occurrence,
    Review,
    Rule,
    Severity,
    Suggestion,
    Summary,
    Voice,
)
from reviewer.render.comments import make_renderer
from reviewer.render.suggestions import exact, fence, suggestion_block, suggestion_markdown
from tests.helpers import REPO, Cli, write
from tests.php.test_php_suggestions import CONTROLLER, MODEL

TIMEOUT = Rule(
    "request-without-timeout",
    Category.CORRECTNESS,
    Severity.MAJOR,
    "Request without a timeout",
    "A request without a timeout can hang the worker for ever.",
    "Pass `timeout=` to every request.",
    ("ruff:S113",),
)
SOURCE = "import requests\n\n\ndef fetch(url):\n    return requests.get(url)\n"
BEFORE = "    return requests.get(url)"
AFTER = "    return requests.get(url, timeout=10)"
# Code a reviewed tree could hold: fences, HTML, terminal escapes, workflow commands.
HOSTILE_BEFORE = "    x = '````' + \"<script>alert(1)</script>\"  # \x1b[2J ##[error]"
HOSTILE_AFTER = "    x = '`````'\n::error file=a.py::pwned\n%0A</code></pre><img src=x onerror=1>"
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = REPO / "tests" / "data" / "report-schema-v2.json"


@pytest.fixture(autouse=True)
def source_file(chdir_tmp: Path) -> Path:
    """The reviewed file, in the working directory as the pipeline's paths expect."""
    path = chdir_tmp / "client.py"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def change(
    before: str = BEFORE,
    after: str = AFTER,
    *,
    line: int = 5,
    end_line: int | None = None,
    safe: bool = True,
    source: str = "review",
    note: str = "adds `timeout=10` to the call",
) -> Suggestion:
    last = end_line if end_line is not None else line + before.count("\n")
    return Suggestion("client.py", line, last, before, after, safe, source, note)


def commented(
    suggestion: Suggestion | None,
    *,
    line: int = 5,
    end_line: int = 5,
    voice: Voice = Voice.MENTOR,
    others: int = 0,
) -> Comment:
    """A comment at `line` of client.py (and `others` more places), rendered in `voice`."""
    places = [("client.py", line, end_line)] + [("client.py", 1, 1)] * others
    occurrences = tuple(
        Occurrence(Location(path, first, last), "fetch", ("no timeout",), ("ruff:S113",))
        for path, first, last in places
    )
    made = Comment("0123abcd", TIMEOUT, TIMEOUT.severity, occurrences, suggestion=suggestion)
    return make_renderer(voice)(dataclasses.replace(made, thing="`requests.get`"))


def review_of(*comments: Comment) -> Review:
    summary = Summary(1, 5, {"major": len(comments)}, {"correctness": len(comments)}, {}, 0, 0)
    return Review(("client.py",), summary, comments, (), ())


def fences(markdown_text: str) -> list[tuple[str, str]]:
    """(info, content) of every fenced block, as a CommonMark parser reads them."""
    tokens = MarkdownIt("commonmark").parse(markdown_text)
    return [(t.info, t.content) for t in tokens if t.type == "fence"]


def html_tokens(markdown_text: str) -> list[str]:
    """Raw HTML a CommonMark parser would pass through (blocks and inline)."""
    tokens = MarkdownIt("commonmark").parse(markdown_text)
    found = [t.content for t in tokens if t.type == "html_block"]
    for token in tokens:
        found += [c.content for c in token.children or () if c.type == "html_inline"]
    return found


# suggestion_markdown: the change in the comment's body.


def test_the_body_shows_the_heading_and_a_diff_of_the_users_lines() -> None:
    shown = suggestion_markdown(commented(change()), Voice.MENTOR)
    assert shown.startswith(
        "Suggested change (built by review from this code): adds `timeout=10` to the call."
    )
    assert fences(shown) == [("diff", f"-{BEFORE}\n+{AFTER}\n")]


@pytest.mark.parametrize(
    ("safe", "source", "said"),
    [
        (True, "ruff", "(ruff's fix, safe)"),
        (False, "ruff", "(ruff's fix, unsafe: review it)"),
        (False, "review", "(built by review from this code)"),
    ],
)
def test_the_heading_says_who_built_the_change_and_how_safe_it_is(
    safe: bool, source: str, said: str
) -> None:
    assert said in suggestion_markdown(commented(change(safe=safe, source=source)), Voice.MENTOR)


def test_the_peer_voice_is_shorter() -> None:
    comment = commented(change(source="ruff"))
    peer = suggestion_markdown(comment, Voice.PEER)
    assert peer.startswith("Suggested change (ruff's fix, safe):\n")
    assert "timeout=10` to the call" not in peer
    assert len(peer) < len(suggestion_markdown(comment, Voice.MENTOR))


def test_a_change_outside_the_commented_lines_says_where_it_is() -> None:
    shown = suggestion_markdown(commented(change("import requests", line=1)), Voice.PEER)
    assert shown.startswith("Suggested change at line 1 (built by review from this code):")


def test_no_suggestion_no_words() -> None:
    comment = commented(None)
    assert suggestion_markdown(comment, Voice.MENTOR) == ""
    assert "Suggested change" not in comment.body


def test_the_rendered_body_carries_the_change_after_how() -> None:
    body = commented(change()).body
    assert body.index("Pass `timeout=`") < body.index("Suggested change") < body.index("```diff")


def test_no_line_of_the_code_closes_the_fence_and_no_html_gets_through() -> None:
    comment = commented(change(HOSTILE_BEFORE, HOSTILE_AFTER, end_line=5))
    shown = suggestion_markdown(comment, Voice.MENTOR)
    [(info, content)] = fences(shown)
    assert info == "diff"
    assert content.count("\n") == 4  # one line before, three after
    assert "\\x1b[2J" in content and "\x1b" not in shown
    assert html_tokens(shown) == []
    assert fence(["````", "`````"]) == "``````"


def test_a_hostile_note_stays_prose() -> None:
    note = "adds <img src=x onerror=1> [link](http://x) # heading"
    shown = suggestion_markdown(commented(change(note=note)), Voice.MENTOR)
    assert html_tokens(shown) == []
    tokens = MarkdownIt("commonmark").parse(shown)
    assert not [t for t in tokens if t.type.startswith("heading")]
    assert not [c for t in tokens for c in t.children or () if c.type == "link_open"]


# The Markdown write-up.


def test_the_write_up_offers_a_suggestion_block_when_the_change_is_exactly_the_lines() -> None:
    comment = commented(change())
    assert exact(comment)
    out = markdown.format(review_of(comment), ReviewConfig())
    blocks = fences(out)
    assert ("suggestion", f"{AFTER}\n") in blocks
    assert not [info for info, _ in blocks if info == "diff"]
    assert "Suggested change (built by review from this code)" in out
    # the excerpt above shows the user's lines
    assert any(info == "python" and BEFORE in content for info, content in blocks)


def test_the_write_up_keeps_the_diff_when_the_change_is_not_the_commented_lines() -> None:
    comment = commented(change("import requests", "import requests  # pinned", line=1))
    assert not exact(comment)
    assert suggestion_block(comment, Voice.MENTOR) == ""
    blocks = fences(markdown.format(review_of(comment), ReviewConfig()))
    assert ("diff", "-import requests\n+import requests  # pinned\n") in blocks
    assert not [info for info, _ in blocks if info == "suggestion"]


def test_a_change_inside_a_longer_comment_is_a_diff() -> None:
    comment = commented(change(), line=4, end_line=5)
    assert not exact(comment)
    out = markdown.format(review_of(comment), ReviewConfig())
    assert "```diff" in out and "```suggestion" not in out


def test_the_write_up_adds_the_change_when_the_body_left_it_out() -> None:
    comment = dataclasses.replace(commented(change()), body="**issue:** body")
    assert ("suggestion", f"{AFTER}\n") in fences(
        markdown.format(review_of(comment), ReviewConfig())
    )


def test_the_write_up_suggestion_block_survives_hostile_code() -> None:
    after = "x = '`````'\n<script>alert(1)</script>"
    comment = commented(change(after=after))
    out = markdown.format(review_of(comment), ReviewConfig())
    assert ("suggestion", f"{after}\n") in fences(out)
    assert not [h for h in html_tokens(out) if "script" in h]


# The terminal.


def test_text_shows_the_flagged_line_and_a_plain_diff_without_color() -> None:
    comment = commented(change(), voice=Voice.PEER)
    out = text.format(review_of(comment), ReviewConfig(voice=Voice.PEER))
    lines = [line.strip() for line in out.splitlines()]
    assert f"5 | {BEFORE}" in [line.strip() for line in out.splitlines()]
    at = lines.index("Suggested change (built by review from this code):")
    # the indentation both lines share is left out
    assert lines[at + 1 : at + 3] == [
        "-return requests.get(url)",
        "+return requests.get(url, timeout=10)",
    ]
    assert "\x1b" not in out


def test_text_colors_the_diff_when_color_is_on() -> None:
    comment = commented(change(), voice=Voice.PEER)
    out = text.format(review_of(comment), ReviewConfig(voice=Voice.PEER, color=True))
    assert re.search(r"\x1b\[31m *-return requests\.get\(url\)", out)
    assert re.search(r"\x1b\[32m *\+return requests\.get\(url, timeout=10\)", out)


def test_the_mentor_text_shows_the_change_once_with_its_note() -> None:
    comment = commented(change())
    out = text.format(review_of(comment), ReviewConfig(voice=Voice.MENTOR))
    assert out.count("Suggested change") == 1
    assert "adds timeout=10 to the call." in out
    assert "```" not in out


def test_text_escapes_terminal_controls_in_the_code() -> None:
    comment = commented(change(HOSTILE_BEFORE, HOSTILE_AFTER, end_line=5), voice=Voice.PEER)
    out = text.format(review_of(comment), ReviewConfig(voice=Voice.PEER, color=True))
    assert "\x1b[2J" not in out and "\\x1b[2J" in out
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::")]


def test_a_long_change_is_cut_short() -> None:
    before = "\n".join(f"    a{n} = {n}" for n in range(20))
    comment = commented(change(before, "    pass", line=1), voice=Voice.PEER)
    out = text.format(review_of(comment), ReviewConfig(voice=Voice.PEER))
    assert "... 9 more lines" in out


def test_a_long_line_of_the_change_wraps_rather_than_losing_its_end() -> None:
    after = "    return requests.get(url, timeout=10, headers={'x': '" + "y" * 120 + "'}, end=1)"
    comment = commented(change(after=after), voice=Voice.PEER)
    out = text.format(review_of(comment), ReviewConfig(voice=Voice.PEER))
    assert "end=1)" in out


def test_concise_stays_one_line_a_place() -> None:
    comment = commented(change(), others=1)
    out = concise.format(review_of(comment), ReviewConfig(quiet=True))
    assert len(out.splitlines()) == 2
    assert "timeout=10" not in out


# HTML.


def test_html_shows_before_and_after_escaped_and_self_contained() -> None:
    comment = commented(change(HOSTILE_BEFORE, HOSTILE_AFTER, end_line=5))
    out = html.format(review_of(comment), ReviewConfig(voice=Voice.MENTOR))
    assert 'class="change"' in out and 'class="before"' in out and 'class="after"' in out
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out or "&lt;</span><span" in out
    assert "\x1b" not in out
    assert not re.search(r"\b(src|href)=\"?https?:", out)
    assert "```diff" not in out


def test_html_numbers_the_users_lines_as_in_the_file() -> None:
    comment = commented(change())
    out = html.format(review_of(comment), ReviewConfig(voice=Voice.PEER))
    change_html = out.split('class="change"')[1].split("</article>")[0]
    assert "Suggested change (built by review from this code):" in change_html
    assert re.search(r'class="linenos">\s*5</span>', change_html)
    assert "timeout" in change_html


# GitHub annotations.


def test_the_annotation_at_the_lead_place_carries_the_change(tmp_path: Path) -> None:
    comment = commented(change(), others=1)
    out = github.format(review_of(comment), ReviewConfig())
    first, second = out.splitlines()[:2]
    assert "Suggested change (built by review from this code)" in first
    assert f"%0A    -{BEFORE}%0A    +{AFTER}" in first
    assert "Suggested change" not in second


def test_hostile_code_cannot_start_a_workflow_command() -> None:
    comment = commented(change(HOSTILE_BEFORE, HOSTILE_AFTER, end_line=5))
    out = github.format(review_of(comment), ReviewConfig())
    lines = out.splitlines()
    assert len(lines) == 2  # the annotation and the summary notice
    assert all(line.startswith(("::warning ", "::error ", "::notice ")) for line in lines)
    assert "%0A    +::error file=a.py::pwned" in lines[0]
    assert "%250A" in lines[0]  # the code's own "%0A" is not a line break
    assert "\x1b" not in out


# SARIF.


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def test_sarif_carries_the_change_as_a_fix_on_the_lead_result(
    sarif_validator: jsonschema.Draft7Validator,
) -> None:
    comment = commented(change(source="ruff"), others=1)
    log = json.loads(sarif.format(review_of(comment), ReviewConfig()))
    sarif_validator.validate(log)
    results = log["runs"][0]["results"]
    lead = next(
        r for r in results if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    )
    other = next(r for r in results if r is not lead)
    assert "fixes" not in other
    [fix] = lead["fixes"]
    assert fix["description"]["text"] == (
        "Suggested change (ruff's fix, safe): adds timeout=10 to the call."
    )
    [artifact_change] = fix["artifactChanges"]
    assert artifact_change["artifactLocation"] == {"uri": "client.py", "uriBaseId": "%SRCROOT%"}
    [replacement] = artifact_change["replacements"]
    assert replacement == {
        "deletedRegion": {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 29},
        "insertedContent": {"text": AFTER},
    }


def test_the_sarif_fix_replaces_exactly_the_users_lines() -> None:
    """Applying the replacement to the file's text gives the file with the new lines."""
    comment = commented(change())
    log = json.loads(sarif.format(review_of(comment), ReviewConfig()))
    [replacement] = log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"]
    assert applied(SOURCE, replacement) == SOURCE.replace(BEFORE, AFTER)


def test_a_sarif_fix_that_deletes_lines_leaves_no_empty_line() -> None:
    comment = commented(change(after=""))
    log = json.loads(sarif.format(review_of(comment), ReviewConfig()))
    [replacement] = log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"]
    assert applied(SOURCE, replacement) == SOURCE.replace(BEFORE + "\n", "")


def applied(source: str, replacement: Any) -> str:
    region = replacement["deletedRegion"]
    lines = source.split("\n")
    start = sum(len(line) + 1 for line in lines[: region["startLine"] - 1])
    start += region["startColumn"] - 1
    end = sum(len(line) + 1 for line in lines[: region["endLine"] - 1]) + region["endColumn"] - 1
    return source[:start] + replacement["insertedContent"]["text"] + source[end:]


def test_sarif_with_hostile_code_stays_valid(sarif_validator: jsonschema.Draft7Validator) -> None:
    comment = commented(change(HOSTILE_BEFORE, HOSTILE_AFTER, end_line=5))
    out = sarif.format(review_of(comment), ReviewConfig())
    sarif_validator.validate(json.loads(out))
    assert "##[" not in out
    assert (
        json.loads(out)["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][
            0
        ]["insertedContent"]["text"]
        == HOSTILE_AFTER
    )


# JSON.


def test_the_json_report_carries_the_suggestion_and_the_thing() -> None:
    with_change = commented(change(source="ruff", safe=False))
    without = commented(None)
    report = json.loads(json_report.format(review_of(with_change, without), ReviewConfig()))
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text(encoding="utf-8")))
    assert report["schema_version"] == 2
    first, second = report["comments"]
    assert first["thing"] == "`requests.get`"
    assert first["suggestion"] == {
        "path": "client.py",
        "line": 5,
        "end_line": 5,
        "before": BEFORE,
        "after": AFTER,
        "safe": False,
        "source": "ruff",
        "note": "adds `timeout=10` to the call",
    }
    assert second["suggestion"] is None


def test_the_json_report_keeps_hostile_code_as_data() -> None:
    comment = commented(change(HOSTILE_BEFORE, HOSTILE_AFTER, end_line=5))
    out = json_report.format(review_of(comment), ReviewConfig())
    assert "##[" not in out
    assert json.loads(out)["comments"][0]["suggestion"]["after"] == HOSTILE_AFTER


# GitLab Code Quality.


def test_gitlab_carries_the_change_as_markdown_content_at_the_lead_place() -> None:
    comment = commented(change(), others=1)
    issues = json.loads(gitlab.format(review_of(comment), ReviewConfig()))
    lead = next(i for i in issues if i["location"]["lines"]["begin"] == 5)
    other = next(i for i in issues if i is not lead)
    assert "content" not in other
    assert fences(lead["content"]["body"]) == [("diff", f"-{BEFORE}\n+{AFTER}\n")]
    assert "Suggested change" not in lead["description"]


# The real pipeline: PHP reviewed for real, its suggestions through every machine format.


@pytest.fixture
def php_app(chdir_tmp: Path) -> str:
    write(chdir_tmp, "app/Http/Controllers/OrderController.php", CONTROLLER)
    write(chdir_tmp, "app/Models/Order.php", MODEL)
    return "app"


def test_real_suggestions_reach_the_json_sarif_and_markdown_reports(
    cli: Cli, php_app: str, sarif_validator: jsonschema.Draft7Validator
) -> None:
    report = cli(php_app, "--format", "json", "--fail-on", "never").json()
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text(encoding="utf-8")))
    changed = [c for c in report["comments"] if c["suggestion"]]
    assert changed and all("```diff" in c["body"] for c in changed)
    log = cli(php_app, "--format", "sarif", "--fail-on", "never").json()
    sarif_validator.validate(log)
    fixed = [r for r in log["runs"][0]["results"] if "fixes" in r]
    assert len(fixed) == len(changed)
    written = cli(php_app, "--format", "markdown", "--fail-on", "never").out
    assert {info for info, _ in fences(written)} & {"suggestion", "diff"}


def test_a_block_moved_past_a_line_shows_that_line_in_the_terminal() -> None:
    """`validate()` moved above its `try`: without the `try` between them, the terminal's
    compact diff read as a change of indentation."""
    from reviewer.model import Suggestion
    from reviewer.render.suggestions import compact_diff_lines

    before = "        try {\n            $data = $request->validate([]);"
    after = "        $data = $request->validate([]);\n        try {"
    moved = Suggestion("a.php", 26, 27, before, after, True, "review")

    assert compact_diff_lines(moved) == [
        "+$data = $request->validate([]);",
        " try {",
        "-    $data = $request->validate([]);",
    ]


def test_a_change_in_place_shows_only_what_changes() -> None:
    from reviewer.model import Suggestion
    from reviewer.render.suggestions import compact_diff_lines

    before = "    x = 1\n    y = eval(s)\n    z = 3"
    after = "    x = 1\n    y = literal_eval(s)\n    z = 3"
    changed = Suggestion("a.py", 1, 3, before, after, True, "review")

    assert compact_diff_lines(changed) == ["-y = eval(s)", "+y = literal_eval(s)"]
