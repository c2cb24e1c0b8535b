"""The pictures as Mermaid, which GitHub draws from a fenced `mermaid` block.

Every name from the reviewed tree is reduced to characters Mermaid reads as text (a file
name is the user's to choose); every coordinate stays strictly between 0 and 1, which is all
the quadrant chart's lexer accepts on GitHub."""

from __future__ import annotations

import json
import re

from reviewer.model import LinkKind, Severity
from reviewer.render.excerpts import printable
from reviewer.render.pictures.categories import CategoryBar
from reviewer.render.pictures.collaborators import Sketch
from reviewer.render.pictures.complexity import Complexity
from reviewer.render.pictures.hotspots import HotspotMap

MAPPED = 10  # files (or folders) placed on the quadrant chart
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:/\\ -]")
# Severity colours, blocker first, as the HTML write-up's light theme draws them.
COLOURS = {"blocker": "#cf222e", "major": "#bc4c00", "minor": "#0969da", "nit": "#6e7781"}
SIMPLE = "#1a7f37"  # the complexity bars, in the green of a good grade


def safe(text: str) -> str:
    """Text Mermaid reads as text inside double quotes."""
    return _UNSAFE.sub("_", text)[:60]


def _share(value: float, most: float) -> str:
    """`value / most` as `0.xx` from 0.05 to 0.90: strictly inside (0, 1), and with room
    for a label centred under a point at the right edge."""
    share = 0.05 + 0.85 * (value / most if most else 0.0)
    return f"{min(max(share, 0.05), 0.90):.2f}"


def _palette(colours: str) -> str:
    """The directive that colours an xychart's series, in order (Mermaid 10.5 and later)."""
    settings = {"themeVariables": {"xyChart": {"plotColorPalette": colours}}}
    return f"%%{{init: {json.dumps(settings)}}}%%"


def hotspot_chart(hotspots: HotspotMap) -> str:
    """The heaviest files in the quadrants of size and weight."""
    lines = [
        "quadrantChart",
        f"    title Lines against the weight of comments, per {hotspots.unit}",
        '    x-axis "Fewer lines" --> "More lines"',
        '    y-axis "Lighter" --> "Heavier"',
        '    quadrant-1 "Large and heavy"',
        '    quadrant-2 "Small but heavy"',
        '    quadrant-3 "Small and light"',
        '    quadrant-4 "Large but light"',
    ]
    for spot in hotspots.spots[:MAPPED]:
        x = _share(spot.lines, hotspots.max_lines)
        y = _share(spot.weight, hotspots.max_weight)
        lines.append(f'    "{safe(spot.name)}": [{x}, {y}]')
    return "\n".join(lines)


def category_chart(bars: list[CategoryBar]) -> str:
    """Stacked bars drawn as overlaid ones: each series is the running total up to one
    severity, the longest first, so that each severity shows as its own band."""
    palette = ", ".join(reversed(list(COLOURS.values())))
    names = ", ".join(f'"{safe(bar.category)}"' for bar in bars)
    lines = [
        _palette(palette),
        "xychart-beta",
        '    title "Comments by category and severity"',
        f"    x-axis [{names}]",
        f'    y-axis "Comments" 0 --> {max(bar.total for bar in bars)}',
    ]
    for upto in reversed(range(len(Severity))):
        totals = ", ".join(str(sum(bar.counts[: upto + 1])) for bar in bars)
        lines.append(f"    bar [{totals}]")
    return "\n".join(lines)


def complexity_chart(found: Complexity) -> str:
    """Functions per band of complexity."""
    names = ", ".join(f'"{band.name}"' for band in found.bands)
    counts = ", ".join(str(band.functions) for band in found.bands)
    return "\n".join(
        [
            _palette(SIMPLE),
            "xychart-beta",
            '    title "Functions by cyclomatic complexity"',
            f"    x-axis [{names}]",
            f'    y-axis "Functions" 0 --> {max(band.functions for band in found.bands)}',
            f"    bar [{counts}]",
        ]
    )


def collaborator_chart(drawn: Sketch) -> str:
    """A flowchart from the classes that use to the classes used: a solid arrow builds, a
    dotted one takes in the constructor; an abstraction has round corners."""
    ids = {node.name: f"c{index}" for index, node in enumerate(drawn.nodes, start=1)}
    lines = ["flowchart LR"]
    for node in drawn.nodes:
        shape = '("{}")' if node.abstract else '["{}"]'
        lines.append(f"    {ids[node.name]}{shape.format(safe(node.name))}")
    for link in drawn.links:
        arrow = "-->" if link.kind is LinkKind.CONSTRUCTS else "-.->"
        lines.append(f"    {ids[printable(link.source)]} {arrow} {ids[printable(link.target)]}")
    return "\n".join(lines)
