"""The hotspot map: each file's size against the weight of the comments on it, coloured by
its worst comment; the heaviest few are named."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reviewer.model import CodeMap, FileMeasure, Severity
from reviewer.render.excerpts import printable

NAMED = 5  # the heaviest files named on the map and listed below it
MOST_FILES = 60  # past this many files, a dot is a folder
FEWEST_FILES = 2  # a map of one file says nothing
# The plot inside the picture's view box, in its units.
WIDTH, HEIGHT = 440, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 36
LABEL_HEIGHT, CHAR_WIDTH = 14, 6.6
MOST_STEPS = 4  # steps between round values on an axis


@dataclass(frozen=True)
class Label:
    """Where a file's name is written beside its dot, and which of its ends is there."""

    x: float
    y: float
    anchor: str  # "start" or "end", as SVG's text-anchor


@dataclass(frozen=True)
class Hotspot:
    """One file: where it is drawn and what is said of it."""

    path: str
    name: str  # the file's own name, the label on the map
    lines: int
    weight: float
    places: tuple[int, ...]
    worst: str  # the worst severity's name, "none" for a file without comments
    x: float
    y: float
    label: Label | None  # for the few files named on the map

    @property
    def counts(self) -> str:
        """`2 blocker, 1 major`: the places the comments name, by severity."""
        found = [f"{n} {s.value}" for s, n in zip(Severity, self.places, strict=False) if n]
        return ", ".join(found) or "no comments"


@dataclass(frozen=True)
class HotspotMap:
    """The files (or folders) placed on the map, and its axes' round values."""

    unit: str  # what a dot is: "file", or "folder" in a large tree
    spots: tuple[Hotspot, ...]  # the heaviest first
    max_lines: int
    max_weight: float
    ticks_x: tuple[tuple[float, int], ...]
    ticks_y: tuple[tuple[float, int], ...]

    # The plot's edges inside the view box: left, top, right, bottom.
    frame: tuple[int, int, int, int] = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)

    @property
    def named(self) -> tuple[Hotspot, ...]:
        """The files labelled on the map and listed below it."""
        return tuple(s for s in self.spots if s.label is not None)

    @property
    def heaviest(self) -> Hotspot:
        """The file with the most weight of comments."""
        return self.spots[0]


@dataclass(frozen=True)
class Scale:
    """The largest values on the axes."""

    lines: int
    weight: float


def hotspot_map(code: CodeMap) -> HotspotMap | None:
    """The map, or None when it has nothing to show: fewer than two files, or no comment.
    A tree of more than MOST_FILES files is drawn by folder."""
    by_folder = len(code.files) > MOST_FILES
    units = folders(code.files) if by_folder else code.files
    ranked = sorted(units, key=lambda f: (-f.weight, -f.lines, f.path))
    if len(ranked) < FEWEST_FILES or ranked[0].weight <= 0:
        return None
    most = Scale(max(f.lines for f in ranked) or 1, ranked[0].weight)
    return HotspotMap(
        "folder" if by_folder else "file",
        _spots(ranked, most),
        most.lines,
        most.weight,
        tuple((_x(v, most.lines), v) for v in _ticks(most.lines)),
        tuple((_y(v, most.weight), v) for v in _ticks(most.weight)),
    )


def _spots(ranked: list[FileMeasure], most: Scale) -> tuple[Hotspot, ...]:
    """Each file placed, the heaviest first; the first NAMED with comments labelled."""
    placed: list[tuple[float, float, float]] = []
    names = short_names([f.path for f in ranked])
    spots = []
    for index, measure in enumerate(ranked):
        x, y = _x(measure.lines, most.lines), _y(measure.weight, most.weight)
        named = index < NAMED and measure.weight > 0
        label = _label(x, y, names[measure.path], placed) if named else None
        spots.append(_spot(measure, names[measure.path], x, y, label))
    return tuple(spots)


def _spot(measure: FileMeasure, name: str, x: float, y: float, label: Label | None) -> Hotspot:
    worst = measure.worst
    return Hotspot(
        printable(measure.path),
        name,
        measure.lines,
        measure.weight,
        measure.places,
        worst.value if worst else "none",
        x,
        y,
        label,
    )


def folders(files: tuple[FileMeasure, ...]) -> list[FileMeasure]:
    """The files summed by the folder they are in: lines, places and weight."""
    found: dict[str, list[FileMeasure]] = {}
    for measure in files:
        folder = measure.path.replace("\\", "/").rpartition("/")[0] or "."
        found.setdefault(folder + "/", []).append(measure)
    return [
        FileMeasure(
            folder,
            sum(f.lines for f in group),
            tuple(sum(column) for column in zip(*(f.places for f in group), strict=True)),
            round(sum(f.weight for f in group), 2),
        )
        for folder, group in found.items()
    ]


def short_names(paths: list[str]) -> dict[str, str]:
    """Each file's shortest name that no other file ends with: `models.py`, or
    `api/models.py` beside `core/models.py`."""
    parts = {path: tuple(path.replace("\\", "/").split("/")) for path in paths}
    endings = Counter(own[-depth:] for own in parts.values() for depth in range(1, len(own) + 1))
    return {path: printable("/".join(_unique_end(own, endings))) for path, own in parts.items()}


def _unique_end(parts: tuple[str, ...], endings: Counter[tuple[str, ...]]) -> tuple[str, ...]:
    return next((parts[-d:] for d in range(1, len(parts)) if endings[parts[-d:]] == 1), parts)


def _x(lines: float, most: float) -> float:
    return round(LEFT + (WIDTH - LEFT - RIGHT) * lines / most, 1)


def _y(weight: float, most: float) -> float:
    return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * weight / most, 1)


def _ticks(most: float) -> list[int]:
    """Round values from 0 up to `most` for an axis, at most five of them."""
    steps = (m * 10**e for e in range(16) for m in (1, 2, 5))
    step = next(s for s in steps if most / s <= MOST_STEPS)
    return [v * step for v in range(int(most // step) + 1)]


def _label(x: float, y: float, text: str, placed: list[tuple[float, float, float]]) -> Label:
    """Where a dot's label goes: beside it, toward the middle of the map, moved down past
    labels already placed that it would overlap."""
    width = len(text) * CHAR_WIDTH
    anchor = "end" if x > WIDTH / 2 else "start"
    left = x - 9 - width if anchor == "end" else x + 9
    label_y = y + 4
    while any(
        abs(label_y - other_y) < LABEL_HEIGHT
        and left < other_left + other_width
        and other_left < left + width
        for other_left, other_y, other_width in placed
    ):
        label_y += LABEL_HEIGHT
    placed.append((left, label_y, width))
    return Label(x - 9 if anchor == "end" else x + 9, label_y, anchor)
