"""The terminal format, driven with hand-built reviews (the formatter's own seam)."""

from __future__ import annotations

import dataclasses

from reviewer.config.options import ReviewConfig
from reviewer.formats import text
from reviewer.model import (
    AnalysisError,
    Category,
    Comment,
    Label,
    Location,
    Occurrence,
    Principle,
    Review,
    Rule,
    Severity,
    Voice,
)
from reviewer.pipeline.scoring import summarize

SQL = Rule("sql-injection", Category.SECURITY, Severity.BLOCKER, "t", "w", "h", ("ruff:S608",))
SRP = Rule(
    "long-function", Category.SOLID, Severity.MINOR, "t", "w", "h", ("radon:cc",), Principle.SRP
)
NIT = Rule("naming", Category.READABILITY, Severity.NIT, "t", "w", "h", ("ruff:N802",))
DIP = Rule(
    "injected", Category.SOLID, Severity.MINOR, "t", "w", "h", ("design:di",), label=Label.PRAISE
)

SQL_BODY = """**issue (blocking, security):** `place_order` builds SQL with an f-string.

Because `user_id` is pasted into the statement, a crafted value can change the query.

Passing the values as parameters keeps data and code apart:
```suggestion
db.execute("INSERT INTO orders VALUES (?)", (user_id,))
```"""
# The text format lays out the rule's words, not the Markdown body: the same words as SQL_BODY.
SQL_EXPLAINED = dataclasses.replace(
    SQL,
    why="Because `user_id` is pasted into the statement, a crafted value can change the query.",
    how=SQL_BODY.split("\n\n", 2)[2],
)


def occurrence(path: str, line: int, end_line: int | None = None) -> Occurrence:
    return Occurrence(Location(path, line, end_line or line), "f", ("message",), ("ruff:X1",))


def comment(
    rule: Rule, *places: tuple[str, int], title: str = "A title", body: str = ""
) -> Comment:
    occurrences = tuple(occurrence(path, line) for path, line in places)
    return Comment(f"id{places[0][1]}", rule, rule.severity, occurrences, title, body)


def review(
    *comments: Comment,
    files: int = 3,
    lines: int = 120,
    scores: dict[str, int] | None = None,
    omitted: int = 0,
    praise: tuple[Comment, ...] = (),
    errors: tuple[AnalysisError, ...] = (),
) -> Review:
    counted = summarize(comments, files, lines, omitted)
    summary = dataclasses.replace(counted, scores=scores or {})
    return Review(("src",), summary, comments, praise, errors)


def render(value: Review, color: bool = False, voice: Voice = Voice.PEER) -> str:
    return text.format(value, ReviewConfig(color=color, voice=voice))


def test_comments_are_grouped_under_one_header_per_file() -> None:
    out = render(
        review(
            comment(SQL, ("src/a.py", 30), title="first in a"),
            comment(SRP, ("src/b.py", 5), title="only in b"),
            comment(NIT, ("src/a.py", 2), title="second in a"),
        )
    )
    headers = [line for line in out.splitlines() if line in ("src/a.py", "src/b.py")]
    assert headers == ["src/a.py", "src/b.py"]
    section_a = out[out.index("src/a.py\n") : out.index("src/b.py\n")]
    # the most severe first: the SQL blocker at line 30 before the nit at line 2
    assert section_a.index("src/a.py:30 ") < section_a.index("src/a.py:2 ")
    assert "second in a" in section_a and "first in a" in section_a


def test_a_comment_shows_location_rule_label_title_and_indented_plain_body() -> None:
    sql = comment(SQL_EXPLAINED, ("src/a.py", 7), title="SQL built with an f-string")
    out = render(review(sql), voice=Voice.MENTOR)
    lines = out.splitlines()
    header = lines.index("src/a.py:7  sql-injection  issue (blocking, security)")
    assert lines[header + 1] == "    SQL built with an f-string"
    assert lines[header + 2].startswith("    Because user_id is pasted into the statement")
    assert "**" not in out and "```" not in out
    assert '        db.execute("INSERT INTO orders VALUES (?)", (user_id,))' in lines


def test_the_title_is_not_repeated_below_it() -> None:
    body = "**issue (blocking, security):** SQL built in `get` (line 7).\n\nBecause ..."
    rule = dataclasses.replace(SQL, title="SQL built", why="Because ...")
    sql = comment(rule, ("src/a.py", 7), title="SQL built in `get`", body=body)
    out = render(review(sql), voice=Voice.MENTOR)
    assert out.count("SQL built in get") == 1
    assert "    Because ..." in out.splitlines()


def test_decorations_name_the_principle_and_non_blocking() -> None:
    out = render(review(comment(SRP, ("src/a.py", 1))))
    assert "src/a.py:1  long-function  suggestion (non-blocking, solid/SRP)" in out


def test_extra_occurrences_become_an_also_applies_to_line() -> None:
    out = render(review(comment(SQL, ("src/a.py", 7), ("src/a.py", 19), ("src/b.py", 4))))
    assert "    Also applies to: src/a.py:19, src/b.py:4" in out.splitlines()


def test_one_also_applies_to_line_in_the_long_voice() -> None:
    body = "**issue (blocking, security):** x\n\nAlso applies to: line 19."
    value = review(comment(SQL, ("src/a.py", 7), ("src/a.py", 19), body=body))
    out = render(value, voice=Voice.MENTOR)
    assert out.count("Also applies to") == 1
    lines = out.splitlines()
    assert lines[lines.index("    Also applies to:") + 1] == "    - line 19 (f)"  # one a line


def test_no_ansi_escapes_when_color_is_off() -> None:
    out = render(review(comment(SQL, ("src/a.py", 7), body=SQL_BODY)), color=False)
    assert "\x1b" not in out


def test_ansi_colors_when_color_is_on() -> None:
    out = render(review(comment(SQL, ("src/a.py", 7), body=SQL_BODY)), color=True)
    assert "\x1b[" in out
    assert "\x1b[1;31missue (blocking, security)" in out  # blocking issues in bold red


def test_rich_markup_in_user_text_is_printed_literally() -> None:
    title = "[red]x[/red] and [bold]y"
    rule = dataclasses.replace(SQL, why="[link]")
    value = review(comment(rule, ("src/[b]a.py", 7), title=title, body="**issue:** [link]"))
    for color in (False, True):
        out = render(value, color=color, voice=Voice.MENTOR)
        assert "[red]x[/red] and [bold]y" in out
        assert "src/[b]a.py:7" in out
        assert "[link]" in out


def test_control_characters_in_user_text_cannot_reach_the_terminal() -> None:
    out = render(review(comment(SQL, ("src/a.py", 7), title="evil \x1b[2J title")))
    assert "\x1b" not in out
    assert "evil \\x1b[2J title" in out


def test_praise_has_its_own_section_after_the_comments() -> None:
    praised = comment(DIP, ("src/a.py", 3), title="Dependencies are injected")
    out = render(review(comment(SQL, ("src/b.py", 1)), praise=(praised,)))
    assert (
        out.index("src/b.py:1")
        < out.index("\nPraise\n")
        < out.index("    src/a.py:3  injected  Dependencies are injected")
    )


def test_errors_section_lists_each_error_on_one_line() -> None:
    errors = (
        AnalysisError("mypy", "invalid syntax\n  at line 3", "src/broken.py"),
        AnalysisError("bandit", "bandit is not installed"),
    )
    out = render(review(errors=errors))
    lines = out.splitlines()
    start = lines.index("Errors")
    assert lines[start + 1 : start + 3] == [
        "Could not analyze: src/broken.py (mypy: invalid syntax at line 3)",
        "Could not analyze: any file with bandit (bandit is not installed)",
    ]
    assert "2 analysis errors (see Errors)." in out


def table_row(out: str, name: str) -> list[str]:
    row = next(line for line in out.splitlines() if line.split()[:1] == [name])
    return row.split()[1:]


def test_summary_table_counts_by_category_and_severity_with_totals() -> None:
    out = render(
        review(
            comment(SQL, ("src/a.py", 1)),
            comment(SQL, ("src/a.py", 2)),
            comment(SRP, ("src/b.py", 3)),
            comment(NIT, ("src/b.py", 4)),
            scores={"security": 61, "solid": 90, "readability": 97, "performance": 100},
        )
    )
    header = next(line for line in out.splitlines() if line.split()[:1] == ["category"])
    assert header.split() == ["category", "blocker", "major", "minor", "nit", "total", "score"]
    assert table_row(out, "security") == ["2", "-", "-", "-", "2", "61"]
    assert table_row(out, "solid") == ["-", "-", "1", "-", "1", "90"]
    assert table_row(out, "readability") == ["-", "-", "-", "1", "1", "97"]
    assert table_row(out, "performance") == ["-", "-", "-", "-", "0", "100"]
    assert table_row(out, "total") == ["2", "-", "1", "1", "4"]
    assert out.splitlines()[-1] == "4 comments shown (2 blocking): 3 files, 120 lines reviewed."


def test_omitted_comments_are_counted_after_the_summary() -> None:
    out = render(review(comment(SQL, ("src/a.py", 1)), omitted=7))
    assert out.splitlines()[-1] == "7 more comments not shown (--max-comments)."
    assert "1 more comment not shown" in render(review(comment(SQL, ("src/a.py", 1)), omitted=1))


def test_empty_review_is_one_line_without_a_table_of_zeros() -> None:
    out = render(review(files=12, lines=840, scores={"security": 100}))
    assert out == "No comments: 12 files, 840 lines reviewed.\n"


def test_empty_review_without_scores_is_a_single_line() -> None:
    assert render(review(files=1, lines=1)) == "No comments: 1 file, 1 line reviewed.\n"


def test_no_line_ends_in_whitespace() -> None:
    out = render(review(comment(SQL, ("src/a.py", 1), body=SQL_BODY), scores={"security": 50}))
    assert all(line == line.rstrip() for line in out.splitlines())
