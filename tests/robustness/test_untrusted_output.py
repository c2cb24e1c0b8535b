"""Issue 13 ("Untrusted trees"), items 4, 24 (output, init, baseline) and 25: where the review
goes, and the files `review init` and `review baseline` read and write.

`--output` naming a device, a FIFO or one of the process's own descriptors (`/dev/stdout`,
`/dev/fd/N` from `>(cmd)`) is written into, never replaced by a regular file: atomic
replacement is for regular files. A link at the output name is followed only when it ends at
a FIFO or a socket, or when it is one of the system's own links (`/dev/stdout`, `/dev/fd/N`,
`/proc/self/fd/N`); any other link is replaced, as tests/robustness/test_tool_security.py says.

These tests never aim `review` at the machine's own /dev entries: a regression would replace
/dev/null or /dev/stdout for every process on the machine. They use exact private copies
instead: a character device made with mknod (major 1, minor 3 is /dev/null, 1/7 /dev/full)
and a link to /proc/self/fd/1, both in tmp_path. Without the privilege to mknod, the real
/dev/null is used: a process that cannot mknod cannot replace it either."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer.cli import main
from tests.helpers import write

# One nit (unused import): the review has something to say but exits 0 at --fail-on major.
APP = "import os\n"
# Where the review goes does not depend on which analyzers wrote it: ruff alone is quickest.
QUICK = '[tool.reviewer]\ndisable = ["mypy", "bandit", "radon", "design", "php"]\n'


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def review(cwd: Path, *args: str, stdout: int | None = subprocess.PIPE) -> Run:
    """The real command in its own process, standard output where the test says."""
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    return Run(done.returncode, done.stdout or "", done.stderr)


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Path]:
    """tmp/work holding app.py (and settings), the current folder for in-process runs."""
    work = tmp_path / "work"
    write(work, "app.py", APP)
    write(work, "pyproject.toml", QUICK)
    old = Path.cwd()
    os.chdir(work)
    try:
        yield work
    finally:
        os.chdir(old)


def device(folder: Path, name: str, minor: int) -> Path:
    """A private copy of a memory device (3: null, 7: full), or the real one without mknod."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        return Path("/dev") / name
    return path


# ---------------------------------------------------------------- item 4: devices and pipes


def test_output_to_a_null_device_leaves_it_a_device(tree: Path) -> None:
    null = device(tree.parent, "null", 3)
    assert main(["--no-cache", "app.py", "--output", str(null)]) == 0
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert not [name for name in os.listdir(null.parent) if name.endswith(".tmp")]


def test_output_to_a_full_device_is_one_line(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = device(tree.parent, "full", 7)
    assert main(["--no-cache", "app.py", "--output", str(full)]) == 2
    assert (
        capsys.readouterr().err == f"review: error: cannot write {full}: No space left on device\n"
    )
    assert stat.S_ISCHR(full.lstat().st_mode)


@pytest.mark.parametrize("into", ["pipe", "file"])
def test_output_to_stdout_by_its_link_puts_the_review_there(tree: Path, into: str) -> None:
    """`-o /dev/stdout`, with the link copied into tmp_path: the review goes where standard
    output goes (a pipe or a file the caller opened) and the link stays a link."""
    link = tree.parent / "stdout"
    link.symlink_to("/proc/self/fd/1")
    if into == "pipe":
        run = review(tree, "--no-cache", "app.py", "-o", str(link))
        text = run.out
    else:
        with (tree.parent / "captured.txt").open("w") as sink:
            run = review(tree, "--no-cache", "app.py", "-o", str(link), stdout=sink.fileno())
        text = (tree.parent / "captured.txt").read_text()
    assert (run.code, run.err) == (0, "")
    assert "app.py" in text and "unused" in text.lower()
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_output_to_a_fifo_reaches_its_reader_and_stays_a_fifo(tree: Path) -> None:
    fifo = tree.parent / "review.fifo"
    os.mkfifo(fifo)
    received = tree.parent / "received.txt"
    with received.open("w") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
    try:
        run = review(tree, "--no-cache", "app.py", "-o", str(fifo))
        reader.wait(timeout=20)
    finally:
        reader.kill()
        reader.wait()
    assert (run.code, run.err) == (0, "")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert "app.py" in received.read_text()


def test_a_link_to_a_fifo_is_followed_and_stays_a_link(tree: Path) -> None:
    fifo = tree.parent / "review.fifo"
    os.mkfifo(fifo)
    (tree / "report.txt").symlink_to(fifo)
    received = tree.parent / "received.txt"
    with received.open("w") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
    try:
        run = review(tree, "--no-cache", "app.py", "-o", "report.txt")
        reader.wait(timeout=20)
    finally:
        reader.kill()
        reader.wait()
    assert (run.code, run.err) == (0, "")
    assert (tree / "report.txt").is_symlink() and "app.py" in received.read_text()


def test_a_link_to_another_process_pipe_is_replaced(tree: Path) -> None:
    """A link planted at the output name that leads to another process's pipe through /proc
    is replaced like any link: the review is never injected into someone else's input."""
    other = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        (tree / "report.txt").symlink_to(f"/proc/{other.pid}/fd/0")
        assert main(["--no-cache", "app.py", "--output", "report.txt"]) == 0
        injected = other.communicate(timeout=20)[0]  # closes its input: cat ends
    finally:
        other.kill()
        other.wait()
    assert injected == b""
    assert not (tree / "report.txt").is_symlink()
    assert "app.py" in (tree / "report.txt").read_text()


def test_process_substitution_gets_the_review(tree: Path) -> None:
    script = f'"{sys.executable}" -m reviewer --no-cache app.py -o >(cat > out.txt); wait $!'
    done = subprocess.run(
        ["bash", "-c", script], cwd=tree, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "app.py" in (tree / "out.txt").read_text()


# ---------------------------------------------------------------- item 24: standard output


def test_standard_output_full_is_one_line_and_exit_2(tree: Path) -> None:
    with open("/dev/full", "w") as full:  # opened for writing only; /dev/full is not replaced
        run = review(tree, "--no-cache", "app.py", stdout=full.fileno())
    assert run.err == (
        "review: error: cannot write the review to standard output: No space left on device\n"
    )
    assert run.code == 2


@pytest.mark.parametrize(("source", "verdict"), [(APP, 0), ("eval(input())\n", 1)])
def test_a_reader_that_leaves_early_ends_the_run_quietly(
    tree: Path, source: str, verdict: int
) -> None:
    """`review | head -1` with head already gone: no 'Exception ignored ... BrokenPipeError',
    and the exit code is the review's verdict (0 clean, 1 a comment at --fail-on), not an
    error: the reader chose to stop reading, like ruff and ripgrep treat it."""
    (tree / "app.py").write_text(source)
    readable, writable = os.pipe()
    os.close(readable)
    try:
        run = review(tree, "--no-cache", "app.py", stdout=writable)
    finally:
        os.close(writable)
    assert (run.code, run.err) == (verdict, "")


def test_review_piped_into_head_ends_quietly(tree: Path) -> None:
    """A review far longer than a pipe's buffer (200 kB of JSON), cut short by `head -1`."""
    (tree / "app.py").write_text("".join(f"import m{n}\n" for n in range(2000)))
    review = f'"{sys.executable}" -m reviewer --no-cache app.py --format json'
    script = f"set -o pipefail; {review} | head -1"
    done = subprocess.run(
        ["bash", "-c", script], cwd=tree, capture_output=True, text=True, timeout=120
    )
    assert done.stderr == "" and done.returncode == 0
    assert len(done.stdout.splitlines()) == 1


# ---------------------------------------------------------------- item 24: init


def test_init_where_the_folder_is_gone_is_one_line(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m reviewer init'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stderr == (
        "review: error: cannot write .reviewer.toml: No such file or directory\n"
    )
    assert (done.returncode, done.stdout) == (2, "")


def test_init_in_a_read_only_folder_is_one_line(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.chmod(0o555)
    try:
        if os.access(tree, os.W_OK):
            pytest.skip("this user writes into read-only folders (root); see the test above")
        code = main(["init"])
    finally:
        tree.chmod(0o755)
    assert capsys.readouterr().err == (
        "review: error: cannot write .reviewer.toml: Permission denied\n"
    )
    assert code == 2


def test_init_does_not_follow_a_link_planted_at_its_name(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tree.parent / "victim.txt"
    (tree / ".reviewer.toml").symlink_to(victim)
    assert main(["init"]) == 2
    assert not victim.exists()
    assert capsys.readouterr().err == (
        "review: error: .reviewer.toml already exists; it was left as it is\n"
    )


# ---------------------------------------------------------------- item 24: the baseline


def baseline_error(tree: Path, capsys: pytest.CaptureFixture[str], name: str) -> str:
    started = time.monotonic()
    code = main(["--no-cache", "app.py", "--baseline", name])
    assert code == 2 and time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_a_deeply_nested_baseline_is_one_line(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "deep.json").write_text("[" * 100_000)
    assert baseline_error(tree, capsys, "deep.json") == (
        "review: error: baseline deep.json is not a review baseline: "
        "it nests deeper than a JSON reader can follow\n"
    )


def test_a_device_as_baseline_is_one_line_and_quick(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert baseline_error(tree, capsys, "/dev/zero") == (
        "review: error: baseline /dev/zero is not a review baseline: it is not a regular file\n"
    )


def test_a_huge_baseline_is_one_line_and_quick(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (tree / "huge.json").open("wb") as huge:
        huge.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used
    assert baseline_error(tree, capsys, "huge.json") == (
        "review: error: baseline huge.json is not a review baseline: it is larger than 64 MiB\n"
    )


def test_an_endless_piped_baseline_is_one_line(tree: Path) -> None:
    """`--baseline <(yes)`: a pipe is read, but never past the cap."""
    script = f'"{sys.executable}" -m reviewer --no-cache app.py --baseline <(yes)'
    done = subprocess.run(
        ["bash", "-c", script], cwd=tree, capture_output=True, text=True, timeout=60
    )
    assert done.stderr.endswith("is not a review baseline: it is larger than 64 MiB\n")
    assert done.stderr.count("\n") == 1 and done.returncode == 2


# ---------------------------------------------------------------- item 25: baseline -o


@pytest.mark.parametrize(("paths", "output"), [(["app.py"], "app.py"), ([], "./app.py")])
def test_baseline_over_a_reviewed_file_is_refused(
    tree: Path, capsys: pytest.CaptureFixture[str], paths: list[str], output: str
) -> None:
    before = (tree / "app.py").read_bytes()
    code = main(["baseline", *paths, "-o", output])
    assert (tree / "app.py").read_bytes() == before
    assert capsys.readouterr().err == (
        "review: error: --output app.py is a file under review; write the baseline elsewhere\n"
    )
    assert code == 2
