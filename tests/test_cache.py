"""The result cache: reused while nothing that shapes a result changes, rebuilt otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reviewer.analyzers.base import CacheUnit
from reviewer.cache.results import CachedAnalyzer
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location
from tests.helpers import Cli, write


@dataclass
class CountingAnalyzer:
    """Our own seam: reports one finding per file and remembers which files it was given."""

    release: str = "1"
    name: str = "counting"
    languages: frozenset[str] = frozenset({"python"})
    calls: list[list[str]] = field(default_factory=list)

    def version(self) -> str:
        return self.release

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        self.calls.append([f.path for f in files])
        found = [Finding(self.name, "X1", Location(f.path, 1, 1), "seen", {"n": 1}) for f in files]
        return AnalyzerResult(tuple(found))


def cached(
    inner: CountingAnalyzer, folder: Path, scope: CacheUnit = CacheUnit.FILE, setting: str = ""
) -> CachedAnalyzer:
    return CachedAnalyzer(inner, folder, scope, lambda: setting)


def files(folder: Path, *names: str) -> list[SourceFile]:
    for name in names:
        if not (folder / name).exists():
            write(folder, name, f"# {name}\n")
    return [SourceFile(name, "python") for name in names]


def test_only_changed_files_are_analyzed_again(chdir_tmp: Path) -> None:
    inner = CountingAnalyzer()
    analyzer = cached(inner, chdir_tmp / "cache")
    sources = files(chdir_tmp, "a.py", "b.py")
    first = analyzer.run(sources)
    second = analyzer.run(sources)
    write(chdir_tmp, "b.py", "# changed\n")
    analyzer.run(sources)
    assert inner.calls == [["a.py", "b.py"], ["b.py"]]
    assert sorted(first.findings, key=str) == sorted(second.findings, key=str)
    assert second.findings[0].extras == {"n": 1}


def test_settings_and_version_changes_invalidate(chdir_tmp: Path) -> None:
    sources = files(chdir_tmp, "a.py")
    inner = CountingAnalyzer()
    cached(inner, chdir_tmp / "cache", setting="max-args=5").run(sources)
    cached(inner, chdir_tmp / "cache", setting="max-args=6").run(sources)
    cached(inner, chdir_tmp / "cache", setting="max-args=6").run(sources)
    inner.release = "2"
    cached(inner, chdir_tmp / "cache", setting="max-args=6").run(sources)
    assert inner.calls == [["a.py"], ["a.py"], ["a.py"]]


def test_a_corrupt_entry_is_rebuilt_not_trusted(chdir_tmp: Path) -> None:
    sources = files(chdir_tmp, "a.py")
    inner = CountingAnalyzer()
    analyzer = cached(inner, chdir_tmp / "cache")
    analyzer.run(sources)
    for entry in (chdir_tmp / "cache").rglob("*.json"):
        entry.write_text('{"findings": [["half', encoding="utf-8")
    result = analyzer.run(sources)
    assert inner.calls == [["a.py"], ["a.py"]]
    assert [f.code for f in result.findings] == ["X1"]
    analyzer.run(sources)
    assert len(inner.calls) == 2  # the rebuilt entry is good again


def test_whole_run_scope_reruns_when_any_file_changes(chdir_tmp: Path) -> None:
    sources = files(chdir_tmp, "a.py", "b.py")
    inner = CountingAnalyzer()
    analyzer = cached(inner, chdir_tmp / "cache", CacheUnit.RUN)
    analyzer.run(sources)
    analyzer.run(sources)
    write(chdir_tmp, "a.py", "# changed\n")
    analyzer.run(sources)
    assert inner.calls == [["a.py", "b.py"], ["a.py", "b.py"]]


def test_project_scope_reruns_only_the_project_that_changed(chdir_tmp: Path) -> None:
    """As mypy is cached: per project root, each root's result kept while its files are."""
    write(chdir_tmp, "one/pyproject.toml", "")
    write(chdir_tmp, "two/pyproject.toml", "")
    sources = files(chdir_tmp, "one/a.py", "one/b.py", "two/c.py")
    inner = CountingAnalyzer()
    analyzer = cached(inner, chdir_tmp / "cache", CacheUnit.PROJECT)
    first = analyzer.run(sources)
    write(chdir_tmp, "two/c.py", "# changed\n")
    second = analyzer.run(sources)
    analyzer.run(sources)
    assert inner.calls == [["one/a.py", "one/b.py", "two/c.py"], ["two/c.py"]]
    assert sorted(first.findings, key=str) == sorted(second.findings, key=str)


def test_what_parsing_found_is_cached_by_content(chdir_tmp: Path) -> None:
    """Outlines, suppression comments and syntax errors come from the cache on a warm run:
    the same symbols, the same silenced line, the same error; a changed file is parsed again."""
    from reviewer.inputs.sources import read_sources
    from reviewer.languages.facts import marks_for, symbol_at

    write(chdir_tmp, "app.py", "class A:\n    def f(self):\n        x = 1  # noqa: F841\n")
    write(chdir_tmp, "bad.py", "def broken(:\n")
    sources = [SourceFile("app.py", "python"), SourceFile("bad.py", "python")]
    cold = read_sources(sources, chdir_tmp / "cache")
    assert len(list((chdir_tmp / "cache" / "sources").rglob("*.json"))) == 2
    write(chdir_tmp, "app.py", "class A:\n    def f(self):\n        x = 1  # noqa: F841\n\n")
    for entry in (chdir_tmp / "cache" / "sources").rglob("*.json"):
        if "spans" in entry.read_text(encoding="utf-8"):  # the old app.py: stale, never read
            entry.write_text('{"spans": [[1, 1, 9, "Wrong"]], "hinted": []}', encoding="utf-8")
    warm = read_sources(sources, chdir_tmp / "cache")
    assert cold.errors == warm.errors and [e.path for e in warm.errors] == ["bad.py"]
    assert symbol_at("app.py", 3, warm.facts) == "A.f"
    assert 3 in marks_for("app.py", warm.facts)
    assert len(list((chdir_tmp / "cache" / "sources").rglob("*.json"))) == 3


def test_a_cached_outline_is_read_not_recomputed(chdir_tmp: Path) -> None:
    """Entries are keyed by content: a second file with the same bytes is not parsed but
    answered from the entry of the first, as a tampered entry shows."""
    from reviewer.inputs.sources import read_sources
    from reviewer.languages.facts import symbol_at
    from reviewer.runtime.atomic import write_entry

    text = "def first():\n    return 1\n"
    write(chdir_tmp, "one.py", text)
    one = read_sources([SourceFile("one.py", "python")], chdir_tmp / "cache")
    [entry] = (chdir_tmp / "cache" / "sources").rglob("*.json")
    write_entry(entry, {"spans": [[1, 1, 2, "from_the_cache"]], "hinted": []})  # sealed
    write(chdir_tmp, "two.py", text)
    two = read_sources([SourceFile("two.py", "python")], chdir_tmp / "cache")
    found = (symbol_at("one.py", 2, one.facts), symbol_at("two.py", 2, two.facts))
    assert found == ("first", "from_the_cache")


SQL = 'def q(db, v):\n    if v:\n        return db.execute(f"SELECT * FROM t WHERE id = {v}")\n    return None\n'


def test_warm_cli_run_gives_the_same_review(
    capsys: pytest.CaptureFixture[str], chdir_tmp: Path
) -> None:
    from reviewer.cli import main

    write(chdir_tmp, "app.py", SQL)
    outputs = []
    for _ in range(2):
        main(["app.py", "--format", "json", "--cache-dir", "cache"])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert {p.name for p in (chdir_tmp / "cache").iterdir()} >= {"ruff", "bandit", "radon", "mypy"}
    write(chdir_tmp, "pyproject.toml", "[tool.reviewer.thresholds]\nmax-complexity = 1\n")
    main(["app.py", "--format", "json", "--cache-dir", "cache"])
    assert '"complex-function"' in capsys.readouterr().out  # a config change reached radon


def test_cache_clear(capsys: pytest.CaptureFixture[str], chdir_tmp: Path) -> None:
    from reviewer.cli import main

    write(chdir_tmp, "app.py", SQL)
    main(["app.py", "--cache-dir", "cache"])
    assert main(["cache", "clear", "--cache-dir", "cache"]) == 0
    assert not (chdir_tmp / "cache").exists()
    assert "Removed" in capsys.readouterr().out


def test_in_process_analyzers_run_in_worker_processes_for_larger_trees(
    cli: Cli, chdir_tmp: Path
) -> None:
    """Past MIN_FILES the radon and design detectors run in spawned workers: same findings."""
    from reviewer.analyzers.workers import MIN_FILES

    body = "import random\n\n\ndef pick(items):\n    return random.choice(items)\n"
    for index in range(MIN_FILES + 5):
        write(chdir_tmp, f"pkg/m{index}.py", body)
    report = cli("pkg", "--format", "json", "--fail-on", "never").json()
    assert report["errors"] == []
    places = [
        loc
        for c in report["comments"]
        if c["rule"] == "hidden-randomness"
        for loc in c["locations"]
    ]
    assert len(places) == MIN_FILES + 5


def test_the_cache_is_keyed_by_the_code_that_makes_the_findings_not_its_wrappers() -> None:
    """A change to the radon adapter must invalidate radon's results, though the cache sees
    it deferred and inside a worker."""
    from reviewer.analyzers.base import Deferred, innermost
    from reviewer.analyzers.stored import code_digest
    from reviewer.analyzers.tools.radon import RadonAnalyzer
    from reviewer.analyzers.workers import InWorker

    wrapped = InWorker(Deferred("radon", frozenset({"python"}), RadonAnalyzer), 60)
    assert type(innermost(wrapped)) is RadonAnalyzer
    assert code_digest(type(innermost(wrapped))) != code_digest(InWorker)


@dataclass
class ConfigComplaining(CountingAnalyzer):
    """Like mypy run in a sub-project: it blames the parent's config file, by a path that
    climbs out of the sub-project (`sub/../pyproject.toml`)."""

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        found = super().run(files)
        complaints = {
            AnalysisError(self.name, "configuration ignored", f"{folder}/../pyproject.toml")
            for folder in {Path(f.path).parent.as_posix() for f in files}
            if folder.endswith("/sub")
        }
        return AnalyzerResult(found.findings, tuple(sorted(complaints, key=str)))


def test_an_error_about_a_parent_config_stays_with_the_project_that_reported_it(
    chdir_tmp: Path,
) -> None:
    write(chdir_tmp, "top/pyproject.toml", "")
    write(chdir_tmp, "top/sub/pyproject.toml", "")
    sources = files(chdir_tmp, "top/a.py", "top/sub/b.py")
    analyzer = cached(ConfigComplaining(), chdir_tmp / "cache", CacheUnit.PROJECT)
    cold = analyzer.run(sources)
    write(chdir_tmp, "top/a.py", "# changed\n")
    warm = analyzer.run(sources)
    assert [e.path for e in cold.errors] == ["top/sub/../pyproject.toml"]
    assert [e.path for e in warm.errors] == ["top/sub/../pyproject.toml"]
    assert analyzer.inner.calls == [["top/a.py", "top/sub/b.py"], ["top/a.py"]]  # type: ignore[attr-defined]


def test_behind_cache_wraps_only_what_may_be_cached(chdir_tmp: Path) -> None:
    from reviewer.analyzers import Built
    from reviewer.cache.results import behind_cache

    never, by_file = CountingAnalyzer(name="never"), CountingAnalyzer(name="by-file")
    built = [
        Built(never, CacheUnit.NONE, lambda: "", None),
        Built(by_file, CacheUnit.FILE, lambda: "", None),
    ]
    first, second = behind_cache(built, str(chdir_tmp / "cache"))
    assert first is never and isinstance(second, CachedAnalyzer) and second.unit is CacheUnit.FILE
    assert behind_cache(built, None) == [never, by_file]  # --no-cache
