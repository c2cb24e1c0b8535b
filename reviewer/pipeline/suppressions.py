"""`# review: ignore[rule-id]` on the flagged line or an enclosing def/class header, and the
tools' own `noqa`/`nosec` marks extended to the whole rule their code belongs to."""

from __future__ import annotations

import ast
import functools
import io
import re
import tokenize
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.catalog.rules import Catalog, candidates
from reviewer.errors import closest
from reviewer.languages.symbols import enclosing, file_stamp
from reviewer.model import AnalysisError, Concern
from reviewer.pipeline.fingerprints import python_lines

# `# review: ignore` in Python, `// review: ignore[...]` or `# ...` in PHP.
_MARK = re.compile(r"(?:#|//)\s*review:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)
# A tool's own mark silences the whole rule its code belongs to, so `# noqa: S608` also
# quiets bandit's B608 on that line: one root cause, one suppression.
_NOQA = re.compile(r"#\s*noqa\b(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?")
_NOSEC = re.compile(r"#\s*nosec\b\s*(?P<codes>B[0-9]+(?:[\s,]+B[0-9]+)*)?")
EVERY_RULE = "*"
_HINT = re.compile(r"review:|noqa|nosec")


@dataclass(frozen=True)
class Suppression:
    """The rule ids one comment silences; `*` for a bare `ignore`."""

    line: int
    rule_ids: frozenset[str]
    sources: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=512)
def _suppressions(stamp: tuple[str, int, int]) -> Mapping[int, Suppression]:
    hinted = _known.get(stamp)
    if hinted is None:
        try:
            text = Path(stamp[0]).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return {}
        hinted = hinted_comments(stamp[0], text)
    found: dict[int, Suppression] = {}
    for number, line in hinted:
        names, sources = _marks(line)
        if names or sources:
            found[number] = Suppression(number, frozenset(names), frozenset(sources))
            if line.lstrip().startswith(("#", "//")):  # a comment of its own: the next line
                found.setdefault(number + 1, found[number])
    return found


def hinted_comments(path: str, text: str, tree: ast.Module | None = None) -> list[tuple[int, str]]:
    """(line number, text) of the comment lines that mention a mark: all a file's
    suppressions can come from, and little enough to keep in the cache. With the file's
    parsed `tree`, only the lines that mention a mark are tokenized, not the whole file."""
    lines = python_lines(text)
    hinted = [n for n, line in enumerate(lines, start=1) if _HINT.search(line)]
    if not hinted or not path.endswith((".py", ".pyi")):
        return [(n, lines[n - 1]) for n in hinted]
    if tree is not None and not _in_long_strings(hinted, tree):
        verdicts = {n: _has_comment(lines[n - 1]) for n in hinted}
        if None not in verdicts.values():
            return [(n, lines[n - 1]) for n, commented in verdicts.items() if commented]
    return [(n, line) for n, line in _comment_lines(path, text) if _HINT.search(line)]


def _in_long_strings(numbers: Sequence[int], tree: ast.Module) -> bool:
    """True when one of the lines lies in a string that spans lines: only the whole file's
    tokens tell whether a `#` there opens a comment."""
    wanted = set(numbers)
    spans = (
        range(node.lineno, (node.end_lineno or node.lineno) + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant | ast.JoinedStr) and node.end_lineno != node.lineno
    )
    return any(wanted.intersection(span) for span in spans)


def _has_comment(line: str) -> bool | None:
    """Whether a line, read on its own, holds a comment token; None when it cannot tell."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line + "\n").readline):
            if token.type == tokenize.COMMENT:
                return True
    except tokenize.TokenError:
        return False  # the line opens a bracket it does not close: no comment before that
    except (SyntaxError, ValueError):
        return None
    return False


def remember(path: str, hinted: Sequence[tuple[int, str]]) -> None:
    """Keep what `hinted_comments` found in a file read elsewhere (or cached)."""
    _known.setdefault(file_stamp(path), list(hinted))


_known: dict[tuple[str, int, int], list[tuple[int, str]]] = {}


def _comment_lines(path: str, text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of the lines that may hold a mark: for Python, the comments alone,
    so that a string or docstring that mentions `# review: ignore` silences nothing."""
    lines = python_lines(text)
    if not path.endswith((".py", ".pyi")) or not any(_HINT.search(line) for line in lines):
        yield from enumerate(lines, start=1)
        return
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        yield from enumerate(lines, start=1)
        return
    for token in tokens:
        if token.type == tokenize.COMMENT:
            row = token.start[0]
            yield row, lines[row - 1]


def _marks(line: str) -> tuple[set[str], set[str]]:
    """Rule ids from `review: ignore`, and tool sources from `noqa` and `nosec`, on one line."""
    names: set[str] = set()
    match = _MARK.search(line)
    if match:
        ids = match.group("ids")
        names = {i.strip() for i in ids.split(",") if i.strip()} if ids else {EVERY_RULE}
    sources = {s for m in _NOQA.finditer(line) for s in _sources("ruff", m["codes"])}
    sources |= {s for m in _NOSEC.finditer(line) for s in _sources("bandit", m["codes"])}
    return names, sources


def _sources(analyzer: str, codes: str | None) -> set[str]:
    """`ruff:S608` for each code; `ruff:*` for a bare mark, which silences all of that tool."""
    if not codes:
        return {f"{analyzer}:*"}
    return {f"{analyzer}:{code}" for code in re.split(r"[\s,]+", codes) if code}


def _silences(sources: frozenset[str], rule_sources: Sequence[str]) -> bool:
    tools = {s.partition(":")[0] for s in rule_sources}
    return bool(sources & set(rule_sources)) or any(f"{t}:*" in sources for t in tools)


def suppressions_in(path: str) -> Mapping[int, Suppression]:
    """Every suppression comment of a file, by line."""
    return _suppressions(file_stamp(path))


def is_suppressed(concern: Concern, catalog: Catalog) -> bool:
    """True when the flagged line or an enclosing def/class header silences this rule, by
    its id or by an analyzer code of it (`ignore[S608]` is `ignore[sql-injection]`)."""
    location = concern.finding.location
    marks = suppressions_in(location.path)
    if not marks:
        return False
    lines = {location.line, *(span.header for span in enclosing(location.path, location.line))}
    if location.line in marks and _silences(marks[location.line].sources, concern.rule.sources):
        return True
    silenced = (marks[n].rule_ids for n in lines if n in marks)
    return any(_names(catalog, ids, concern.rule.id) for ids in silenced)


def _names(catalog: Catalog, words: frozenset[str], rule_id: str) -> bool:
    """True when one of the words is `*`, the rule's id, or a code of the rule."""
    if EVERY_RULE in words or rule_id in words:
        return True
    return any(catalog.id_named(word) == rule_id for word in words)


def unknown_ids(paths: Iterable[str], catalog: Catalog) -> list[AnalysisError]:
    """A suppression naming a rule or code the catalog does not know is reported, with the
    closest id (or, for a code two rules claim, the candidates)."""
    errors = []
    for path in paths:
        for mark in set(suppressions_in(path).values()):
            for word in sorted(mark.rule_ids - {EVERY_RULE}):
                problem = _unknown(catalog, word)
                if problem:
                    message = f"line {mark.line}: {problem}"
                    errors.append(AnalysisError("review", message, path))
    return errors


def _unknown(catalog: Catalog, word: str) -> str:
    """Why a word names no rule, as the suppression report says it; empty when it does."""
    found = catalog.matches(word)
    if not found:
        return f"unknown rule '{word}' in a suppression{closest(word, catalog.rules)}"
    if len(found) > 1:
        return f"'{word}' in a suppression is ambiguous: {candidates(found)}; name one of them"
    return ""
