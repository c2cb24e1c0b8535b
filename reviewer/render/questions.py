"""Interview questions built from one comment or praise: each names the code it is about and
asks about the trade-off its rule is about.

What a question names, the comment's lead: its function or class where the analyzer found one,
else the first name the analyzer quoted at that place (`SECRET_KEY`, `_cache`), else another
place's function or class, else the module or file the comment is in. A question template
fills these fields, each a Markdown code span, or an empty string where the comment has none:

- `{symbol}`, `{place}`: the lead and its `path:line`; never empty;
- `{owner}`, `{member}`: the class and the method of a lead like `OrderService.place_order`;
  `{holder}`: the class of such a lead, else the lead itself; never empty;
- `{thing}`: the offending call or construct (`self.conn.execute()`), as the title shows it;
- `{names}`, `{first}`, `{last}`: the other names the analyzer quoted (`sqlite3.connect`,
  `smtplib.SMTP`), listed, the first of them and the last.

A rule lists alternatives, best first: the first whose fields are all filled is asked.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from reviewer.model import Comment, Location, Occurrence
from reviewer.render.prose import code_span

# A name as code writes it: `get`, `OrderService.place_order`, `DB::select`, `$order->items`,
# `App\Enums\Status`, `sqlite3.connect()`; not an expression (`DEBUG = True`, `a[0]`).
_NAME = re.compile(
    r"[\\$]?[A-Za-z_][\w\\]*(?:(?:\.|::|->)\$?[A-Za-z_]\w*)*(?:\(\))?",
)
# The analyzers quote names in backticks (ours, ruff) or double quotes (mypy, bandit).
_QUOTED = re.compile(r"`([^`\n]{1,80})`|\"([^\"\n]{1,80})\"")
_FILE = re.compile(r"\.(py|pyi|php)$", re.IGNORECASE)
_MEMBER = re.compile(r"\.|::|->")
_OWNED = re.compile(r"(.+)(?:\.|::|->)(\$?[A-Za-z_]\w*(?:\(\))?)")
_FIELD = re.compile(r"\{(\w+)\}")
PACKAGE_FILES = frozenset({"__init__", "__main__"})
# Words the analyzers quote that are the language's, not the code's (`except`, `new`).
KEYWORDS = frozenset(keyword.kwlist) | {
    "catch",
    "echo",
    "exit",
    "function",
    "new",
    "null",
    "print",
    "self",
    "static",
    "this",
}
# Named by every class that has one: a question names the class instead.
CONSTRUCTORS = frozenset({"__init__", "__new__", "__construct"})


@dataclass(frozen=True)
class Lead:
    """What a question about a comment names: a name of the reviewed code and where it is,
    and the other names the analyzer quoted there."""

    symbol: str
    location: Location
    names: tuple[str, ...]


def lead_of(comment: Comment) -> Lead:
    """The comment's function or class, else a name quoted at its lead place, else another
    place's function or class, else its module; see the module's docstring."""
    primary = comment.primary
    quoted = [name for name in quoted_names(primary.messages) if name != primary.symbol]
    if primary.symbol:
        return Lead(primary.symbol, primary.location, tuple(_others(quoted, primary.symbol)))
    if quoted:
        return Lead(quoted[0], primary.location, tuple(_others(quoted[1:], quoted[0])))
    elsewhere = next((o for o in comment.occurrences if o.symbol), None)
    if elsewhere is not None:
        return Lead(elsewhere.symbol, elsewhere.location, tuple(_quoted_at(elsewhere)))
    return Lead(module_of(primary.location.path), primary.location, ())


def quoted_names(messages: Iterable[str]) -> list[str]:
    """The names the analyzer quoted, in order, each once; expressions and file names left out."""
    found: dict[str, None] = {}
    for message in messages:
        for match in _QUOTED.finditer(message):
            text = (match[1] or match[2]).strip()
            if _NAME.fullmatch(text) and not _FILE.search(text) and text not in KEYWORDS:
                found.setdefault(text)
    return list(found)


def _quoted_at(occurrence: Occurrence) -> list[str]:
    return _others(quoted_names(occurrence.messages), occurrence.symbol)


def _others(names: Sequence[str], symbol: str) -> list[str]:
    """The names besides the symbol and its parts (`OrderService`, `place_order`)."""
    parts = {symbol, *_MEMBER.split(symbol), *CONSTRUCTORS}
    return [name for name in names if name not in parts]


def module_of(path: str) -> str:
    """The module a file is (`cache` for `orders/cache.py`, the package for `__init__.py`);
    for PHP, the class its name promises (`MenuItem` for `MenuItem.php`)."""
    file = PurePath(path)
    if file.stem in PACKAGE_FILES and file.parent.name:
        return file.parent.name
    return file.stem


def fields(comment: Comment, lead: Lead) -> dict[str, str]:
    """The values a question template may use, as Markdown; see the module's docstring."""
    owner, member = _split(lead.symbol)
    names = [code_span(name) for name in lead.names]
    location = lead.location
    return {
        "symbol": code_span(lead.symbol),
        "place": code_span(f"{location.path}:{location.line}"),
        "owner": code_span(owner) if owner else "",
        "member": code_span(member) if owner else "",
        "holder": code_span(owner or lead.symbol),
        "thing": comment.thing if location == comment.primary.location else "",
        "names": and_list(names),
        "first": names[0] if names else "",
        "last": names[-1] if names else "",
    }


def _split(symbol: str) -> tuple[str, str]:
    """`("OrderService", "place_order")` for `OrderService.place_order`; `("", symbol)` for
    a name with no owner."""
    match = _OWNED.fullmatch(symbol)
    return (match[1], match[2]) if match else ("", symbol)


def and_list(parts: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def filled(alternatives: Iterable[object], values: Mapping[str, str]) -> str:
    """The first template whose fields all have a value, filled in; empty when none has."""
    for template in alternatives:
        text = str(template)
        wanted = _FIELD.findall(text)
        if all(values.get(name) for name in wanted):
            return _FIELD.sub(lambda field: values[field[1]], text)
    return ""
