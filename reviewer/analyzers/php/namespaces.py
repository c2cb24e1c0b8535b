"""Correctness, autoloading: a class whose namespace or name does not match where the PSR-4
map of `composer.json` looks for it, so that Composer's autoloader cannot load it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from tree_sitter import Node

from reviewer.analyzers.php.autoload import Psr4, psr4_for
from reviewer.analyzers.php.context import ClassInfo, PhpFile
from reviewer.model import Finding

NAMED_KINDS = frozenset(
    {"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"}
)


def psr4_mismatch(php: PhpFile) -> Iterator[Finding]:
    """The first named class of a file under a PSR-4 folder, declared in another namespace
    than its folder gives, or in a file named otherwise."""
    declared = [c for c in php.classes if c.kind in NAMED_KINDS and c.name and _top_level(c)]
    if not declared or php.path.endswith(".blade.php"):
        return
    psr4 = psr4_for(php.path)
    expected = psr4.expected_namespaces(Path(php.path)) if psr4 is not None else []
    if psr4 is None or not expected:
        return
    first = declared[0]
    folder = _shown_folder(psr4, php.path)
    if php.namespace not in expected:
        wanted = " or ".join(f"`{n}`" for n in expected)
        written = f"the namespace `{php.namespace}`" if php.namespace else "no namespace"
        message = (
            f"`{first.name}` declares {written} but sits in `{folder}`, where the PSR-4 map of "
            f"composer.json looks for {wanted}"
        )
        yield php.finding("autoload-mismatch", _namespace_node(php) or first.node, message)
    elif all(c.name != PurePosixPath(php.path.replace("\\", "/")).stem for c in declared):
        stem = PurePosixPath(php.path.replace("\\", "/")).name
        message = (
            f"`{first.name}` is declared in `{stem}`: Composer's PSR-4 autoloader looks for it "
            f"in `{first.name}.php`"
        )
        yield php.finding("autoload-mismatch", first.node, message)


def _top_level(info: ClassInfo) -> bool:
    parent = info.node.parent
    while parent is not None and parent.type in ("declaration_list", "compound_statement"):
        parent = parent.parent
    return parent is None or parent.type in ("program", "namespace_definition")


def _namespace_node(php: PhpFile) -> Node | None:
    return next((c for c in php.root.named_children if c.type == "namespace_definition"), None)


def _shown_folder(psr4: Psr4, path: str) -> str:
    try:
        relative = Path(path).resolve().parent.relative_to(psr4.root.resolve())
    except ValueError:
        return str(Path(path).parent)
    return f"{relative.as_posix()}/"
