"""Issue 14, items 1, 11 and 12: the suite runs from a fresh clone and nothing points outside it.

The repository's tracked files never cite a folder beside it; every package the tests import is
in the `test` extras (a missing one would skip a whole test file quietly); the browser tests
skip with a reason where Chromium is absent and fail instead where CI requires it; the docs the
README and templates cite are in `docs/`; `.ci/run` lints and type-checks before the tests.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO

# A citation of a design note by bare name, not through docs/ (`docs/voice.md` is fine).
BARE_NOTE = re.compile(r"(?<![\w/])(architecture|voice|style)\.md")
OWN_MODULES = {"reviewer", "tests", "real_command", "conftest", "helpers"}
ONE_BROWSER_TEST = ("-k", "listener", "tests/test_html_chromium.py")


def tracked_files() -> list[Path]:
    """The files git tracks in this repository (what a fresh clone holds), but this one,
    which names what it looks for."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout
    names = [name for name in listed.decode().split("\0") if name]
    paths = [REPO / name for name in names if (REPO / name).is_file()]
    return [path for path in paths if path != Path(__file__).resolve()]


def texts(paths: list[Path]) -> Iterator[tuple[str, str]]:
    """(repository path, text) of each file that reads as UTF-8 text."""
    for path in paths:
        try:
            yield path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue


def beside_the_checkout() -> list[str]:
    """How a tracked file would name each folder that lies beside this checkout (`../NAME`):
    what a fresh clone elsewhere does not have. Found, not listed, so that no file of the
    repository (this one included) spells such a path."""
    return [
        f"../{folder.name}"
        for folder in REPO.parent.iterdir()
        if folder.is_dir() and folder.resolve() != REPO.resolve()
    ]


def outside_citations(named_texts: Iterable[tuple[str, str]]) -> list[str]:
    """`name: ../FOLDER` for each text that names a folder beside the checkout."""
    needles = beside_the_checkout()
    return [f"{name}: {n}" for name, text in named_texts for n in needles if n in text]


def test_no_tracked_file_points_outside_the_repository() -> None:
    assert outside_citations(texts(tracked_files())) == []


def test_the_outside_check_sees_a_citation_of_a_folder_beside_the_checkout() -> None:
    """The check above can fail: a sibling folder cited as the README once cited one."""
    needles = beside_the_checkout()
    if not needles:
        pytest.skip("no folder beside this checkout to cite")
    readme = f"the voice of `{needles[0]}/design/voice.md`\n"
    assert outside_citations([("README.md", readme)]) == [f"README.md: {needles[0]}"]


def test_the_design_notes_are_cited_in_docs() -> None:
    own = [
        p for p in tracked_files() if p.suffix in {".py", ".j2", ".yaml", ".md", ".json", ".toml"}
    ]
    hits = [
        f"{name}:{number}: {line.strip()}"
        for name, text in texts(own)
        if not name.startswith("docs/")
        for number, line in enumerate(text.splitlines(), 1)
        if BARE_NOTE.search(line)
    ]
    assert hits == [], "cite the design notes as docs/architecture.md or docs/voice.md"
    for note in ("architecture.md", "voice.md"):
        assert (REPO / "docs" / note).is_file(), f"docs/{note} is missing"


def imported_top_level(path: Path) -> set[str]:
    """Top-level module names a test file imports, `pytest.importorskip("x")` included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "importorskip":
            names.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return names


def installed_by_the_test_extras() -> set[str]:
    """What `pip install -e '.[test]'` installs: the declared distributions and what they need."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pending = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    found: set[str] = set()
    while pending:
        spec = pending.pop()
        if "extra ==" in spec:
            continue
        name = requirement_name(spec)
        if name not in found:
            found.add(name)
            pending += requirements_of(name)
    return found


def requirement_name(spec: str) -> str:
    """`Jinja2>=3.1` -> `jinja2`: the distribution name of a requirement, normalized."""
    return normalized(re.split(r"[<>=!~\[; (]", spec.strip(), maxsplit=1)[0])


def requirements_of(name: str) -> list[str]:
    try:
        return importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError:
        return []


def normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def test_every_package_the_tests_import_is_declared() -> None:
    test_code = [p for p in (REPO / "tests").rglob("*.py") if "corpus" not in p.parts]
    modules = set().union(*(imported_top_level(p) for p in test_code))
    providers = importlib.metadata.packages_distributions()
    installed = installed_by_the_test_extras()
    third_party = sorted(modules - set(sys.stdlib_module_names) - OWN_MODULES)
    missing = [
        f"{module} ({', '.join(providers.get(module, ['not installed']))})"
        for module in third_party
        if not {normalized(d) for d in providers.get(module, [])} & installed
    ]
    assert missing == [], "add these to [project.optional-dependencies] test in pyproject.toml"


def browser_test(**env: str) -> subprocess.CompletedProcess[str]:
    """One browser test of the suite, run by a real pytest with Chromium where env says."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", *ONE_BROWSER_TEST],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_browser_tests_skip_with_a_reason_when_chromium_is_absent(tmp_path: Path) -> None:
    absent = str(tmp_path / "no-chromium")
    run = browser_test(REVIEW_CHROMIUM=absent, REVIEW_REQUIRE_BROWSER="")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 skipped" in run.stdout
    assert "SKIPPED" in run.stdout and f"Chromium is not installed at {absent}" in run.stdout


def test_browser_tests_fail_when_ci_requires_chromium_and_it_is_absent(tmp_path: Path) -> None:
    absent = str(tmp_path / "no-chromium")
    run = browser_test(REVIEW_CHROMIUM=absent, REVIEW_REQUIRE_BROWSER="1")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed" in run.stdout or "1 error" in run.stdout
    assert f"Chromium is not installed at {absent}" in run.stdout
    assert "REVIEW_REQUIRE_BROWSER=1" in run.stdout


def test_ci_lints_type_checks_and_requires_the_browser() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    steps = [
        "ruff check .",
        "ruff format --check .",
        "mypy --strict reviewer",
        "REVIEW_REQUIRE_BROWSER=1",
        "-m pytest",
    ]
    places = [script.find(step) for step in steps]
    assert -1 not in places, f"missing from .ci/run: {steps[places.index(-1)]}"
    assert all(place < places[-1] for place in places[:3]), "lint and type-check first"


def test_the_slow_marker_is_registered() -> None:
    pytest_options = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    markers = pytest_options["tool"]["pytest"]["ini_options"].get("markers", [])
    assert any(m.startswith("slow:") for m in markers)
    assert "--strict-markers" in pytest_options["tool"]["pytest"]["ini_options"]["addopts"]


def headings(text: str, level: str) -> list[str]:
    """The titles of the Markdown headings of one level (`##`), outside fenced blocks."""
    outside = re.sub(r"(?ms)^```.*?^```", "", text)
    return re.findall(rf"(?m)^{level} (.+)$", outside)


def test_the_readme_reads_in_the_order_a_newcomer_needs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    top = headings(readme, "##")
    assert top[:3] == ["Quickstart", "Use it on your project", "Reference"], top
    use = readme.split("\n## Use it on your project\n", 1)[1].split("\n## ", 1)[0]
    assert headings(use, "###") == ["Install", "First review", "Pre-commit", "CI"]
    assert "<!-- rules:start -->" not in readme, "the rule list lives in docs/rules.md"
    for page in ("docs/rules.md", "docs/architecture.md", "docs/voice.md"):
        assert f"]({page})" in readme, f"the README links {page}"


@pytest.mark.slow  # it collects two modules in a fresh pytest
def test_the_quick_loop_leaves_out_the_slow_tests() -> None:
    quick_loop = ("--collect-only", "-m", "not slow")
    slow_files = ("tests/robustness/test_interrupt.py", "tests/robustness/test_fuzz.py")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *quick_loop, *slow_files],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 5, run.stdout + run.stderr  # 5: every test deselected
    assert re.search(r"\b\d+ deselected", run.stdout), run.stdout
