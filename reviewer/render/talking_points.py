"""Talking points for a write-up: interview questions and trade-offs for each topic that came up,
pointed at the most important comment on that topic."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewer.model import Category, Comment
from reviewer.render.prose import code_span
from reviewer.runtime.resources import data_dir

DATA = "reports/talking_points.yaml"


@dataclass(frozen=True)
class TalkingPoint:
    topic: str
    about: Comment
    questions: tuple[str, ...]
    tradeoffs: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _data() -> Mapping[str, Any]:
    import yaml

    loaded = yaml.safe_load((data_dir("templates") / DATA).read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def topic_of(comment: Comment) -> str:
    """The talking-point key: the SOLID principle, else the category."""
    rule = comment.rule
    if rule.category is Category.SOLID and rule.principle is not None:
        return rule.principle.value
    return rule.category.value


def talking_points(comments: Sequence[Comment]) -> list[TalkingPoint]:
    """One point per topic, in the order of each topic's most important comment."""
    first: dict[str, Comment] = {}
    for comment in comments:
        first.setdefault(topic_of(comment), comment)
    return [point for key, c in first.items() if (point := _point(key, c)) is not None]


def _point(key: str, comment: Comment) -> TalkingPoint | None:
    entry = _data().get(key) or _data().get(comment.rule.category.value)
    if not isinstance(entry, dict):
        return None
    values = {
        "name": code_span(comment.primary.symbol) if comment.primary.symbol else "this code",
        "place": code_span(f"{comment.path}:{comment.line}"),
        "title": comment.title,
    }
    questions = tuple(str(q).format(**values) for q in entry.get("questions", []))
    tradeoffs = tuple(str(t) for t in entry.get("tradeoffs", []))
    return TalkingPoint(str(entry.get("topic", key)), comment, questions, tradeoffs)
