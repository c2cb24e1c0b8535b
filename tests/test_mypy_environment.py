"""mypy checks a project against its own environment, found without running anything the
reviewed tree holds; packages it cannot find are said once, and nothing is blamed on them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.analyzers import ANALYZERS, registered
from reviewer.analyzers.tools.mypy_environment import (
    Environment,
    project_environment,
    read_venv,
)
from reviewer.analyzers.tools.mypy_unresolved import unresolved_note
from reviewer.cache.results import behind_cache
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import discover
from tests.helpers import Cli, write

# A third-party package as a project's `.venv` would hold it: typed, with a base class.
SETTINGS_LIB = '''"""Settings from the environment."""


class BaseSettings:
    debug: bool = False

    def describe(self) -> str:
        return "settings"
'''
# The project subclasses it (an error under disallow_subclassing_any when it is `Any`) and
# returns a `str` where an `int` is promised (found only when mypy sees the package).
CONFIG = '''"""The app's settings."""

from settingslib import BaseSettings


class Settings(BaseSettings):
    """What the app reads at start-up."""

    name: str = "app"


def verbosity(settings: Settings) -> int:
    """How much to log."""
    return settings.describe()
'''
PYPROJECT = '[project]\nname = "app"\n\n[tool.mypy]\ndisallow_subclassing_any = true\n'
# What a `.pth` file of a site-packages runs when its venv's interpreter starts.
TRAP = "import pathlib; pathlib.Path({marker!r}).write_text('ran')\n"


def make_venv(folder: Path, marker: Path) -> Path:
    """A real virtual environment (no pip: fast) holding settingslib, and a `.pth` that
    leaves `marker` behind if its interpreter is ever started."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    [site] = folder.glob("lib/python3*/site-packages")
    write(site, "settingslib/__init__.py", SETTINGS_LIB)
    write(site, "settingslib/py.typed", "")
    write(site, "trap.pth", TRAP.format(marker=str(marker)))
    return site


@pytest.fixture
def project(chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    write(chdir_tmp, "pyproject.toml", PYPROJECT)
    write(chdir_tmp, "app/__init__.py", "")
    write(chdir_tmp, "app/config.py", CONFIG)
    return chdir_tmp


def reviewed(cli: Cli, *args: str) -> dict[str, object]:
    run = cli(".", "-f", "json", "--fail-on", "never", *args)
    report: dict[str, object] = json.loads(run.out)
    return report


def rules_of(report: dict[str, object]) -> list[str]:
    comments = report["comments"]
    assert isinstance(comments, list)
    return [comment["rule"] for comment in comments]


def test_without_the_environment_the_package_is_named_once_and_nothing_blamed(
    project: Path, cli: Cli
) -> None:
    report = reviewed(cli)
    assert "type-error" not in rules_of(report)  # "cannot subclass (has type Any)": not blamed
    notes = report["notes"]
    assert isinstance(notes, list) and len(notes) == 1
    assert "`settingslib`" in notes[0] and "--python" in notes[0]


def test_a_venv_at_the_project_root_is_read_not_run(project: Path, cli: Cli) -> None:
    marker = project.parent / "interpreter-ran"
    make_venv(project / ".venv", marker)
    report = reviewed(cli)
    assert "return-type-mismatch" in rules_of(report)  # mypy saw settingslib's types
    assert "type-error" not in rules_of(report)
    assert report["notes"] == []
    assert not marker.exists()


def test_the_config_files_python_names_a_venv_that_is_read_not_run(project: Path, cli: Cli) -> None:
    marker = project.parent / "interpreter-ran"
    make_venv(project / "envs" / "dev", marker)
    write(project, ".reviewer.toml", 'python = "envs/dev"\n')
    assert "return-type-mismatch" in rules_of(reviewed(cli))
    assert not marker.exists()


def test_the_command_lines_python_is_run(project: Path, cli: Cli) -> None:
    marker = project.parent / "interpreter-ran"
    make_venv(project.parent / "elsewhere", marker)
    report = reviewed(cli, "--python", str(project.parent / "elsewhere" / "bin" / "python"))
    assert "return-type-mismatch" in rules_of(report)
    assert marker.exists()  # the user chose it: it ran, as mypy runs an interpreter


def test_a_site_packages_linked_outside_the_venv_is_not_read(tmp_path: Path) -> None:
    venv = tmp_path / ".venv"
    outside = tmp_path / "outside"
    outside.mkdir()
    (venv / "lib" / "python3.11").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (venv / "lib" / "python3.11" / "site-packages").symlink_to(outside)
    assert read_venv(venv).site_packages == ()


def test_the_active_virtual_environment_comes_before_the_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    active = tmp_path / "active"
    make_venv(active, tmp_path / "marker")
    make_venv(tmp_path / "project" / ".venv", tmp_path / "marker")
    monkeypatch.setenv("VIRTUAL_ENV", str(active))
    found = project_environment(tmp_path / "project", None, None)
    assert found.executable == str(active / "bin" / "python")
    monkeypatch.delenv("VIRTUAL_ENV")
    found = project_environment(tmp_path / "project", None, None)
    assert not found.executable and len(found.site_packages) == 1


@pytest.mark.parametrize(
    "output", ["text", "concise", "markdown", "html", "github", "sarif", "gitlab"]
)
def test_unresolved_packages_are_said_once_before_the_comments(
    project: Path, cli: Cli, output: str
) -> None:
    shown = cli(".", "-f", output, "--fail-on", "never", "--no-color").out
    assert shown.count("settingslib") == 1
    assert shown.index("settingslib") < shown.index("__init__.py")


def test_a_package_installed_in_the_projects_venv_is_not_answered_from_the_cache(
    project: Path,
) -> None:
    others = frozenset(ANALYZERS) - {"mypy"}
    config = ReviewConfig(cache_dir="cache", disabled_analyzers=others)
    site = make_venv(project / ".venv", project.parent / "marker")
    shutil.rmtree(site / "settingslib")

    def codes() -> list[str]:
        [mypy] = behind_cache(registered(load_catalog(), config), config.cache_dir)
        return [f.code for f in mypy.run(discover(["app"])).findings]

    assert "return-value" not in codes()
    write(site, "settingslib/__init__.py", SETTINGS_LIB)
    write(site, "settingslib/py.typed", "")
    assert "return-value" in codes()


def test_the_note_names_eight_packages_then_counts_the_rest() -> None:
    note = unresolved_note([f"package{n:02}" for n in range(11)])
    assert "`package07`" in note and "package08" not in note and "and 3 more" in note


ROUTES = '''"""Routes."""

from webframework import router


@router.get("/items/{item_id}")
def read_item(item_id: int) -> dict[str, int]:
    """One item."""
    return {"id": item_id}
'''


def test_an_annotated_handler_under_an_unresolved_decorator_is_not_called_unannotated(
    project: Path, cli: Cli
) -> None:
    write(project, "pyproject.toml", PYPROJECT + "disallow_untyped_decorators = true\n")
    write(project, "app/routes.py", ROUTES)
    report = reviewed(cli)
    assert "missing-type-hints" not in rules_of(report)
    assert "`webframework`" in str(report["notes"])


def test_where_the_stand_in_cannot_run_mypy_keeps_its_own_packages(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    runnable = tmp_path / "runnable"
    runnable.mkdir()
    assert Environment(site_packages=(str(site),)).flags(runnable)[0] == "--python-executable"
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "python").mkdir()  # cannot be written here, as on a noexec mount it cannot run
    assert Environment(site_packages=(str(site),)).flags(blocked) == []


# A project using a real, typed third-party package (Jinja, which review itself depends on):
# a loader subclassing Jinja's base, and a page that promises an `int` and returns the `str`
# that a template's `render` returns, a mistake mypy finds only when it sees Jinja's types.
PAGES = '''"""Pages of the app."""

import jinja2


class Pages(jinja2.BaseLoader):
    """Templates kept in memory."""


def page_length(name: str) -> int:
    """How long the page is."""
    template = jinja2.Environment(autoescape=True).from_string("Hello {{ name }}")
    return template.render(name=name)
'''


def install_copy(site: Path, distribution: str, package: str) -> None:
    """The installed package and its metadata, copied as pip would have left them."""
    from importlib.metadata import distribution as installed

    found = installed(distribution)
    origin = Path(str(found.locate_file(package)))
    shutil.copytree(origin, site / package)
    dist_info = Path(str(found._path))  # type: ignore[attr-defined]
    shutil.copytree(dist_info, site / dist_info.name)


def test_a_real_package_in_the_projects_venv_gives_mypy_its_types(
    chdir_tmp: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    write(chdir_tmp, "pyproject.toml", PYPROJECT)
    write(chdir_tmp, "web/__init__.py", "")
    write(chdir_tmp, "web/pages.py", PAGES)

    # The project's venv, before Jinja is installed in it (review's own has it: not asked).
    site = make_venv(chdir_tmp / ".venv", chdir_tmp.parent / "interpreter-ran")
    before = reviewed(cli, "--no-cache")
    assert "`jinja2`" in str(before["notes"])
    assert not {"type-error", "return-type-mismatch"} & set(rules_of(before))

    install_copy(site, "jinja2", "jinja2")
    install_copy(site, "markupsafe", "markupsafe")
    after = reviewed(cli, "--no-cache")
    assert after["notes"] == []
    assert "return-type-mismatch" in rules_of(after)
    assert "type-error" not in rules_of(after)  # the subclass of BaseLoader is no `Any`
