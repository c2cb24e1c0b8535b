"""Each picture as Markdown: a heading, a Mermaid block, and the few words or rows a reader
needs where Mermaid cannot say it (which file is which colour, the worst functions)."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.model import Review
from reviewer.render.pictures import categories, collaborators, complexity, hotspots, mermaid
from reviewer.render.prose import code_span, listing


@dataclass(frozen=True)
class Picture:
    """One picture of the Markdown write-up."""

    heading: str
    chart: str  # the Mermaid source
    text: str  # Markdown below the block


def markdown_pictures(review: Review) -> list[Picture]:
    """The pictures the review has something to show in, in the write-up's order."""
    code = review.code_map
    found = [
        _hotspots(hotspots.hotspot_map(code)),
        _categories(categories.category_bars(review.summary)),
        _complexity(complexity.complexity(code)),
        _sketch(collaborators.sketch(code)),
    ]
    return [picture for picture in found if picture is not None]


def _hotspots(found: hotspots.HotspotMap | None) -> Picture | None:
    if found is None:
        return None
    rows = [
        f"| {found.unit.capitalize()} | Lines | Places by severity | Weight |",
        "| --- | ---: | --- | ---: |",
        *(
            f"| {_cell(code_span(spot.path))} | {spot.lines} | {spot.counts} | {spot.weight:.0f} |"
            for spot in found.named
        ),
    ]
    text = (
        f"The heaviest {found.unit}s, weighed as the scores weigh comments (blocker 10, major 5, "
        "minor 2, nit 0.5):\n\n" + "\n".join(rows)
    )
    return Picture("Where the weight is", mermaid.hotspot_chart(found), text)


def _categories(bars: list[categories.CategoryBar]) -> Picture | None:
    if not bars:
        return None
    text = "Each bar stacks blocker (red), major (orange), minor (blue) and nit (grey) comments."
    return Picture("Comments by category and severity", mermaid.category_chart(bars), text)


def _complexity(found: complexity.Complexity | None) -> Picture | None:
    if found is None:
        return None
    worst = [
        f"{code_span(f.name)} ({f.complexity}, {code_span(complexity.place(f))})"
        for f in found.worst
    ]
    text = (
        f"The most complex: {listing(worst)}."
        if worst
        else f"All {found.total} functions stay at a complexity of 5 or under."
    )
    return Picture("Complexity", mermaid.complexity_chart(found), text)


def _sketch(found: collaborators.Sketch | None) -> Picture | None:
    if found is None:
        return None
    text = "A solid arrow builds the class it points to; a dotted one takes it in the constructor."
    if any(node.abstract for node in found.nodes):
        text += " Round corners mark an abstraction (a Protocol, an ABC, an interface)."
    if found.left_out:
        text += f" {collaborators.left_out_words(found.left_out)}"
    return Picture("Classes and their collaborators", mermaid.collaborator_chart(found), text)


def _cell(text: str) -> str:
    """Text for a table cell: GitHub splits a row at any `|` not escaped, in code too."""
    return text.replace("|", "\\|")
