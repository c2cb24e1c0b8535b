"""Speed of `review` against the analyzers it runs, on three real projects (issue 6).

Not a test. Downloads pinned source distributions from PyPI into a cache folder under the system
temporary folder (kept for the next run), copies each project's tree, and measures in one run,
side by side: each analyzer alone with its defaults, the five one after another and all at once,
prospector with bandit and mypy (in its own virtualenv), and `review` cold, warm, warm with one
file changed and on three files as pre-commit calls it; then `review` cold and warm again with a
project environment: a `.venv` at each project's root holding the project's dependencies (made
once under the cache folder with pip, copied into the tree), which mypy then reads (issue 16).
Then it checks issue 6's target ratios.

    .venv/bin/python benchmarks/bench.py                          # small and medium
    .venv/bin/python benchmarks/bench.py --projects large --skip-prospector
    .venv/bin/python benchmarks/bench.py --json figures.json

Standard library only; Linux (peak RSS comes from getrusage and /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

CACHE = Path(tempfile.gettempdir(), "review-bench")
# Extras spelled with hyphens: the pip that `python -m venv` bundles may not normalize names.
PROSPECTOR = "prospector[with-bandit,with-mypy]==1.20.0"
ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "mypy.ini", ".mypy.ini", ".git")
REVIEW_OK = frozenset({0, 1, 3})  # 1: it found something; 3: an analyzer could not run
FOUND_OK = frozenset({0, 1})  # linters exit 1 when they report something
# mypy exits 2 when an error stops it (a file found under two module names): it is what a user
# gets, and review's own mypy run stops there too, so the time counts and the table says so.
MYPY_STOPPED = frozenset({2})
MYPY_OK = FOUND_OK | MYPY_STOPPED
VERSION_REPEAT = 5
SAMPLE_SECONDS = 0.1
NOTE_WIDTH = 110  # the table shows this much of a note; --json keeps all of it
CHANGED = "# review benchmark: one changed line\n"
STAGED = "# review benchmark: staged for commit\n"  # pre-commit passes the files that changed
TRACEBACK = "Traceback (most recent call last)"

# Runs the commands it reads on stdin (one after another, or all at once) and prints its own
# wall time, exit codes and RUSAGE_CHILDREN peak RSS: one wrapper per measurement keeps the
# peak of one measurement apart from the others'.
WRAPPER = """
import json, os, resource, signal, subprocess, sys, time
spec = json.load(sys.stdin)
start = time.perf_counter()
deadline = start + spec["timeout"]
def launch(command):
    with open(command["stdout"], "wb") as out, open(command["stderr"], "wb") as err:
        return subprocess.Popen(command["argv"], cwd=command["cwd"], stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err, start_new_session=True)
def finish(process):
    try:
        return process.wait(timeout=max(0.0, deadline - time.perf_counter()))
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
codes = []
if spec["parallel"]:
    codes = [finish(p) for p in [launch(c) for c in spec["commands"]]]
else:
    for command in spec["commands"]:
        codes.append(finish(launch(command)))
        if codes[-1] is None:
            break
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "codes": codes, "maxrss_kib": rss}))
"""


class Run(Enum):
    """What one measurement ran; the value is its label in the table."""

    RUFF = "ruff check"
    RADON_CC = "radon cc"
    RADON_MI = "radon mi"
    BANDIT = "bandit"
    MYPY_COLD = "mypy, cold"
    MYPY_WARM = "mypy, warm"
    MYPY_CHECKED = "mypy, cold, all it can check"
    SUM = "sum of the five (mypy cold)"
    SEQUENCE = "the five in sequence"
    PARALLEL = "the five at once"
    PROSPECTOR = "prospector (bandit, mypy)"
    REVIEW_COLD = "review, cold"
    REVIEW_WARM = "review, warm, unchanged"
    REVIEW_CHANGED = "review, warm, 1 file changed"
    REVIEW_PRECOMMIT = "review, pre-commit, 3 files"
    REVIEW_ENV_COLD = "review, cold, project .venv"
    REVIEW_ENV_WARM = "review, warm, project .venv"
    RUFF_3 = "ruff check, 3 files"
    RADON_CC_3 = "radon cc, 3 files"
    RADON_MI_3 = "radon mi, 3 files"
    BANDIT_3 = "bandit, 3 files"
    MYPY_3 = "mypy warm, 3 files"
    VERSION = "review --version"
    IMPORT_TYPER = 'python -c "import typer"'


SINGLES = (Run.RUFF, Run.RADON_CC, Run.RADON_MI, Run.BANDIT, Run.MYPY_COLD)
SINGLES_3 = (Run.RUFF_3, Run.RADON_CC_3, Run.RADON_MI_3, Run.BANDIT_3, Run.MYPY_3)
ON_THREE_FILES = dict(zip(SINGLES, SINGLES_3, strict=True))
REVIEWS = (Run.REVIEW_COLD, Run.REVIEW_WARM, Run.REVIEW_CHANGED, Run.REVIEW_PRECOMMIT)


@dataclass(frozen=True)
class Pin:
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass(frozen=True)
class Project:
    key: str
    pins: tuple[Pin, ...]
    # What the project's environment holds: the sdists themselves (their dependencies come
    # with them) and what their tests import.
    environment: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return "+".join(f"{p.name}-{p.version}" for p in self.pins)


PROJECTS = {
    "small": Project(
        "small",
        (Pin("humanize", "4.9.0"),),
        ("humanize==4.9.0", "freezegun==1.5.1", "pytest==8.2.2"),
    ),
    "medium": Project(
        "medium",
        (Pin("flask", "3.0.3"), Pin("werkzeug", "3.0.3")),
        ("flask==3.0.3", "werkzeug==3.0.3", "pytest==8.2.2", "python-dotenv==1.0.1"),
    ),
    "large": Project("large", (Pin("django", "5.0.6"),), ("django==5.0.6",)),
}


@dataclass(frozen=True)
class Command:
    """One process to run: what, where, and the exit codes that mean it did its job."""

    argv: tuple[str, ...]
    cwd: Path
    ok: frozenset[int] = FOUND_OK
    noted: frozenset[int] = frozenset()  # among `ok`, exit codes the table should mention
    noted_text: str | None = None  # output the table should mention (a tool that did not run)


@dataclass(frozen=True)
class Measurement:
    """Wall time and peak memory of one run; `failure` says why it did not do its job."""

    run: Run
    seconds: float
    peak_rss_kib: int  # the largest single process (getrusage)
    total_rss_kib: int | None  # all processes of the run at once (sampled from /proc)
    failure: str | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass(frozen=True)
class Tools:
    """The executables under test."""

    review: Path
    python: Path
    ruff: Path
    radon: Path
    bandit: Path
    mypy: Path
    prospector: Path | None
    review_has_cache_dir: bool


@dataclass(frozen=True)
class Workspace:
    """A project's working copy and the folders its runs write to."""

    project: Project
    folder: Path  # the working directory of every run
    tree: Path  # the copy under review, `folder/tree`
    files: tuple[Path, ...]
    lines: int

    @property
    def review_cache(self) -> Path:
        return self.folder / "review-cache"

    def log(self, name: str) -> Log:
        return Log(self.folder / "logs" / f"{name}.out", self.folder / "logs" / f"{name}.err")


@dataclass(frozen=True)
class Log:
    """Where one command's standard output and error went."""

    out: Path
    err: Path

    def gist(self) -> str:
        """The line that explains a failure: the first error, else the last line written."""
        text = self.text()
        errors = [line.strip() for line in text.splitlines() if "error" in line.lower()]
        return errors[0][:160] if errors else last_line(text)

    def text(self) -> str:
        """Standard error, then standard output."""
        return "\n".join(p.read_text(errors="replace") for p in (self.err, self.out) if p.exists())

    def find(self, text: str) -> str | None:
        """The first line of output that holds `text`."""
        found = (line.strip() for line in self.text().splitlines() if text in line)
        return next(found, None)

    def crashed(self) -> bool:
        """A Python tool that crashes exits 1, which linters also use for "found something"."""
        return self.err.exists() and TRACEBACK in self.err.read_text(errors="replace")


@dataclass(frozen=True)
class ProjectReport:
    project: Project
    files: int
    lines: int
    changed: str
    precommit: tuple[str, ...]
    measurements: tuple[Measurement, ...]
    load: float  # the machine's one-minute load average before the project's runs

    def get(self, run: Run) -> Measurement | None:
        return next((m for m in self.measurements if m.run is run), None)


@dataclass(frozen=True)
class Target:
    """One of issue 6's ratios for one project; `passed` is None when it could not be computed."""

    name: str
    ratio: float | None
    passed: bool | None


@dataclass(frozen=True)
class Options:
    projects: tuple[Project, ...]
    skip_prospector: bool
    review: Path
    json: Path | None
    timeout: float


@dataclass(frozen=True)
class Startup:
    """Best-of-N start-up times: `review --version` against `import typer`."""

    review_version: Measurement
    import_typer: Measurement


# --- fetching the projects -------------------------------------------------------------------


def say(message: str) -> None:
    """Progress on stderr, so that a log of a long run shows where it is."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def source_tree(project: Project) -> Path:
    """The unpacked sdists of the project, downloaded and unpacked once, then reused."""
    sources = CACHE / "sources" / project.slug
    if sources.is_dir():
        return sources
    partial = sources.with_name(sources.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for pin in project.pins:
        unpack(download(pin), partial)
    partial.rename(sources)
    return sources


def download(pin: Pin) -> Path:
    """The pinned source distribution, fetched from PyPI unless it is already here."""
    folder = CACHE / "downloads" / f"{pin.name}-{pin.version}"
    if not archives(folder):
        say(f"downloading {pin}")
        folder.mkdir(parents=True, exist_ok=True)
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [*pip, str(pin), "-d", str(folder)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0 or not archives(folder):
            raise SystemExit(f"pip download {pin} failed: {last_line(done.stderr)}")
    return archives(folder)[0]


def archives(folder: Path) -> list[Path]:
    found = [*folder.glob("*.tar.gz"), *folder.glob("*.zip")] if folder.is_dir() else []
    return sorted(found)


def unpack(archive: Path, destination: Path) -> None:
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(destination)  # noqa: S202 - a pinned sdist from PyPI
        return
    with tarfile.open(archive) as bundle:
        bundle.extractall(destination, filter="data")


def python_files(root: Path) -> tuple[Path, ...]:
    return tuple(sorted(p for p in root.rglob("*.py") if p.is_file()))


def line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def workspace(project: Project) -> Workspace:
    """A fresh copy of the project's tree: runs change it, the downloaded original stays as is."""
    folder = CACHE / "runs" / project.key
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "logs").mkdir(parents=True)
    tree = folder / "tree"
    shutil.copytree(source_tree(project), tree)
    files = python_files(tree)
    return Workspace(project, folder, tree, files, sum(map(line_count, files)))


def first_project_files(space: Workspace) -> list[Path]:
    """The Python files of the first sdist: a commit touches one repository."""
    first = min(p for p in space.tree.iterdir() if p.is_dir())
    return [path for path in space.files if path.is_relative_to(first)]


def median_files(files: Sequence[Path], count: int = 3) -> tuple[Path, ...]:
    """`count` files of middling size: what a typical commit touches."""
    by_size = sorted(files, key=lambda p: (line_count(p), str(p)))
    middle = max(0, len(by_size) // 2 - count // 2)
    return tuple(by_size[middle : middle + count])


# --- measuring -------------------------------------------------------------------------------


def measure(
    run: Run, commands: Sequence[Command], space: Workspace, timeout: float, parallel: bool = False
) -> Measurement:
    """Run the commands through the wrapper and read back its figures."""
    logs = [space.log(f"{run.name.lower()}-{i}") for i in range(len(commands))]
    spec = {
        "timeout": timeout,
        "parallel": parallel,
        "commands": [command_spec(c, log) for c, log in zip(commands, logs, strict=True)],
    }
    figures, sampled = run_wrapper(spec)
    failure, note = assess(commands, figures["codes"], logs, timeout)
    peak = figures["maxrss_kib"]
    # Sampling misses short runs; all processes together hold at least the largest one's peak.
    total = None if sampled is None else max(sampled, peak)
    measured = Measurement(run, figures["seconds"], peak, total, failure, note)
    say(f"{space.project.key}: {run.value}: {describe(measured)}")
    return measured


def command_spec(command: Command, log: Log) -> dict[str, object]:
    return {
        "argv": list(command.argv),
        "cwd": str(command.cwd),
        "stdout": str(log.out),
        "stderr": str(log.err),
    }


def run_wrapper(spec: Mapping[str, object]) -> tuple[dict[str, Any], int | None]:
    """The wrapper's figures, and the peak RSS of all its processes (None without /proc)."""
    wrapper = subprocess.Popen(  # noqa: S603 - our own wrapper, fixed arguments
        [sys.executable, "-c", WRAPPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    with RssSampler(wrapper.pid) as sampler:
        out, _ = wrapper.communicate(json.dumps(spec))
    if wrapper.returncode != 0:
        raise SystemExit(f"the measuring wrapper failed (exit {wrapper.returncode})")
    figures: dict[str, Any] = json.loads(out)
    return figures, sampler.peak_kib


def assess(
    commands: Sequence[Command], codes: Sequence[int | None], logs: Sequence[Log], timeout: float
) -> tuple[str | None, str]:
    """Why the run did not do its job (None when every command did), and what to note about it."""
    notes = []
    for command, code, log in zip(commands, codes, logs, strict=False):
        name = Path(command.argv[0]).name
        if code is None:
            return f"{name} timed out after {timeout:.0f} s", ""
        if code not in command.ok or log.crashed():
            return f"{name} exited {code}: {log.gist()}", ""
        if code in command.noted:
            notes.append(f"{name} exited {code} in {command.cwd.name}: {log.gist()}")
        if command.noted_text and (line := log.find(command.noted_text)):
            notes.append(f"{name}: {line}")
    if len(codes) < len(commands):
        return "stopped before the last command", ""
    return None, "; ".join(notes)


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:160] if lines else "(no output)"


def describe(measured: Measurement) -> str:
    if not measured.ok:
        return f"FAILED: {measured.failure}"
    return f"{measured.seconds:.2f} s, {measured.peak_rss_kib / 1024:.0f} MiB"


class RssSampler:
    """The peak of the summed RSS of a process's descendants, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self._pid = pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.peak_kib: int | None = None

    def __enter__(self) -> RssSampler:
        if Path("/proc/self/stat").exists():
            self.peak_kib = 0
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.peak_kib = max(self.peak_kib or 0, descendants_rss_kib(self._pid))


def descendants_rss_kib(root: int) -> int:
    """The RSS of every process below `root` (not `root` itself), summed."""
    parents: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for pid, ppid, pages in proc_stats():
        parents[ppid].append(pid)
        rss[pid] = pages
    total, todo = 0, list(parents[root])
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += parents[pid]
    return total * os.sysconf("SC_PAGE_SIZE") // 1024


def proc_stats() -> Iterator[tuple[int, int, int]]:
    """(pid, parent pid, resident pages) of every process; the ones that vanish are skipped."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # fields from the third on: state, ppid, ...
        yield int(entry.name), int(fields[1]), int(fields[21])


# --- the commands ----------------------------------------------------------------------------


def find_tools(review: Path, prospector: Path | None) -> Tools:
    """The analyzers from review's own virtualenv, so that both run the same versions."""
    if not review.is_file():
        raise SystemExit(f"no review executable at {review}; pass --review PATH")
    help_text = subprocess.run(  # noqa: S603 - the executable under test
        [str(review), "--help"], capture_output=True, text=True, check=False
    ).stdout
    return Tools(
        review=review,
        python=beside(review, "python"),
        ruff=beside(review, "ruff"),
        radon=beside(review, "radon"),
        bandit=beside(review, "bandit"),
        mypy=beside(review, "mypy"),
        prospector=prospector,
        review_has_cache_dir="--cache-dir" in help_text,
    )


def beside(review: Path, name: str) -> Path:
    """`name` from review's folder, else from PATH."""
    local = review.parent / name
    if local.is_file():
        return local
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is neither beside {review} nor on PATH")
    return Path(found)


def analyzer_commands(
    tools: Tools, space: Workspace, files: Sequence[Path] | None, mypy_cache: Path
) -> dict[Run, list[Command]]:
    """Each analyzer as a user runs it with its defaults, on some files or (None) the tree."""
    shown = [str(p.relative_to(space.folder)) for p in files or [space.tree]]
    recurse = ["-r"] if files is None else []
    bandit = (str(tools.bandit), *recurse, "-q", "-f", "json", *shown)
    return {
        Run.RUFF: [Command((str(tools.ruff), "check", "--no-cache", *shown), space.folder)],
        Run.RADON_CC: [Command((str(tools.radon), "cc", "-s", "-j", *shown), space.folder)],
        Run.RADON_MI: [Command((str(tools.radon), "mi", "-j", *shown), space.folder)],
        Run.BANDIT: [Command(bandit, space.folder)],
        Run.MYPY_COLD: mypy_commands(tools.mypy, space, files or space.files, mypy_cache),
    }


def mypy_commands(
    mypy: Path, space: Workspace, files: Sequence[Path], cache: Path
) -> list[Command]:
    """One mypy per project root, each with its own cache, since mypy refuses a tree that holds
    two modules of the same name (two projects' `conftest.py`); review groups its files alike."""
    flags = ("--ignore-missing-imports", "--follow-imports=silent")
    commands = []
    for root, group in sorted(project_groups(files, space.tree).items()):
        # Named after the root, so that a run on a few files finds its root's warm cache.
        own_cache = cache / ("_".join(root.relative_to(space.tree).parts) or "_")
        relative = sorted(str(p.relative_to(root)) for p in group)
        argv = (str(mypy), *flags, "--cache-dir", str(own_cache), "--", *relative)
        commands.append(Command(argv, root, MYPY_OK, MYPY_STOPPED))
    return commands


def project_groups(files: Iterable[Path], top: Path) -> Mapping[Path, list[Path]]:
    groups: dict[Path, list[Path]] = defaultdict(list)
    for path in files:
        groups[project_root(path, top)].append(path)
    return groups


def project_root(path: Path, top: Path) -> Path:
    """The nearest folder above `path`, up to `top`, with a project marker in it."""
    for folder in path.parents:
        if any((folder / marker).exists() for marker in ROOT_MARKERS) or folder == top:
            return folder
    return top


def review_command(tools: Tools, space: Workspace, *arguments: str) -> Command:
    cache = ["--cache-dir", str(space.review_cache)] if tools.review_has_cache_dir else []
    return Command((str(tools.review), *cache, *arguments), space.folder, REVIEW_OK)


def clear_review_cache(space: Workspace) -> None:
    """Empty whichever cache this version of review keeps."""
    shutil.rmtree(space.review_cache, ignore_errors=True)
    shutil.rmtree(space.folder / ".review_cache", ignore_errors=True)


# --- one project -----------------------------------------------------------------------------


def bench_project(project: Project, tools: Tools, timeout: float) -> ProjectReport:
    say(f"{project.key}: preparing {', '.join(map(str, project.pins))}")
    space = workspace(project)
    load = os.getloadavg()[0]
    chosen = median_files(first_project_files(space))
    say(f"{project.key}: {len(space.files)} Python files, {space.lines} lines")
    measured = [
        *bench_analyzers(tools, space, timeout),
        *bench_prospector(tools, space, timeout),
        *bench_review(tools, space, chosen, timeout),
        *bench_three_files(tools, space, chosen, timeout),
        *bench_environment(tools, space, timeout),
    ]
    return ProjectReport(
        project,
        len(space.files),
        space.lines,
        str(chosen[0].relative_to(space.tree)),
        tuple(str(p.relative_to(space.tree)) for p in chosen),
        tuple(measured),
        load,
    )


def bench_analyzers(tools: Tools, space: Workspace, timeout: float) -> list[Measurement]:
    """Each analyzer alone, mypy cold then warm, their sum, and the five in sequence and at once."""
    mypy_cache = space.folder / "mypy-cache"
    commands = analyzer_commands(tools, space, None, mypy_cache)
    alone = [measure(run, cmds, space, timeout) for run, cmds in commands.items()]
    warm = measure(Run.MYPY_WARM, commands[Run.MYPY_COLD], space, timeout)
    together_cache = space.folder / "mypy-cache-together"
    together = analyzer_commands(tools, space, None, together_cache)
    every = [c for cmds in together.values() for c in cmds]
    shutil.rmtree(together_cache, ignore_errors=True)
    sequence = measure(Run.SEQUENCE, every, space, timeout)
    shutil.rmtree(together_cache, ignore_errors=True)
    parallel = measure(Run.PARALLEL, every, space, timeout, parallel=True)
    return [*alone, warm, total(Run.SUM, alone), sequence, parallel]


def total(run: Run, parts: Sequence[Measurement]) -> Measurement:
    """A computed row: the parts' times added up, the largest of their peaks."""
    failed = next((p.failure for p in parts if not p.ok), None)
    return Measurement(
        run,
        sum(p.seconds for p in parts),
        max(p.peak_rss_kib for p in parts),
        None,
        failed,
        "computed, not run",
    )


def bench_prospector(tools: Tools, space: Workspace, timeout: float) -> list[Measurement]:
    if tools.prospector is None:
        return []
    shutil.rmtree(space.folder / ".mypy_cache", ignore_errors=True)
    argv = (str(tools.prospector), "--with-tool", "bandit", "--with-tool", "mypy", "tree")
    # prospector goes on when one of its tools fails (pylint's django plugin, on django): say so.
    command = Command(argv, space.folder, noted_text="failed to run")
    return [measure(Run.PROSPECTOR, [command], space, timeout)]


def bench_review(
    tools: Tools, space: Workspace, chosen: Sequence[Path], timeout: float
) -> list[Measurement]:
    """review cold, warm, warm after a one-line change, and like pre-commit on three changed
    files (the rest of the cache warm)."""
    results = space.folder / "review.json"
    tree_run = review_command(tools, space, "--format", "json", "--output", str(results), "tree")
    shown = [str(p.relative_to(space.folder)) for p in chosen]
    precommit = review_command(tools, space, "--voice", "peer", *shown)
    clear_review_cache(space)
    measured = []
    for run in (Run.REVIEW_COLD, Run.REVIEW_WARM, Run.REVIEW_CHANGED):
        if run is Run.REVIEW_CHANGED:
            append(chosen[:1], CHANGED)
        results.unlink(missing_ok=True)
        measured.append(with_note(measure(run, [tree_run], space, timeout), results))
        if run is Run.REVIEW_COLD:
            measured.append(mypy_on_what_it_checks(tools, space, results, timeout))
    append(chosen, STAGED)
    measured.append(measure(Run.REVIEW_PRECOMMIT, [precommit], space, timeout))
    return measured


def mypy_on_what_it_checks(
    tools: Tools, space: Workspace, results: Path, timeout: float
) -> Measurement:
    """mypy cold on the tree without the files that stop it (found under two module names,
    or not parsing), which review sets aside and checks the rest: the same work as review's
    mypy. mypy on the whole tree stops at such a file and checks nothing more of its project."""
    try:
        errors = json.loads(results.read_text())["errors"]
        stopped = {e["path"] for e in errors if _set_aside(e)}
    except (OSError, ValueError, KeyError, TypeError):
        stopped = set()
    files = [p for p in space.files if str(p.relative_to(space.folder)) not in stopped]
    cache = space.folder / "mypy-cache-checked"
    shutil.rmtree(cache, ignore_errors=True)
    return measure(Run.MYPY_CHECKED, mypy_commands(tools.mypy, space, files, cache), space, timeout)


def _set_aside(error: Mapping[str, str]) -> bool:
    """A file review did not give mypy (it does not parse) or mypy stopped at."""
    return error["analyzer"] == "review" or error["message"].startswith("not type-checked")


def append(files: Iterable[Path], line: str) -> None:
    """Change files of the working copy (never the downloaded original) by one line each."""
    for path in files:
        with path.open("a", encoding="utf-8") as changed:
            changed.write(line)


def with_note(measured: Measurement, results: Path) -> Measurement:
    """The run's comment count, analyzer errors and notes: a warm run should say what a cold
    one did, and a run with a project environment that mypy found what it imports."""
    try:
        review = json.loads(results.read_text())
        note = f"{review['summary']['comments']} comments"
        if errors := review["errors"]:
            first = f"{errors[0]['analyzer']}: {errors[0]['message']}"
            note += f"; {len(errors)} analyzer errors, first: {first}"
        if notes := review.get("notes"):  # unresolved imports: whether a .venv was read
            note += f"; {len(notes)} notes, first: {notes[0]}"
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return measured  # no report, or one of another shape: the time still counts
    return replace(measured, note=note)


def bench_three_files(
    tools: Tools, space: Workspace, chosen: Sequence[Path], timeout: float
) -> list[Measurement]:
    """Each analyzer on the changed pre-commit files; mypy with the cache of its tree runs."""
    commands = analyzer_commands(tools, space, list(chosen), space.folder / "mypy-cache")
    return [measure(ON_THREE_FILES[run], cmds, space, timeout) for run, cmds in commands.items()]


# --- with a project environment ---------------------------------------------------------------


def bench_environment(tools: Tools, space: Workspace, timeout: float) -> list[Measurement]:
    """review cold and warm with a `.venv` at each project root of the tree (the top folder of
    each sdist), holding the project's dependencies: mypy then reads them, as it does in a
    project whose developer installed them. Runs last, so no other figure sees the `.venv`."""
    environment = project_environment(space.project)
    if environment is None:
        return []
    for root in (p for p in space.tree.iterdir() if p.is_dir()):
        shutil.copytree(environment, root / ".venv", symlinks=True)
    results = space.folder / "review-env.json"
    tree_run = review_command(tools, space, "--format", "json", "--output", str(results), "tree")
    clear_review_cache(space)
    measured = []
    for run in (Run.REVIEW_ENV_COLD, Run.REVIEW_ENV_WARM):
        results.unlink(missing_ok=True)
        measured.append(with_note(measure(run, [tree_run], space, timeout), results))
    return measured


def project_environment(project: Project) -> Path | None:
    """A virtualenv under the cache holding the project's environment, made once with pip;
    None when the project names none or pip cannot make it."""
    if not project.environment:
        return None
    venv = CACHE / "environments" / project.slug
    marker, wanted = venv / "installed.txt", " ".join(project.environment)
    if marker.is_file() and marker.read_text() == wanted:
        return venv
    say(f"{project.key}: installing {wanted} into {venv}")
    shutil.rmtree(venv, ignore_errors=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *project.environment],
    ]
    problem = next((p for step in steps if (p := run_step(step)) is not None), None)
    if problem is not None:
        say(f"{project.key}: the project environment left out: {problem}")
        return None
    marker.write_text(wanted)
    return venv


# --- prospector and start-up -----------------------------------------------------------------


def install_prospector() -> Path | None:
    """prospector in its own virtualenv under the cache, installed once; None when that fails."""
    venv = CACHE / "prospector-venv"
    executable, marker = venv / "bin" / "prospector", venv / "installed.txt"
    if marker.is_file() and marker.read_text() == PROSPECTOR and executable.is_file():
        return executable
    say(f"installing {PROSPECTOR} into {venv}")
    shutil.rmtree(venv, ignore_errors=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", PROSPECTOR],
        *([str(venv / "bin" / name), "--version"] for name in ("prospector", "bandit", "mypy")),
    ]
    problem = next((p for step in steps if (p := run_step(step)) is not None), None)
    if problem is not None:
        say(f"prospector left out: {problem}")
        return None
    marker.write_text(PROSPECTOR)
    return executable


def run_step(step: Sequence[str]) -> str | None:
    """Run one installation step; what went wrong, or None."""
    try:
        done = subprocess.run(step, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as error:
        return f"{step[0]}: {error}"
    if done.returncode != 0:
        return f"{' '.join(step[:4])} failed: {last_line(done.stderr or done.stdout)}"
    return None


def bench_startup(tools: Tools, timeout: float) -> Startup:
    """Best of five: `review --version` against `python -c "import typer"` in review's Python."""
    folder = CACHE / "runs" / "startup"
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    space = Workspace(Project("startup", ()), folder, folder, (), 0)
    version = Command((str(tools.review), "--version"), folder, frozenset({0}))
    typer = Command((str(tools.python), "-c", "import typer"), folder, frozenset({0}))
    return Startup(
        best(Run.VERSION, version, space, timeout),
        best(Run.IMPORT_TYPER, typer, space, timeout),
    )


def best(run: Run, command: Command, space: Workspace, timeout: float) -> Measurement:
    tries = [measure(run, [command], space, timeout) for _ in range(VERSION_REPEAT)]
    failed = [t for t in tries if not t.ok]
    return failed[0] if failed else min(tries, key=lambda t: t.seconds)


# --- targets and tables ----------------------------------------------------------------------


def targets(report: ProjectReport) -> list[Target]:
    """Issue 6's ratios, stated there for the medium project, computed here for each."""
    cold = time_of(report, Run.REVIEW_COLD)
    return [
        ratio(
            "cold review / slowest analyzer alone <= 1.2", cold, slowest_of(report, SINGLES), 1.2
        ),
        ratio(
            "cold review / mypy cold on all it can check <= 1.2 (ours)",
            cold,
            time_of(report, Run.MYPY_CHECKED),
            1.2,
        ),
        ratio(
            "prospector / cold review >= 6", time_of(report, Run.PROSPECTOR), cold, 6, least=True
        ),
        ratio("warm unchanged / cold <= 0.10", time_of(report, Run.REVIEW_WARM), cold, 0.10),
        ratio(
            "warm, 1 file changed / cold <= 0.25", time_of(report, Run.REVIEW_CHANGED), cold, 0.25
        ),
        ratio(
            "pre-commit / slowest analyzer on its 3 files <= 1.5",
            time_of(report, Run.REVIEW_PRECOMMIT),
            slowest_of(report, SINGLES_3),
            1.5,
        ),
        *memory_targets(report),
        *environment_targets(report, cold),
    ]


def environment_targets(report: ProjectReport, cold: float | None) -> list[Target]:
    """Ours (issue 16): what a project environment costs a cold review, and whether the
    warm review with it stays as quick as issue 6 asks of the one without; n/a when the
    environment could not be made."""
    with_env = time_of(report, Run.REVIEW_ENV_COLD)
    return [
        ratio("cold with project .venv / cold without <= 1.5 (ours)", with_env, cold, 1.5),
        ratio(
            "warm with project .venv / cold with it <= 0.10 (ours)",
            time_of(report, Run.REVIEW_ENV_WARM),
            with_env,
            0.10,
        ),
    ]


def memory_targets(report: ProjectReport) -> list[Target]:
    """review's peak RSS against the largest analyzer's: its largest process, and all at once."""
    reviews = [m for run in REVIEWS if (m := report.get(run)) is not None and m.ok]
    analyzers = [m for run in SINGLES if (m := report.get(run)) is not None and m.ok]
    largest = max((m.peak_rss_kib for m in analyzers), default=None)
    process = max((m.peak_rss_kib for m in reviews), default=None)
    together = max((m.total_rss_kib or 0 for m in reviews), default=None)
    return [
        ratio("peak RSS, review's largest process / analyzers' <= 1.5", process, largest, 1.5),
        ratio("peak RSS, review's processes together / analyzers' <= 1.5", together, largest, 1.5),
    ]


def ratio(
    name: str, value: float | None, base: float | None, limit: float, least: bool = False
) -> Target:
    """value / base against the limit: at most it, or at least it when `least`."""
    if value is None or not base:
        return Target(name, None, None)
    found = value / base
    return Target(name, found, found >= limit if least else found <= limit)


def time_of(report: ProjectReport, run: Run) -> float | None:
    return seconds(report.get(run))


def seconds(measured: Measurement | None) -> float | None:
    return measured.seconds if measured is not None and measured.ok else None


def slowest_of(report: ProjectReport, runs: Sequence[Run]) -> float | None:
    """The slowest of the runs, or None unless every one of them did its job."""
    times = [seconds(report.get(run)) for run in runs]
    return None if None in times else max(t for t in times if t is not None)


def startup_target(startup: Startup) -> Target:
    return ratio(
        'review --version / python -c "import typer" <= 1.5',
        seconds(startup.review_version),
        seconds(startup.import_typer),
        1.5,
    )


def project_table(report: ProjectReport) -> str:
    pins = " + ".join(f"{p.name} {p.version}" for p in report.project.pins)
    lines = [
        f"{report.project.key}: {pins}: {report.files} Python files, {report.lines:,} lines",
        f"  changed file: {report.changed}; pre-commit files: {', '.join(report.precommit)}",
        f"  load average before the runs: {report.load:.2f} on {os.cpu_count()} CPUs",
        f"  {'run':<32} {'wall s':>8} {'peak MiB':>9} {'all MiB':>8}  note",
    ]
    lines += [f"  {row(m)}" for m in report.measurements]
    return "\n".join(lines)


def row(measured: Measurement) -> str:
    total = "" if measured.total_rss_kib is None else f"{measured.total_rss_kib / 1024:.0f}"
    if not measured.ok:
        return f"{measured.run.value:<32} {'failed':>8} {'':>9} {'':>8}  {measured.failure}"
    return (
        f"{measured.run.value:<32} {measured.seconds:>8.2f} "
        f"{measured.peak_rss_kib / 1024:>9.0f} {total:>8}  {measured.note[:NOTE_WIDTH]}"
    )


def targets_table(reports: Sequence[ProjectReport], startup: Startup) -> str:
    keys = [r.project.key for r in reports]
    lines = [
        "targets (issue 6 states them for medium)",
        f"  {'target':<60}" + "".join(f"{k:>16}" for k in keys),
    ]
    columns = [targets(r) for r in reports]
    for index, first in enumerate(columns[0] if columns else []):
        lines.append(f"  {first.name:<60}" + "".join(f"{verdict(c[index]):>16}" for c in columns))
    version = startup_target(startup)
    lines.append(f"  {version.name:<60}{verdict(version):>16}")
    lines.append(
        f"  (review --version {seconds_text(startup.review_version)}, "
        f"import typer {seconds_text(startup.import_typer)}, best of {VERSION_REPEAT})"
    )
    return "\n".join(lines)


def verdict(target: Target) -> str:
    if target.ratio is None:
        return "n/a"
    return f"{target.ratio:.2f} {'PASS' if target.passed else 'FAIL'}"


def seconds_text(measured: Measurement) -> str:
    return f"{measured.seconds:.3f} s" if measured.ok else f"failed: {measured.failure}"


def save_json(
    path: Path, reports: Sequence[ProjectReport], startup: Startup, elapsed: float
) -> None:
    figures = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "seconds": elapsed,
        "projects": [{**asdict(r), "targets": [asdict(t) for t in targets(r)]} for r in reports],
        "startup": {**asdict(startup), "target": asdict(startup_target(startup))},
    }
    path.write_text(json.dumps(figures, indent=2, default=plain) + "\n")


def plain(value: object) -> object:
    """What json cannot write on its own: enums, paths and sets."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, frozenset):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# --- the command line ------------------------------------------------------------------------


def parse_options(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", default="small,medium", help="small,medium,large")
    parser.add_argument("--skip-prospector", action="store_true", help="do not run prospector")
    parser.add_argument(
        "--review",
        type=Path,
        default=Path(sys.executable).parent / "review",
        help="the review executable (default: the one beside this Python)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per measurement")
    args = parser.parse_args(argv)
    keys = [k.strip() for k in args.projects.split(",") if k.strip()]
    unknown = [k for k in keys if k not in PROJECTS]
    if unknown or not keys:
        parser.error(f"--projects takes some of {', '.join(PROJECTS)}")
    return Options(
        tuple(PROJECTS[k] for k in keys),
        args.skip_prospector,
        args.review.absolute(),
        args.json,
        args.timeout,
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    started = time.perf_counter()
    prospector = None if options.skip_prospector else install_prospector()
    tools = find_tools(options.review, prospector)
    cache_dir = "supported" if tools.review_has_cache_dir else "absent"
    say(f"review: {tools.review} (--cache-dir {cache_dir})")
    reports = []
    for project in options.projects:
        reports.append(bench_project(project, tools, options.timeout))
        sys.stdout.write(project_table(reports[-1]) + "\n\n")
        sys.stdout.flush()
    startup = bench_startup(tools, options.timeout)
    sys.stdout.write(targets_table(reports, startup) + "\n")
    elapsed = time.perf_counter() - started
    sys.stdout.write(f"\nwhole run: {elapsed:.0f} s on {os.cpu_count()} CPUs\n")
    if options.json is not None:
        save_json(options.json, reports, startup, elapsed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
