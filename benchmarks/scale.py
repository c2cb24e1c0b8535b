"""Scale (issue 8, item 6): a generated tree of 5,000 Python modules (about 200,000 lines),
reviewed by the real `review` command in a subprocess; prints the wall time and the peak
resident memory of the review and of the tools it ran.

Not a test (tests/robustness/test_scale.py runs the same generator at 200 files).

    python benchmarks/scale.py                       # 5,000 files, no cache, then warm cache
    python benchmarks/scale.py --files 1000 --keep   # keep the tree to look at it
    python benchmarks/scale.py --no-warm --args --category security

The modules look like an ordinary service codebase: packages of 100 modules, each importing
an earlier one (so mypy follows real imports), dataclasses, a service class, a loop, a
configuration read; every 10th has SQL built with `%`, every 7th a bare except, every 13th a
function too complex, every 100th a 300-line literal table. Peak memory is read with
`getrusage(RUSAGE_CHILDREN)`, the largest resident set of any process waited for: the
review itself or one of its tools, whichever was larger.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PACKAGE_SIZE = 100


def module_text(index: int) -> str:
    """One generated module of about 40 lines; which problems it has depends on its index."""
    earlier = index - 1 - (index * 7919) % max(index, 1) if index else None
    lines = [
        f'"""Orders of region {index % 17}, batch {index}."""',
        "",
        "from __future__ import annotations",
        "",
        "import os",
        "from dataclasses import dataclass",
        "",
    ]
    if earlier is not None and earlier >= 0:
        lines += [f"from app.p{earlier // PACKAGE_SIZE}.m{earlier} import scaled_{earlier}", ""]
    lines += [
        "",
        "@dataclass(frozen=True)",
        f"class Order{index}:",
        '    """One order."""',
        "",
        "    id: int",
        "    total: float",
        "",
        "",
        f"def scaled_{index}(value: int) -> int:",
        '    """The value, scaled for this region."""',
        f"    if value > {index % 50 + 1}:",
        "        return value * 2",
    ]
    if earlier is not None and earlier >= 0:
        lines.append(f"    return scaled_{earlier}(value + 1) - 1")
    else:
        lines.append("    return value + 1")
    lines += ["", "", f"class OrderService{index}:", '    """Finds and totals orders."""', ""]
    lines += [
        "    def __init__(self, db) -> None:",
        "        self.db = db",
        '        self.region = os.environ.get("REGION", "eu")',
        "",
        f"    def totals(self, orders: list[Order{index}]) -> float:",
        '        """The sum of the totals."""',
        "        result = 0.0",
        "        for order in orders:",
        "            result += order.total",
        "        return result",
    ]
    lines += _problems(index)
    return "\n".join(lines) + "\n"


def _problems(index: int) -> list[str]:
    extra: list[str] = []
    if index % 10 == 0:
        extra += [
            "",
            "    def find(self, name):",
            "        query = \"SELECT * FROM orders WHERE name = '%s'\" % name",
            "        return self.db.execute(query)",
        ]
    if index % 7 == 0:
        extra += [
            "",
            "    def load(self, path: str) -> str:",
            "        try:",
            "            with open(path) as handle:",
            "                return handle.read()",
            "        except:",
            '            return ""',
        ]
    if index % 13 == 0:
        branches = [f"        if code == {n}:\n            return {n * 3}" for n in range(14)]
        extra += ["", "    def classify(self, code: int) -> int:", *branches, "        return -1"]
    if index % 100 == 0:
        rows = [f'    "key{n}": ({n}, "value {n}"),' for n in range(300)]
        extra += ["", "", "TABLE = {", *rows, "}"]
    return extra


@dataclass(frozen=True)
class Tree:
    root: Path
    files: int
    lines: int


def generate(root: Path, files: int) -> Tree:
    """Write `files` modules under root/app in packages of PACKAGE_SIZE, with a pyproject."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'generated'\n", encoding="utf-8")
    lines = 0
    for index in range(files):
        package = root / "app" / f"p{index // PACKAGE_SIZE}"
        if index % PACKAGE_SIZE == 0:
            package.mkdir(parents=True, exist_ok=True)
            (package / "__init__.py").write_text("", encoding="utf-8")
        text = module_text(index)
        (package / f"m{index}.py").write_text(text, encoding="utf-8")
        lines += text.count("\n")
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    return Tree(root, files, lines)


@dataclass(frozen=True)
class Outcome:
    code: int
    seconds: float
    peak_rss_mib: float
    files: int
    lines: int
    comments: int
    places: int
    errors: list[dict[str, str]]


# Runs one command and reports its peak: RUSAGE_CHILDREN of a fresh process covers exactly
# that command and every process it waited for, so runs do not inherit each other's peak.
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "seconds": seconds, "peak_kib": peak}))
"""


def review(tree: Tree, args: Sequence[str] = (), cache: bool = False) -> Outcome:
    """Run `review` on the tree in a subprocess and measure it."""
    report = tree.root.parent / "report.json"
    command = [sys.executable, "-m", "reviewer", ".", "--format", "json", "--output", str(report)]
    command += [] if cache else ["--no-cache"]
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed argument list
        [sys.executable, "-c", MEASURE, *command, *args],
        cwd=tree.root,
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(done.stdout)
    if measured["code"] not in (0, 1, 3):
        raise SystemExit(f"review exited with {measured['code']}: {done.stderr.strip()}")
    seconds, peak = measured["seconds"], measured["peak_kib"] / 1024
    code = measured["code"]
    data = json.loads(report.read_text(encoding="utf-8"))
    return Outcome(
        code=code,
        seconds=seconds,
        peak_rss_mib=peak,
        files=data["summary"]["files"],
        lines=data["summary"]["lines"],
        comments=len(data["comments"]),
        places=sum(len(c["locations"]) for c in data["comments"]),
        errors=data["errors"],
    )


def show(label: str, outcome: Outcome) -> None:
    print(
        f"{label}: {outcome.seconds:.1f} s wall, peak RSS {outcome.peak_rss_mib:.0f} MiB, "
        f"exit {outcome.code}; {outcome.files} files, {outcome.lines} lines, "
        f"{outcome.comments} comments at {outcome.places} places, {len(outcome.errors)} errors"
    )
    for error in outcome.errors[:10]:
        print(f"  error: {error['path'] or '(run)'} {error['analyzer']}: {error['message']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the generated tree")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm-cache run")
    parser.add_argument("--args", nargs=argparse.REMAINDER, default=[], help="more review options")
    options = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="review-scale-"))
    try:
        tree = generate(folder / "tree", options.files)
        print(f"generated {tree.files} files, {tree.lines} lines in {tree.root}")
        show("cold, no cache", review(tree, options.args))
        if not options.no_warm:
            show("first run with the cache", review(tree, options.args, cache=True))
            show("second run, warm cache", review(tree, options.args, cache=True))
    finally:
        if options.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
