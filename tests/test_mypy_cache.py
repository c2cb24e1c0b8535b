"""mypy behind our cache: what its result depends on beyond the reviewed files invalidates it,
and a project that starts cold borrows the cache of one checked under the same settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers import ANALYZERS, registered
from reviewer.analyzers.tools.mypy_project import mypy_config, project_inputs
from reviewer.analyzers.tools.mypy_seeds import CacheSeeds
from reviewer.cache.results import behind_cache
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import discover
from tests.helpers import write

CALLER = "from helper import double\n\n\ndef run() -> int:\n    return double(2)\n"
LOOSE = "def double(value: int) -> int:\n    return value * 2\n\n\ndef untyped(x):\n    return x\n"


def mypy_codes(*paths: str, cache: str | None = "cache") -> list[tuple[str, str]]:
    """(file, code) of what mypy finds in the paths, through our cache unless `cache` is None."""
    others = frozenset(ANALYZERS) - {"mypy"}
    config = ReviewConfig(cache_dir=cache, disabled_analyzers=others)
    [mypy] = behind_cache(registered(load_catalog(), config), config.cache_dir)
    result = mypy.run(discover(paths))
    assert not result.errors
    return sorted((f.location.path, f.code) for f in result.findings)


def test_a_change_to_the_mypy_configuration_is_not_answered_from_the_cache(chdir_tmp: Path) -> None:
    write(chdir_tmp, "helper.py", LOOSE)
    write(chdir_tmp, "mypy.ini", "[mypy]\n")
    before = mypy_codes("helper.py")
    write(chdir_tmp, "mypy.ini", "[mypy]\ndisallow_untyped_defs = True\n")
    after = mypy_codes("helper.py")
    assert ("helper.py", "no-untyped-def") not in before
    assert ("helper.py", "no-untyped-def") in after


def test_a_change_to_a_module_outside_the_review_is_not_answered_from_the_cache(
    chdir_tmp: Path,
) -> None:
    """Only `app.py` is reviewed, but mypy reads `helper.py` to check the call in it."""
    write(chdir_tmp, "pyproject.toml", "[project]\nname = 'x'\n")
    write(chdir_tmp, "helper.py", LOOSE)
    write(chdir_tmp, "app.py", CALLER)
    before = mypy_codes("app.py")
    write(chdir_tmp, "helper.py", "def double(value: str) -> str:\n    return value * 2\n")
    after = mypy_codes("app.py")
    assert before == []
    assert after == [("app.py", "arg-type"), ("app.py", "return-value")]


@pytest.mark.slow
def test_projects_under_one_configuration_find_what_each_would_find_alone(chdir_tmp: Path) -> None:
    """Three projects read the top folder's mypy settings: the second and third start from a
    copy of the first one's cache, and must still report exactly what a cold check reports."""
    write(chdir_tmp, ".git/HEAD", "")
    write(chdir_tmp, "pyproject.toml", "[tool.mypy]\ncheck_untyped_defs = true\n")
    for name in ("big", "small", "tiny"):
        write(chdir_tmp, f"{name}/pyproject.toml", "[project]\nname = 'x'\n")
        write(chdir_tmp, f"{name}/helper.py", LOOSE)
        write(chdir_tmp, f"{name}/app.py", CALLER.replace("double(2)", "double('2')"))
    write(chdir_tmp, "big/extra.py", "")  # the largest project runs first
    warm_start = mypy_codes(".")
    assert warm_start == mypy_codes(".", cache=None)
    assert [path for path, code in warm_start if code == "arg-type"] == [
        "big/app.py",
        "small/app.py",
        "tiny/app.py",
    ]


def test_mypy_configuration_is_found_as_mypy_finds_it(tmp_path: Path) -> None:
    write(tmp_path, "repo/.git/HEAD", "")
    write(tmp_path, "repo/setup.cfg", "[metadata]\nname = x\n")  # no [mypy]: not mypy's
    write(tmp_path, "repo/pyproject.toml", "[tool.mypy]\nstrict = true\n")
    write(tmp_path, "repo/app/pyproject.toml", "[project]\nname = 'app'\n")
    write(tmp_path, "repo/lib/mypy.ini", "[mypy]\n")
    write(tmp_path, "outside/mypy.ini", "[mypy]\n")
    write(tmp_path, "outside/repo/.hg/x", "")
    repo = tmp_path / "repo"
    assert mypy_config(repo / "app") == str(repo / "pyproject.toml")
    assert mypy_config(repo / "lib") == str(repo / "lib" / "mypy.ini")
    assert mypy_config(tmp_path / "outside" / "repo") == ""  # the search stops at .hg


def test_project_inputs_change_with_config_and_modules_not_with_other_folders(
    tmp_path: Path,
) -> None:
    write(tmp_path, "mypy.ini", "[mypy]\n")
    write(tmp_path, "pkg/mod.py", "X = 1\n")
    write(tmp_path, ".venv/lib/site.py", "")
    first = project_inputs(tmp_path)
    write(tmp_path, ".venv/lib/other.py", "Y = 2\n")  # skipped, as discovery skips it
    write(tmp_path, "examples/app/pyproject.toml", "")
    write(tmp_path, "examples/app/main.py", "Z = 3\n")  # a project of its own
    assert project_inputs(tmp_path) == first
    write(tmp_path, "pkg/mod.py", "X = 22\n")
    second = project_inputs(tmp_path)
    write(tmp_path, "mypy.ini", "[mypy]\nstrict = True\n")
    assert len({first, second, project_inputs(tmp_path)}) == 3


def test_a_seed_is_planted_only_in_a_cold_cache_of_the_same_configuration(
    tmp_path: Path,
) -> None:
    seeds = CacheSeeds()
    write(tmp_path, "first/3.11/cache.db", "first")
    for name in ("cold", "warm", "other"):
        (tmp_path / name).mkdir()
    write(tmp_path, "warm/3.11/cache.db", "warm")
    assert not seeds.plant("setup.cfg", tmp_path / "cold")  # nothing offered yet
    seeds.offer("setup.cfg", tmp_path / "first")
    assert seeds.plant("setup.cfg", tmp_path / "cold")
    assert not seeds.plant("setup.cfg", tmp_path / "warm")
    assert not seeds.plant("mypy.ini", tmp_path / "other")
    assert (tmp_path / "cold/3.11/cache.db").read_text(encoding="utf-8") == "first"
    assert (tmp_path / "warm/3.11/cache.db").read_text(encoding="utf-8") == "warm"
    assert not any((tmp_path / "other").iterdir())
