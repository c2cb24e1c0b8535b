# expect: design:praise-annotated@1
"""Branching that is not dispatch on a tag: tables, enum methods, ranges, exhaustive matches."""
from collections.abc import Callable
from enum import Enum
from typing import assert_never


def _csv(rows: list[dict[str, str]]) -> str:
    return "\n".join(",".join(row.values()) for row in rows)


def _tsv(rows: list[dict[str, str]]) -> str:
    return "\n".join("\t".join(row.values()) for row in rows)


EXPORTERS: dict[str, Callable[[list[dict[str, str]]], str]] = {"csv": _csv, "tsv": _tsv}


def export(rows: list[dict[str, str]], fmt: str) -> str:
    return EXPORTERS[fmt](rows)


class Weekday(Enum):
    SATURDAY = 6
    SUNDAY = 7
    MONDAY = 1

    def is_weekend(self) -> bool:
        match self:
            case Weekday.SATURDAY | Weekday.SUNDAY:
                return True
            case Weekday.MONDAY:
                return False
            case _:
                return False

    def short(self) -> str:
        if self is Weekday.SATURDAY:
            return "Sat"
        elif self is Weekday.SUNDAY:
            return "Sun"
        elif self is Weekday.MONDAY:
            return "Mon"
        return "?"


class Format(Enum):
    JSON = "json"
    TEXT = "text"
    HTML = "html"


def render(fmt: Format, body: str) -> str:
    match fmt:
        case Format.JSON:
            return '{"body": "%s"}' % body
        case Format.TEXT:
            return body
        case Format.HTML:
            return f"<p>{body}</p>"
        case _:
            assert_never(fmt)


def shipping_band(weight_kg: float) -> str:
    if weight_kg > 30:
        return "freight"
    elif weight_kg > 10:
        return "heavy"
    elif weight_kg > 2:
        return "parcel"
    return "letter"


def pluralize(words: list[str]) -> str:
    if len(words) == 0:
        return "nothing"
    elif len(words) == 1:
        return words[0]
    elif len(words) == 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def greet(user_role: str, locale: str) -> str:
    if user_role == "admin":
        return "Welcome back, administrator"
    elif locale == "de":
        return "Willkommen"
    return "Welcome"
