"""Praise for the project as a whole: strict types in every application file, and, where the
project declares repositories, controllers and services that depend on interfaces the
container binds."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from tree_sitter import Node

from reviewer.analyzers.php.context import ClassInfo, PhpFile
from reviewer.analyzers.php.praise_common import (
    agreeing,
    and_list,
    application_files,
    code,
    praise_at,
)
from reviewer.analyzers.php.roles import Role
from reviewer.analyzers.php.syntax import text
from reviewer.model import Finding

STRICT_TYPES = "praise-strict-types"
REPOSITORY_LAYERING = "praise-repository-layering"

MIN_STRICT_FILES = 3
MIN_BOUND_INTERFACES = 2
LAYERED_ROLES = frozenset({Role.CONTROLLER, Role.SERVICE})
BINDING = re.compile(
    r"->(?:bind|singleton|scoped|bindIf|singletonIf)\(\s*\\?(?:\w+\\)*(\w+)::class"
    r"|\\?(?:\w+\\)*(\w+)::class\s*=>\s*\\?(?:\w+\\)*\w+::class"
)


def strict_types(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """Every application file that declares a class or function declares `strict_types=1`
    (a file without it is `php-missing-strict-types`, which takes this praise back)."""
    declaring = [php for php in application_files(files) if _declares_code(php)]
    strict = [php for php in declaring if _is_strict(php)]
    if len(strict) >= MIN_STRICT_FILES and len(strict) == len(declaring):
        first = min(strict, key=lambda php: php.path)
        message = f"All {len(strict)} application files reviewed declare `strict_types=1`"
        yield praise_at(first, STRICT_TYPES, first.of("declare")[0], message, metric=len(strict))


def repository_layering(files: Sequence[PhpFile]) -> Iterator[Finding]:
    """In a project that declares repositories: controllers and services whose constructors
    take interfaces a service provider binds to an implementation."""
    if not any(php.keeps_queries_in_repositories for php in files):
        return
    bound = _bound_interfaces(files)
    found = list(_layered_classes(files, bound))
    names = {t for _, _, taken in found for t in taken}
    if len(names) < MIN_BOUND_INTERFACES:
        return  # one bound interface may be a coincidence; two are a design
    for php, owner, taken in found:
        providers = sorted({bound[t] for t in taken})
        message = (
            f"`{owner.name}` depends on {and_list([code(t) for t in taken])}, "
            f"{agreeing(len(taken), 'an interface', 'interfaces')} that "
            f"{and_list([code(p) for p in providers])} binds to an implementation"
        )
        yield praise_at(php, REPOSITORY_LAYERING, owner.node, message, interfaces=taken)


def _layered_classes(
    files: Sequence[PhpFile], bound: Mapping[str, str]
) -> Iterator[tuple[PhpFile, ClassInfo, list[str]]]:
    """Controllers and services whose constructors take bound interfaces, with those."""
    for php in application_files(files):
        for function in php.functions:
            owner = function.owner
            if function.name != "__construct" or owner is None or owner.role not in LAYERED_ROLES:
                continue
            taken = [t for t in _parameter_types(function.parameters) if t in bound]
            if taken:
                yield php, owner, taken


def _declares_code(php: PhpFile) -> bool:
    return any(c.name for c in php.classes) or any(f.owner is None for f in php.functions)


def _is_strict(php: PhpFile) -> bool:
    return any("strict_types=1" in "".join(text(d).split()) for d in php.of("declare"))


def _bound_interfaces(files: Sequence[PhpFile]) -> Mapping[str, str]:
    """Interface (short name) declared in the run -> the provider that binds it."""
    interfaces = {c.name for php in files for c in php.classes if c.is_interface}
    bound: dict[str, str] = {}
    for php in files:
        for info in php.classes:
            if info.role is not Role.PROVIDER:
                continue
            for match in BINDING.finditer(text(info.node)):
                name = match.group(1) or match.group(2)
                if name in interfaces:
                    bound.setdefault(name, info.name)
    return bound


def _parameter_types(parameters: Sequence[Node]) -> Iterator[str]:
    for parameter in parameters:
        declared = text(parameter.child_by_field_name("type"))
        if declared:
            yield declared.lstrip("?\\").rsplit("\\", 1)[-1]
