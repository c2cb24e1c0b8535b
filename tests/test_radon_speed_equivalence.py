"""radon's measures from one tokenizer pass and one complexity visit are radon's own.

`reviewer.analyzers.tools.radon` tokenizes a file once and cuts the token stream into statements,
where radon tokenizes every statement again on its own; and it visits the tree once for
both the complexity blocks and the total complexity the maintainability index needs. These
tests hold it to radon on the repository's own Python files, statement by statement, and
on small cases made to hit each rule of radon's counting."""

from __future__ import annotations

import ast
import tokenize
from functools import cache
from pathlib import Path

import pytest
from radon.complexity import cc_visit
from radon.metrics import mi_visit
from radon.raw import _generate, _logical, analyze, is_single_token
from radon.visitors import ComplexityVisitor

from reviewer.analyzers.tools.radon import (
    _logical_lines,
    _statements,
    analyze_file,
    maintainability_index,
    raw_metrics,
)
from reviewer.inputs.sources import decode_python
from tests.helpers import REPO, SAMPLES

BREAKS = {tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER}


@cache
def repository_python() -> tuple[tuple[Path, str], ...]:
    """The repository's Python files that parse (others may be mid-edit), with their code."""
    found = []
    paths = {*REPO.glob("reviewer/**/*.py"), *REPO.glob("tests/**/*.py"), *SAMPLES.rglob("*.py")}
    for path in sorted(paths):
        try:
            code = decode_python(path.read_bytes())
            ast.parse(code)
        except (OSError, SyntaxError, ValueError):
            continue
        found.append((path, code))
    assert len(found) > 100
    return tuple(found)


def test_raw_counts_match_radon_on_the_repository_files() -> None:
    for path, code in repository_python():
        assert raw_metrics(code) == analyze(code), path


def test_each_statement_has_the_tokens_radon_gives_it_alone() -> None:
    """The claim the single pass rests on: cut from the file's token stream, a statement has
    the tokens radon's `_generate` gives its lines alone, but for NL, NEWLINE and ENDMARKER
    tokens, and radon's helpers count both lists alike."""
    statements = 0
    for path, code in repository_python():
        lines = [line.strip() for line in code.splitlines()]
        start = 0
        for stop, tokens in _statements(lines):
            alone = _generate("\n".join(lines[start:stop]))
            where = (path, start + 1)
            assert alone[-1].type == tokenize.ENDMARKER, where
            assert [t[:2] for t in tokens if t.type not in BREAKS] == [
                t[:2] for t in alone if t.type not in BREAKS
            ], where
            comments = sum(1 for t in alone if t.type == tokenize.COMMENT)
            assert _logical_lines(tokens) == (_logical(alone), comments), where
            for kind in (tokenize.COMMENT, tokenize.STRING):
                ours = tokens[0].type == kind and all(t.type in BREAKS for t in tokens[1:])
                assert ours == is_single_token(kind, alone), where
            rows = tokens[0].end[0] - tokens[0].start[0]
            assert rows == alone[0].end[0] - alone[0].start[0], where
            start = stop
            statements += 1
    assert statements > 10_000


@pytest.mark.parametrize(
    "code",
    [
        "",
        "\n",
        "x",
        "# c",
        "x = 1\n\n\n",
        '"""doc"""',
        '"""a\n\nb"""\nx = 1\n',
        "'''a\nb''' # c\n",
        "if x: a; b\n",
        "a; b; c\n",
        "a;\n",
        "if x:\n    a\n",
        "d = {1: 2}; e = 3\n",
        "f = lambda: 0; g\n",
        "x[1:2]; y\n",
        "try: a; b\nexcept E: pass\n",
        "if x: pass  # c\n",
        "x = (1,  # c\n# d\n2)\n",
        "x = 1 \\\n# c\n",
        "x = 1 \\\n\ny = 2\n",  # radon reads on past the blank line: so do we, by radon
        "'a' \\\n'b'\n",
        "s = 'a\\\nb'\n",
        "x = '''a\n\n  b'''; y = 1\n",
        "'a'; 'b'\n",
        "(\n'a'\n)\n",
        "if a:\n\tb\n\f\nc\n",
        "x = 1\r\ny = 2\r\n",
        "x = [\n]\n\n\n# end",
        "match x:\n case 1: pass\n",
    ],
)
def test_raw_counts_match_radon_on_each_counting_rule(code: str) -> None:
    assert raw_metrics(code) == analyze(code)


@pytest.mark.slow
def test_one_complexity_visit_gives_radons_blocks_and_maintainability_index(
    tmp_path: Path,
) -> None:
    for path, code in repository_python():
        tree = ast.parse(code)
        total = ComplexityVisitor.from_ast(tree).total_complexity
        assert maintainability_index(code, tree, total) == mi_visit(code, multi=True), path
        copy = tmp_path / "module.py"
        copy.write_text(code, encoding="utf-8")
        blocks = [b for b in cc_visit(code) if b.letter in ("F", "M")]
        found = [f for f in analyze_file(str(copy), 0) if f.code == "cc"]
        assert [(f.location.line, f.extras["metric"]) for f in found] == [
            (b.lineno, b.complexity) for b in blocks
        ], path
