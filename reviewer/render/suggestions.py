"""A comment's suggested change in words every format shares: the heading that says how safe it
is, the user's lines before and after, and a fence no line of theirs can close.

`suggestion_markdown` is the change as the comment's body shows it (a `diff` block); the
Markdown write-up puts a GitHub `suggestion` block in its place when the change replaces exactly
the lines the comment is about (`exact`). The other formats lay the change out their own way
from `Comment.suggestion` and the helpers here."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from reviewer.model import Comment, Suggestion, Voice
from reviewer.render.excerpts import printable
from reviewer.render.prose import code_span, inline_markdown, sentence

SAFE, UNSAFE, OURS = (
    "ruff's fix, safe",
    "ruff's fix, unsafe: review it",
    "built by review from this code",
)
_BACKTICKS = re.compile(r"`+")


def safety(suggestion: Suggestion) -> str:
    """Who built the change and whether it keeps what the code does."""
    if suggestion.source != "ruff":
        return OURS
    return SAFE if suggestion.safe else UNSAFE


def covered(comment: Comment) -> bool:
    """True when the change replaces lines the comment's lead place covers."""
    found = comment.suggestion
    return (
        found is not None
        and found.path == comment.path
        and comment.line <= found.line <= found.end_line <= max(comment.end_line, comment.line)
    )


def exact(comment: Comment) -> bool:
    """True when the change replaces exactly the lines the comment is about: what a GitHub
    `suggestion` block on a review comment at those lines would replace."""
    found = comment.suggestion
    return (
        found is not None
        and found.path == comment.path
        and (found.line, found.end_line) == (comment.line, max(comment.end_line, comment.line))
    )


def heading(comment: Comment, voice: Voice) -> str:
    """`Suggested change (ruff's fix, safe): adds `timeout=10` to the call.` as inline
    Markdown; the peer's leaves the note out. Empty without a suggestion."""
    found = comment.suggestion
    if found is None:
        return ""
    kind = safety(found)
    where = "" if covered(comment) else f" at {_place(comment, found)}"
    if voice is Voice.PEER:
        return f"Suggested change{where} ({kind}):"
    note = inline_markdown(" ".join(found.note.split()))
    return f"Suggested change{where} ({kind}){': ' + sentence(note) if note else ':'}"


def _place(comment: Comment, found: Suggestion) -> str:
    span = f"-{found.end_line}" if found.end_line > found.line else ""
    if found.path != comment.path:
        return code_span(f"{found.path}:{found.line}{span}")
    return f"line{'s' if span else ''} {found.line}{span}"


def before_lines(suggestion: Suggestion) -> list[str]:
    """The user's lines the change replaces, control characters shown escaped."""
    return [printable(line) for line in suggestion.before.split("\n")]


def after_lines(suggestion: Suggestion) -> list[str]:
    """The lines proposed in their place (none when the change deletes them)."""
    return [printable(line) for line in suggestion.after.split("\n")] if suggestion.after else []


def diff_lines(suggestion: Suggestion) -> list[str]:
    """`-` before each line of the user's, `+` before each new one."""
    return [f"-{line}" for line in before_lines(suggestion)] + [
        f"+{line}" for line in after_lines(suggestion)
    ]


Opcodes = Sequence[tuple[str, int, int, int, int]]
MARKS = {"equal": " ", "delete": "-", "insert": "+"}


def compact_diff_lines(suggestion: Suggestion) -> list[str]:
    """The lines that change, for a terminal: unchanged lines of a longer change left out,
    and without the indentation every line shown shares. A block moved past unchanged lines
    (a `validate()` moved above its `try`) keeps those lines between, in the file's order:
    without them the move reads as a change of indentation."""
    before, after = before_lines(suggestion), after_lines(suggestion)
    opcodes = difflib.SequenceMatcher(None, before, after).get_opcodes()
    moved = sorted(tag for tag, *_ in opcodes if tag != "equal") == ["delete", "insert"]
    shown = (_in_order if moved else _grouped)(opcodes, before, after)
    indents = [len(line) - len(line.lstrip()) for _, line in shown if line.strip()]
    cut = min(indents, default=0)
    return [f"{mark}{line[cut:]}" for mark, line in shown]


def _in_order(opcodes: Opcodes, before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """From the first change to the last, unchanged lines between them included."""
    changed = [i for i, (tag, *_) in enumerate(opcodes) if tag != "equal"]
    shown: list[tuple[str, str]] = []
    for tag, b1, b2, a1, a2 in opcodes[changed[0] : changed[-1] + 1]:
        lines = after[a1:a2] if tag == "insert" else before[b1:b2]
        shown += [(MARKS[tag], line) for line in lines]
    return shown


def _grouped(opcodes: Opcodes, before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """Every removed line, then every added one."""
    edits = [(b1, b2, a1, a2) for tag, b1, b2, a1, a2 in opcodes if tag != "equal"]
    removed = [("-", line) for b1, b2, _, _ in edits for line in before[b1:b2]]
    return removed + [("+", line) for _, _, a1, a2 in edits for line in after[a1:a2]]


def fence(lines: Iterable[str]) -> str:
    """A backtick fence longer than any run of backticks in `lines` (at least three), so that no
    line of the reviewed code can close the block early."""
    longest = max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)
    return "`" * max(3, longest + 1)


def fenced(info: str, lines: list[str]) -> str:
    """`lines` in a fenced block with the `info` string."""
    mark = fence(lines)
    return "\n".join([f"{mark}{info}", *lines, mark])


def suggestion_markdown(comment: Comment, voice: Voice) -> str:
    """The change as the comment's body shows it: the heading, then a `diff` block of the
    user's lines and the new ones; empty when there is none."""
    found = comment.suggestion
    if found is None:
        return ""
    return f"{heading(comment, voice)}\n\n{fenced('diff', diff_lines(found))}"


def suggestion_block(comment: Comment, voice: Voice) -> str:
    """The change as a GitHub `suggestion` block (the heading, then the new lines), which a pull
    request reviewer can apply when it sits on a review comment at exactly the lines it
    replaces; empty unless the change replaces exactly the comment's lines (`exact`)."""
    found = comment.suggestion
    if found is None or not exact(comment):
        return ""
    return f"{heading(comment, voice)}\n\n{fenced('suggestion', after_lines(found))}"
