"""The pre-commit hook's entry: `python -m reviewer.hook [REVIEW OPTIONS] FILES...`.

pre-commit runs `entry + args + file names`, and a user's `args:` replace the hook's own, so
a `--` in them cannot be relied on. This entry reads review's options itself and takes
everything from the first word that is not one (or after `--`) as a file name, then calls
review with `[*options, "--", *files]`: a staged `-x.py` is a file, not an option."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from reviewer.cli import main as review

# review's options that take a value; the others it knows are flags.
VALUED = frozenset(
    {"--format", "-f", "--output", "-o", "--fail-on", "--max-comments", "--category", "-c"}
    | {"--voice", "--exclude", "--config", "--diff-mode", "--context", "--baseline"}
    | {"--cache-dir"}
)
FLAGS = frozenset({"--color", "--no-color", "--staged", "--diff", "--no-baseline", "--no-cache"})


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


def main(argv: Sequence[str] | None = None) -> int:
    """Review the files pre-commit names, with the options before them."""
    options, files = split_arguments(sys.argv[1:] if argv is None else argv)
    return review([*options, "--", *files])


if __name__ == "__main__":
    sys.exit(main())
