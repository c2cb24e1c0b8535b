"""The complexity distribution: how many functions fall in each band of cyclomatic
complexity, and which are the most complex."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.model import CodeMap, FunctionMeasure
from reviewer.render.excerpts import printable

# (the band's name, its lowest complexity, its highest), as radon ranks them (A to C, D-E, F).
BANDS = (("1-5", 1, 5), ("6-10", 6, 10), ("11-20", 11, 20), ("21+", 21, None))
WORST = 3  # the most complex functions named
FEWEST = 5  # functions that make a distribution worth drawing
NAMED_FROM = 6  # a function simpler than this is not worth naming
WIDTH, LABEL, COUNT = 440, 50, 92  # the view box; the bands' column; the counts' column
ROW = 30


@dataclass(frozen=True)
class Band:
    """One band of complexity and how many functions fall in it."""

    name: str
    level: int  # 0 for the simplest band, 3 for the most complex
    functions: int
    y: float
    width: float


@dataclass(frozen=True)
class Complexity:
    """The bands, the most complex functions, and how many functions there are."""

    bands: tuple[Band, ...]
    worst: tuple[FunctionMeasure, ...]  # the most complex first, at least NAMED_FROM each
    total: int


def complexity(code: CodeMap) -> Complexity | None:
    """The distribution, or None when the code has too few functions for one."""
    functions = code.functions
    if len(functions) < FEWEST:
        return None
    counts = [sum(_in(f.complexity, low, high) for f in functions) for _, low, high in BANDS]
    scale = (WIDTH - LABEL - COUNT) / max(counts)
    bands = tuple(
        Band(name, level, count, level * ROW, round(count * scale, 1))
        for level, ((name, _, _), count) in enumerate(zip(BANDS, counts, strict=True))
    )
    ranked = sorted(functions, key=lambda f: (-f.complexity, f.path, f.line))
    worst = tuple(f for f in ranked[:WORST] if f.complexity >= NAMED_FROM)
    return Complexity(bands, worst, len(functions))


def _in(value: int, low: int, high: int | None) -> bool:
    return value >= low and (high is None or value <= high)


def place(function: FunctionMeasure) -> str:
    """`path:line`, printable."""
    return printable(f"{function.path}:{function.line}")
