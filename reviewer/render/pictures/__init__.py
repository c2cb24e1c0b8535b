"""Pictures for the write-ups, from the review's map of the code (`Review.code_map`) and its
summary: a hotspot map of the files, comments by category and severity, the complexity
distribution, and a sketch of classes and their collaborators. The HTML page draws them as
inline SVG (templates/reports/pictures.html.j2), the Markdown as Mermaid (pictures.md.j2);
each picture is left out where the code has nothing for it to show."""

from __future__ import annotations

from reviewer.model import Review
from reviewer.render.pictures import categories, collaborators, hotspots
from reviewer.render.pictures import complexity as bands
from reviewer.render.pictures.markdown import markdown_pictures


def html_picture_fields(review: Review) -> dict[str, object]:
    """The fields `templates/reports/pictures.html.j2` reads: each picture's geometry, or
    None (an empty list for the bars) where there is nothing to draw."""
    code = review.code_map
    return {
        "map_hotspots": hotspots.hotspot_map(code),
        "map_categories": categories.category_bars(review.summary),
        "map_complexity": bands.complexity(code),
        "map_sketch": collaborators.sketch(code),
        "map_view": {
            "width": hotspots.WIDTH,
            "height": hotspots.HEIGHT,
            "bars_width": categories.WIDTH,
            "bands_width": bands.WIDTH,
            "row": categories.ROW,
            "band_row": bands.ROW,
            "bar_label": categories.LABEL,
            "band_label": bands.LABEL,
            "box": collaborators.BOX_HEIGHT,
        },
    }


def markdown_picture_fields(review: Review) -> dict[str, object]:
    """The fields `templates/reports/pictures.md.j2` reads: `pictures`, the Markdown of each
    picture in order, empty where there is nothing to show."""
    return {"pictures": markdown_pictures(review)}
