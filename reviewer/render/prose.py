"""Prose helpers every format shares: code spans, inert Markdown, sentences, places, plurals."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reviewer.model import Occurrence
from reviewer.render.excerpts import printable

MAX_LISTED = 10
_SENTENCE_END = re.compile(r"(?<=[.?])\s+(?=[A-Z`(])")
_BACKTICKS = re.compile(r"`+")
# The analyzers' own code spans (ruff writes "`os` imported but unused") stay code spans.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_URL = re.compile(r"(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s`()<>\[\]]+")
# `_` inside a word never makes emphasis (CommonMark), nor `>` past a line's start: left
# as they are, `list_all` and `21 > 10` stay readable in the Markdown itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<#|~&$!]|(?<![^\W_])_|_(?![^\W_]))")
_BLOCK_START = re.compile(r"^(\d{1,9}(?=[.)])|(?=[-+=>]))")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def code_span(text: str) -> str:
    """`text` as a CommonMark inline code span, whatever backticks or spaces it holds: the fence
    is longer than any backtick run inside, padded with a space where the text starts or ends
    with a backtick (or with a space at both ends, which CommonMark would strip)."""
    text = printable(" ".join(text.splitlines()))
    ticks = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    spaced = text[:1] == text[-1:] == " " and bool(text.strip())
    pad = " " if spaced or text[:1] == "`" or text[-1:] == "`" else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def inline_markdown(text: str) -> str:
    """Words from the tree or an analyzer as inert Markdown on one line: control characters
    shown escaped, the words' own code spans kept, URLs put in code spans (GitHub links a bare
    one), and every other character Markdown or HTML could act on backslash-escaped."""
    text = printable(text.strip())
    parts, start = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts += [_inert_prose(text[start : span.start()]), span[0]]
        start = span.end()
    parts.append(_inert_prose(text[start:]))
    return _BLOCK_START.sub(r"\1\\", "".join(parts), count=1)


def _inert_prose(text: str) -> str:
    pieces, start = [], 0
    for url in _URL.finditer(text):
        pieces += [_MARKDOWN_SPECIAL.sub(r"\\\1", text[start : url.start()]), code_span(url[0])]
        start = url.end()
    pieces.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[start:]))
    return "".join(pieces)


def unescaped(markdown: str) -> str:
    """Markdown text with its backslash escapes undone outside code spans, for plain text."""
    parts, start = [], 0
    for span in _CODE_SPAN.finditer(markdown):
        parts += [_ESCAPED.sub(r"\1", markdown[start : span.start()]), span[0]]
        start = span.end()
    parts.append(_ESCAPED.sub(r"\1", markdown[start:]))
    return "".join(parts)


def without_code_spans(markdown: str) -> str:
    """Markdown prose with its escapes undone and its code spans' backticks dropped."""
    return _CODE_SPAN.sub(lambda span: _span_text(span[2]), unescaped(markdown))


def _span_text(inner: str) -> str:
    """A code span's text without the one space of padding CommonMark strips."""
    padded = len(inner) > 2 and inner[0] == inner[-1] == " " and bool(inner.strip())
    return inner[1:-1] if padded else inner


def plain_inline(markdown: str) -> str:
    """Markdown words as one plain, printable line."""
    return printable(" ".join(without_code_spans(markdown).split()))


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph of prose, for the short voice."""
    paragraph = text.strip().split("\n\n")[0]
    return _SENTENCE_END.split(" ".join(paragraph.split()))[0]


def blocks(text: str) -> list[str]:
    """Paragraphs and fenced code blocks, a fence kept whole even with blank lines inside."""
    found: list[str] = []
    fenced = False
    for chunk in text.strip().split("\n\n"):
        if fenced:
            found[-1] += "\n\n" + chunk
        else:
            found.append(chunk)
        fenced ^= chunk.count("```") % 2 == 1
    return found


def first_paragraph(text: str) -> str:
    """The first paragraph for the short voice, with the code it introduces when it ends in `:`."""
    parts = blocks(text)
    if len(parts) > 1 and parts[0].rstrip().endswith(":"):
        return f"{parts[0]}\n\n{parts[1]}"
    return parts[0] if parts else ""


def sentence(text: str) -> str:
    """The text ending in a full stop, unless it ends in punctuation already."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def where(occurrence: Occurrence, primary_path: str = "") -> str:
    """`line 12` or `lines 12-18`, or `path:12` for a file other than the primary one."""
    location = occurrence.location
    if primary_path and location.path != primary_path:
        span = f"-{location.end_line}" if location.end_line > location.line else ""
        return code_span(f"{location.path}:{location.line}{span}")
    if location.end_line > location.line:
        return f"lines {location.line}-{location.end_line}"
    return f"line {location.line}"


def place(occurrence: Occurrence, primary_path: str) -> str:
    """Where an occurrence is, naming its function or class: `line 9 (`q1`)`."""
    shown = where(occurrence, primary_path)
    return f"{shown} ({code_span(occurrence.symbol)})" if occurrence.symbol else shown


def listing(parts: Sequence[str], limit: int = MAX_LISTED) -> str:
    """`a, b, c` with at most `limit` items, then `and N more`."""
    shown = ", ".join(parts[:limit])
    rest = len(parts) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def plural(count: int, word: str) -> str:
    """`1 file`, `2 files`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
