"""How much a comment weighs, place by place: its rule's severity, moved by what an analyzer
measured there, by where the code is (tests, scripts, migrations) and by the analyzer's own
confidence; and which of its places leads it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from reviewer.config.options import ReviewConfig
from reviewer.languages import area_of
from reviewer.model import Area, Confidence, Finding, Occurrence, Rule, Severity

# The word an analyzer may leave in a finding's extras (bandit's `issue_confidence`).
CONFIDENCE_KEY = "confidence"
SAID = {confidence.value: confidence for confidence in Confidence}


def confidence(rule: Rule, findings: Sequence[Finding]) -> Confidence:
    """The surest of the analyzers that flagged the place (one that says nothing of its
    confidence is sure), held to the rule's own (a heuristic is never surer than itself)."""
    surest = min((_said(f) for f in findings), key=lambda c: c.rank, default=Confidence.HIGH)
    return max(surest, rule.confidence, key=lambda c: c.rank)


def _said(finding: Finding) -> Confidence:
    return SAID.get(str(finding.extras.get(CONFIDENCE_KEY, "")), Confidence.HIGH)


def severity_for(config: ReviewConfig) -> Callable[[Rule, Sequence[Finding]], Severity]:
    """The severity of a run of findings: the configured severity of the rule, raised where an
    analyzer measured something worse, held down to the rule's limit for the area the file is
    in (`in_tests: nit`), and a step lower where every analyzer that flagged it was unsure."""

    def severity(rule: Rule, findings: Sequence[Finding]) -> Severity:
        base = config.rule_severity.get(rule.id) or rule.severity
        raised = [f.raise_to for f in findings if f.raise_to]
        level = min([base, *raised], key=lambda s: s.rank)
        limit = rule.most_in(area_of(findings[0].location.path)) if findings else None
        if limit is not None:
            level = max(level, limit, key=lambda s: s.rank)
        if not raised and _unsure(findings):
            level = _lower(level)
        return level

    return severity


def _unsure(findings: Sequence[Finding]) -> bool:
    """True when every analyzer that flagged the place said it was unsure of it."""
    return bool(findings) and all(_said(f) is Confidence.LOW for f in findings)


def _lower(level: Severity) -> Severity:
    order = list(Severity)
    return order[min(level.rank + 1, len(order) - 1)]


def lead_first(places: Sequence[Occurrence]) -> list[Occurrence]:
    """The places in order of importance: the shipped code before tests, scripts and
    migrations, the surest first, then the file where the habit shows most (a real module
    before an empty `__init__.py`), then path order."""
    per_file = Counter(place.location.path for place in places)

    def key(place: Occurrence) -> tuple[bool, int, int, str, int]:
        location = place.location
        return (
            place.area is not Area.CODE,
            place.confidence.rank,
            -per_file[location.path],
            location.path,
            location.line,
        )

    return sorted(places, key=key)
