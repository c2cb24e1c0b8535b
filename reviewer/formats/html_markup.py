"""Safe HTML for the HTML write-up: comment sections from Markdown, and highlighted code.

Comment sections (a rule's why and how, the analyzers' words, the other places) are the small
Markdown subset the catalog and our templates write: paragraphs, a bold label,
inline code, fenced code blocks, bullet and numbered lists and bare links. Every piece of text
is escaped first; only then are the few constructs turned into tags, so nothing in a file name,
a code line or an analyzer's message can become markup.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from pygments import highlight  # type: ignore[import-untyped, unused-ignore]
from pygments.formatters import HtmlFormatter  # type: ignore[import-untyped, unused-ignore]
from pygments.lexer import Lexer  # type: ignore[import-untyped, unused-ignore]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped, unused-ignore]
from pygments.util import ClassNotFound  # type: ignore[import-untyped, unused-ignore]

CSS_CLASS = "hl"
LIGHT_STYLE, DARK_STYLE = "default", "github-dark"

_FENCE = re.compile(r"^ {0,3}(`{3,})\s*([\w+.-]*)\s*$")
_ITEM = re.compile(r"^ {0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$")
_INLINE = re.compile(
    r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)"
    r"|\*\*(?P<strong>[^\s*](?:.*?[^\s*])?)\*\*"
    r"|(?P<url>https?://(?:[^\s&<>()\[\]{}`*\\]|&amp;)+)"
    r"|\\(?P<escaped>&(?:lt|gt|amp|#34|#39);|[!-/:-@\[-`{-~])",
    re.DOTALL,
)
_URL_TAIL = re.compile(r"(?:[.,;:!?]|&amp;)+$")
_LISTS = {"ul": Markup("<ul>{}</ul>"), "ol": Markup("<ol>{}</ol>")}
_CLASSES = {"Also applies to:": "also", "References:": "refs", "What the analyzers saw:": "seen"}


@dataclass
class Block:
    """One block of a body: a paragraph ("p"), a list ("ul", "ol"), code or a blank line."""

    kind: str
    lines: list[str] = field(default_factory=list)
    info: str = ""


def to_html(markdown: str, language: str = "") -> Markup:
    """A comment's Markdown section as HTML; fenced code in `language` (or the fence's own) is
    highlighted."""
    return Markup("\n").join(_render(block, language) for block in blocks(markdown))


def blocks(markdown: str) -> list[Block]:
    """The blocks of `markdown`, fenced code kept whole, blank lines dropped."""
    found: list[Block] = []
    fence = ""
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip("`"):
                fence = ""
            else:
                found[-1].lines.append(line)
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening[1]
            found.append(Block("code", info=opening[2]))
        else:
            _add_line(found, line)
    return [block for block in found if block.kind != "blank"]


def _add_line(found: list[Block], line: str) -> None:
    """Start a block with `line`, or continue the open paragraph or list item."""
    last = found[-1] if found else Block("blank")
    item = _ITEM.match(line)
    if not line.strip():
        found.append(Block("blank"))
    elif item:
        kind = "ul" if item[1] else "ol"
        if last.kind == kind:
            last.lines.append(item[3])
        else:
            found.append(Block(kind, [item[3]]))
    elif last.kind == "p":
        last.lines.append(line)
    elif last.kind in ("ul", "ol") and line.startswith(" "):
        last.lines[-1] += "\n" + line.strip()
    else:
        found.append(Block("p", [line]))


def _render(block: Block, language: str) -> Markup:
    if block.kind == "code":
        code = "\n".join(block.lines)
        fenced = block.info if block.info not in ("", "suggestion") else language
        return Markup('<div class="code {}">{}</div>').format(block.info, code_html(code, fenced))
    if block.kind in ("ul", "ol"):
        items = Markup("").join(Markup("<li>{}</li>").format(inline(i)) for i in block.lines)
        return _LISTS[block.kind].format(items)
    text = "\n".join(block.lines)
    css = next((c for start, c in _CLASSES.items() if text.startswith(start)), "")
    if css:
        return Markup('<p class="{}">{}</p>').format(css, inline(text))
    return Markup("<p>{}</p>").format(inline(text))


def inline(text: str) -> Markup:
    """One paragraph's text: escaped, then code spans, bold, bare links and backslash escapes
    (which is how the tree's and the analyzers' words arrive, see render.inline_markdown)."""
    # Every replacement wraps text that escape() already made safe.
    return Markup(_INLINE.sub(_inline_match, str(escape(text))))  # noqa: S704  # nosec B704


def _inline_match(match: re.Match[str]) -> str:
    """The tag for one inline construct; its text was escaped before the match."""
    if match["code"] is not None:
        code = match["code"]
        if code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]
        return f"<code>{code}</code>"
    if match["escaped"] is not None:  # a backslash escape: the character alone, as text
        return match["escaped"]
    if match["strong"] is not None:
        return f"<strong>{_INLINE.sub(_inline_match, match['strong'])}</strong>"
    url = match["url"]
    tail = _URL_TAIL.search(url)
    url, rest = (url[: tail.start()], tail[0]) if tail else (url, "")
    return f'<a href="{url}" rel="noopener noreferrer">{url}</a>{rest}'


def code_html(code: str, language: str, first_line: int = 0, flagged: Sequence[int] = ()) -> Markup:
    """`code` highlighted; with `first_line`, numbered from it and `flagged` lines marked."""
    formatter = HtmlFormatter(
        cssclass=CSS_CLASS,
        wrapcode=True,
        linenos="inline" if first_line else False,
        linenostart=max(first_line, 1),
        hl_lines=[number - first_line + 1 for number in flagged],
    )
    # Pygments escapes every token it writes, so its output is safe markup.
    return Markup(highlight(code, _lexer(language), formatter))  # noqa: S704  # nosec B704


def _lexer(language: str) -> Lexer:
    """The lexer for a language name; plain text when Pygments does not know it."""
    options = {"stripnl": False, "ensurenl": True, "startinline": True}
    try:
        return get_lexer_by_name(language or "text", **options)
    except ClassNotFound:
        return get_lexer_by_name("text", **options)


@functools.lru_cache(maxsize=1)
def stylesheet() -> Markup:
    """Token colors for highlighted code: a light style, and a dark one when the reader asks on
    a screen (paper stays light)."""
    light = _token_rules(LIGHT_STYLE)
    dark = _token_rules(DARK_STYLE)
    css = f"{light}\n@media screen and (prefers-color-scheme: dark) {{\n{dark}\n}}"
    return Markup(css)  # noqa: S704  # nosec B704 - generated by Pygments from fixed styles


def _token_rules(style: str) -> str:
    rules: Iterable[str] = HtmlFormatter(style=style).get_token_style_defs(f".{CSS_CLASS}")
    return "\n".join(rule.split(" /*")[0] for rule in rules)
