"""`# review: ignore[...]` silences a rule on a line or a whole def/class; tools' own marks work."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Cli, write

QUERY = 'db.execute(f"SELECT * FROM t WHERE id = {v}")'


def rules_found(cli: Cli, *args: str) -> list[tuple[str, int]]:
    report = cli(*args, "--format", "json", "--fail-on", "never").json()
    return sorted((c["rule"], loc["line"]) for c in report["comments"] for loc in c["locations"])


def sql_lines(cli: Cli, path: str) -> list[int]:
    return [line for rule, line in rules_found(cli, path) if rule == "sql-injection"]


def test_ignore_on_the_flagged_line(cli: Cli, chdir_tmp: Path) -> None:
    write(
        chdir_tmp,
        "app.py",
        f"def a(db, v):\n    return {QUERY}  # review: ignore[sql-injection]\n\n\n"
        f"def b(db, v):\n    return {QUERY}\n",
    )
    assert sql_lines(cli, "app.py") == [6]


def test_bare_ignore_on_a_def_line_covers_its_body(cli: Cli, chdir_tmp: Path) -> None:
    write(
        chdir_tmp,
        "app.py",
        f"def a(db, v):  # review: ignore\n    x = 1\n    return {QUERY}\n\n\n"
        f"def b(db, v):\n    return {QUERY}\n",
    )
    found = rules_found(cli, "app.py")
    assert [line for _, line in found if line <= 3] == []
    assert ("sql-injection", 7) in found


def test_ignore_on_a_class_covers_its_methods(cli: Cli, chdir_tmp: Path) -> None:
    write(
        chdir_tmp,
        "app.py",
        "class Repo:  # review: ignore[sql-injection]\n"
        f"    def get(self, db, v):\n        return {QUERY}\n",
    )
    assert sql_lines(cli, "app.py") == []


def test_ignoring_another_rule_keeps_this_one(cli: Cli, chdir_tmp: Path) -> None:
    write(
        chdir_tmp, "app.py", f"def a(db, v):\n    return {QUERY}  # review: ignore[unused-import]\n"
    )
    assert sql_lines(cli, "app.py") == [2]


def test_unknown_rule_in_a_suppression_is_reported(cli: Cli, chdir_tmp: Path) -> None:
    write(
        chdir_tmp, "app.py", f"def a(db, v):\n    return {QUERY}  # review: ignore[sql-injektion]\n"
    )
    run = cli("app.py", "--format", "json")
    errors = run.json()["errors"]
    assert errors == [
        {
            "path": "app.py",
            "analyzer": "review",
            "message": "line 2: unknown rule 'sql-injektion' in a suppression; "
            "did you mean 'sql-injection'?",
        }
    ]
    assert run.code == 1  # the unsuppressed blocker still fails the run; the error does not add 3


def test_tools_own_marks_keep_working(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", f"def a(db, v):\n    return {QUERY}  # noqa: S608  # nosec B608\n")
    assert sql_lines(cli, "app.py") == []
    write(
        chdir_tmp,
        "calc.py",
        'def f(x: int) -> int:\n    return x\n\n\nf("a")  # type: ignore[arg-type]\n',
    )
    assert [r for r, _ in rules_found(cli, "calc.py") if r == "argument-type-mismatch"] == []


def test_one_tool_mark_silences_the_blended_rule(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "a.py", f"def a(db, v):\n    return {QUERY}  # noqa: S608\n")
    write(chdir_tmp, "b.py", f"def b(db, v):\n    return {QUERY}  # nosec B608\n")
    write(chdir_tmp, "c.py", f"def c(db, v):\n    return {QUERY}  # noqa: E501\n")
    assert sql_lines(cli, ".") == [2]
    report = cli("c.py", "--format", "json").json()
    assert report["comments"][0]["path"] == "c.py"


def test_bare_nosec_silences_rules_bandit_reports(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "a.py", f"def a(db, v):\n    return {QUERY}  # nosec\n")
    assert sql_lines(cli, "a.py") == []


PHP = """<?php
declare(strict_types=1);

final class Search
{
    public function a(string $term): array
    {
        return DB::select("SELECT * FROM orders WHERE notes = '$term'"); // review: ignore[php-sql-injection]
    }

    // review: ignore[php-sql-injection]
    public function b(string $term): array
    {
        return DB::select("SELECT * FROM orders WHERE notes = '$term'");
    }

    public function c(string $term): array
    {
        return DB::select("SELECT * FROM orders WHERE notes = '$term'");
    }
}
"""


def test_php_suppressions_on_the_line_and_the_method(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "Search.php", PHP)
    found = rules_found(cli, "Search.php")
    assert [line for rule, line in found if rule == "php-sql-injection"] == [19]


def test_a_mark_inside_a_string_silences_nothing(cli: Cli, chdir_tmp: Path) -> None:
    text = f'"""Write `# review: ignore[sql-injektion]` to silence a rule."""\n\n\ndef a(db, v):\n    return {QUERY}\n'
    write(chdir_tmp, "a.py", text)
    run = cli("a.py", "--format", "json", "--fail-on", "never")
    assert run.json()["errors"] == []
    assert sql_lines(cli, "a.py") == [5]


TRICKY = '''\
"""A docstring that mentions # noqa
and # review: ignore on a line of its own."""
x = "# noqa"
y = call(  # noqa: E501
    "text # nosec",  # nosec B101
)
z = 1 + \\
    2  # review: ignore
s = """one
# noqa inside a string
"""  # nosec
'''


ON_ONE_LINE = TRICKY.split('s = """')[0].split('and # review: ignore on a line of its own."""\n')[1]


@pytest.mark.parametrize("with_tree", [False, True])
@pytest.mark.parametrize(
    ("source", "expected"), [(TRICKY, [4, 5, 8, 11]), (ON_ONE_LINE, [2, 3, 6])]
)
def test_marks_are_found_in_comments_only_with_or_without_the_tree(
    source: str, expected: list[int], with_tree: bool
) -> None:
    """Given the parsed tree, only the hinted lines are tokenized (unless one lies in a
    string that spans lines): the same lines must come out as when the whole file is."""
    import ast

    from reviewer.languages.python.comments import hinted_comments

    tree = ast.parse(source) if with_tree else None
    assert [n for n, _ in hinted_comments(source, tree)] == expected
