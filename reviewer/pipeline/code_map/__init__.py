"""The map of the code the write-ups draw: each reviewed file's size and the weight of the
comments on it, each function's complexity, the classes and who builds or takes whom.

Read from the reviewed files' bytes and syntax trees; nothing in them is imported or run."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.sources import UnreviewableError, decode_python, read_source
from reviewer.languages import area_of
from reviewer.model import (
    Area,
    ClassLink,
    ClassNode,
    CodeMap,
    Comment,
    FileMeasure,
    LinkKind,
    Severity,
)
from reviewer.pipeline.code_map.shape import Shape
from reviewer.pipeline.scoring import WEIGHTS


def code_map(files: Sequence[SourceFile], comments: Sequence[Comment]) -> CodeMap:
    """The map of the reviewed files, weighed by the comments on them. Functions and
    classes are those of the code that ships (tests, migrations and scripts would crowd the
    complexity with trivial functions and the sketch with fakes), unless there is none."""
    measures, shapes = _read(files, _places_by_file(comments))
    classes = tuple(c for shape in shapes for c in shape.classes)
    return CodeMap(
        files=tuple(measures),
        functions=tuple(f for shape in shapes for f in shape.functions),
        classes=classes,
        links=_links(shapes, classes),
    )


def _read(
    files: Sequence[SourceFile], places: dict[str, list[list[int]]]
) -> tuple[list[FileMeasure], list[Shape]]:
    """Each readable file measured; the shape of each of the shipped code's."""
    shipped = {f.path for f in files if area_of(f.path) is Area.CODE} or {f.path for f in files}
    measures, shapes = [], []
    for source in files:
        try:
            data = read_source(source)
        except (OSError, UnreviewableError):
            continue
        measures.append(_measure(source.path, len(data.splitlines()), places[source.path]))
        if source.path in shipped:
            shapes.append(_shape(source, data))
    return measures, shapes


def _links(shapes: list[Shape], classes: tuple[ClassNode, ...]) -> tuple[ClassLink, ...]:
    """Who builds or takes whom: a dataclass's fields only where they are abstractions, a
    class of the tree by its own name, and no class that only holds values built."""
    known, abstract, holders = _class_names(classes)
    links = [_by_name(link, known) for link in _every(shapes, fields=False)]
    links += [link for link in _every(shapes, fields=True) if link.target in abstract]
    return tuple(_distinct(link for link in links if _kept(link, known, holders)))


def _class_names(classes: tuple[ClassNode, ...]) -> tuple[set[str], set[str], set[str]]:
    """The names of the tree's classes: all, the abstractions, those that hold values."""
    known = {c.name for c in classes}
    abstract = {c.name for c in classes if c.abstract}
    return known, abstract, {c.name for c in classes if c.data}


def _every(shapes: list[Shape], fields: bool) -> Iterator[ClassLink]:
    """The links of every file: a dataclass's fields', or the others."""
    for shape in shapes:
        yield from shape.field_links if fields else shape.links


def _by_name(link: ClassLink, known: set[str]) -> ClassLink:
    """`models.Order` is the reviewed code's `Order`: a class of its own by its name alone."""
    name = link.target.rsplit(".", 1)[-1]
    return replace(link, target=name) if name in known else link


def _places_by_file(comments: Iterable[Comment]) -> dict[str, list[list[int]]]:
    """For each file, per comment on it: how many of its places are there, by severity."""
    found: dict[str, list[list[int]]] = defaultdict(list)
    for comment in comments:
        counts: dict[str, int] = defaultdict(int)
        for place in comment.occurrences:
            counts[place.location.path] += 1
        for path, count in counts.items():
            row = [0] * len(Severity)
            row[comment.severity.rank] = count
            found[path].append(row)
    return found


def _measure(path: str, lines: int, rows: list[list[int]]) -> FileMeasure:
    """A comment weighs in a file as in the scores: its severity's weight times the square
    root of its places there."""
    places = tuple(sum(column) for column in zip(*rows, strict=True)) if rows else (0,) * 4
    weight = sum(
        WEIGHTS[severity] * math.sqrt(row[severity.rank])
        for row in rows
        for severity in Severity
        if row[severity.rank]
    )
    return FileMeasure(path, lines, places, round(weight, 2))


def _shape(source: SourceFile, data: bytes) -> Shape:
    """The file's functions and classes; nothing for a file its parser cannot read, nor
    for one radon or tree-sitter fails on: a picture must never cost the review."""
    try:
        # each language's reader is imported by a run that has its files (tree-sitter, radon)
        if source.language == "python":
            from reviewer.pipeline.code_map.python import python_shape

            return python_shape(source.path, decode_python(data))
        if source.language == "php":
            from reviewer.pipeline.code_map.php import php_shape

            return php_shape(source.path, data)
    except Exception:  # noqa: BLE001 - the analyzers report what is wrong with the file
        return Shape()
    return Shape()


def _kept(link: ClassLink, known: set[str], holders: set[str]) -> bool:
    """What a class builds is shown whoever wrote the class it builds, unless it only holds
    values; what it takes only when it is a class of the reviewed code (`str`, `Callable`
    say nothing)."""
    if link.kind is LinkKind.CONSTRUCTS:
        return link.target not in holders
    return link.target in known


def _distinct(links: Iterable[ClassLink]) -> list[ClassLink]:
    """One link per source, target and kind: the first place it is seen."""
    seen: dict[tuple[str, str, LinkKind], ClassLink] = {}
    for link in links:
        seen.setdefault((link.source, link.target, link.kind), link)
    return list(seen.values())
