"""A toy language added as docs/architecture.md says: a `Language` record in the registry,
an analyzer its record names, a rule that maps the analyzer's finding. A real review then
names the symbol around the finding and honours the toy's own suppression comments."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reviewer import languages
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import SourceFile
from reviewer.languages.base import Language, Outline, Reading, Span, outline_from
from reviewer.languages.marks import hinted_lines
from reviewer.model import AnalyzerResult, Finding, Location, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write

TOY_RULES = """\
rules:
  - id: toy-shout
    category: readability
    severity: minor
    title: Shouting
    why: Upper case reads as shouting.
    how: Write it in lower case.
    sources: [toy:SHOUT]
"""

SOURCE = """\
def quiet
  say hello
end
def loud
  SHOUT hello
  SHOUT again  # review: ignore[toy-shout]
end
"""


def toy_outline(text: str) -> Outline:
    """`def name` ... `end` blocks, not nested."""
    spans: list[Span] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("def "):
            spans.append(Span(number, number, number, line.split()[1]))
        elif line == "end" and spans:
            spans[-1] = spans[-1]._replace(last=number)
    return outline_from(spans)


def read_toy(data: bytes) -> Reading:
    text = data.decode("utf-8")
    return Reading(toy_outline(text), hinted_lines(text))


TOY = Language(
    name="toy",
    title="Toy",
    suffixes=(".toy",),
    fence="toy",
    comments=("#",),
    read=read_toy,
    outline=lambda path: toy_outline(Path(path).read_text(encoding="utf-8")),
    analyzers=("toy",),
)


@dataclass(frozen=True)
class ToyAnalyzer:
    """Reports every line that shouts."""

    name: str = "toy"
    languages: frozenset[str] = field(default_factory=lambda: languages.analyzed_by("toy"))

    def version(self) -> str:
        return "1"

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        found = [
            Finding("toy", "SHOUT", Location(f.path, n, n), "shouts")
            for f in files
            for n, line in enumerate(Path(f.path).read_text().splitlines(), start=1)
            if re.search(r"\b[A-Z]{2,}\b", line)
        ]
        return AnalyzerResult(tuple(found))


def test_a_toy_language_is_reviewed_with_its_symbols_and_suppressions(
    chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(languages, "LANGUAGES", (*languages.LANGUAGES, TOY))
    write(chdir_tmp, "rules/toy.yaml", TOY_RULES)
    write(chdir_tmp, "src/greet.toy", SOURCE)
    config = ReviewConfig(paths=("src",), cache_dir=None)

    review = run_review(
        config, [ToyAnalyzer()], load_catalog(chdir_tmp / "rules"), make_renderer(Voice.PEER)
    )

    places = [
        (o.location.path, o.location.line, o.symbol) for c in review.comments for o in c.occurrences
    ]
    assert places == [("src/greet.toy", 5, "loud")]
    assert review.summary.files == 1 and not review.errors
    assert languages.fence_for("src/greet.toy") == "toy"
