"""The pre-commit hook's entry: `python -m reviewer.cli.hook [REVIEW OPTIONS] FILES...`.

pre-commit runs `entry + args + file names`, and a user's `args:` replace the hook's own, so
a `--` in them cannot be relied on. This entry reads review's options itself and takes
everything from the first word that is not one (or after `--`) as a file name, then calls
review with `[*options, "--", *files]`: a staged `-x.py` is a file, not an option.

What it comments on: in a commit (every file it is given is staged), the lines the commit
adds (`--staged`), so that old code in a touched file does not block it; with pre-commit's
`--from-ref` (and at the pre-push stage), the lines added since that commit (`--diff`);
`args: [--diff-mode, file]` widens either to the whole of each changed file. Given files
that are not all staged (`pre-commit run --all-files`, or `--files`), it reviews them whole,
as ruff's hook does. A user's own `--staged` or `--diff` is left as it is."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reviewer.cli import main as review
from reviewer.errors import ReviewError
from reviewer.inputs.vcs import EMPTY_TREE, git_bytes, has_commits, repository_root

# review's options that take a value; the others it knows are flags.
VALUED = frozenset(
    {"--format", "-f", "--output", "-o", "--fail-on", "--max-comments", "--category", "-c"}
    | {"--voice", "--exclude", "--config", "--diff-mode", "--context", "--baseline"}
    | {"--cache-dir"}
)
FLAGS = frozenset({"--color", "--no-color", "--staged", "--diff", "--no-baseline", "--no-cache"})
# Options that already say what to compare against: the hook adds no `--staged` of its own.
SCOPING = frozenset({"--staged", "--diff"})


def split_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """review's options, and the file names after them."""
    options: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--":
            return options, list(argv[index + 1 :])
        name = word.split("=", 1)[0]
        takes_value = word in VALUED
        if not (takes_value or word in FLAGS or (name != word and name in VALUED | FLAGS)):
            break
        options.extend(argv[index : index + 1 + takes_value])
        index += 1 + takes_value
    return options, list(argv[index:])


def scoped(options: Sequence[str], files: Sequence[str]) -> list[str]:
    """The options with what to compare against added, unless the user's options choose:
    the commits pre-commit names (`--from-ref`, the pre-push stage), else the index when
    this is a commit of the given files, else nothing (the files whole)."""
    chosen = any(word.split("=", 1)[0] in SCOPING for word in options)
    if chosen or not files:
        return list(options)
    base = os.environ.get("PRE_COMMIT_FROM_REF")
    if base:  # review refuses a ref that is not a commit, or that starts with `-`
        return [f"--diff={base}", *options]
    return ["--staged", *options] if _all_staged(files) else list(options)


def _all_staged(files: Sequence[str]) -> bool:
    """True when the index changes every one of the files (pre-commit names them relative to
    the repository's top, where it runs its hooks)."""
    try:
        staged = staged_names(Path.cwd())
    except ReviewError:
        return False
    return all(Path(name) in staged for name in files)


def staged_names(cwd: Path) -> frozenset[Path]:
    """The paths, relative to the repository's top, of the files the index adds or changes."""
    root = repository_root(cwd)
    against = [] if has_commits(root) else [EMPTY_TREE]
    raw = git_bytes(["diff", "--cached", "--name-only", "--no-renames", "-z", *against], root)
    return frozenset(Path(os.fsdecode(name)) for name in raw.split(b"\0") if name)


def main(argv: Sequence[str] | None = None) -> int:
    """Review the files pre-commit names, with the options before them."""
    options, files = split_arguments(sys.argv[1:] if argv is None else argv)
    return review([*scoped(options, files), "--", *files])


if __name__ == "__main__":
    sys.exit(main())
