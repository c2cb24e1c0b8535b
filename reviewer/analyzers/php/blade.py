"""Blade templates (`*.blade.php`), read as text: Blade mixes HTML, echo tags and directives,
so tree-sitter-php cannot parse a view as a whole. Two points a senior raises on a view:
unescaped output of what a user sent, and a state-changing form without its CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.model import Finding, Location, Severity

ANALYZER = "php"
SUFFIX = ".blade.php"

RAW_ECHO = re.compile(r"\{!!(?P<expression>.*?)!!\}", re.DOTALL)
BLADE_COMMENT = re.compile(r"\{\{--.*?--\}\}", re.DOTALL)
# What the client sent, read in the view itself.
REQUEST_DATA = re.compile(
    r"\brequest\(|\$request\b|\bRequest::|\bold\(|\$_(?:GET|POST|REQUEST|COOKIE|SERVER)\b"
    r"|\binput\("
)
# A value a user typed and the application stored: a model attribute by a telling name, or a
# flashed message (the application often puts user input into it).
STORED_TEXT = re.compile(
    r"->(?P<field>name|title|body|content|comment|description|bio|about|message|text|notes?"
    r"|subject|summary|address|username|signature)\b(?!\s*\()"
    r"|\bsession\(|\bSession::"
)
# Functions that make their argument safe to print, and helpers that print HTML the framework
# builds: what is inside them is not printed raw.
ESCAPING = re.compile(
    r"\b(?:e|htmlspecialchars|htmlentities|strip_tags|clean|purify|Purifier::clean|json_encode"
    r"|Js::from|csrf_field|method_field|urlencode|rawurlencode|intval)\s*\(",
)
# A `>` inside an echo (`{{ $order->id }}`) does not end the tag.
FORM = re.compile(
    r"<form\b(?P<attributes>(?:\{\{.*?\}\}|\{!!.*?!!\}|[^>])*)>(?P<body>.*?)</form>",
    re.DOTALL | re.IGNORECASE,
)
STATE_CHANGING = re.compile(
    r"""(?<![\w:.-])method\s*=\s*["']?\s*(?:post|put|patch|delete)\b""", re.IGNORECASE
)
CSRF = re.compile(r"@csrf\b|csrf_field\(|csrf_token\(|\b_token\b|@csrf_token")
# A form another part supplies (a component's `$slot`) or submits itself (Livewire, Alpine),
# or one posting to another site: its token is not this template's to give.
NOT_OURS = re.compile(
    r"\$slot\b|wire:submit|x-on:submit|@submit|\{\{\s*\$attributes|@include|@component|<x-"
    r"""|@livewire|<livewire:|action\s*=\s*["']https?://""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Template:
    """One Blade view: its path and text, with its Blade comments blanked out (kept the same
    length, so offsets still give lines)."""

    path: str
    text: str

    @property
    def code(self) -> str:
        """The text without `{{-- --}}` comments, offsets unchanged."""
        return BLADE_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), self.text)

    def finding(
        self, code: str, start: int, end: int, message: str, raise_to: Severity | None = None
    ) -> Finding:
        """A php finding spanning characters `start` to `end` of the template."""
        first = self.text.count("\n", 0, start) + 1
        last = self.text.count("\n", 0, end) + 1
        column = start - (self.text.rfind("\n", 0, start) + 1) + 1
        location = Location(self.path, first, last, column)
        return Finding(ANALYZER, code, location, message, {}, raise_to)


def is_template(path: str) -> bool:
    """True for a Blade view, which the text pass reads instead of tree-sitter."""
    return path.endswith(SUFFIX)


def review_template(template: Template) -> list[Finding]:
    """Every Blade point of one view."""
    return [*raw_output(template), *form_without_csrf(template)]


def raw_output(template: Template) -> Iterator[Finding]:
    """`{!! ... !!}` printing request data (major) or stored user text (minor) unescaped."""
    name = _view_name(template.path)
    for echo in RAW_ECHO.finditer(template.code):
        expression = " ".join(echo.group("expression").split())
        printed = _unescaped(expression)
        shown = f"{{!! {expression} !!}}"
        if REQUEST_DATA.search(printed):
            message = f"`{name}` prints request data unescaped with `{shown}`"
            yield template.finding(
                "blade-raw-output", echo.start(), echo.end(), message, Severity.MAJOR
            )
        elif STORED_TEXT.search(printed):
            what = "a session value" if "ession" in printed else "stored text"
            message = f"`{name}` prints {what} unescaped with `{shown}`"
            yield template.finding("blade-raw-output", echo.start(), echo.end(), message)


def form_without_csrf(template: Template) -> Iterator[Finding]:
    """A POST, PUT, PATCH or DELETE `<form>` with no `@csrf`, `csrf_field()` or `_token`."""
    name = _view_name(template.path)
    for form in FORM.finditer(template.code):
        attributes, body = form.group("attributes"), form.group("body")
        if not STATE_CHANGING.search(attributes) or CSRF.search(form.group(0)):
            continue
        if NOT_OURS.search(attributes) or NOT_OURS.search(body):
            continue
        method = STATE_CHANGING.search(attributes)
        verb = method.group(0).rsplit("=", 1)[-1].strip(" \"'").upper() if method else "POST"
        message = f"`{name}` has a {verb} form without `@csrf`"
        yield template.finding(
            "blade-form-without-csrf", form.start(), form.end("attributes"), message
        )


def _unescaped(expression: str) -> str:
    """The expression with the arguments of escaping calls (`e(...)`) taken out: what is
    left is printed as it is."""
    kept: list[str] = []
    position = 0
    for call in ESCAPING.finditer(expression):
        if call.start() < position:
            continue
        kept.append(expression[position : call.start()])
        position = _closing(expression, call.end())
    kept.append(expression[position:])
    return "".join(kept)


def _closing(expression: str, start: int) -> int:
    """The offset just past the `)` that closes the call whose arguments begin at `start`."""
    depth = 1
    for offset in range(start, len(expression)):
        if expression[offset] == "(":
            depth += 1
        elif expression[offset] == ")":
            depth -= 1
            if depth == 0:
                return offset + 1
    return len(expression)


def _view_name(path: str) -> str:
    """`orders/show.blade.php` as Laravel names the view: `orders.show` under `views/`."""
    _, under_views, name = path.replace("\\", "/").rpartition("/views/")
    shown = name if under_views else name.rsplit("/", 1)[-1]
    return shown.replace("/", ".")[: -len(SUFFIX)]
