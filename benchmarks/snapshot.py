"""Write `review`'s reports on fixed trees so a refactor can show it changed nothing (issue 15).

Not a test. Reviews each tree in JSON cold (an empty cache), warm (the same cache again) and with
`--no-cache`, then warm in every other format, and writes each report (with the exit code and
stderr after it) to OUT/<tree>/<mode>.<format>. Run it before and after a change and compare the
two folders with `diff -r -x .work`: a refactor leaves them byte-identical; any difference is a
change of behaviour to list.

    .venv/bin/python benchmarks/snapshot.py --out /tmp/before sample_projects/orders_api ...
    .venv/bin/python benchmarks/snapshot.py --out /tmp/after  sample_projects/orders_api ...
    diff -r -x .work /tmp/before /tmp/after

Each tree gets its own cache folder and XDG cache home under OUT/.work, apart from other runs.
Standard library only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

MODES = ("cold", "warm", "no-cache")
FORMATS = ("sarif", "markdown", "html", "text", "concise", "github", "gitlab")


def review(tree: Path, mode: str, fmt: str, work: Path) -> bytes:
    """One report on TREE, run from the tree's folder so the paths in it are relative."""
    command = [sys.executable, "-m", "reviewer", ".", "-f", fmt, "--no-color"]
    command += ["--no-cache"] if mode == "no-cache" else ["--cache-dir", str(work / "cache")]
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg"), "NO_COLOR": "1"}
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, check=False)  # noqa: S603
    return done.stdout + f"\n[exit {done.returncode}]\n".encode() + done.stderr


def snapshot(tree: Path, out: Path) -> None:
    folder = out / tree.name
    work = out / ".work" / tree.name
    folder.mkdir(parents=True, exist_ok=True)
    runs = [(mode, "json") for mode in MODES] + [("warm", fmt) for fmt in FORMATS]
    for mode, fmt in runs:
        (folder / f"{mode}.{fmt}").write_bytes(review(tree, mode, fmt, work))
        print(f"{tree.name}: {mode} {fmt}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("trees", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for tree in args.trees:
        snapshot(tree.resolve(), args.out.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
