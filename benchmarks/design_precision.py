"""Precision and recall of the python_design analyzer on its labelled corpus.

Usage: python benchmarks/design_precision.py [CORPUS_FOLDER] [--verbose] [--by-code]

Without a folder, it scores the corpus the detectors were built against, then the held-out files
(tests/corpus/design/held_out), written after their detector was done. `--by-code` adds a row
per detector. Each corpus file starts with `# expect: design:<code>@<line>, ...` or
`# expect: none`. A finding is a true positive when a file expects the same code on the same
line. Categories come from the
rule catalog (rules/design.yaml); praise rules are counted under `praise`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from reviewer.analyzers.design import DesignAnalyzer
from reviewer.inputs.discovery import SourceFile

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "design"
HELD_OUT = CORPUS / "held_out"
RULES = REPO / "rules" / "design.yaml"
CATEGORIES = (
    "solid",
    "testability",
    "performance",
    "error-handling",
    "security",
    "readability",
    "praise",
)
HEADER = re.compile(r"^#\s*expect:\s*(?P<items>.*)$")
ITEM = re.compile(r"^design:(?P<code>[a-z0-9-]+)@(?P<line>\d+)$")

Key = tuple[str, str, int]


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass(frozen=True)
class Evaluation:
    scores: Mapping[str, Score]
    false_positives: tuple[Key, ...]
    false_negatives: tuple[Key, ...]
    by_code: Mapping[str, Score]


def expectations(path: Path) -> set[Key]:
    """The (file, code, line) triples a corpus file's header promises."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = HEADER.match(first)
    if match is None:
        raise ValueError(f"{path.name}: line 1 must be '# expect: ...'")
    items = [item.strip() for item in match["items"].split(",") if item.strip()]
    if items == ["none"]:
        return set()
    found = set()
    for item in items:
        parsed = ITEM.match(item)
        if parsed is None:
            raise ValueError(f"{path.name}: cannot read expectation {item!r}")
        found.add((path.name, parsed["code"], int(parsed["line"])))
    return found


def categories(rules: Path = RULES) -> dict[str, str]:
    """Design code -> category, with praise rules under `praise`."""
    data = yaml.safe_load(rules.read_text(encoding="utf-8"))
    mapping = {}
    for rule in data["rules"]:
        category = "praise" if rule.get("label") == "praise" else rule["category"]
        for source in rule["sources"]:
            analyzer, _, code = source.partition(":")
            if analyzer == "design":
                mapping[code] = category
    return mapping


def found_keys(corpus: Path) -> set[Key]:
    """What the analyzer reports on the corpus, as (file, code, line) triples."""
    files = [SourceFile(str(p), "python") for p in sorted(corpus.glob("*.py"))]
    result = DesignAnalyzer().run(files)
    if result.errors:
        raise RuntimeError(f"the analyzer failed on the corpus: {result.errors}")
    return {(Path(f.location.path).name, f.code, f.location.line) for f in result.findings}


def evaluate(corpus: Path = CORPUS, rules: Path = RULES) -> Evaluation:
    expected = {key for path in sorted(corpus.glob("*.py")) for key in expectations(path)}
    found = found_keys(corpus)
    category_of = categories(rules)
    scores = {}
    for category in CATEGORIES:
        mine = {k for k in expected | found if category_of.get(k[1]) == category}
        scores[category] = _score(expected & mine, found & mine)
    scores["overall"] = _score(expected, found)
    by_code = {
        code: _score({k for k in expected if k[1] == code}, {k for k in found if k[1] == code})
        for code in sorted({k[1] for k in expected | found})
    }
    missed, extra = tuple(sorted(expected - found)), tuple(sorted(found - expected))
    return Evaluation(scores, extra, missed, by_code)


def _score(expected: set[Key], found: set[Key]) -> Score:
    return Score(len(expected & found), len(found - expected), len(expected - found))


def table(scores: Mapping[str, Score]) -> str:
    """The scores as a fixed-width table."""
    width = max([16, *(len(name) + 2 for name in scores)])
    lines = [f"{'category':<{width}}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}"]
    for name, score in scores.items():
        lines.append(
            f"{name:<{width}}{score.true_positives:>5}{score.false_positives:>5}"
            f"{score.false_negatives:>5}{score.precision:>11.2f}{score.recall:>8.2f}"
        )
    return "\n".join(lines)


def _listing(title: str, keys: Iterable[Key]) -> list[str]:
    return [f"{title}: {name}:{line} design:{code}" for name, code, line in keys]


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    folders = [Path(args[0])] if args else [CORPUS, HELD_OUT]
    for corpus in folders:
        if corpus.is_dir():
            _report(corpus, argv)
    return 0


def _report(corpus: Path, argv: list[str]) -> None:
    evaluation = evaluate(corpus)
    files = len(list(corpus.glob("*.py")))
    print(f"python_design on {files} corpus files in {corpus.relative_to(REPO)}")
    print(table(evaluation.scores))
    if "--by-code" in argv:
        print(table(evaluation.by_code).replace("category", "detector", 1))
    if "--verbose" in argv:
        extra = _listing("FP", evaluation.false_positives)
        print("\n".join([*extra, *_listing("FN", evaluation.false_negatives)]))
    print()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
