"""Issue 8, item 2: analyzer faults. A tool that is missing, crashes, hangs past the
per-analyzer timeout or prints garbage becomes an error naming the analyzer and why; the
review goes on with the others; the exit code is 3 (incomplete) unless a blocking comment
makes it 1; a file that one tool could not analyze is an error that leaves the code alone.

The tools are real: bandit really missing from an interpreter, ruff really overflowing its
stack, mypy really reading a broken mypy.ini, real subprocesses that crash, hang or print
HTML. Our own seams stand in only for analyzers of our own (one that raises, one that sleeps).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import sysconfig
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer.analyzers import build_analyzers
from reviewer.analyzers.base import (
    ToolCrashedError,
    ToolError,
    failed,
    isolating,
    parse_json,
    run_tool,
)
from reviewer.analyzers.tools.radon import RadonAnalyzer
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.analyzers.workers import InWorker
from reviewer.catalog.rules import load_catalog
from reviewer.cli.app import exit_code
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import FailOn, OutputFormat, ReviewConfig
from reviewer.config.thresholds import Thresholds
from reviewer.formats import formatter_for
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalysisError, AnalyzerResult, Review, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import Cli, write

# A design comment (hidden-clock, minor, not blocking) the in-process detectors always find.
CLOCK = '''\
"""Receipts."""

import time


def stamp(order_id: int) -> str:
    """Stamp an order with the current time."""
    return f"{order_id}-{time.time()}"
'''
EVAL = 'def run(text: str) -> object:\n    """Run it."""\n    return eval(text)\n'


def review_with(analyzers: Sequence[object], config: ReviewConfig) -> Review:
    return run_review(config, analyzers, load_catalog(), make_renderer(Voice.PEER))  # type: ignore[arg-type]


def code_of(review: Review, config: ReviewConfig) -> int:
    """The exit code the command line gives this review."""
    return exit_code(config, review.summary.by_severity, any(not e.path for e in review.errors))


def text_of(review: Review, config: ReviewConfig) -> str:
    return formatter_for(OutputFormat.TEXT)(review, config)


# ---------------------------------------------------------------- a tool missing


@pytest.fixture(scope="module")
def without_bandit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An interpreter that has everything `review` needs except bandit, as when a user
    installs review without its extras: a virtual environment that reuses ours, with the
    bandit package not findable."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    hide = (
        "import sys; sys.meta_path.insert(0, type('NoBandit', (), {'find_spec': staticmethod("
        "lambda name, path=None, target=None: (_ for _ in ()).throw(ModuleNotFoundError("
        "f'No module named {name!r}', name=name)) if name.split('.')[0] == 'bandit' "
        "else None)})())"
    )
    Path(purelib, "_reuse_review.pth").write_text(
        f"import site; site.addsitedir({ours!r})\n{hide}\n", encoding="utf-8"
    )
    return python


def run_cli(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "reviewer", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_missing_tool_makes_the_review_incomplete(without_bandit: Path, tmp_path: Path) -> None:
    write(tmp_path, "clock.py", CLOCK)
    done = run_cli(without_bandit, tmp_path, "--format", "json")
    assert done.returncode == 3, done.stderr
    assert done.stderr == ""
    report = json.loads(done.stdout)
    assert report["errors"] == [
        {
            "path": "",
            "analyzer": "bandit",
            "message": f"bandit is not installed for {without_bandit}",
        }
    ]
    assert [c["rule"] for c in report["comments"]] == ["hidden-clock"]  # the rest went on


def test_the_text_summary_names_the_missing_tool(without_bandit: Path, tmp_path: Path) -> None:
    write(tmp_path, "clock.py", CLOCK)
    done = run_cli(without_bandit, tmp_path)
    assert done.returncode == 3
    words = " ".join(done.stdout.split())  # the terminal format wraps long lines
    missing = f"bandit is not installed for {without_bandit}"
    assert f"Could not analyze: any file with bandit ({missing})" in words
    assert words.endswith("1 analysis error (see Errors).")


def test_a_blocking_comment_makes_it_1_even_when_incomplete(
    without_bandit: Path, tmp_path: Path
) -> None:
    write(tmp_path, "run.py", EVAL)  # ruff's S307 still finds the eval bandit would have
    done = run_cli(without_bandit, tmp_path, "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert [e["analyzer"] for e in report["errors"]] == ["bandit"]
    assert [c["rule"] for c in report["comments"] if c["blocking"]] == ["code-injection"]


# ---------------------------------------------------------------- a tool that crashes


def test_ruff_overflowing_its_stack_on_one_file_costs_nothing(chdir_tmp: Path) -> None:
    """Alternating unary operators 2,000 deep overflow the stack of ruff's worker threads
    (SIGABRT); ruff is run again on halves of the files, and alone on that file (on its main
    thread) it gets through: every file keeps its findings."""
    write(chdir_tmp, "deep.py", f'"""Deep."""\n\nimport os\nX = {"-+" * 1000}1\n')
    for name in ("a.py", "b.py", "c.py"):
        write(chdir_tmp, name, '"""A module."""\n\nimport os\n')
    files = [SourceFile(n, "python") for n in ("deep.py", "a.py", "b.py", "c.py")]
    ruff = RuffAnalyzer(RuffOptions(load_catalog().codes_for("ruff")))
    try:
        run_tool(ruff.command(files), 60, ok_codes=(0,))
    except ToolCrashedError as crash:
        assert str(crash).startswith("crashed (SIGABRT): ")
    else:
        pytest.skip("this ruff no longer overflows its stack on deep unary chains")
    result = ruff.run(files)
    assert result.errors == ()
    assert sorted(f.location.path for f in result.findings if f.code == "F401") == [
        "a.py",
        "b.py",
        "c.py",
        "deep.py",
    ]


# A real tool of our own making: dies of SIGSEGV when one of its files is named bad*.py.
SEGFAULTING = textwrap.dedent(
    """
    import json, os, signal, sys
    files = sys.argv[1:]
    if any(os.path.basename(f).startswith("bad") for f in files):
        os.kill(os.getpid(), signal.SIGSEGV)
    print(json.dumps(files))
    """
)


def test_a_tool_that_crashes_on_one_file_is_that_files_error(chdir_tmp: Path) -> None:
    names = ["a.py", "b.py", "bad.py", "c.py", "d.py", "e.py"]
    files = [SourceFile(n, "python") for n in names]

    def check(group: Sequence[SourceFile]) -> AnalyzerResult:
        output = run_tool([sys.executable, "-c", SEGFAULTING, *(f.path for f in group)], 30)
        seen = parse_json(output.stdout, "segfaulting")
        assert isinstance(seen, list)
        return AnalyzerResult(errors=tuple(AnalysisError("seen", "", str(p)) for p in seen))

    result = isolating(check, files, "segfaulting")
    crashed = [e for e in result.errors if e.analyzer == "segfaulting"]
    assert crashed == [AnalysisError("segfaulting", "crashed (SIGSEGV): no output", "bad.py")]
    assert sorted(e.path for e in result.errors if e.analyzer == "seen") == sorted(
        set(names) - {"bad.py"}
    )
    incomplete = any(not e.path for e in result.errors)
    assert exit_code(ReviewConfig(fail_on=FailOn.NIT), {}, incomplete) == 0  # not 3


def test_a_tool_that_crashes_on_every_file_gives_up_after_a_bounded_number_of_runs() -> None:
    files = [SourceFile(f"bad{n}.py", "python") for n in range(1000)]
    runs: list[int] = []

    def check(group: Sequence[SourceFile]) -> AnalyzerResult:
        runs.append(len(group))
        run_tool([sys.executable, "-c", SEGFAULTING, *(f.path for f in group)], 30)
        return AnalyzerResult()

    with pytest.raises(ToolCrashedError):
        isolating(check, files, "segfaulting")
    assert len(runs) <= 32


@dataclass(frozen=True)
class Raising:
    """Our seam: an analyzer of our own with a bug."""

    name: str = "broken"
    languages: frozenset[str] = frozenset({"python"})

    def version(self) -> str:
        return "0"

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        raise RuntimeError("adapter bug")


def test_an_analyzer_that_crashes_is_named_and_the_review_goes_on(chdir_tmp: Path) -> None:
    write(chdir_tmp, "clock.py", CLOCK)
    config = ReviewConfig(cache_dir=None)
    review = review_with([Raising(), *build_analyzers(load_catalog(), config)], config)
    assert [(e.analyzer, e.path) for e in review.errors] == [("broken", "")]
    assert [c.rule.id for c in review.comments] == ["hidden-clock"]
    assert code_of(review, config) == 3
    assert "Could not analyze: any file with broken (crashed: RuntimeError('adapter bug'))" in (
        text_of(review, config)
    )


# ---------------------------------------------------------------- a tool past its timeout


def test_the_configured_timeout_stops_real_tools(cli: Cli, chdir_tmp: Path) -> None:
    """bandit and mypy each need more than 0.05 s (0.15 s and 0.6 s here); the design detectors
    are in-process and still comment. ruff is off: it can finish in 0.02 s."""
    write(chdir_tmp, "clock.py", CLOCK)
    write(chdir_tmp, ".reviewer.toml", 'timeout = 0.05\ndisable = ["ruff"]\n')
    run = cli("--format", "json", "--fail-on", "never")
    assert run.code == 3
    report = json.loads(run.out)
    assert report["errors"] == [
        {"path": "", "analyzer": "bandit", "message": "timed out after 0.05 s"},
        {"path": "", "analyzer": "mypy", "message": "in .: timed out after 0.05 s"},
    ]
    assert [c["rule"] for c in report["comments"]] == ["hidden-clock"]


def test_a_timeout_does_not_wait_for_a_child_holding_the_output(tmp_path: Path) -> None:
    """The tool is killed at the timeout; a process it started that still holds its output
    open (here for 4 s) is not waited for."""
    started = time.monotonic()
    with pytest.raises(ToolError, match=r"^timed out after 0\.3 s$"):
        run_tool(["sh", "-c", "sleep 4 & sleep 30"], 0.3)
    assert time.monotonic() - started < 3


@dataclass(frozen=True)
class Sleeping:
    """Our seam: an in-process analyzer that hangs for `seconds`."""

    seconds: float
    name: str = "sleepy"
    languages: frozenset[str] = frozenset({"python"})

    def version(self) -> str:
        return "0"

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        time.sleep(self.seconds)
        return AnalyzerResult()


def test_an_in_process_analyzer_past_the_timeout_is_reported(chdir_tmp: Path) -> None:
    write(chdir_tmp, "clock.py", CLOCK)
    config = ReviewConfig(cache_dir=None, analyzer_timeout=0.5)
    started = time.monotonic()
    review = review_with([Sleeping(3.0), RadonAnalyzer()], config)
    assert time.monotonic() - started < 2.5
    assert [(e.analyzer, e.message) for e in review.errors] == [("sleepy", "timed out after 0.5 s")]


# ---------------------------------------------------------------- a tool printing garbage


@dataclass(frozen=True)
class Garbage:
    """A real subprocess that answers HTML where JSON was promised, through the same helpers
    as the real adapters."""

    name: str = "garbage"
    languages: frozenset[str] = frozenset({"python"})

    def version(self) -> str:
        return "0"

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        script = "print('<html><body>502 Bad Gateway</body></html>')"
        try:
            output = run_tool([sys.executable, "-c", script], 60)
            parse_json(output.stdout, "garbage")
        except ToolError as failure:
            return failed(self.name, failure)
        return AnalyzerResult()


def test_a_tool_printing_invalid_json_is_named_and_the_review_goes_on(chdir_tmp: Path) -> None:
    write(chdir_tmp, "clock.py", CLOCK)
    config = ReviewConfig(cache_dir=None)
    review = review_with([Garbage(), *build_analyzers(load_catalog(), config)], config)
    message = "garbage printed output that is not JSON: <html><body>502 Bad Gateway</body></html>"
    assert [(e.analyzer, e.message, e.path) for e in review.errors] == [("garbage", message, "")]
    assert [c.rule.id for c in review.comments] == ["hidden-clock"]
    assert code_of(review, config) == 3


def test_a_tool_that_cannot_be_executed(tmp_path: Path) -> None:
    tool = write(tmp_path, "tool", "#!/bin/sh\necho '[]'\n")
    tool.chmod(0o644)  # even root cannot execute a file without an x bit
    with pytest.raises(ToolError, match=r"tool cannot be run: Permission denied$"):
        run_tool([str(tool)], 10)


# ---------------------------------------------------------------- real tools, real bad settings


def test_ruff_refusing_a_threshold_is_a_named_run_level_error(chdir_tmp: Path) -> None:
    """A config file can no longer hand ruff a limit it refuses (the next test); the API can."""
    write(chdir_tmp, "clock.py", CLOCK)
    config = ReviewConfig(cache_dir=None, thresholds=Thresholds(max_complexity=10**20))
    review = review_with(build_analyzers(load_catalog(), config), config)
    [error] = [e for e in review.errors if e.analyzer == "ruff"]
    assert error.path == ""
    assert error.message.startswith(
        "exited with 2: error: invalid value 'lint.mccabe.max-complexity = 100000000000000000000'"
    )
    assert code_of(review, config) == 3


def test_a_threshold_no_tool_can_hold_is_a_config_error(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "clock.py", CLOCK)
    write(chdir_tmp, ".reviewer.toml", "[thresholds]\nmax-complexity = 100000000000000000000\n")
    run = cli()
    assert run.code == 2
    assert run.err.startswith("review: error: .reviewer.toml: 'thresholds.max-complexity' must be")


def test_a_broken_mypy_ini_is_reported_on_that_file(cli: Cli, chdir_tmp: Path) -> None:
    """mypy goes on with its defaults when mypy.ini does not parse: the review says so,
    without making the run incomplete (mypy did check the code)."""
    write(chdir_tmp, "clock.py", CLOCK)
    write(chdir_tmp, "mypy.ini", "[mypy\nstrict = True\n")
    run = cli("--format", "json")
    assert run.code == 0
    assert json.loads(run.out)["errors"] == [
        {
            "path": "mypy.ini",
            "analyzer": "mypy",
            "message": "configuration ignored: File contains no section headers.",
        }
    ]


# ---------------------------------------------------------------- a worker process dying


@dataclass(frozen=True)
class Segfaulting:
    """Our seam: an in-process analyzer that kills the process it runs in, as a crash in a
    C extension (tree-sitter, say) would."""

    name: str = "segfaulting"
    languages: frozenset[str] = frozenset({"python"})

    def version(self) -> str:
        return "0"

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        os.kill(os.getpid(), signal.SIGSEGV)
        return AnalyzerResult()


def _forty_complex_modules(root: Path) -> None:
    for n in range(40):  # workers are used from 40 files on
        write(root, f"m{n}.py", "def f(x):\n" + "    if x:\n        x += 1\n" * 12)


def test_an_analyzer_killing_its_worker_costs_only_that_analyzer(chdir_tmp: Path) -> None:
    _forty_complex_modules(chdir_tmp)
    config = ReviewConfig(cache_dir=None)
    review = review_with(
        [
            InWorker(Segfaulting(), config.analyzer_timeout),
            InWorker(RadonAnalyzer(), config.analyzer_timeout),
        ],
        config,
    )
    errors = [(e.analyzer, e.path, e.message) for e in review.errors]
    assert errors == [("segfaulting", "", "its worker process died (SIGSEGV)")]
    assert any(c.rule.id == "complex-function" for c in review.comments)


@pytest.mark.slow
def test_a_worker_past_the_timeout_is_killed_and_the_others_kept(chdir_tmp: Path) -> None:
    _forty_complex_modules(chdir_tmp)
    config = ReviewConfig(cache_dir=None, analyzer_timeout=2.0)
    started = time.monotonic()
    review = review_with(
        [
            InWorker(Sleeping(30.0), config.analyzer_timeout),
            InWorker(RadonAnalyzer(), config.analyzer_timeout),
        ],
        config,
    )
    assert time.monotonic() - started < 10
    assert [(e.analyzer, e.message) for e in review.errors] == [("sleepy", "timed out after 2 s")]
    assert any(c.rule.id == "complex-function" for c in review.comments)


def test_with_the_cache_on_a_dead_worker_is_reported_again_not_remembered_away(
    chdir_tmp: Path,
) -> None:
    """A review with a run-level error is never kept: asked again, the analyzer runs again."""
    _forty_complex_modules(chdir_tmp)
    config = ReviewConfig(cache_dir=str(chdir_tmp / "cache"))
    for _ in range(2):
        review = review_with(
            [
                InWorker(Segfaulting(), config.analyzer_timeout),
                InWorker(RadonAnalyzer(), config.analyzer_timeout),
            ],
            config,
        )
        errors = [(e.analyzer, e.path, e.message) for e in review.errors]
        assert errors == [("segfaulting", "", "its worker process died (SIGSEGV)")]
        assert any(c.rule.id == "complex-function" for c in review.comments)
    assert not (chdir_tmp / "cache" / "reviews").exists()
