"""The voice check: every rule's comment, rendered by the real templates in both voices,
keeps the rules of docs/voice.md: a label and decorations, no banned words, a way forward."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml

from reviewer.catalog.rules import load_catalog
from reviewer.model import Comment, Label, Location, Occurrence, Rule, Suggestion, Voice
from reviewer.render.comments import EXAMPLE_INTRO, make_renderer
from reviewer.render.prose import first_paragraph
from reviewer.render.suggestions import suggestion_markdown
from reviewer.runtime.resources import data_dir

CATALOG = load_catalog()
BANNED = re.compile(
    r"\b(obviously|clearly|just|simply|easy|easily|wrong|bad|terrible|stupid|dumb|lazy|sloppy|"
    r"always|never|why didn't you|you should have)\b",
    re.IGNORECASE,
)
LABELS = "|".join(label.value for label in Label)
HEADER = re.compile(
    rf"^\*\*({LABELS})( \((blocking|non-blocking)(, [a-z-]+(/[A-Z]+)?)?\))?:\*\* \S"
)
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
CODE = re.compile(r"```.*?```|`[^`\n]*`|https?://\S+", re.DOTALL)


def prose(text: str) -> str:
    """The text without code, inline code and links: the words the review itself chooses."""
    return CODE.sub(" ", text)


def rendered(rule: Rule, voice: Voice) -> Comment:
    places = tuple(
        Occurrence(Location("app/orders.py", line, line), symbol, ("",), ("x:1",))
        for line, symbol in ((12, "place_order"), (40, "cancel_order"))
    )
    return make_renderer(voice)(Comment("c0ffee", rule, rule.severity, places))


@pytest.mark.parametrize("voice", list(Voice), ids=lambda v: v.value)
@pytest.mark.parametrize("rule_id", sorted(CATALOG.rules))
def test_every_rule_speaks_in_the_voice(rule_id: str, voice: Voice) -> None:
    rule = CATALOG.rules[rule_id]
    comment = rendered(rule, voice)
    first = comment.body.splitlines()[0]
    assert HEADER.match(first), first
    if rule.effective_label is not Label.PRAISE:
        assert "(blocking" in first or "(non-blocking" in first
        way_forward = first_paragraph(rule.how).split("\n")[0]
        assert lead_in(way_forward) in comment.body, "no way forward"
        assert "`place_order`" in first, "the subject names the function"
    text = prose(comment.body)
    assert not BANNED.findall(text), BANNED.findall(text)
    assert "!" not in text and not EMOJI.search(comment.body)
    assert len(comment.title.splitlines()) == 1


def lead_in(line: str) -> str:
    """A line that introduced the rule's example, as the comment says it: without the colon."""
    return line.removesuffix(":").removesuffix(", for example")


def stock_blocks_unintroduced(body: str) -> list[str]:
    """The fenced code blocks of `body` that no "For example, in other code:" paragraph
    introduces (the suggested change, built from the user's lines, is not stock)."""
    lines = body.splitlines()
    found, fence = [], ""
    for number, line in enumerate(lines):
        stripped = line.strip()
        if fence:
            fence = "" if stripped == fence else fence
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            before = [earlier for earlier in lines[:number] if earlier.strip()]
            if not before or before[-1] != EXAMPLE_INTRO:
                found.append(line)
    return found


@pytest.mark.parametrize("voice", list(Voice), ids=lambda v: v.value)
def test_a_stock_example_is_never_shown_as_the_user_s_code(voice: Voice) -> None:
    """Every rule, both voices: each code block of the rule's own is introduced as code from
    elsewhere, in the words of docs/voice.md; with a suggested change to the user's own code,
    neither voice shows it (the real change says more than a stock one)."""
    change = Suggestion("app/orders.py", 12, 12, "a", "b", True, "review")
    for rule in CATALOG.rules.values():
        comment = rendered(rule, voice)
        assert not stock_blocks_unintroduced(comment.body), rule.id
        suggested = dataclasses.replace(comment, suggestion=change)
        own = suggestion_markdown(suggested, voice)
        body = make_renderer(voice)(suggested).body
        stock = body.replace(own, "") if own else body
        assert not stock_blocks_unintroduced(stock), rule.id
        assert EXAMPLE_INTRO not in stock and "```" not in stock, rule.id


def test_talking_points_keep_the_voice() -> None:
    data = yaml.safe_load((data_dir("templates") / "reports" / "talking_points.yaml").read_text())
    for topic, entry in data.items():
        for line in [*entry["questions"], *entry["tradeoffs"]]:
            text = prose(line)
            assert not BANNED.findall(text), (topic, line)
            assert "!" not in text, (topic, line)
