"""Blade templates (`*.blade.php`), read as text: Blade mixes HTML, echo tags and directives,
so tree-sitter-php cannot parse a view as a whole. Two points a senior raises on a view:
unescaped output of what a user sent, and a state-changing form without its CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.model import Finding, Location

ANALYZER = "php"
SUFFIX = ".blade.php"

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
FORM_OPENING = re.compile(r"<form\b", re.IGNORECASE)
TAG_END_OR_ECHO = re.compile(r"[>{]")
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
        kept, position = [], 0
        for start, end in _between(self.text, "{{--", "--}}"):
            kept += [self.text[position:start], re.sub(r"[^\n]", " ", self.text[start:end])]
            position = end
        return "".join([*kept, self.text[position:]])

    def finding(
        self, code: str, start: int, end: int, message: str, *, unsure: bool = False
    ) -> Finding:
        """A php finding spanning characters `start` to `end` of the template; an unsure one
        weighs a step less than its rule (reviewer.pipeline.weighing)."""
        first = self.text.count("\n", 0, start) + 1
        last = self.text.count("\n", 0, end) + 1
        column = start - (self.text.rfind("\n", 0, start) + 1) + 1
        location = Location(self.path, first, last, column)
        extras = {"confidence": "low"} if unsure else {}
        return Finding(ANALYZER, code, location, message, extras)


def is_template(path: str) -> bool:
    """True for a Blade view, which the text pass reads instead of tree-sitter."""
    return path.endswith(SUFFIX)


def review_template(template: Template) -> list[Finding]:
    """Every Blade point of one view."""
    return [*raw_output(template), *form_without_csrf(template)]


def raw_output(template: Template) -> Iterator[Finding]:
    """`{!! ... !!}` printing request data (the rule's major) or stored user text unescaped;
    whether stored text was sanitized when it was saved cannot be seen here, so that place is
    unsure (a minor)."""
    name = _view_name(template.path)
    code = template.code
    for start, end in _between(code, "{!!", "!!}"):
        expression = " ".join(code[start + 3 : end - 3].split())
        printed = _unescaped(expression)
        shown = f"{{!! {expression} !!}}"
        if REQUEST_DATA.search(printed):
            message = f"`{name}` prints request data unescaped with `{shown}`"
            yield template.finding("blade-raw-output", start, end, message)
        elif STORED_TEXT.search(printed):
            what = "a session value" if "ession" in printed else "stored text"
            message = f"`{name}` prints {what} unescaped with `{shown}`"
            yield template.finding("blade-raw-output", start, end, message, unsure=True)


def form_without_csrf(template: Template) -> Iterator[Finding]:
    """A POST, PUT, PATCH or DELETE `<form>` with no `@csrf`, `csrf_field()` or `_token`."""
    name = _view_name(template.path)
    for form in _forms(template.code):
        attributes, body = form.attributes, form.body
        if not STATE_CHANGING.search(attributes) or CSRF.search(attributes + body):
            continue
        if NOT_OURS.search(attributes) or NOT_OURS.search(body):
            continue
        method = STATE_CHANGING.search(attributes)
        verb = method.group(0).rsplit("=", 1)[-1].strip(" \"'").upper() if method else "POST"
        message = f"`{name}` has a {verb} form without `@csrf`"
        yield template.finding("blade-form-without-csrf", form.start, form.tag_end, message)


@dataclass(frozen=True)
class Form:
    """A `<form>` of a view: where it starts and its tag ends, its attributes and its body."""

    start: int
    tag_end: int
    attributes: str
    body: str


def _forms(code: str) -> Iterator[Form]:
    """Every `<form>` of a view. HTML forms do not nest, so a body ends at `</form>` or at the
    next `<form`; each character is read a bounded number of times however the view ends."""
    lowered = code.lower()
    starts = [m.start() for m in FORM_OPENING.finditer(code)]
    for index, start in enumerate(starts):
        limit = starts[index + 1] if index + 1 < len(starts) else len(code)
        tag_end = _tag_end(code, start + len("<form"), limit)
        if tag_end < 0:
            continue
        closing = lowered.find("</form>", tag_end, limit)
        body_end = closing if closing >= 0 else limit
        yield Form(start, tag_end, code[start + len("<form") : tag_end - 1], code[tag_end:body_end])


def _tag_end(code: str, position: int, limit: int) -> int:
    """The offset past the `>` that ends a tag, skipping echoes (`{{ $order->id }}`), or -1."""
    while (found := TAG_END_OR_ECHO.search(code, position, limit)) is not None:
        at = found.start()
        if code[at] == ">":
            return at + 1
        for opening, closing in (("{{", "}}"), ("{!!", "!!}")):
            if code.startswith(opening, at):
                end = code.find(closing, at + len(opening), limit)
                if end < 0:
                    return -1
                position = end + len(closing)
                break
        else:
            position = at + 1
    return -1


def _between(text: str, opening: str, closing: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each `opening ... closing` in order, unnested; once an opening has no
    closing, none after it can have one either, so the scan stops there (linear time)."""
    position = 0
    while (start := text.find(opening, position)) >= 0:
        end = text.find(closing, start + len(opening))
        if end < 0:
            return
        position = end + len(closing)
        yield start, position


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
