"""Issue 14, items 7 and 10: terminal output that reads like ruff's, and the command-line
conventions people expect (help, typos, NO_COLOR/FORCE_COLOR). Real analyzers, real files."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.cli import main
from tests.helpers import SAMPLES, Cli, write

USERS = '''\
"""Users."""

import sqlite3


def find_user(db: sqlite3.Connection, user_id: str) -> list[tuple[str]]:
    """Rows of one user."""
    query = f"SELECT name FROM users WHERE id = {user_id}"
    return db.execute(query).fetchall()


def find_group(db: sqlite3.Connection, group_id: str) -> list[tuple[str]]:
    """Rows of one group."""
    query = f"SELECT name FROM groups WHERE id = {group_id}"
    return db.execute(query).fetchall()
'''

CLEAN = '''\
"""Arithmetic."""


def double(value: int) -> int:
    """Twice the value."""
    return value * 2
'''

CONCISE_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): [a-z0-9-]+ \[[a-z]+\] \S")
STATISTICS_LINE = re.compile(r"^ *(?P<count>\d+)  [a-z0-9-]+ +\[[a-z]+\] +\S")


def places(out: str) -> list[tuple[str, int, int]]:
    found = [CONCISE_LINE.match(line) for line in out.splitlines()]
    return [(m["path"], int(m["line"]), int(m["col"])) for m in found if m]


def test_concise_is_one_line_per_place_sorted_then_one_summary(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "b/users.py", USERS)
    write(chdir_tmp, "a/accounts.py", USERS)
    run = cli(".", "--format", "concise", "--fail-on", "never")
    lines = run.out.splitlines()
    assert run.code == 0, run.err
    assert len(places(run.out)) == len(lines) - 1 > 3
    assert places(run.out) == sorted(places(run.out))
    assert {("a/accounts.py", 8, 13), ("a/accounts.py", 14, 13)} <= set(places(run.out))
    assert "1 comment shown (" in lines[-1] and "`" not in run.out
    capped = cli(".", "--format", "concise", "--max-comments", "0", "--fail-on", "never")
    assert capped.out.splitlines()[-1] == "1 more comment not shown (--max-comments)."


def test_text_names_the_rule_and_shows_the_flagged_line_without_markdown(
    cli: Cli, chdir_tmp: Path
) -> None:
    write(chdir_tmp, "users.py", USERS)
    out = cli("users.py", "--fail-on", "never").out
    assert re.search(r"^users\.py:8 +sql-injection +issue \(", out, re.M)
    assert re.search(
        r'^ +8 \| +query = f"SELECT name FROM users WHERE id = \{user_id\}"$', out, re.M
    )
    assert "`" not in out and "**" not in out


def test_flagged_source_line_shows_control_characters_escaped(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "evil.py", '"""Evil."""\n\nRESULT = eval("1")  # \x1b[2J\x1b]0;pwned\x07\n')
    out = cli("evil.py", "--fail-on", "never").out
    assert "eval(" in out and "\\x1b[2J" in out
    assert "\x1b" not in out and "\x07" not in out


def test_a_clean_run_prints_one_line(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "calc.py", CLEAN)
    run = cli("calc.py")
    assert (run.code, run.out) == (0, "No comments: 1 file, 6 lines reviewed.\n")


def test_praise_is_one_line_each_in_the_short_voice(cli: Cli) -> None:
    old = Path.cwd()
    os.chdir(SAMPLES / "orders_api_clean")
    try:
        out = cli(".").out.splitlines()
    finally:
        os.chdir(old)
    praise = [line for line in out[out.index("Praise") + 1 : -1] if line]
    assert out[-1].startswith("No comments: ")
    assert praise and all(re.match(r"^    \S+:\d+  [a-z0-9-]+  \S", line) for line in praise), out


@pytest.mark.slow
def test_quiet_prints_the_comments_and_nothing_else(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "users.py", USERS)
    loud = cli("users.py", "--format", "concise").out.splitlines()
    quiet = cli("users.py", "--format", "concise", "-q")
    assert quiet.code == 1
    assert quiet.out.splitlines() == loud[:-1]
    text = cli("users.py", "--quiet").out
    assert "sql-injection" in text and "reviewed" not in text and "category" not in text


def test_statistics_counts_places_per_rule_most_first(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "users.py", USERS)
    places_found = len(places(cli("users.py", "--format", "concise").out))
    run = cli("users.py", "--statistics")
    rows = [STATISTICS_LINE.match(line) for line in run.out.splitlines()]
    assert run.code == 1 and all(rows), run.out
    counts = [int(row["count"]) for row in rows if row]
    assert counts == sorted(counts, reverse=True) and sum(counts) == places_found
    assert re.search(r"^ *2  sql-injection +\[blocker\] +SQL", run.out, re.M)


def test_statistics_with_a_machine_format_is_a_usage_error(cli: Cli, chdir_tmp: Path) -> None:
    run = cli(".", "--statistics", "--format", "json")
    assert run.code == 2 and run.out == ""
    assert run.err == "review: error: --statistics works with --format text or concise, not json\n"


def test_text_says_a_comment_in_under_ten_lines_on_the_sample(cli: Cli) -> None:
    old = Path.cwd()
    os.chdir(SAMPLES / "orders_api")
    try:
        out = cli(".", "--format", "text").out
    finally:
        os.chdir(old)
    comments = int(re.findall(r"^(\d+) comments shown", out, re.M)[-1])
    assert len(out.splitlines()) / comments < 10


# Item 10: command-line conventions.


def test_help_lists_the_subcommands_and_h_is_help(cli: Cli) -> None:
    for flag in ("--help", "-h"):
        run = cli(flag)
        assert run.code == 0
        for name in ("baseline", "init", "rules", "explain", "cache"):
            assert re.search(rf"^\s+{name}\s", run.out, re.M), (flag, name, run.out)


def test_h_is_help_for_the_subcommands_too(cli: Cli) -> None:
    for command in (["explain"], ["rules"], ["cache", "clear"], ["baseline"], ["init"]):
        run = cli(*command, "-h")
        assert run.code == 0 and run.out.startswith(f"Usage: review {' '.join(command)} "), run


def test_a_mistyped_subcommand_suggests_the_closest(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explan", "sql-injection"]) == 2
    err = capsys.readouterr().err
    assert err == "review: error: no such path or command 'explan'; did you mean 'explain'?\n"


def test_diff_followed_by_a_folder_reviews_that_folder(cli: Cli, chdir_tmp: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=chdir_tmp, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    write(chdir_tmp, "src/calc.py", CLEAN)
    write(chdir_tmp, "other/calc.py", CLEAN)
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "init")
    write(chdir_tmp, "src/users.py", USERS)
    write(chdir_tmp, "other/users.py", USERS)
    run = cli("--diff", "src/", "--format", "concise", "--fail-on", "never")
    assert run.code == 0, run.err
    paths = {path for path, _, _ in places(run.out)}
    assert paths == {"src/users.py"}


def test_tool_review_table_warns_did_you_mean(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "pyproject.toml", '[tool.review]\nfail-on = "never"\n')
    write(chdir_tmp, "calc.py", CLEAN)
    run = cli("calc.py")
    assert "[tool.review]" in run.err and "did you mean [tool.reviewer]?" in run.err


def _through_a_terminal(folder: Path, **env: str) -> str:
    """What `review` prints to a real pseudo-terminal, with `env` added to the environment."""
    main, follower = pty.openpty()
    # The cache (in `folder`) lets the second and third runs skip the analyzers.
    command = [sys.executable, "-m", "reviewer", "users.py", "--fail-on", "never"]
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(command, cwd=folder, stdout=follower, env={**environment, **env})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert done.returncode == 0
    return b"".join(chunks).decode()


@pytest.mark.slow
def test_empty_no_color_keeps_color_and_force_color_forces_it(tmp_path: Path) -> None:
    write(tmp_path, "users.py", USERS)
    assert "\x1b[" in _through_a_terminal(tmp_path, NO_COLOR="")
    assert "\x1b[" not in _through_a_terminal(tmp_path, NO_COLOR="1")
    command = [sys.executable, "-m", "reviewer", "users.py", "--fail-on", "never"]
    piped = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "FORCE_COLOR": "1"},
    )
    assert "\x1b[" in piped.stdout


def test_the_short_voice_shows_the_analyzer_s_own_words(cli: Cli, chdir_tmp: Path) -> None:
    """A type error's advice is to read the checker's message: the short text must show it
    (it left out every analyzer detail, so on flask 'Read the checker's message next to this
    comment' pointed at nothing)."""
    write(
        chdir_tmp,
        "calc.py",
        '"""Calc."""\n\n\ndef half(x: int) -> str:\n    """Half."""\n    return x\n',
    )
    out = cli("calc.py", "--fail-on", "never").out
    assert re.search(
        r'^ +Details: Incompatible return value type \(got "int", expected "str"\)$', out, re.M
    ), out
