"""Comment bodies from the real templates: label, decorations, subject, why, how, voice."""

from __future__ import annotations

import dataclasses

import pytest

from reviewer.catalog.rules import load_catalog
from reviewer.model import Comment, Location, Occurrence, Rule, Severity, Voice
from reviewer.render.comments import body_sections, details, lead, make_renderer, rendered
from reviewer.render.prose import first_paragraph, first_sentence

CATALOG = load_catalog()


def occurrence(line: int, symbol: str = "", *messages: str) -> Occurrence:
    return Occurrence(Location("app/orders.py", line, line), symbol, messages, ("ruff:X1",))


def comment(rule: Rule, *occurrences: Occurrence, severity: Severity | None = None) -> Comment:
    return Comment("abc123", rule, severity or rule.severity, occurrences)


def render(rule_id: str, voice: Voice, *occurrences: Occurrence) -> Comment:
    rule = CATALOG.get(rule_id)
    return make_renderer(voice)(comment(rule, *occurrences))


def test_blocking_comment_names_label_category_and_symbol() -> None:
    done = render("sql-injection", Voice.MENTOR, occurrence(28, "place_order"))
    first = done.body.splitlines()[0]
    assert (
        first
        == "**issue (blocking, security):** SQL built from strings in `place_order` (line 28)."
    )
    assert done.title == "SQL built from strings in `place_order`"
    assert "```" in done.body  # mentor voice keeps the code sketch


def test_solid_rules_carry_their_principle() -> None:
    done = render("too-many-parameters", Voice.PEER, occurrence(3, "calculate_price"))
    assert done.body.startswith("**suggestion (non-blocking, solid/SRP):**")


def test_nit_is_a_non_blocking_nitpick() -> None:
    done = render("unused-import", Voice.PEER, occurrence(1))
    assert done.body.startswith("**nitpick (non-blocking, readability):** ")
    assert " in `" not in done.body.splitlines()[0]


def test_peer_voice_is_shorter_than_mentor() -> None:
    place = occurrence(28, "place_order")
    peer = render("sql-injection", Voice.PEER, place).body
    mentor = render("sql-injection", Voice.MENTOR, place).body
    assert len(peer) < len(mentor)
    assert "References:" in mentor and "References:" not in peer


def test_other_places_are_counted_by_the_peer() -> None:
    done = render(
        "sql-injection", Voice.PEER, occurrence(5, "a"), occurrence(9, "b"), occurrence(13)
    )
    assert done.body.rstrip().endswith("Also applies to 2 more places in this file.")


def test_places_in_other_files_are_counted_by_file() -> None:
    other = Occurrence(Location("app/api.py", 2, 2), "", (), ("ruff:X1",))
    done = render("sql-injection", Voice.PEER, occurrence(5, "a"), occurrence(9), other)
    assert "Also applies to 1 more place in this file and 1 in `app/api.py`." in done.body
    done = render("sql-injection", Voice.PEER, occurrence(5, "a"), other)
    assert "Also applies to 1 more place in `app/api.py`." in done.body


def test_the_mentor_lists_each_place_with_its_own_words_once() -> None:
    """One line a place, its own words where they say something new; never the title."""
    global_words = "Using the global statement to update `_service` is discouraged"
    other_file = Occurrence(Location("app/db.py", 26, 26), "get_service", (global_words,), ())
    done = render(
        "global-state",
        Voice.MENTOR,
        occurrence(5, "a", global_words),
        occurrence(9, "b", global_words, "Module state changed through `global`"),
        occurrence(13, "", "Using the global statement to update `_cache` is discouraged"),
        other_file,
    )
    assert "What the analyzers saw: Using the global statement to update `_service` is" in (
        done.body
    )
    assert done.body.rstrip().endswith(
        "Also applies to:\n"
        "- line 9 (`b`)\n"
        "- line 13: Using the global statement to update `_cache` is discouraged\n"
        "- `app/db.py:26` (`get_service`)"
    )
    assert "Details:" not in done.body and ";" not in done.body.split("Also applies")[1]


def test_the_mentor_lists_a_few_places_then_counts_the_rest() -> None:
    places = [occurrence(line, "f") for line in range(1, 15)]
    done = render("global-state", Voice.MENTOR, *places)
    listed = done.body.split("Also applies to:\n")[1].splitlines()
    assert len(listed) == 11 and listed[-1] == "- and 3 more places"


def test_specific_analyzer_words_are_quoted_generic_ones_are_not() -> None:
    places = [
        occurrence(
            3, "", 'Argument 1 to "f" has incompatible type "str"', "Possible SQL injection"
        ),
        occurrence(4, "", "Argument 1 to `f` has incompatible type `str`"),
    ]
    assert details(places) == ['Argument 1 to "f" has incompatible type "str"']


def test_words_said_of_another_place_name_that_place() -> None:
    """A comment headed by one method must not seem to say another place's words of it."""
    other_file = Occurrence(
        Location("app/api.py", 2, 2), "", ("`json` imported but unused",), ("ruff:F401",)
    )
    places = [
        occurrence(3, "", "`os` imported but unused"),
        occurrence(9, "", "`sys` imported but unused", "`os` imported but unused"),
        other_file,
    ]
    assert details(places) == [
        "`os` imported but unused",
        "line 9: `sys` imported but unused",
        "`app/api.py:2`: `json` imported but unused",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Because it is. Then more.", "Because it is."),
        ("Use `os.path` here. Then.", "Use `os.path` here."),
        ("One line\nwrapped. Next.", "One line wrapped."),
    ],
)
def test_first_sentence(text: str, expected: str) -> None:
    assert first_sentence(text) == expected


def test_first_paragraph_keeps_the_code_it_introduces() -> None:
    how = "Pass parameters:\n\n```python\nrun(a)\n\nrun(b)\n```\n\nMore text."
    assert first_paragraph(how) == "Pass parameters:\n\n```python\nrun(a)\n\nrun(b)\n```"
    assert first_paragraph("Consider it.\n\nMore.") == "Consider it."


@pytest.mark.parametrize("voice", list(Voice))
def test_every_rule_s_body_is_its_rendered_fields_laid_out(voice: Voice) -> None:
    """The formats that lay out the fields (text, HTML) say what the Markdown body says."""
    places = (
        occurrence(5, "a", "`os` imported but unused", "line 12 has 3 arguments"),
        occurrence(9, "b", "Call to `eval`"),
    )
    for rule in CATALOG.rules.values():
        done = make_renderer(voice)(comment(rule, *places))
        text = rendered(done, voice)
        assert done.body == "\n\n".join([lead(text), *body_sections(text)]) + "\n", rule.id


def test_rendered_fields_carry_the_analyzers_words_and_the_other_places() -> None:
    rule = CATALOG.get("sql-injection")
    text = rendered(
        comment(rule, occurrence(5, "a", "uses `q` 2 times"), occurrence(9)), Voice.PEER
    )
    assert (text.label, text.decorations) == ("issue", "blocking, security")
    assert text.subject == "SQL built from strings in `a` (line 5)."
    assert text.details == ("uses `q` 2 times",)
    assert text.places == ("1 more place in this file",)
    assert text.suggestion == ""


def test_a_suggested_change_follows_how() -> None:
    text = rendered(comment(CATALOG.get("sql-injection"), occurrence(5)), Voice.PEER)
    change = "```suggestion\ncursor.execute(sql, (value,))\n```"
    sections = body_sections(dataclasses.replace(text, suggestion=change))
    assert sections[sections.index(text.how) + 1] == change
