"""Issue 15: the package tree is the pipeline, and imports only go down it.

Every import counts, those deferred into a function body and those under `TYPE_CHECKING`
included: a cycle that only works because one import waits is still a cycle. The layer order is
the one `docs/architecture.md` draws; the test reads it from there, so the two cannot disagree.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.helpers import REPO

PACKAGE = REPO / "reviewer"
DOCUMENT = REPO / "docs/architecture.md"
LAYERS_BLOCK = re.compile(r"<!-- layers -->\s*```\s*\n(.*?)```", re.S)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, name: str, known: Mapping[str, Path]) -> Iterator[str]:
    """Our modules this one imports, anywhere in it, with the packages each import runs."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_bytes())):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            if target in known:
                yield from _with_parents(target, name, known)


def _with_parents(target: str, importer: str, known: Mapping[str, Path]) -> Iterator[str]:
    """Importing `a.b.c` runs `a.b` first: a package's `__init__` is an import too."""
    parts = target.split(".")
    for end in range(2, len(parts) + 1):
        module = ".".join(parts[:end])
        inside = importer == module or importer.startswith(f"{module}.")
        if module in known and not inside:
            yield module


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: set(imported(path, name, known)) - {name} for name, path in known.items()}


def reachable(edges: Mapping[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    pending = list(edges.get(start, ()))
    while pending:
        node = pending.pop()
        if node not in seen:
            seen.add(node)
            pending.extend(edges.get(node, ()))
    return seen


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """The groups of modules that reach one another (a graph this small needs nothing faster)."""
    reach = {node: reachable(edges, node) for node in edges}
    groups = {
        tuple(sorted({node} | {other for other in reach[node] if node in reach[other]}))
        for node in edges
        if node in reach[node]
    }
    return sorted(list(group) for group in groups)


def layers() -> list[set[str]]:
    """The layers of docs/architecture.md, top first: `cli > formats > ... > model, errors`."""
    text = DOCUMENT.read_text(encoding="utf-8")
    block = LAYERS_BLOCK.search(text)
    assert block, "docs/architecture.md has no <!-- layers --> block"
    line = " ".join(block[1].split())
    return [{name.strip() for name in layer.split(",")} for layer in line.split(">")]


def layer_of(module: str, order: list[set[str]]) -> int:
    top = module.split(".")[1] if "." in module else ""
    return next(i for i, names in enumerate(order) if top in names or module == "reviewer")


def test_no_import_cycle_deferred_imports_included() -> None:
    assert cycles(graph()) == []


def test_cycle_finder_finds_a_deferred_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_package_has_a_layer() -> None:
    order = layers()
    named = set().union(*order) | {"__main__"}
    tops = {m.split(".")[1] for m in modules() if "." in m}
    assert tops <= named, f"not in the layers of docs/architecture.md: {sorted(tops - named)}"


def test_imports_only_go_down_the_layers() -> None:
    order = layers()
    upward = [
        f"{importer} -> {target}"
        for importer, targets in graph().items()
        if importer not in {"reviewer", "reviewer.__main__"}
        for target in sorted(targets)
        if target != "reviewer" and layer_of(target, order) < layer_of(importer, order)
    ]
    assert upward == []


PATH_MENTION = re.compile(r"\b((?:reviewer|tests|rules|templates|benchmarks|docs)/[\w./-]*\w)")


def test_every_path_the_document_names_exists() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    named = {m for m in PATH_MENTION.findall(text) if "<" not in m and "NAME" not in m}
    missing = sorted(m for m in named if not (REPO / m).exists())
    assert missing == []


def test_the_document_names_every_package() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    packages = {p.parent.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("__init__.py")}
    unnamed = sorted(p for p in packages - {"."} if f"{p.rpartition('/')[2]}/" not in text)
    assert unnamed == []
