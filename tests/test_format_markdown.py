"""The Markdown write-up and the code excerpts it shows, on real files in a temporary folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from reviewer.config.options import ReviewConfig
from reviewer.formats import markdown
from reviewer.model import (
    AnalysisError,
    Category,
    Comment,
    Label,
    Location,
    Occurrence,
    Review,
    Rule,
    Severity,
    Summary,
)
from reviewer.render.excerpts import ExcerptLine, excerpt, language_for

SQL = Rule("sql-injection", Category.SECURITY, Severity.BLOCKER, "t", "w", "h", ("ruff:S608",))
NIT = Rule("naming", Category.READABILITY, Severity.NIT, "t", "w", "h", ("ruff:N802",))
DIP = Rule(
    "injected", Category.SOLID, Severity.MINOR, "t", "w", "h", ("design:di",), label=Label.PRAISE
)
SOURCE = "".join(f"line_{n} = {n}\n" for n in range(1, 31))


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reviews carry paths relative to the working directory, as the pipeline makes them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: str, text: str = SOURCE) -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return path


def comment(
    rule: Rule,
    *places: tuple[str, int, int],
    title: str = "A title",
    body: str | None = None,
    sources: tuple[str, ...] = ("ruff:S608", "bandit:B608"),
) -> Comment:
    """A comment whose body leads with its label and title, as the templates write it."""
    occurrences = tuple(
        Occurrence(Location(path, line, end), "f", ("message",), sources)
        for path, line, end in places
    )
    said = body or f"**issue (blocking, security):** {title} (line {places[0][1]}).\n\nWhy."
    return Comment(f"id{places[0][1]}", rule, rule.severity, occurrences, title, said)


def review(
    *comments: Comment,
    praise: tuple[Comment, ...] = (),
    errors: tuple[AnalysisError, ...] = (),
    omitted: int = 0,
    paths: tuple[str, ...] = ("src",),
) -> Review:
    by_severity = {s.value: sum(c.severity is s for c in comments) for s in Severity}
    by_category = {"security": 2, "readability": 1}
    scores = {"security": 55, "solid": 100}
    blocking = sum(c.blocking for c in comments)
    summary = Summary(4, 200, by_severity, by_category, scores, omitted, blocking)
    return Review(paths, summary, comments, praise, errors)


def render(value: Review) -> str:
    return markdown.format(value, ReviewConfig())


def fenced_blocks(out: str) -> list[tuple[str, str, list[str]]]:
    """(fence, info string, lines) of every fenced block in the document."""
    pattern = re.compile(r"^(`{3,})(\S*)\n(.*?)\n\1$", re.MULTILINE | re.DOTALL)
    return [(m[1], m[2], m[3].split("\n")) for m in pattern.finditer(out)]


def full_review() -> Review:
    write("src/a.py")
    write("src/b.py")
    return review(
        comment(SQL, ("src/a.py", 9, 9), ("src/a.py", 20, 20), title="SQL in `place_order`"),
        comment(SQL, ("src/b.py", 3, 3), title="SQL in `find`"),
        comment(NIT, ("src/a.py", 2, 2), title="Name `X`", sources=("ruff:N802",)),
        comment(NIT, ("src/a.py", 5, 5), title="Name `Y`", sources=("ruff:N802",)),
        praise=(comment(DIP, ("src/b.py", 1, 30), title="Injected", body="**praise:** good"),),
        errors=(AnalysisError("mypy", "invalid syntax (<unknown>, line 3)", "src/c.py"),),
    )


def test_sections_come_in_order() -> None:
    out = render(full_review())
    headings = [line for line in out.splitlines() if re.match(r"#{1,2} ", line)]
    assert headings == [
        "# Code review: `src`",
        "## Strengths",
        "## Start here",
        "## Talking points",
        "## Where the comments are",
        "## Comments by category and file",
        "## Could not analyze",
    ]


def test_summary_paragraph_and_category_table() -> None:
    out = render(review(comment(SQL, ("src/a.py", 1, 1)), omitted=2))
    assert (
        "We reviewed 4 files (200 lines) and left 1 comment (1 blocker); 1 of them"
        " blocks merging. 2 of the comments are not shown here (`--max-comments`)." in out
    )
    verdict = "left 1 comment (1 blocker); 1 of them blocks merging. Most of their weight is in"
    assert verdict in render(review(comment(SQL, ("src/a.py", 1, 1))))
    assert "| security | 2 | 55 | F |" in out
    assert "| readability | 1 | - | - |" in out
    assert "| solid | 0 | 100 |" in out


def test_start_here_links_the_comments_that_matter_to_their_anchors_and_leaves_nits_out() -> None:
    out = render(full_review())
    start = out[out.index("## Start here") : out.index("## Talking points")]
    items = re.findall(r"^\d+\. \[(.+?)\]\(#(.+?)\): (.+)$", start, re.MULTILINE)
    assert [(where, title) for where, _, title in items] == [
        ("`src/a.py:9`", "SQL in `place_order`"),
        ("`src/b.py:3`", "SQL in `find`"),
    ]
    for _, anchor, title in items:
        assert f'<a id="{anchor}"></a>**issue (blocking, security):** {title}' in out


def test_comments_are_grouped_by_category_then_file_in_line_order() -> None:
    out = render(full_review())
    grouped = out[out.index("## Comments by category and file") : out.index("## Could not")]
    label = r"<a id=.*?</a>\*\*\w+ \([^)]*\):\*\* "
    order = re.findall(rf"^(###+ .*|{label}([^(]*))", grouped, re.MULTILINE)
    assert [title or heading for heading, title in order] == [
        "### Security",
        "#### `src/a.py`",
        "SQL in `place_order` ",
        "#### `src/b.py`",
        "SQL in `find` ",
        "### Readability",
        "#### `src/a.py`",
        "Name `X` ",
        "Name `Y` ",
    ]
    assert "#####" not in out  # a comment's title is its first line, not a tiny heading


def test_within_a_file_the_most_severe_comment_comes_first() -> None:
    write("src/a.py")
    style = Rule("too-long", Category.SECURITY, Severity.NIT, "t", "w", "h", ("ruff:S1",))
    out = render(
        review(
            comment(style, ("src/a.py", 2, 2), title="A nit at line 2"),
            comment(SQL, ("src/a.py", 20, 20), title="A blocker at line 20"),
        )
    )
    comments = out[out.index("## Comments by category and file") :]
    assert comments.index("A blocker at line 20") < comments.index("A nit at line 2")
    assert comments.count("A blocker at line 20") == 1


def test_talking_points_name_the_most_important_comment_of_each_topic() -> None:
    out = render(full_review())
    points = out[out.index("## Talking points") : out.index("## Could not analyze")]
    assert "### Security" in points and "### Readability" in points
    assert "`f` (`src/a.py:9`)" in points  # the symbol and place of the first occurrence
    assert "Trade-offs worth mentioning:" in points


def test_a_comment_has_location_excerpt_body_also_applies_and_sources() -> None:
    out = render(full_review())
    section = out[out.index('<a id="comment-id9">') :]
    section = section[: section.index("<a id=", 1)]
    assert "`src/a.py:9` · blocker · security · rule `sql-injection`" in section
    assert section.count("SQL in `place_order`") == 1  # said once, not repeated
    assert "Also applies to: `src/a.py:20`" in section
    assert "<sub>Sources: bandit:B608, ruff:S608</sub>" in section
    parts = ["**issue", "`src/a.py:9`", "```python", "Why.", "Also applies to", "<sub>Sources"]
    positions = [section.index(part) for part in parts]
    assert positions == sorted(positions)


def test_the_excerpt_is_the_code_as_written_under_its_place() -> None:
    write("src/a.py")
    out = render(review(comment(SQL, ("src/a.py", 4, 6))))
    [(fence, language, lines)] = fenced_blocks(out)
    assert (fence, language) == ("```", "python")
    assert lines == [f"line_{n} = {n}" for n in range(3, 8)]  # no gutter: it copies as code
    assert out.index("`src/a.py:4-6` · blocker") < out.index("```python")


def test_a_backtick_heavy_line_gets_a_longer_fence() -> None:
    write("src/md.py", 'doc = """\n```` nested ``` fence ````\n"""\n')
    out = render(review(comment(SQL, ("src/md.py", 2, 2))))
    [(fence, _, lines)] = fenced_blocks(out)
    assert fence == "`````"
    assert lines == ['doc = """', "```` nested ``` fence ````", '"""']


def test_no_excerpt_when_the_file_cannot_be_read() -> None:
    out = render(review(comment(SQL, ("src/gone.py", 3, 3))))
    assert fenced_blocks(out) == []
    assert "`src/gone.py:3`" in out


def test_file_names_in_headings_and_errors_are_escaped() -> None:
    name = "src/we`ird #*name*_[x].py"
    write(name)
    errors = (AnalysisError("mypy", "bad <script> *here* `x` | y", "src/c`d.py"),)
    out = render(review(comment(SQL, (name, 1, 1)), errors=errors, paths=(name,)))
    assert "# Code review: ``src/we`ird #*name*_[x].py``" in out
    assert "### ``src/we`ird #*name*_[x].py``" in out
    assert (
        r"- ``src/c`d.py`` with mypy: bad \<script\> \*here\* `x` \| y"
    )  # its code span stays one in out


def test_titles_stay_on_one_line() -> None:
    write("src/a.py")
    out = render(review(comment(SQL, ("src/a.py", 1, 1), title="two\nlines")))
    assert ": two lines\n" in out  # in "Start here"


def test_empty_review() -> None:
    out = render(review())
    assert "We reviewed 4 files (200 lines) and have no comments." in out
    assert "## Start here" not in out and "## Comments by category and file" not in out


# The excerpt helper ---------------------------------------------------------------------------


def test_excerpt_returns_the_range_with_context() -> None:
    write("a.py")
    assert excerpt("a.py", 5, 6, context=1) == (
        ExcerptLine(4, "line_4 = 4", False),
        ExcerptLine(5, "line_5 = 5", True),
        ExcerptLine(6, "line_6 = 6", True),
        ExcerptLine(7, "line_7 = 7", False),
    )


def test_excerpt_is_clipped_at_the_file_edges_and_to_max_lines() -> None:
    write("a.py")
    assert [line.number for line in excerpt("a.py", 1, 1, context=2)] == [1, 2, 3]
    assert [line.number for line in excerpt("a.py", 30, 30, context=2)] == [28, 29, 30]
    long = excerpt("a.py", 3, 28, context=1, max_lines=5)
    assert [line.number for line in long] == [2, 3, 4, 5, 6]
    assert [line.flagged for line in long] == [False, True, True, True, True]


def test_excerpt_of_what_cannot_be_read_is_empty() -> None:
    write("a.py")
    Path("folder").mkdir()
    assert excerpt("missing.py", 1, 1) == ()
    assert excerpt("folder", 1, 1) == ()
    assert excerpt("a.py", 99, 99) == ()
    assert excerpt("bad\0name.py", 1, 1) == ()


def test_excerpt_survives_bad_bytes_and_form_feeds() -> None:
    Path("b.py").write_bytes(b"a = 1\n\x0cb = '\xff'\nc = 3\n")
    assert excerpt("b.py", 3, 3, context=1) == (
        ExcerptLine(2, "\\x0cb = '\N{REPLACEMENT CHARACTER}'", False),
        ExcerptLine(3, "c = 3", True),
    )


def test_excerpt_sees_a_file_edited_after_it_was_read() -> None:
    write("a.py", "old = 1\n")
    assert excerpt("a.py", 1, 1)[0].text == "old = 1"
    write("a.py", "brand_new = 2\n")
    os.utime("a.py", ns=(1, 1))
    assert excerpt("a.py", 1, 1)[0].text == "brand_new = 2"


def test_language_for_fenced_blocks() -> None:
    assert language_for("src/a.py") == "python"
    assert language_for("stubs/a.pyi") == "python"
    assert language_for("web/Index.PHP") == "php"
    assert language_for("README") == ""


def test_the_verdict_says_where_the_weight_is_what_to_lead_with_and_what_to_defend() -> None:
    out = render(full_review())
    verdict = out.split("\n\n")[1]
    assert "Most of their weight is in security and readability." in verdict
    assert "Lead with SQL in `place_order`." in verdict
    assert "Worth defending: injected." in verdict
    plain = render(review(comment(SQL, ("src/a.py", 1, 1))))
    assert "No strength stood out to the analyzers" in plain.split("\n\n")[1]
