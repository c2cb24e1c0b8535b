"""radon: cyclomatic complexity per function and maintainability index per module."""

from __future__ import annotations

import ast
import io
import re
import time
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.config.analyzers import RadonOptions
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.sources import decode_python
from reviewer.languages import analyzed_by
from reviewer.languages.pyast import DEEP_RECURSION_LIMIT, exclusive, in_fresh_thread
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location, Severity

# The analyzer's name: the registry's key (reviewer.analyzers), its findings' source.
NAME = "radon"

if TYPE_CHECKING:
    from radon.raw import Module

UNTOKENIZABLE = "cannot be measured: Python's tokenize module, which radon uses, rejects it"
# radon's own ranks: CC above 20 is rank D or worse, MI below 10 is rank C.
VERY_COMPLEX = 20
MI_RANK_B = 20.0
MI_RANK_C = 10.0


@dataclass(frozen=True)
class RadonAnalyzer:
    options: RadonOptions = field(default_factory=RadonOptions)
    name: str = NAME
    languages: frozenset[str] = field(default_factory=lambda: analyzed_by(NAME))

    def version(self) -> str:
        from importlib.metadata import version

        return version("radon")

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        findings: list[Finding] = []
        errors: list[AnalysisError] = []
        # radon runs in this process, where no subprocess timeout can stop it: the per-analyzer
        # timeout is checked between files, and the files left over are reported, not lost.
        deadline = time.monotonic() + self.options.timeout
        for source in files:
            if time.monotonic() > deadline:
                message = f"not analyzed: radon ran out of time ({self.options.timeout:g} s)"
                errors.append(AnalysisError(self.name, message, source.path))
                continue
            try:
                findings += _measured(source.path, self.options.max_complexity)
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the review
                errors.append(AnalysisError(self.name, _reason(error), source.path))
        return AnalyzerResult(tuple(findings), tuple(errors))


def _measured(path: str, max_complexity: int) -> list[Finding]:
    """`analyze_file`; for a file nested deeper than radon's recursive visitor can walk here
    (a valid 1,200-branch `elif` chain), once more with a raised recursion limit."""
    try:
        return analyze_file(path, max_complexity)
    except RecursionError:
        return in_fresh_thread(lambda: analyze_file(path, max_complexity), DEEP_RECURSION_LIMIT)


def _reason(error: Exception) -> str:
    """One line on why radon could not measure a file."""
    if isinstance(error, RecursionError):
        return "nested too deeply to measure"
    if isinstance(error, OSError):
        return f"cannot be read: {error.strerror or error}"
    if isinstance(error, SyntaxError) and error.msg == UNTOKENIZABLE:
        return UNTOKENIZABLE
    return " ".join(f"{type(error).__name__}: {error}".split())


def analyze_file(path: str, max_complexity: int) -> list[Finding]:
    """Complex functions and a hard-to-maintain module, as findings."""
    from radon.complexity import cc_rank
    from radon.visitors import ComplexityVisitor

    code = decode_python(Path(path).read_bytes())
    with exclusive():  # CPython 3.11 builds trees one thread at a time (see pyast)
        tree = ast.parse(code)
    # One visit serves both radon's `cc_visit_ast` (its `.blocks`, in that order: radon does
    # not sort them) and the total complexity that `mi_visit` would visit the tree again for.
    visitor = ComplexityVisitor.from_ast(tree)
    findings = []
    for block in visitor.blocks:
        if block.letter in ("F", "M") and block.complexity > max_complexity:
            rank = cc_rank(block.complexity)
            message = (
                f"`{block.name}` has a cyclomatic complexity of {block.complexity} (rank {rank})"
            )
            extras: dict[str, object] = {"metric": block.complexity, "rank": rank}
            raised = Severity.MAJOR if block.complexity > VERY_COMPLEX else None
            location = Location(path, block.lineno, block.endline, block.col_offset + 1)
            findings.append(Finding(NAME, "cc", location, message, extras, raised))
    index = maintainability_index(code, tree, visitor.total_complexity)
    findings += _maintainability(path, index)
    return findings


def maintainability_index(code: str, tree: ast.Module, complexity: int) -> float:
    """radon's `mi_visit(code, multi=True)`, from a tree parsed once and linear raw counts.

    `complexity` is `ComplexityVisitor.from_ast(tree).total_complexity`, which the caller
    already has.
    """
    from radon.metrics import h_visit_ast, mi_compute

    raw = raw_metrics(code)
    comment_lines = raw.comments + raw.multi
    comments = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    volume = h_visit_ast(tree).total.volume
    return float(mi_compute(volume, complexity, raw.lloc, comments))


def raw_metrics(code: str) -> Module:
    """What `radon.raw.analyze` counts, in linear time.

    radon finds each statement by tokenizing a growing buffer once per line the statement
    spans, so one long literal takes quadratic time (a 100 kB dict: 40 s). Here one pass of
    the tokenizer over the whole file both finds where statements end and counts them as
    radon counts the tokens of each statement tokenized on its own (`_statements` and
    `_counted` say why the counts are the same). Anything unexpected falls back to radon;
    where radon itself fails on valid Python (it splits lines at form feeds and other
    separators Python does not end lines at), the lines are split as Python splits them.
    """
    from radon.raw import analyze

    lines = [line.strip() for line in code.splitlines()]
    try:
        return _counted(lines)
    except (tokenize.TokenError, SyntaxError, _MismatchError):
        pass
    try:
        return analyze(code)
    except SyntaxError:
        lines = [line.strip() for line in _python_lines(code)]
        try:
            return _counted(lines)
        except (tokenize.TokenError, _MismatchError) as error:
            # Python's tokenize module lags the parser (`A·` is a name to one, not the other)
            raise SyntaxError(UNTOKENIZABLE) from error


def _python_lines(code: str) -> list[str]:
    """The lines as Python's tokenizer sees them: ended by \\n, \\r\\n or \\r only."""
    lines = re.split(r"\r\n|\r|\n", code)
    return lines[:-1] if lines and lines[-1] == "" else lines


class _MismatchError(Exception):
    """A statement that radon would have delimited or tokenized differently."""


_STRANGE = frozenset({tokenize.ERRORTOKEN, tokenize.INDENT, tokenize.DEDENT})
_BREAKS = frozenset({tokenize.NL, tokenize.NEWLINE})


def _counted(lines: Sequence[str]) -> Module:
    """radon's counting loop over the statements of one pass of the tokenizer.

    radon tokenizes each statement on its own; `_statements` gives the tokens the statement
    has in the whole file, which are the same but for NL, NEWLINE and ENDMARKER tokens, and
    radon tells those apart from the rest only by the ENDMARKER that ends its list:
    `is_single_token(kind, tokens)` asks whether the first token is of that kind and every
    other one NL, NEWLINE or ENDMARKER, and `_logical` is `_logical_lines` below. The start
    and end rows of a lone string are offsets, so it is on one line here as it is alone.
    """
    from radon.raw import Module

    nonempty = [0, *accumulate(1 if line else 0 for line in lines)]  # in lines[:i]
    lloc = comments = single = multi = blank = sloc = 0
    start = 0  # the first line of the statement, an index into lines
    for stop, tokens in _statements(lines):  # the statement is lines[start:stop]
        filled = nonempty[stop] - nonempty[start]
        logical, remarks = _logical_lines(tokens)
        lloc += logical
        comments += remarks
        first = tokens[0]
        alone = first[0] in (tokenize.COMMENT, tokenize.STRING) and all(
            token[0] in _BREAKS for token in islice(tokens, 1, None)
        )
        if alone and (first[0] == tokenize.COMMENT or first[2][0] == first[3][0]):
            single += 1
        elif alone:
            multi += filled
            blank += stop - start - filled
        else:
            sloc += filled
            blank += stop - start - filled
        start = stop
    # Lines the tokenizer never read: only a blank one after a final line break, which radon
    # counts as a blank statement
    if any(lines[start:]):
        raise _MismatchError
    blank += len(lines) - start
    loc = sloc + blank + multi + single
    return Module(loc, lloc, sloc, comments, multi, blank, single)


def _logical_lines(tokens: Sequence[tokenize.TokenInfo]) -> tuple[int, int]:
    """radon's `_logical(tokens + [ENDMARKER])`, and the COMMENT tokens, in one pass.

    `_logical` splits the tokens at `;` and drops COMMENT, NL and NEWLINE tokens from each
    part. A part with no other token (the ENDMARKER aside) counts 0, one with no `:` 1.
    Otherwise it counts 1 if the last `:` is the token before last and 2 if not: radon
    expects the ENDMARKER last, so in the last part 1 means nothing follows the `:` but the
    ENDMARKER; in a part that a `;` ends, it means exactly one token follows the `:`.
    """
    logical = comments = 0
    significant = 0  # the tokens of this part but COMMENT, NL and NEWLINE
    after_colon = -1  # how many of them follow the last `:` (-1: there is no `:`)
    for token in tokens:
        kind = token[0]
        if kind == tokenize.COMMENT:
            comments += 1
        elif kind == tokenize.OP and token[1] == ";":
            logical += _part_lines(significant, after_colon, 1)
            significant, after_colon = 0, -1
        elif kind not in _BREAKS:
            significant += 1
            if kind == tokenize.OP and token[1] == ":":
                after_colon = 0
            elif after_colon >= 0:
                after_colon += 1
    return logical + _part_lines(significant, after_colon, 0), comments


def _part_lines(significant: int, after_colon: int, one_line_after: int) -> int:
    """radon's logical lines for one `;`-separated part (see `_logical_lines`)."""
    if after_colon >= 0:
        return 1 if after_colon == one_line_after else 2
    return 1 if significant else 0


def _statements(lines: Sequence[str]) -> Iterator[tuple[int, list[tokenize.TokenInfo]]]:
    """The end (the index of the line after it) and the tokens of every statement.

    A statement is what radon tokenizes on its own: a line, or the lines a bracket, a
    backslash or a string spans, or a blank or comment line alone. It ends at a NEWLINE
    token, or at an NL token outside brackets. The lines are stripped, so the tokenizer
    gives no INDENT or DEDENT, and where a statement ends it is back in its first state
    (no bracket open, no backslash or string pending): the statement alone gives the same
    tokens, rows shifted, but for its last line, which alone has no line break. There its
    NEWLINE or NL is missing or has an empty string, a lone blank line gives ENDMARKER
    instead of NL, and ENDMARKER follows: differences `_counted` shows radon does not see.

    Alone, a backslash continued into a blank last line (`x = 1 \\` then nothing) does not
    tokenize ("EOF in multi-line statement") and radon reads on: that, an error token or an
    unbalanced bracket raise `_MismatchError`.
    """
    depth = 0  # brackets open, as the tokenizer counts them
    start = 0
    tokens: list[tokenize.TokenInfo] = []
    for token in tokenize.generate_tokens(io.StringIO("\n".join(lines)).readline):
        kind = token[0]
        if kind == tokenize.OP and token[1] in "([{":
            depth += 1
        elif kind == tokenize.OP and token[1] in ")]}":
            depth -= 1
        elif kind == tokenize.ENDMARKER:
            break
        if depth < 0 or kind in _STRANGE:
            raise _MismatchError
        tokens.append(token)
        if kind == tokenize.NEWLINE or (kind == tokenize.NL and depth == 0):
            stop = token[2][0]
            if stop <= start or (stop - start > 1 and not lines[stop - 1]):
                raise _MismatchError
            yield stop, tokens
            start, tokens = stop, []
    if tokens:
        raise _MismatchError


def _maintainability(path: str, index: float) -> list[Finding]:
    if index >= MI_RANK_B:
        return []
    rank = "B" if index >= MI_RANK_C else "C"
    # Left minor even at rank C: the index blends size and density into one number that says
    # a module is hard to change but not where; the complexity comments say where.
    extras: dict[str, object] = {"metric": round(index, 1), "rank": rank}
    message = f"maintainability index {index:.1f} (rank {rank})"
    return [Finding(NAME, "mi", Location(path, 1, 1, 1), message, extras)]
