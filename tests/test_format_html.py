"""The HTML write-up: sections, escaping, anchors, grades, highlighting, self-containedness."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from reviewer.config.options import ReviewConfig
from reviewer.formats import html
from reviewer.formats.html_markup import blocks, inline, to_html
from reviewer.formats.markdown import CATEGORY_HEADINGS, by_category_then_file
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

SQL = Rule("sql-injection", Category.SECURITY, Severity.BLOCKER, "t", "w", "h", ("ruff:S608",))
NIT = Rule("naming", Category.READABILITY, Severity.NIT, "t", "w", "h", ("ruff:N802",))
DIP = Rule(
    "injected",
    Category.SOLID,
    Severity.MINOR,
    "t",
    "So a test can pass a fake one.",
    "h",
    ("design:di",),
    label=Label.PRAISE,
)
SOURCE = "".join(f"line_{n} = {n}\n" for n in range(1, 31))
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
PRAISE = "**praise:** `Shop` receives its database.\n\nSo a test can pass a fake one."
VOID = {"meta", "br", "hr", "img", "input", "link", "rect", "wbr"}


class Page(HTMLParser):
    """Tags, attributes, text and the nesting of one page, for structural assertions."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.unbalanced: list[str] = []
        self.text: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.unbalanced.append(f"</{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()
        if self._heading and self._heading[0] == tag:
            level, *words = self._heading
            self.headings.append((level, " ".join("".join(words).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def attribute(self, name: str) -> list[str]:
        return [attrs[name] or "" for _, attrs in self.tags if name in attrs]

    def with_tag(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


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
    body: str = "**issue (blocking, security):** body",
    sources: tuple[str, ...] = ("ruff:S608", "bandit:B608"),
    id: str = "",
) -> Comment:
    occurrences = tuple(
        Occurrence(Location(path, line, end), "f", ("message",), sources)
        for path, line, end in places
    )
    return Comment(id or f"id{places[0][1]}", rule, rule.severity, occurrences, title, body)


def review(
    *comments: Comment,
    praise: tuple[Comment, ...] = (),
    errors: tuple[AnalysisError, ...] = (),
    omitted: int = 0,
    scores: dict[str, int] | None = None,
) -> Review:
    by_severity = {s.value: sum(c.severity is s for c in comments) for s in Severity}
    by_category = {"security": 2, "readability": 2}
    by_category_severity = {
        "security": {"blocker": 2, "major": 0, "minor": 0, "nit": 0},
        "readability": {"blocker": 0, "major": 0, "minor": 0, "nit": 2},
    }
    scores = {"security": 55, "solid": 100} if scores is None else scores
    blocking = sum(c.blocking for c in comments)
    summary = Summary(
        4, 1200, by_severity, by_category, scores, omitted, blocking, by_category_severity
    )
    return Review(("src",), summary, comments, praise, errors, ("ruff", "mypy"))


def render(value: Review) -> str:
    return html.format(value, ReviewConfig())


def full_review() -> Review:
    write("src/a.py")
    write("src/b.py")
    return review(
        comment(SQL, ("src/a.py", 9, 9), ("src/a.py", 20, 20), title="SQL in `place_order`"),
        comment(SQL, ("src/b.py", 3, 3), title="SQL in `find`"),
        comment(NIT, ("src/a.py", 2, 2), title="Name `X`", sources=("ruff:N802",)),
        comment(NIT, ("src/a.py", 5, 5), title="Name `Y`", sources=("ruff:N802",)),
        praise=(comment(DIP, ("src/b.py", 1, 30), title="Injected", body=PRAISE),),
        errors=(AnalysisError("mypy", "invalid syntax (<unknown>, line 3)", "src/c.py"),),
    )


def section(out: str, section_id: str) -> str:
    start = out.index(f'<section id="{section_id}"')
    return out[start : out.index("</section>", start)]


def test_sections_come_in_order() -> None:
    page = Page(render(full_review()))
    assert [text for level, text in page.headings if level in ("h1", "h2")] == [
        "Code review: src",
        "Strengths",
        "Start here",
        "Talking points",
        "A map of the code",
        "Where the comments are",
        "Comments by category and file",
        "Could not analyze",
    ]


def test_the_contents_link_every_section_in_order() -> None:
    out = render(full_review())
    contents = Page(out[out.index('<nav class="toc"') : out.index("</nav>")])
    targets = [href.removeprefix("#") for href in contents.attribute("href")]
    assert targets == ["strengths", "start-here", "talking-points", "map", "comments", "errors"]
    assert all(f'id="{target}"' in out for target in targets)


def test_the_page_is_well_formed_and_balanced() -> None:
    page = Page(render(full_review()))
    assert page.unbalanced == []
    assert page.stack == []
    assert [tag for tag, _ in page.tags[:2]] == ["html", "head"]
    assert len(page.with_tag("main")) == 1


def test_the_page_loads_nothing_from_anywhere() -> None:
    out = render(full_review())
    page = Page(out)
    assert not {tag for tag, _ in page.tags} & {"link", "script", "iframe", "object", "embed"}
    assert all(src.startswith("data:") for src in page.attribute("src"))
    assert all(re.match(r"#|https://", href) for href in page.attribute("href"))
    assert "@import" not in out
    assert "url(" not in out
    [policy] = [m["content"] for m in page.with_tag("meta") if m.get("http-equiv")]
    assert policy is not None and policy.startswith("default-src 'none'; style-src 'unsafe-inline'")


def test_outside_links_appear_only_in_comment_bodies() -> None:
    write("src/a.py")
    rule = dataclasses.replace(SQL, why="See https://example.org/sql?a=1&b=2.")
    out = render(review(comment(rule, ("src/a.py", 1, 1))))
    [link] = [href for href in Page(out).attribute("href") if not href.startswith("#")]
    assert link == "https://example.org/sql?a=1&b=2"
    assert '<a href="https://example.org/sql?a=1&amp;b=2" rel="noopener noreferrer">' in out


def test_hostile_names_code_titles_and_messages_stay_text() -> None:
    path = write(f"src/{HOSTILE.replace('/', '_')}.py", f'x = "{HOSTILE}"\n' * 3)
    hostile = comment(
        SQL,
        (path, 2, 2),
        title=f"Title {HOSTILE}",
        body=f"**issue:** {HOSTILE}\n\n```python\n{HOSTILE}\n```\n\n- {HOSTILE}\n\n`{HOSTILE}`",
        sources=(HOSTILE,),
        id=HOSTILE,
    )
    out = render(review(hostile, errors=(AnalysisError(HOSTILE, HOSTILE, HOSTILE),)))
    page = Page(out)
    assert not {tag for tag, _ in page.tags} & {"script", "img"}
    assert not [attrs for _, attrs in page.tags if "onerror" in attrs]
    text = "".join(page.text)
    assert text.count(HOSTILE) >= 6  # title, code, list, code span, error...
    assert page.unbalanced == []
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", anchor) for anchor in page.attribute("id"))


def test_start_here_links_the_comments_that_matter_to_their_anchors_and_leaves_nits_out() -> None:
    out = render(full_review())
    page = Page(section(out, "start-here"))
    targets = [href.removeprefix("#") for href in page.attribute("href")]
    assert len(targets) == 2  # the two SQL comments; the naming nits are not where to start
    ids = Page(out).attribute("id")
    assert len(ids) == len(set(ids))
    assert all(target in ids for target in targets)
    assert targets[0] == "comment-id9"
    assert "src/a.py:9" in section(out, "start-here")


def test_comments_are_grouped_by_category_then_file_in_line_order() -> None:
    out = render(full_review())
    page = Page(section(out, "comments"))
    assert page.headings == [
        ("h2", "Comments by category and file"),
        ("h3", "Security"),
        ("h4", "src/a.py"),
        ("h5", "SQL in place_order"),
        ("h4", "src/b.py"),
        ("h5", "SQL in find"),
        ("h3", "Readability"),
        ("h4", "src/a.py"),
        ("h5", "Name X"),
        ("h5", "Name Y"),
    ]
    details = page.with_tag("details")
    assert len(details) == 3
    assert not any("open" in attrs for attrs in details), "the details are folded"
    articles = [attrs["id"] for attrs in page.with_tag("article")]
    assert articles == ["comment-id9", "comment-id3", "comment-id2", "comment-id5"]


def test_category_headings_are_the_markdown_ones_in_the_same_order() -> None:
    write("src/a.py")
    rules = [Rule(c.value, c, Severity.MINOR, "t", "w", "h", ()) for c in reversed(Category)]
    value = review(*(comment(rule, ("src/a.py", n, n)) for n, rule in enumerate(rules, 1)))
    page = Page(section(render(value), "comments"))
    expected = [heading for heading, _ in by_category_then_file(value.comments)]
    assert [text for level, text in page.headings if level == "h3"] == expected
    assert expected[0] == CATEGORY_HEADINGS[rules[0].category]
    assert len(expected) == len(Category)


def test_talking_points_follow_the_comments_with_inline_code() -> None:
    out = render(full_review())
    order = ["start-here", "talking-points", "where", "comments", "errors"]
    places = [out.index(f'<section id="{name}"') for name in order]
    assert places == sorted(places)
    points = section(out, "talking-points")
    topics = [text for level, text in Page(points).headings if level == "h3"]
    assert topics == ["Security", "Readability", "Design (SOLID)"]
    reaches = "<li>Where does the input that reaches <code>f</code> (<code>src/a.py:9</code>)"
    assert reaches in points
    assert "Trade-offs worth mentioning:" in points
    assert Page(points).unbalanced == []


def test_talking_points_escape_symbols_and_paths() -> None:
    path = write(f"src/{HOSTILE.replace('/', '_')}.py")
    place = Occurrence(Location(path, 2, 2), HOSTILE, ("message",), ("ruff:S608",))
    hostile = Comment("x", SQL, SQL.severity, (place,), "t", "**issue:** b")
    points = section(render(review(hostile)), "talking-points")
    page = Page(points)
    assert not {tag for tag, _ in page.tags} & {"script", "img"}
    where = f"<code>src/{escape(HOSTILE.replace('/', '_'))}.py:2</code>"
    assert f"<code>{escape(HOSTILE)}</code> ({where})" in points
    assert page.unbalanced == []


def test_a_review_with_no_talking_point_data_has_no_section() -> None:
    assert 'id="talking-points"' not in render(review(scores={"security": 100}))


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (100, "A"),
        (90, "A"),
        (89, "B"),
        (80, "B"),
        (79, "C"),
        (70, "C"),
        (69, "D"),
        (60, "D"),
        (59, "F"),
        (0, "F"),
    ],
)
def test_grades(score: int, letter: str) -> None:
    assert html.grade(score) == letter


def test_the_map_counts_comments_by_category_and_severity_with_grades() -> None:
    out = render(review(scores={"security": 55, "readability": 92, "solid": 100}))
    card = section(out, "where")
    assert 'class="bar"' not in card, "no bar chart of scores: the counts say more"
    spans = Page(card).with_tag("span")
    pills = [attrs.get("title") for attrs in spans if "grade-pill" in (attrs.get("class") or "")]
    assert pills == ["100 / 100", "55 / 100", "92 / 100"]  # the catalog's order
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", card)
    cells = {name: re.findall(r">([^<>]+)</(?:td|span)>", rest) for name, rest in rows}
    assert cells["security"] == ["2", "0", "0", "0", "2", "F"]
    assert cells["readability"] == ["0", "0", "0", "2", "2", "A"]
    assert cells["solid"] == ["0", "0", "0", "0", "0", "A"]


def test_summary_paragraph_counts_and_omitted() -> None:
    write("src/a.py")
    out = render(review(comment(SQL, ("src/a.py", 1, 1)), omitted=2))
    overview = re.search(r'<p class="overview">(.*?)</p>', out)
    assert overview is not None
    assert overview[1].startswith(
        "We reviewed 4 files (1200 lines) and left 1 comment (1 blocker); 1 of them blocks "
        "merging. 2 of the comments are not shown here (<code>--max-comments</code>). "
        "Most of their weight is in security. Lead with A title."
    )


def test_a_run_without_scores_has_no_grade_column() -> None:
    card = section(render(review(scores={})), "where")
    assert "Grade" not in card
    assert "grade-pill" not in card


def test_a_review_without_comments_has_no_start_here_or_files() -> None:
    out = render(review(scores={"security": 100}))
    assert "and have no comments." in out
    assert 'id="start-here"' not in out
    assert 'id="comments"' not in out
    assert 'id="where"' in out


def test_praise_shows_its_body_without_an_excerpt() -> None:
    out = render(full_review())
    strengths = section(out, "strengths")
    assert "<p>So a test can pass a fake one.</p>" in strengths
    assert "<strong>praise:</strong>" not in strengths
    assert 'class="badge">praise<' in strengths
    assert "excerpt" not in strengths


def test_excerpt_is_highlighted_numbered_as_in_the_file_with_flagged_lines() -> None:
    write("src/a.py")
    out = render(review(comment(SQL, ("src/a.py", 9, 10))))
    excerpt = out[out.index('<div class="excerpt">') :]
    excerpt = excerpt[: excerpt.index("</pre>")]
    numbers = re.findall(r'<span class="linenos">\s*(\d+)</span>', excerpt)
    assert numbers == ["8", "9", "10", "11"]
    flagged = re.findall(r'<span class="hll"><span class="linenos">\s*(\d+)', excerpt)
    assert flagged == ["9", "10"]
    assert '<span class="n">line_9</span>' in excerpt


def test_excerpt_numbers_survive_leading_blank_lines() -> None:
    write("src/a.py", "\n\nx = 1\n\n")
    out = render(review(comment(SQL, ("src/a.py", 3, 3))))
    excerpt = out[out.index('<div class="excerpt">') : out.index("</pre>")]
    assert re.findall(r'<span class="linenos">\s*(\d+)</span>', excerpt) == ["2", "3", "4"]
    assert re.findall(r'<span class="hll"><span class="linenos">\s*(\d+)', excerpt) == ["3"]


def test_a_missing_file_has_no_excerpt() -> None:
    out = render(review(comment(SQL, ("src/gone.py", 3, 3))))
    assert 'class="excerpt"' not in out
    assert 'class="badge">issue<' in out


def test_the_label_line_is_left_out_of_the_body_on_the_page() -> None:
    write("src/a.py")
    rule = dataclasses.replace(SQL, why="Because **data** is code.", how="**b**")
    out = render(review(comment(rule, ("src/a.py", 1, 1))))
    assert "issue (blocking, security):" not in out.split('<div class="body">')[1]
    assert "<p>Because <strong>data</strong> is code.</p>\n<p><strong>b</strong></p>" in out
    assert str(to_html("- **a** item")) == "<ul><li><strong>a</strong> item</li></ul>"


def test_a_body_that_is_only_the_label_line_leaves_no_empty_body() -> None:
    write("src/a.py")
    rule = dataclasses.replace(SQL, why="", how="")
    out = render(review(comment(rule, ("src/a.py", 1, 1), body="**issue:** only")))
    assert '<div class="body">' not in out


def test_also_applies_to_and_sources() -> None:
    out = render(full_review())
    assert "<p>Also applies to 1 more place in this file.</p>" in out  # the peer counts them
    assert "Sources: bandit:B608, ruff:S608" in out


def test_errors_name_the_file_the_analyzer_and_the_message() -> None:
    out = render(full_review())
    errors = section(out, "errors")
    assert "<code>src/c.py</code> with <strong>mypy</strong>: invalid syntax (&lt;unknown&gt;" in (
        errors
    )


BODY = """**suggestion (non-blocking, readability):** Name in `__init__` (line 3).

Because the name hides `id`, calls
fail later.

Consider:

```python
def f(order_id: int) -> None:

    return None
```

What the analyzers saw:
- Function argument `id` is shadowing a Python builtin
- `` a`b `` quoted

References: https://peps.python.org/pep-0008/#naming-conventions, https://docs.astral.sh/ruff/.

Also applies to: line 35 (`Repository.delete`), line 49 (`get`)."""


def test_body_blocks() -> None:
    kinds = [block.kind for block in blocks(BODY)]
    assert kinds == ["p", "p", "p", "code", "p", "ul", "p", "p"]
    code = blocks(BODY)[3]
    assert code.info == "python"
    assert code.lines == ["def f(order_id: int) -> None:", "", "    return None"]


def test_body_to_html() -> None:
    out = str(to_html(BODY))
    assert out.startswith(
        "<p><strong>suggestion (non-blocking, readability):</strong> Name in "
        "<code>__init__</code> (line 3).</p>"
    )
    assert "<p>Because the name hides <code>id</code>, calls\nfail later.</p>" in out
    assert '<div class="code python"><div class="hl"><pre>' in out
    assert "<ul><li>Function argument <code>id</code> is shadowing" in out
    assert "<li><code>a`b</code> quoted</li></ul>" in out
    assert (
        '<a href="https://peps.python.org/pep-0008/#naming-conventions" rel="noopener noreferrer">'
        in out
    )
    ruff = "https://docs.astral.sh/ruff/"
    assert f'<a href="{ruff}" rel="noopener noreferrer">{ruff}</a>.' in out
    assert '<p class="also">Also applies to: line 35 (<code>Repository.delete</code>)' in out
    assert Page(out).unbalanced == []


def test_inline_leaves_lone_markers_and_dunders_alone() -> None:
    assert str(inline("a ** b and __init__ and `unclosed")) == ("a ** b and __init__ and `unclosed")
    assert str(inline("**bold `code`**")) == "<strong>bold <code>code</code></strong>"
    assert str(inline("<b>\"x\"</b> & 'y'")) == "&lt;b&gt;&#34;x&#34;&lt;/b&gt; &amp; &#39;y&#39;"


def test_suggestion_blocks_use_the_file_language() -> None:
    out = str(to_html("```suggestion\nx = 1\n```", "python"))
    assert '<div class="code suggestion">' in out
    assert '<span class="n">x</span>' in out


def test_praise_at_several_places_lists_them_below_its_body() -> None:
    write("src/b.py")
    praise = comment(DIP, ("src/b.py", 1, 30), ("src/b.py", 40, 41), body=PRAISE)
    strengths = section(render(review(praise=(praise,))), "strengths")
    assert '<p class="also">Also applies to: <code>src/b.py:40</code></p>' in strengths
