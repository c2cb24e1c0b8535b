"""A sketch of classes and their collaborators: who builds whom (`Foo()`, `new Foo`) and who
takes whom in its constructor, laid out in columns from the classes that use to the classes
used. Kept to the classes most linked, and it says how many it leaves out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reviewer.model import ClassLink, CodeMap, LinkKind
from reviewer.render.excerpts import printable

MOST = 12  # classes drawn
COLUMNS = 4
BOX_HEIGHT, ROW_GAP, COLUMN_GAP, PAD = 26, 12, 56, 12
CHAR_WIDTH = 6.9  # at the sketch's font size, in the view box's units


@dataclass(frozen=True)
class Node:
    """A class's box in the sketch."""

    name: str
    abstract: bool
    x: float
    y: float
    width: float

    @property
    def middle(self) -> float:
        """The height at which arrows meet the box."""
        return self.y + BOX_HEIGHT / 2


@dataclass(frozen=True)
class Edge:
    """An arrow of the sketch, as an SVG path."""

    source: str
    target: str
    kind: str  # "constructs" or "depends"
    path: str  # the SVG path's `d`


@dataclass(frozen=True)
class Sketch:
    """The classes drawn, their arrows, and the size of the picture."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    links: tuple[ClassLink, ...]  # the links drawn, in the order found
    left_out: int  # classes with links not drawn
    width: float
    height: float

    @property
    def described(self) -> list[tuple[str, str]]:
        """Each class drawn that uses others, and in words what it builds and takes:
        ("OrderService", "builds Order, EmailMessage; takes Clock")."""
        found: dict[str, dict[LinkKind, list[str]]] = {}
        for link in self.links:
            kinds = found.setdefault(printable(link.source), {})
            kinds.setdefault(link.kind, []).append(printable(link.target))
        verbs = {LinkKind.CONSTRUCTS: "builds", LinkKind.DEPENDS: "takes"}
        return [
            (source, "; ".join(f"{verbs[k]} {', '.join(names)}" for k, names in kinds.items()))
            for source, kinds in found.items()
        ]


def sketch(code: CodeMap) -> Sketch | None:
    """The sketch, or None when no class of the code builds or takes another."""
    if not code.links:
        return None
    chosen = _chosen(code.links)
    links = tuple(k for k in code.links if k.source in chosen and k.target in chosen)
    abstract = {c.name for c in code.classes if c.abstract}
    nodes = _placed(_columns(chosen, links), abstract)
    by_name = {node.name: node for node in nodes}
    edges = tuple(_edge(link, by_name) for link in links)
    left_out = len(_linked(code.links)) - len(chosen)
    return Sketch(tuple(nodes), edges, links, left_out, *_extent(nodes))


def _linked(links: tuple[ClassLink, ...]) -> set[str]:
    """Every class that builds or takes another, or is built or taken."""
    return {link.source for link in links} | {link.target for link in links}


def _extent(nodes: list[Node]) -> tuple[float, float]:
    """The width and height of the view box that holds the nodes."""
    width = max(node.x + node.width for node in nodes) + PAD
    return width, max(node.y for node in nodes) + BOX_HEIGHT + PAD


def _chosen(links: tuple[ClassLink, ...]) -> list[str]:
    """The classes most linked (in and out), each with what it takes then what it builds,
    as long as they fit in MOST; a class none of whose collaborators fits is left out."""
    degree = Counter(name for link in links for name in (link.source, link.target))
    chosen: dict[str, None] = {}
    for source in sorted({k.source for k in links}, key=lambda name: (-degree[name], name)):
        targets = _used_by(source, links)
        room = MOST - len(chosen) - (source not in chosen)
        if room > 0 or any(name in chosen for name in targets):
            _fill(chosen, [source, *targets])
    return list(chosen)


def _fill(chosen: dict[str, None], names: list[str]) -> None:
    """The names added in order to those chosen, while there is room."""
    for name in names:
        if len(chosen) >= MOST:
            return
        chosen.setdefault(name)


def _used_by(source: str, links: tuple[ClassLink, ...]) -> list[str]:
    """What a class takes, then what it builds."""
    used = sorted(
        (link for link in links if link.source == source),
        key=lambda link: link.kind is LinkKind.CONSTRUCTS,
    )
    return [link.target for link in used]


def _columns(names: list[str], links: tuple[ClassLink, ...]) -> list[list[str]]:
    """Columns by the longest chain of uses leading to each class (at most COLUMNS, which
    also ends a cycle); a class nothing uses then moves right, next to the nearest class it
    uses; in each column, classes sit in the order of those that use them."""
    depth = _pulled_right(_depths(names, links), links)
    columns: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for name in names:
        columns[depth[name]].append(name)
    return _ordered([column for column in columns if column], links)


def _depths(names: list[str], links: tuple[ClassLink, ...]) -> dict[str, int]:
    """The longest chain of uses that leads to each class, at most COLUMNS - 1."""
    depth = dict.fromkeys(names, 0)
    for _ in names:
        for link in (k for k in links if k.source != k.target):
            deeper = min(depth[link.source] + 1, COLUMNS - 1)
            depth[link.target] = max(depth[link.target], deeper)
    return depth


def _pulled_right(depth: dict[str, int], links: tuple[ClassLink, ...]) -> dict[str, int]:
    """A class nothing uses, placed just left of the nearest class it uses."""
    used = {link.target for link in links}
    moved = dict(depth)
    for name in (n for n in depth if n not in used):
        targets = [depth[link.target] for link in links if link.source == name]
        moved[name] = max(min(targets, default=1) - 1, 0)
    return moved


def _ordered(columns: list[list[str]], links: tuple[ClassLink, ...]) -> list[list[str]]:
    """Each column after the first sorted by the mean row of the classes that use it, so
    that arrows cross less."""
    rows: dict[str, float] = {name: index for index, name in enumerate(columns[0])}
    ordered = [columns[0]]
    for column in columns[1:]:
        placed = sorted(column, key=lambda name: _mean_row(name, links, rows))
        rows.update((name, index) for index, name in enumerate(placed))
        ordered.append(placed)
    return ordered


def _mean_row(name: str, links: tuple[ClassLink, ...], rows: dict[str, float]) -> float:
    """The mean row of the classes placed so far that use `name` (last when none does)."""
    found = [rows[k.source] for k in links if k.target == name and k.source in rows]
    return sum(found) / len(found) if found else float(len(rows))


def _placed(columns: list[list[str]], abstract: set[str]) -> list[Node]:
    tallest = max(len(column) for column in columns)
    nodes, x = [], float(PAD)
    for column in columns:
        width = max(len(printable(name)) for name in column) * CHAR_WIDTH + 2 * PAD
        top = PAD + (tallest - len(column)) * (BOX_HEIGHT + ROW_GAP) / 2
        for row, name in enumerate(column):
            y = top + row * (BOX_HEIGHT + ROW_GAP)
            nodes.append(Node(printable(name), name in abstract, x, round(y, 1), round(width, 1)))
        x += width + COLUMN_GAP
    return nodes


def _edge(link: ClassLink, nodes: dict[str, Node]) -> Edge:
    start, end = nodes[printable(link.source)], nodes[printable(link.target)]
    x1, y1 = start.x + start.width, start.middle
    x2, y2 = end.x, end.middle
    between = [n for n in nodes.values() if x1 < n.x and n.x + n.width < x2]
    if x2 <= x1:  # the same column, or backwards through a cycle: a loop round the right
        d = _loop(x1, y1, end.x + end.width, y2)
    elif between:  # past a column of classes: round them, not behind them
        d = _around(x1, y1, x2, y2, between)
    else:
        middle = (x1 + x2) / 2
        d = f"M{x1:.1f} {y1:.1f} C{middle:.1f} {y1:.1f} {middle:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"
    kind = "constructs" if link.kind is LinkKind.CONSTRUCTS else "depends"
    return Edge(printable(link.source), printable(link.target), kind, d)


def _loop(x1: float, y1: float, x2: float, y2: float) -> str:
    bend = max(x1, x2) + COLUMN_GAP / 2
    return f"M{x1:.1f} {y1:.1f} C{bend:.1f} {y1:.1f} {bend:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"


def _around(x1: float, y1: float, x2: float, y2: float, between: list[Node]) -> str:
    """A path that leaves its class, runs above (or below, whichever is nearer) the classes
    of the columns it passes, and comes down (or up) to its target."""
    above = min(n.y for n in between) - ROW_GAP / 2
    below = max(n.y for n in between) + BOX_HEIGHT + ROW_GAP / 2
    mean = (y1 + y2) / 2
    lane = above if abs(mean - above) <= abs(mean - below) else below
    turn = COLUMN_GAP / 2
    return (
        f"M{x1:.1f} {y1:.1f} C{x1 + turn:.1f} {y1:.1f} {x1 + turn:.1f} {lane:.1f} "
        f"{x1 + turn * 1.5:.1f} {lane:.1f} L{x2 - turn * 1.5:.1f} {lane:.1f} "
        f"C{x2 - turn:.1f} {lane:.1f} {x2 - turn:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"
    )


def left_out_words(count: int) -> str:
    """What a sketch cut to MOST classes says of the rest."""
    if count == 1:
        return "One more class with collaborators is left out."
    return f"{count} more classes with collaborators are left out."
