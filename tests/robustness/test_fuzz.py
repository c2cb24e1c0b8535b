"""Issue 8, item 4: fuzzing. Generated valid Python (hypothesmith), random bytes and real files
cut short or mutated go through the in-process detectors (design, radon, php), the symbol
lookups and the whole pipeline: nothing raises, a file that parses is analyzed without an
error, and what cannot be analyzed is an error naming the file. The pure stages (blend,
group, rank) keep every concern exactly once in a stable order, and fingerprints stay the
same for the same code however many lines are inserted above it.

Example counts are modest so that the file takes seconds; `REVIEW_FUZZ=long pytest
tests/robustness/test_fuzz.py` runs 2,000 examples per property to hunt."""

from __future__ import annotations

import dataclasses
import os
import random
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reviewer.analyzers.base import Analyzer
from reviewer.analyzers.design import DesignAnalyzer
from reviewer.analyzers.php import PhpAnalyzer
from reviewer.analyzers.tools.radon import UNTOKENIZABLE, RadonAnalyzer, raw_metrics
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.sources import decode_python
from reviewer.languages.facts import enclosing, symbol_at
from reviewer.languages.python.outline import check_python
from reviewer.model import Concern, Finding, Location, Occurrence, Severity, Voice
from reviewer.pipeline.fingerprints import fingerprints
from reviewer.pipeline.run import run_review
from reviewer.pipeline.stages import blend, group, rank
from reviewer.pipeline.weighing import severity_for
from reviewer.render.comments import make_renderer
from tests.helpers import SAMPLES

# Hypothesis runs dozens of examples per property: not for the quick loop.
pytestmark = pytest.mark.slow

settings.register_profile(
    "fuzz",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile("fuzz-long", parent=settings.get_profile("fuzz"), max_examples=2000)
FUZZ = settings.get_profile("fuzz-long" if os.environ.get("REVIEW_FUZZ") == "long" else "fuzz")

CONFIG = ReviewConfig(cache_dir=None)
CATALOG = load_catalog()
PHP_SAMPLES = sorted(
    [
        *(SAMPLES / "laravel_orders").rglob("*.php"),
        *(SAMPLES / "laravel_orders_clean").rglob("*.php"),
    ]
)
PYTHON_SAMPLES = sorted((SAMPLES / "orders_api").rglob("*.py"))
# Messages an analyzer may give a file that parses: the tree is deeper than Python's own
# recursion limit lets a visitor walk, or (radon) Python's tokenize module lags the parser
# (`class A·:` is valid Python it rejects). Anything else on valid Python is a detector bug.
DEEP = ("nested too deeply", "RecursionError", "maximum recursion depth", UNTOKENIZABLE)


@contextmanager
def written(data: bytes, suffix: str) -> Iterator[str]:
    """The bytes in a file of a fresh name (the per-file caches key on path, time and size)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"{uuid.uuid4().hex}{suffix}")
        path.write_bytes(data)
        yield str(path)


def parses(data: bytes) -> bool:
    """Python that CPython would run: it parses, and it decodes as its encoding says (the
    parser alone accepts a stray non-UTF-8 byte in a comment; the interpreter does not)."""
    try:
        check_python(data)
        decode_python(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def assert_only_deep_errors(errors: Sequence[object]) -> None:
    messages = [str(getattr(e, "message", e)) for e in errors]
    assert all(any(d in m for d in DEEP) for m in messages), messages


# ---------------------------------------------------------------- Python detectors

python_sources = st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node())


@FUZZ
@given(python_sources)
def test_design_and_radon_analyze_any_python_that_parses(source: str) -> None:
    data = source.encode("utf-8", "surrogatepass")
    assume(parses(data))
    with written(data, ".py") as path:
        files = [SourceFile(path, "python")]
        for analyzer in (DesignAnalyzer(), RadonAnalyzer()):
            result = analyzer.run(files)
            assert_only_deep_errors(result.errors)
            assert all(f.location.path == path and f.location.line >= 1 for f in result.findings)


@FUZZ
@given(python_sources)
def test_radon_raw_counts_match_radon_on_generated_python(source: str) -> None:
    """Our linear raw counts are radon's own wherever radon can count; where it cannot (it
    splits lines at form feeds and other separators inside comments), ours still can."""
    from radon.raw import analyze

    assume(parses(source.encode("utf-8", "surrogatepass")))
    try:
        expected = analyze(source)
    except SyntaxError:
        return
    assert raw_metrics(source) == expected


def test_radon_measures_valid_python_that_radon_itself_cannot_split() -> None:
    source = '"""Doc."""\n# a record separator \x1e inside a comment\nX = 1\n'
    assert parses(source.encode())
    with written(source.encode(), ".py") as path:
        assert RadonAnalyzer().run([SourceFile(path, "python")]).errors == ()


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_named_py_are_rejected_or_analyzed(data: bytes) -> None:
    with written(data, ".py") as path:
        files = [SourceFile(path, "python")]
        for analyzer in (DesignAnalyzer(), RadonAnalyzer()):
            result = analyzer.run(files)  # never raises, whatever the bytes
            if parses(data):
                assert_only_deep_errors(result.errors)
            assert all(e.path == path for e in result.errors)


@FUZZ
@given(st.sampled_from(PYTHON_SAMPLES), st.data())
def test_python_samples_cut_short_or_mutated(sample: Path, data: st.DataObject) -> None:
    original = sample.read_bytes()
    mutated = data.draw(mutations(original))
    with written(mutated, ".py") as path:
        files = [SourceFile(path, "python")]
        for analyzer in (DesignAnalyzer(), RadonAnalyzer()):
            result = analyzer.run(files)
            if parses(mutated):
                assert_only_deep_errors(result.errors)
        for line in (-1, 0, 1, len(mutated.splitlines()), 10**6):
            assert isinstance(symbol_at(path, line), str)
            assert all(span.first <= line <= span.last for span in enclosing(path, line))


def mutations(original: bytes) -> st.SearchStrategy[bytes]:
    """The file cut at any byte, a slice removed, or a few bytes overwritten."""
    size = len(original)
    cut = st.integers(0, size).map(lambda n: original[:n])
    removed = st.tuples(st.integers(0, size), st.integers(0, 200)).map(
        lambda p: original[: p[0]] + original[p[0] + p[1] :]
    )
    overwritten = st.tuples(
        st.integers(0, max(size - 1, 0)), st.binary(min_size=1, max_size=8)
    ).map(lambda p: original[: p[0]] + p[1] + original[p[0] + len(p[1]) :])
    return st.one_of(cut, removed, overwritten)


# ---------------------------------------------------------------- PHP


@FUZZ
@given(st.sampled_from(PHP_SAMPLES), st.data())
def test_php_samples_cut_short_or_mutated(sample: Path, data: st.DataObject) -> None:
    mutated = data.draw(mutations(sample.read_bytes()))
    with written(mutated, ".php") as path:
        result = PhpAnalyzer().run([SourceFile(path, "php")])
        assert all(e.path == path for e in result.errors)
        assert all(e.message.startswith("does not parse at line ") for e in result.errors)
        assert not (result.errors and result.findings)  # a file that does not parse: no findings
        for line in (-1, 0, 1, mutated.count(b"\n") + 1, 10**6):
            assert isinstance(symbol_at(path, line), str)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_named_php(data: bytes) -> None:
    with written(b"<?php\n" + data, ".php") as path:
        result = PhpAnalyzer().run([SourceFile(path, "php")])
        assert all(e.message.startswith("does not parse at line ") for e in result.errors)


# ---------------------------------------------------------------- the whole pipeline


@settings(FUZZ, max_examples=12)
@given(
    python_sources,
    st.lists(st.binary(max_size=400), max_size=2),
    st.sampled_from(PHP_SAMPLES),
    st.integers(0, 4000),
)
def test_the_pipeline_reviews_a_fuzzed_tree_and_accounts_for_every_file(
    python: str, noise: list[bytes], php: Path, cut: int
) -> None:
    """Every file ends up reviewed or in errors; the in-process analyzers run for real.
    (hypothesmith allows one draw per example: the samples add more Python.)"""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "generated.py").write_bytes(python.encode("utf-8", "surrogatepass"))
        for sample in PYTHON_SAMPLES[:3]:
            (root / sample.name).write_bytes(sample.read_bytes())
        for index, data in enumerate(noise):
            (root / f"noise{index}.py").write_bytes(data)
        (root / "cut.php").write_bytes(php.read_bytes()[:cut])
        old = Path.cwd()
        os.chdir(root)
        try:
            config = dataclasses.replace(CONFIG, paths=(".",))
            analyzers: list[Analyzer] = [DesignAnalyzer(), RadonAnalyzer(), PhpAnalyzer()]
            review = run_review(config, analyzers, CATALOG, make_renderer(Voice.MENTOR))
        finally:
            os.chdir(old)
    rejected = {e.path for e in review.errors if e.analyzer == "review"}
    assert review.summary.files + len(rejected) == 1 + 3 + len(noise) + 1
    assert all(e.path for e in review.errors)  # no analyzer failed as a whole
    assert_only_deep_errors([e for e in review.errors if e.analyzer in {"design", "radon"}])
    for comment in (*review.comments, *review.praise):
        assert comment.body and comment.id


# ---------------------------------------------------------------- pure stages


RULES = sorted(CATALOG.rules.values(), key=lambda r: r.id)
PATHS = ("a.py", "pkg/b.py", "c.php")


@st.composite
def concerns(draw: st.DrawFn) -> Concern:
    line = draw(st.integers(1, 60))
    location = Location(draw(st.sampled_from(PATHS)), line, line + draw(st.integers(0, 5)))
    rule = draw(st.sampled_from(RULES))
    analyzer, _, code = draw(st.sampled_from(rule.sources)).partition(":")
    raised = draw(st.sampled_from(Severity)) if draw(st.booleans()) else None
    message = draw(st.text(st.characters(blacklist_categories=["Cs"]), max_size=20))
    finding = Finding(analyzer, code, location, message, {}, raised)
    return Concern(rule, finding, draw(st.sampled_from(("", "f", "C.m"))))


@FUZZ
@given(st.lists(concerns(), max_size=40))
def test_blend_keeps_every_concern_once_in_overlapping_runs(items: list[Concern]) -> None:
    for path in PATHS:
        mine = [c for c in items if c.finding.location.path == path]
        runs = blend(mine)
        assert Counter(map(id, (c for run in runs for c in run))) == Counter(map(id, mine))
        for run in runs:
            end = run[0].finding.location.end_line
            for concern in run[1:]:
                assert concern.finding.location.line <= end  # overlaps what came before
                end = max(end, concern.finding.location.end_line)


@FUZZ
@given(st.lists(concerns(), max_size=40), st.randoms(use_true_random=False))
def test_group_and_rank_cover_every_concern_in_a_stable_order(
    items: list[Concern], shuffler: random.Random
) -> None:
    severity = severity_for(CONFIG)
    comments = rank(group(items, severity))
    assert len({(c.rule.id, c.severity) for c in comments}) == len(comments)
    runs: Counter[str] = Counter()
    for rule in {c.rule.id for c in items}:
        for path in PATHS:
            mine = [c for c in items if c.rule.id == rule and c.finding.location.path == path]
            runs[rule] += len(blend(mine))
    assert Counter({r: n for r, n in runs.items() if n}) == Counter(
        {c.rule.id: 0 for c in comments}
    ) + Counter(c.rule.id for c in comments for _ in c.occurrences)
    for concern in items:  # every concern is covered by a place of its rule
        where = concern.finding.location
        assert any(
            o.location.path == where.path and o.location.line <= where.line <= o.location.end_line
            for c in comments
            if c.rule.id == concern.rule.id
            for o in c.occurrences
        )
    ranks = [(c.severity.rank, not c.blocking) for c in comments]
    assert ranks == sorted(ranks)  # most important first
    shuffled = items[:]
    shuffler.shuffle(shuffled)
    again = rank(group(shuffled, severity))
    assert [(c.id, c.rule.id, c.severity, c.path, c.line) for c in again] == [
        (c.id, c.rule.id, c.severity, c.path, c.line) for c in comments
    ]


def one_line(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


# Characters str.splitlines ends lines at though Python does not: see the xfail test below.
SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
safe_text = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters=SEPARATORS), max_size=30
).map(one_line)


@FUZZ
@given(
    st.lists(safe_text, min_size=1, max_size=30),
    st.lists(safe_text, max_size=10),
    st.data(),
)
def test_fingerprints_survive_lines_inserted_above(
    lines: list[str], inserted: list[str], data: st.DataObject
) -> None:
    picks = data.draw(st.lists(st.integers(1, len(lines)), min_size=1, max_size=5, unique=True))
    picks.sort()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "module.py")

        def stamped(before: Sequence[str], offset: int) -> list[str]:
            path.write_text("".join(f"{line}\n" for line in [*before, *lines]), encoding="utf-8")
            places = [
                Occurrence(Location(str(path), n + offset, n + offset), "", (), ()) for n in picks
            ]
            return fingerprints("rule", places)

        first = stamped([], 0)
        assert first == stamped([], 0)  # stable
        assert stamped(inserted, len(inserted)) == first  # the same code, lines further down
    assert len(set(first)) == len(first)  # identical code is told apart by its index


def test_a_form_feed_above_does_not_change_which_code_is_fingerprinted(tmp_path: Path) -> None:
    path = tmp_path / "module.py"
    place = [Occurrence(Location(str(path), 3, 3), "", (), ())]
    path.write_text("A = 1\nB = 2\nC = 3\n", encoding="utf-8")
    plain = fingerprints("rule", place)
    path.write_text("A = 1\x0c\nB = 2\nC = 3\n", encoding="utf-8")  # a page break on line 1
    assert fingerprints("rule", place) == plain
