"""The suppression filter: a concern whose line, or an enclosing def/class header, carries
a `review: ignore[rule-id]` for its rule, or a tool's own mark (`noqa`, `nosec`) for a code
of its rule, is dropped. The marks themselves are each language's syntax (`languages.marks`),
found when the files were read."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.catalog.rules import Catalog, candidates
from reviewer.errors import closest
from reviewer.languages.facts import NO_FACTS, Facts, enclosing, marks_for
from reviewer.languages.marks import EVERY_RULE
from reviewer.model import AnalysisError, Concern


def _silences(sources: frozenset[str], rule_sources: Sequence[str]) -> bool:
    tools = {s.partition(":")[0] for s in rule_sources}
    return bool(sources & set(rule_sources)) or any(f"{t}:*" in sources for t in tools)


def is_suppressed(concern: Concern, catalog: Catalog, facts: Facts = NO_FACTS) -> bool:
    """True when the flagged line or an enclosing def/class header silences this rule, by
    its id or by an analyzer code of it (`ignore[S608]` is `ignore[sql-injection]`)."""
    location = concern.finding.location
    marks = marks_for(location.path, facts)
    if not marks:
        return False
    headers = (span.header for span in enclosing(location.path, location.line, facts))
    lines = {location.line, *headers}
    if location.line in marks and _silences(marks[location.line].sources, concern.rule.sources):
        return True
    silenced = (marks[n].rule_ids for n in lines if n in marks)
    return any(_names(catalog, ids, concern.rule.id) for ids in silenced)


def _names(catalog: Catalog, words: frozenset[str], rule_id: str) -> bool:
    """True when one of the words is `*`, the rule's id, or a code of the rule."""
    if EVERY_RULE in words or rule_id in words:
        return True
    return any(catalog.id_named(word) == rule_id for word in words)


def unknown_ids(facts: Facts, catalog: Catalog) -> list[AnalysisError]:
    """A suppression naming a rule or code the catalog does not know is reported, with the
    closest id (or, for a code two rules claim, the candidates)."""
    errors = []
    for path, known in facts.items():
        for mark in set(known.marks.values()):
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
