"""Talking points for a write-up: for each topic that came up, the questions an interviewer
could ask about this code, built from its comments and praise (each names the code it is
about, see `render/questions.py`), and the trade-offs worth mentioning."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewer.model import Area, Category, Comment
from reviewer.render.questions import fields, filled, lead_of
from reviewer.runtime.resources import data_dir

DATA = "reports/talking_points.yaml"
# Questions a topic asks about its comments (different rules, different code), and about its
# praise when it has comments too; a topic with praise only asks up to ASKED about it.
ASKED = 2
DEFENDED = 1


@dataclass(frozen=True)
class TalkingPoint:
    topic: str
    # The comment (or, on a topic with praise only, the praise) the first question is about.
    about: Comment
    questions: tuple[str, ...]
    tradeoffs: tuple[str, ...]
    # The comment or praise each question is built from, in the order of `questions`.
    grounds: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class _Question:
    text: str
    ground: Comment


@functools.lru_cache(maxsize=1)
def _data() -> Mapping[str, Any]:
    import yaml

    loaded = yaml.safe_load((data_dir("templates") / DATA).read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


@functools.lru_cache(maxsize=1)
def _by_rule() -> Mapping[str, Mapping[str, Any]]:
    """Every topic's `rules` and `praise` alternatives, by rule id, over all topics."""
    topics = [entry for entry in _data().values() if isinstance(entry, dict)]
    return {
        kind: {rule: listed for t in topics for rule, listed in (t.get(kind) or {}).items()}
        for kind in ("rules", "praise")
    }


def topic_of(comment: Comment) -> str:
    """The talking-point key: the SOLID principle, else the category."""
    rule = comment.rule
    if rule.category is Category.SOLID and rule.principle is not None:
        return rule.principle.value
    return rule.category.value


def talking_points(
    comments: Sequence[Comment], praise: Sequence[Comment] = ()
) -> list[TalkingPoint]:
    """One point per topic, in the order of each topic's most important comment, then the
    topics only praise came up in; each asks about the topic's comments, then defends its
    praise."""
    topics: dict[str, tuple[list[Comment], list[Comment]]] = {}
    for comment in comments:
        topics.setdefault(topic_of(comment), ([], []))[0].append(comment)
    for praised in praise:
        topics.setdefault(topic_of(praised), ([], []))[1].append(praised)
    points = (_point(key, found, praised) for key, (found, praised) in topics.items())
    return [point for point in points if point is not None]


def _point(key: str, found: list[Comment], praised: list[Comment]) -> TalkingPoint | None:
    """The topic's point, about the comment (else the praise) its first question asks about."""
    category = (found or praised)[0].rule.category
    entry = _data().get(key) or _data().get(category.value)
    if not isinstance(entry, dict):
        return None
    asked = _asked(sorted(found, key=_interest), entry)
    questions = asked + _defended(praised, entry, DEFENDED if found else ASKED)
    if not questions:
        return None
    return TalkingPoint(
        str(entry.get("topic", key)),
        questions[0].ground,
        tuple(q.text for q in questions),
        tuple(str(t) for t in entry.get("tradeoffs", [])),
        tuple(q.ground for q in questions),
    )


def _interest(comment: Comment) -> tuple[bool, int, int]:
    """The code that ships before tests and scripts; then the most severe first; within a
    severity, the rules the data lists first (the ones an interview asks about most: SQL
    injection before debug output); then as ranked."""
    order = _rule_order()
    shipped = comment.primary.area is Area.CODE
    return not shipped, comment.severity.rank, order.get(comment.rule.id, len(order))


@functools.lru_cache(maxsize=1)
def _rule_order() -> Mapping[str, int]:
    return {rule: index for index, rule in enumerate(_by_rule()["rules"])}


def _asked(found: Sequence[Comment], entry: Mapping[str, Any]) -> list[_Question]:
    """A question about each of the first comments of different rules and different code (the
    topic's own question at most once), then the topic's follow-up when only one was asked."""
    own = [str(q) for q in entry.get("questions", [])]
    asked = _each(found, "rules", own[:1], ASKED)
    if len(asked) == 1:
        first = asked[0].ground
        follow_up = filled(own[1:2], fields(first, lead_of(first)))
        asked += [_Question(follow_up, first)] if follow_up else []
    return asked


def _defended(praised: Sequence[Comment], entry: Mapping[str, Any], limit: int) -> list[_Question]:
    """A "defend this choice" question about each of the first praises of different rules."""
    fallback = [str(entry["defend"])] if entry.get("defend") else []
    return _each(praised, "praise", fallback, limit)


def _each(
    comments: Sequence[Comment], kind: str, fallback: list[str], limit: int
) -> list[_Question]:
    """Up to `limit` questions, one a list of templates and one a name, by the rule's own
    templates (of `kind`) or else, once, by the topic's `fallback`."""
    questions: list[_Question] = []
    rules: set[str] = set()
    symbols: set[str] = set()
    for comment in comments:
        if len(questions) == limit:
            break
        lead = lead_of(comment)
        shared, own = _alternatives(kind, comment.rule.id)
        if shared in rules or lead.symbol in symbols:
            continue
        values = fields(comment, lead)
        text = filled(own, values)
        if not text and fallback:
            text = filled(fallback, values)
            fallback = []  # the topic's own question is asked once
        if not text:
            continue
        rules.add(shared)
        symbols.add(lead.symbol)
        questions.append(_Question(text, comment))
    return questions


def _alternatives(kind: str, rule_id: str) -> tuple[str, list[str]]:
    """The rule whose question templates a rule asks (itself, or the rule its entry names),
    and those templates."""
    listed = _by_rule()[kind].get(rule_id)
    if isinstance(listed, str):
        rule_id, listed = listed, _by_rule()[kind].get(listed)
    return rule_id, [str(q) for q in listed] if isinstance(listed, list) else []
