"""Throughput of the PHP analyzer on real PHP: files per second, lines per second, findings.

Not a test. With no argument it builds a corpus from Debian's PHP packages (`apt-get download`
and `dpkg-deb -x` into a temporary folder, removed afterwards); with a folder it reviews the
`.php` files below that folder instead.

    python benchmarks/php_throughput.py                  # Debian packages, best of 3 runs
    python benchmarks/php_throughput.py path/to/php --repeat 5
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult

PACKAGES = (
    "php-laravel-framework",
    "php-illuminate-database",
    "php-illuminate-support",
    "php-illuminate-http",
    "php-illuminate-routing",
    "php-illuminate-validation",
    "php-illuminate-queue",
    "php-symfony-console",
    "php-symfony-http-foundation",
    "php-doctrine-dbal",
)
MIN_FILES = 500


@dataclass(frozen=True)
class Corpus:
    """The PHP files to analyze, with their total lines and bytes."""

    files: tuple[SourceFile, ...]
    lines: int
    size: int


@dataclass(frozen=True)
class Timing:
    """One run of the analyzer over the corpus."""

    seconds: float
    result: AnalyzerResult


def fetch_debian_packages(packages: Sequence[str], folder: Path) -> Path:
    """Download the packages with apt and unpack them below `folder/root`."""
    debs = folder / "debs"
    root = folder / "root"
    debs.mkdir()
    root.mkdir()
    run([tool("apt-get"), "download", *packages], cwd=debs)
    for deb in sorted(debs.glob("*.deb")):
        run([tool("dpkg-deb"), "-x", str(deb), str(root)], cwd=folder)
    return root


def tool(name: str) -> str:
    """The absolute path of a Debian tool, or SystemExit saying it is missing."""
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed; pass a folder of .php files instead")
    return found


def run(args: list[str], cwd: Path) -> None:
    """Run a Debian tool and fail loudly when it fails."""
    # A fixed argument list, no shell: package names are passed as separate arguments.
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)  # noqa: S603


def corpus(root: Path) -> Corpus:
    """Every `.php` file below a folder, with its line and byte counts."""
    paths = sorted(p for p in root.rglob("*.php") if p.is_file())
    data = [p.read_bytes() for p in paths]
    lines = sum(chunk.count(b"\n") for chunk in data)
    return Corpus(tuple(SourceFile(str(p), "php") for p in paths), lines, sum(map(len, data)))


def measure(files: Sequence[SourceFile], repeat: int) -> list[Timing]:
    """Run the analyzer over the files `repeat` times; the first run includes start-up."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = PhpAnalyzer().run(files)
        timings.append(Timing(time.perf_counter() - started, result))
    return timings


def report(found: Corpus, timings: Sequence[Timing], source: str) -> str:
    """The figures, one per line."""
    best = min(timings, key=lambda t: t.seconds)
    first = timings[0]
    codes = Counter(f.code for f in best.result.findings)
    top = ", ".join(f"{code} {count}" for code, count in codes.most_common(8))
    return "\n".join(
        [
            f"corpus: {source}",
            f"files: {len(found.files)}   lines: {found.lines}   bytes: {found.size}",
            f"first run: {first.seconds:.2f} s   best of {len(timings)}: {best.seconds:.2f} s",
            f"files/second: {len(found.files) / best.seconds:.0f}",
            f"lines/second: {found.lines / best.seconds:.0f}",
            f"findings: {len(best.result.findings)}   files not parsed: {len(best.result.errors)}",
            f"most frequent codes: {top}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build or read the corpus, time the analyzer, write the figures to standard output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="review this folder's .php files")
    parser.add_argument("--repeat", type=int, default=3, help="runs to time (best is shown)")
    parser.add_argument("--packages", nargs="+", default=list(PACKAGES), help="Debian packages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="php-bench-") as scratch:
        root = args.folder or fetch_debian_packages(args.packages, Path(scratch))
        found = corpus(root)
        if len(found.files) < MIN_FILES:
            sys.stderr.write(
                f"only {len(found.files)} .php files; the benchmark wants {MIN_FILES}\n"
            )
            return 2
        source = str(args.folder) if args.folder else "Debian: " + " ".join(args.packages)
        sys.stdout.write(report(found, measure(found.files, max(1, args.repeat)), source) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
