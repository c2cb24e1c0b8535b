"""Issue 13, untrusted trees, mypy's part (items 5, 11, 21, 22).

The reviewed project's mypy configuration is read for its type settings only: the options
that make mypy write files (`junit_xml`, the `*_report` ones), install packages or run
another interpreter are dropped. One module that does not parse no longer costs the
project all its mypy findings. Modules found through `mypy_path` or `MYPYPATH` are part of
what a cached mypy answer depends on. A damaged or unwritable mypy cache is worked around,
never a reason to give up.

Everything is real: `review` runs in a subprocess on files in `tmp_path`, with real mypy."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import write

# Only mypy runs: the other analyzers have nothing to do with these items.
ONLY_MYPY = 'disable = ["ruff", "bandit", "radon", "design", "php"]\n'


@dataclass(frozen=True)
class Outcome:
    code: int
    found: frozenset[tuple[str, int, str]]
    errors: tuple[tuple[str, str], ...]
    stderr: str


def review(
    tmp_path: Path,
    *args: str,
    env: dict[str, str] | None = None,
    limit: Callable[[], None] | None = None,
) -> Outcome:
    """`review` run for real in `tmp_path/project`, only mypy enabled; JSON read back.
    `limit` runs in the child before `review` starts (a resource limit, say)."""
    settings = tmp_path / "review-settings.toml"
    if not settings.exists():
        write(tmp_path, settings.name, ONLY_MYPY)
    command = [sys.executable, "-m", "reviewer", "--format", "json", "--config", str(settings)]
    done = subprocess.run(
        [*command, *args],
        cwd=tmp_path / "project",
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path / "home"), **(env or {})},
        timeout=120,
        check=False,
        preexec_fn=limit,
    )
    assert "Traceback" not in done.stderr, done.stderr
    data = json.loads(done.stdout)
    found = frozenset(  # a comment on one rule lists each place it was found
        (where["path"], where["line"], source)
        for c in data["comments"]
        for where in c["locations"]
        for source in c["sources"]
    )
    errors = tuple((e["path"], e["message"]) for e in data["errors"])
    return Outcome(done.returncode, found, errors, done.stderr)


# --- item 5: the project's mypy configuration writes no files --------------------------

APP = """\
from extmod import answer


def untyped(x):
    return x


text: str = answer()
"""
# Found only through mypy_path, given relative to the configuration's folder.
EXTMOD = "def answer() -> int: ...\n"
PLUGIN = "from mypy.plugin import Plugin\n\n\ndef plugin(version: str) -> type[Plugin]:\n    return Plugin\n"
EXPECTED = frozenset(
    {
        ("app.py", 4, "mypy:no-untyped-def"),  # disallow_untyped_defs is honoured
        ("app.py", 8, "mypy:assignment"),  # mypy_path is honoured
    }
)

WRITERS = {
    "junit_xml": "{tmp}/junit.xml",
    "txt_report": "reports/txt",
    "linecount_report": "../outside/linecount",
    "any_exprs_report": "{tmp}/any-exprs",
    "linecoverage_report": "~/linecoverage",
    "lineprecision_report": "$MYPY_CONFIG_FILE_DIR/precision",
    "html_report": "{tmp}/html",
    "cobertura_xml_report": "{tmp}/cobertura",
}
KEPT = {
    "disallow_untyped_defs": "True",
    "mypy_path": "$MYPY_CONFIG_FILE_DIR/stubs",
    "plugins": "plug.py",
    "install_types": "True",
    "non_interactive": "True",
}


def _ini(section: str, tmp: Path) -> str:
    lines = [f"{key} = {value}" for key, value in {**KEPT, **WRITERS}.items()]
    return f"[{section}]\n" + "\n".join(lines).replace("{tmp}", str(tmp)) + "\n"


def _toml(tmp: Path, prefix: str = "") -> str:
    def value(text: str) -> str:
        return text.lower() if text == "True" else json.dumps(text.replace("{tmp}", str(tmp)))

    lines = [f"{prefix}{key} = {value(text)}" for key, text in {**KEPT, **WRITERS}.items()]
    return "\n".join(lines) + "\n"


CONFIGS = {
    "pyproject.toml": lambda tmp: "[project]\nname = 'app'\n\n[tool.mypy]\n" + _toml(tmp),
    # no `[tool.mypy]` header, and still mypy's settings
    "pyproject.toml:dotted keys": lambda tmp: _toml(tmp, prefix="tool.mypy."),
    "mypy.ini": lambda tmp: _ini("mypy", tmp),
    ".mypy.ini": lambda tmp: _ini("mypy", tmp),
    "setup.cfg": lambda tmp: "[metadata]\nname = app\n\n" + _ini("mypy", tmp),
}


@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_the_projects_mypy_configuration_makes_mypy_write_no_file(
    tmp_path: Path, config_name: str
) -> None:
    project = tmp_path / "project"
    write(project, config_name.partition(":")[0], CONFIGS[config_name](tmp_path))
    write(project, "app.py", APP)
    write(project, "stubs/extmod.pyi", EXTMOD)
    write(project, "plug.py", PLUGIN)
    write(tmp_path, "review-settings.toml", ONLY_MYPY)
    (tmp_path / "home").mkdir()
    before = _tree(tmp_path)

    outcome = review(tmp_path, "--no-cache", "app.py")

    assert outcome.found == EXPECTED, outcome
    assert (outcome.code, outcome.errors) == (1, ())
    assert _tree(tmp_path) == before  # no report, no junit file, no package installed


def _tree(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if "__pycache__" not in path.parts
    }


# --- item 11: a module that does not parse costs the project none of its other findings ---


def test_a_module_that_does_not_parse_leaves_the_others_type_checked(tmp_path: Path) -> None:
    """`a.py` imports from `broken.py`, which does not parse: mypy reads a stand-in for it
    whose every name is `Any`, so `a.py` and `c.py` are checked and no error is invented."""
    project = tmp_path / "project"
    write(project, "a.py", "from broken import thing\n\nx: int = thing\ny: int = 'a'\n")
    write(project, "broken.py", "def thing(:\n")
    write(project, "c.py", "import a\n\nz: str = a.x\n")

    outcome = review(tmp_path, "--no-cache", ".")

    assert outcome.found == {("a.py", 4, "mypy:assignment"), ("c.py", 3, "mypy:assignment")}
    assert [path for path, _ in outcome.errors] == ["broken.py"]
    assert "does not parse" in outcome.errors[0][1]
    assert outcome.code == 1


def test_a_module_only_mypy_rejects_is_set_aside_with_an_error_of_its_own(
    tmp_path: Path,
) -> None:
    """Python parses `odd.py`, mypy stops at it (`yield` outside a function), and `a.py`
    imports it: `odd.py` gets one error, `a.py` is still checked."""
    project = tmp_path / "project"
    write(project, "odd.py", "value = yield\n")
    write(project, "a.py", "from odd import value\n\ny: int = 'a'\n")

    outcome = review(tmp_path, "--no-cache", ".")

    assert outcome.found == {("a.py", 3, "mypy:assignment")}
    assert [path for path, _ in outcome.errors] == ["odd.py"]
    assert "not type-checked" in outcome.errors[0][1]
    assert outcome.code == 1


# --- item 21: modules on mypy's search path outside the project are part of its answer ---

USES_EXTMOD = "from extmod import answer\n\ntext: int = answer()\n"


@pytest.mark.parametrize("named_by", ["mypy_path", "MYPYPATH"])
def test_a_change_to_a_module_on_mypys_search_path_is_not_answered_from_the_cache(
    tmp_path: Path, named_by: str
) -> None:
    outside = tmp_path / "outside"
    write(outside, "extmod.py", "def answer() -> int:\n    return 1\n")
    project = tmp_path / "project"
    write(project, "app.py", USES_EXTMOD)
    if named_by == "mypy_path":
        write(project, "mypy.ini", "[mypy]\nmypy_path = ../outside\n")
        env = None
    else:
        write(project, "mypy.ini", "[mypy]\n")
        env = {"MYPYPATH": str(outside)}
    first = review(tmp_path, "app.py", env=env)
    write(outside, "extmod.py", "def answer() -> str:\n    return 'one'\n")

    second = review(tmp_path, "app.py", env=env)

    assert (first.code, first.found) == (0, frozenset())
    assert (second.code, second.found) == (1, {("app.py", 3, "mypy:assignment")})


# --- item 22: a damaged or unwritable mypy cache is worked around ------------------------

TWO_ERRORS = {
    "a.py": "x: int = 'a'\n",
    "b.py": "import a\n\ny: str = a.x\n",
}
FOUND = {("a.py", 1, "mypy:assignment"), ("b.py", 3, "mypy:assignment")}


@pytest.mark.slow
def test_a_damaged_mypy_cache_is_rebuilt(tmp_path: Path) -> None:
    """Every file of mypy's cache overwritten with garbage between two reviews (a.py
    changed too, so that mypy runs again): the second review says what the first said."""
    for name, text in TWO_ERRORS.items():
        write(tmp_path / "project", name, text)
    first = review(tmp_path, ".")
    mypy_cache = tmp_path / "project" / ".review_cache" / "mypy"
    damaged = [path for path in mypy_cache.rglob("*") if path.is_file()]
    for path in damaged:
        path.write_bytes(b"garbage")
    write(tmp_path / "project", "a.py", TWO_ERRORS["a.py"] + "# changed\n")

    second = review(tmp_path, ".")

    assert any(path.suffix == ".db" for path in damaged)
    assert (first.code, first.found, first.errors) == (1, FOUND, ())
    assert (second.code, second.found, second.errors) == (1, FOUND, ())


def _small_files_only() -> None:
    """Like a full disk for any file past 64 KiB: writing more fails (EFBIG), root or not."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.slow
def test_a_mypy_cache_that_cannot_be_written_costs_only_the_cache(tmp_path: Path) -> None:
    for name, text in TWO_ERRORS.items():
        write(tmp_path / "project", name, text)

    outcome = review(tmp_path, ".", limit=_small_files_only)

    assert (outcome.code, outcome.found, outcome.errors) == (1, FOUND, ())
