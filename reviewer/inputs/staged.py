"""`--staged` reviews what is staged, not what the work tree holds: the run moves into a
stand-in for the work tree in which each staged file holds the index's bytes and every other
entry is a symbolic link to the work tree's. Every analyzer, the suppressions and the
excerpts then read the staged content under the same relative paths and line numbers, and
the work tree itself is never written."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reviewer.config.options import ReviewConfig
from reviewer.inputs.scope import Scope
from reviewer.inputs.vcs import ChangeSet, git, repository_root, staged_blobs


@dataclass(frozen=True)
class StandIn:
    """Where the repository's top is, and where its stand-in is."""

    real: Path
    copy: Path

    def of(self, path: Path) -> Path:
        """The stand-in's counterpart of a path below the repository's top, else the path."""
        try:
            return self.copy / path.resolve().relative_to(self.real)
        except ValueError:
            return path


@contextmanager
def staged_tree(config: ReviewConfig, scope: Scope) -> Iterator[tuple[ReviewConfig, Scope]]:
    """With --staged: the run inside the stand-in (paths that were absolute, the output and
    the cache made to point where they did); otherwise the run as it is."""
    if not config.staged:
        yield config, scope
        return
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="review-staged-") as folder:
        tree = StandIn(repository_root(here), Path(folder).resolve())
        build(tree, staged_blobs(tree.real), tree.of(here))
        os.chdir(tree.of(here))
        try:
            yield moved(config, tree, here), dataclasses.replace(scope, changes=_moved(scope, tree))
        finally:
            os.chdir(here)


def build(tree: StandIn, blobs: dict[str, bytes], cwd: Path) -> None:
    """Folders down to each staged file and to the working directory, the staged bytes in
    files, links to the work tree for the rest, and a `.git` file naming the real
    repository, so that git finds the top here (and mypy stops looking for settings)."""
    for relative, data in blobs.items():
        target = tree.copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    cwd.mkdir(parents=True, exist_ok=True)
    gitdir = git(["rev-parse", "--absolute-git-dir"], tree.real).strip()
    (tree.copy / ".git").write_text(f"gitdir: {gitdir}\n", encoding="utf-8")
    for folder in _made_folders(tree.copy):
        _link_the_rest(tree, folder)


def _made_folders(top: Path) -> Iterable[Path]:
    return [Path(folder) for folder, _, _ in os.walk(top)]


def _link_the_rest(tree: StandIn, folder: Path) -> None:
    """Link each entry of the real folder that the stand-in's folder does not hold yet."""
    real = tree.real / folder.relative_to(tree.copy)
    try:
        names = os.listdir(real)
    except OSError:
        return  # a folder only the index has: nothing to link
    for name in names:
        if not os.path.lexists(folder / name):
            os.symlink(real / name, folder / name)


def moved(config: ReviewConfig, tree: StandIn, here: Path) -> ReviewConfig:
    """The configuration with its paths pointing where they did before the move."""
    return dataclasses.replace(
        config,
        paths=tuple(str(tree.of(Path(p))) if Path(p).is_absolute() else p for p in config.paths),
        output=str(here / config.output) if config.output else None,
        cache_dir=str(here / config.cache_dir) if config.cache_dir else None,
    )


def _moved(scope: Scope, tree: StandIn) -> ChangeSet | None:
    """The change set with absolute paths (files above the working directory) moved too."""
    if scope.changes is None:
        return None
    lines = scope.changes.lines.items()
    return ChangeSet({_moved_path(path, tree): added for path, added in lines})


def _moved_path(path: str, tree: StandIn) -> str:
    return str(tree.of(Path(path))) if os.path.isabs(path) else path
