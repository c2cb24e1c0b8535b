"""git, for real: which lines a change adds, against a base or in the index."""

from __future__ import annotations

import functools
import os
import re
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.runtime.paths import display_path, printable_path

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")
_ESCAPE = re.compile(rb"\\([0-7]{3}|.)", re.DOTALL)
_ESCAPED = {
    b"a": b"\a",
    b"b": b"\b",
    b"t": b"\t",
    b"n": b"\n",
    b"v": b"\v",
    b"f": b"\f",
    b"r": b"\r",
}
# Settings of the user's or the repository's that change what git prints (prefixes, colour,
# quoting, hunks merged with the lines between them, paths relative to a folder) or make it
# run a program (a file-system monitor), pinned to what the parsing below expects.
PINNED = (
    *("-c", "core.quotepath=off", "-c", "core.fsmonitor=false", "-c", "color.ui=never"),
    *("-c", "color.diff=never", "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false"),
    *("-c", "diff.relative=false", "-c", "diff.interHunkContext=0", "-c", "diff.external="),
)
# git diff's own flags to the same end: no external diff, no textconv filter, fixed prefixes.
DIFF_FLAGS = ("--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/")


@dataclass(frozen=True)
class ChangeSet:
    """Added line numbers by display path; a path mapped to None was added whole (untracked)."""

    lines: Mapping[str, frozenset[int] | None]

    def touches(self, path: str, first: int, last: int, context: int = 0) -> bool:
        """True when a line of first..last lies within `context` lines of an added line."""
        if path not in self.lines:
            return False
        added = self.lines[path]
        if added is None:
            return True
        return any(first - context <= n <= last + context for n in added)


def git(args: Sequence[str], cwd: Path | None = None) -> str:
    """Run git without a shell; a failure is a one-line UsageError."""
    return os.fsdecode(git_bytes(args, cwd))


def git_bytes(args: Sequence[str], cwd: Path | None = None, given: bytes = b"") -> bytes:
    """git's standard output as bytes, `given` on its standard input; a failure (or no git)
    is a one-line UsageError."""
    try:
        # A fixed argument list without a shell; git is found on PATH like any git tool.
        done = subprocess.run(  # noqa: S603  # nosec B603, B607
            ["git", *PINNED, *args],  # noqa: S607
            cwd=cwd,
            input=given,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise UsageError("git is not installed, and --diff/--staged need it") from error
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        first = (stderr.strip().splitlines() or ["failed"])[0]
        raise UsageError(f"git {args[0]}: {first}")
    return done.stdout


def repository_root(cwd: Path | None = None) -> Path:
    """The top of the work tree, or a UsageError saying this is not a git repository."""
    try:
        return Path(git(["rev-parse", "--show-toplevel"], cwd).strip())
    except UsageError as error:
        raise UsageError(f"--diff and --staged need a git repository ({error})") from None


def work_tree_root(cwd: Path | None = None) -> Path:
    """The top of the git work tree around the working directory, else the working directory."""
    return _work_tree_root((cwd or Path.cwd()).resolve())


@functools.lru_cache(maxsize=8)
def _work_tree_root(here: Path) -> Path:
    try:
        top = git(["rev-parse", "--show-toplevel"], here).strip()
    except UsageError:
        return here
    return Path(top).resolve() if top else here


def repository_path(path: str, root: Path | None = None) -> str:
    """POSIX path below the repository root (symlinks resolved), else the absolute path."""
    return _repository_path(os.path.abspath(path), root or work_tree_root())


@functools.lru_cache(maxsize=8192)
def _repository_path(absolute: str, root: Path) -> str:
    resolved = Path(absolute).resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return resolved.as_posix()


def has_commits(root: Path) -> bool:
    try:
        git(["rev-parse", "--verify", "--quiet", "HEAD"], root)
    except UsageError:
        return False
    return True


def default_base(root: Path) -> str:
    """The merge base with the default branch, else HEAD, else the empty tree."""
    if not has_commits(root):
        return EMPTY_TREE
    for branch in DEFAULT_BRANCHES:
        try:
            return git(["merge-base", "HEAD", branch], root).strip()
        except UsageError:
            continue
    return "HEAD"


def commit_named(ref: str, root: Path) -> str:
    """The commit a user's `--diff REF` names, as its id; a ref that starts with `-` (git
    would take it for an option) or names no commit is a one-line UsageError."""
    if ref.startswith("-"):
        raise UsageError(f"--diff {ref}: a ref may not start with '-'")
    try:
        return git(["rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}"], root).strip()
    except UsageError:
        raise UsageError(f"--diff {ref}: no such commit in this repository") from None


def changed_lines(base: str | None, staged: bool, cwd: Path | None = None) -> ChangeSet:
    """Lines added by the working tree (or the index) against base; untracked files whole."""
    root = repository_root(cwd)
    if staged:
        against = ["--cached"] if has_commits(root) else ["--cached", EMPTY_TREE]
    else:
        against = [commit_named(base, root) if base else default_base(root)]
    diff = git(["diff", *DIFF_FLAGS, "--unified=0", "-M", *against, "--"], root)
    lines: dict[str, frozenset[int] | None] = {}
    for path, added in parse_diff(diff).items():
        lines[_shown(root / path)] = added
    if not staged:
        for path in git(["ls-files", "--others", "--exclude-standard", "-z"], root).split("\0"):
            if path:
                lines[_shown(root / path)] = None
    return ChangeSet(lines)


def _shown(path: Path) -> str:
    """The path as discovery shows it: a name that is not UTF-8 with `\\xe9` escapes."""
    return printable_path(display_path(path))


def parse_diff(diff: str) -> dict[str, frozenset[int]]:
    """Added line numbers of every file a unified diff (with -U0) adds to or creates."""
    found: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            path = _diff_path(line[4:])
            current = None if path is None else found.setdefault(path, set())
            continue
        hunk = _HUNK.match(line)
        if hunk and current is not None:
            start, count = int(hunk["start"]), int(hunk["count"] or 1)
            current.update(range(start, start + count))
    return {path: frozenset(added) for path, added in found.items()}


def _diff_path(raw: str) -> str | None:
    """`b/dir/name` to `dir/name`; None for /dev/null (a deleted file)."""
    text = raw.rstrip("\t")
    if text == "/dev/null":
        return None
    if text.startswith('"') and text.endswith('"'):
        text = _unquote(text[1:-1])
    return text[2:] if text.startswith("b/") else text


def _unquote(text: str) -> str:
    """git's C-style quoting of unusual path names undone, to the name's exact bytes (held
    as Python holds file names: bytes that are not UTF-8 as lone surrogates)."""
    raw = os.fsencode(text)
    return os.fsdecode(_ESCAPE.sub(lambda m: _unescaped(m.group(1)), raw))


def _unescaped(code: bytes) -> bytes:
    if len(code) == 3:
        return bytes([int(code, 8)])
    return _ESCAPED.get(code, code)


def staged_blobs(root: Path) -> dict[str, bytes]:
    """The bytes the index holds for each regular file it adds or changes, by path below
    the repository's top (names exactly as the file system has them)."""
    against = [] if has_commits(root) else [EMPTY_TREE]
    raw = git_bytes(["diff", "--cached", "--raw", "-z", "--no-abbrev", "-M", *against], root)
    wanted = dict(_staged_entries(raw.split(b"\0")))
    if not wanted:
        return {}
    ids = sorted(set(wanted.values()))
    batch = git_bytes(["cat-file", "--batch"], root, "".join(f"{i}\n" for i in ids).encode())
    contents = _batch_contents(batch)
    return {path: contents[blob] for path, blob in wanted.items()}


def _staged_entries(fields: list[bytes]) -> Iterator[tuple[str, str]]:
    """(path, blob id) of each regular file in `git diff --raw -z` that is not deleted."""
    index = 0
    while index < len(fields) and fields[index].startswith(b":"):
        _, mode, _, blob, status = fields[index].decode().split()
        names = 2 if status[0] in "RC" else 1
        path = os.fsdecode(fields[index + names])
        if status != "D" and mode.startswith("100"):
            yield path, blob
        index += names + 1


def _batch_contents(batch: bytes) -> dict[str, bytes]:
    """Each object's bytes from `git cat-file --batch` output, by its id."""
    contents: dict[str, bytes] = {}
    at = 0
    while at < len(batch):
        end = batch.index(b"\n", at)
        blob, _kind, size = batch[at:end].decode().split()
        start = end + 1
        contents[blob] = batch[start : start + int(size)]
        at = start + int(size) + 1
    return contents
