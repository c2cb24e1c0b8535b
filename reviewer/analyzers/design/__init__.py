"""The design analyzer: in-process `ast` detectors for SOLID, testability, performance,
error handling and earned praise."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from reviewer.analyzers.design import (
    access,
    credentials,
    deployment,
    dip,
    errors,
    isp,
    limits,
    lsp,
    ocp,
    performance,
    praise,
    queries,
    secrets,
    srp,
    testability,
    validation,
)
from reviewer.analyzers.design.context import (
    ANALYZER,
    ModuleContext,
    ModuleInfo,
    ProjectIndex,
    module_info,
)
from reviewer.analyzers.design.detectors import Detector, detectors_in
from reviewer.analyzers.design.infrastructure import bound_clients
from reviewer.analyzers.design.tree_index import statement_nodes
from reviewer.config.thresholds import DesignThresholds
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.sources import decode_python
from reviewer.languages import analyzed_by
from reviewer.languages.pyast import parse_module
from reviewer.model import AnalysisError, AnalyzerResult, Finding

__all__ = [
    "CODES",
    "DETECTORS",
    "PRAISE_CODES",
    "DesignAnalyzer",
    "DesignThresholds",
    "ModuleContext",
]

# Bump when a detector finds more, less or differently, so cached results are not reused.
VERSION = "1.3.0"  # 1.3.0: issue 18, the web-service detectors (credentials, access, queries...)

# Every detector of these modules; a new one in one of them needs no line here.
DETECTORS = detectors_in(
    srp,
    ocp,
    lsp,
    isp,
    dip,
    testability,
    performance,
    limits,
    queries,
    errors,
    validation,
    secrets,
    credentials,
    access,
    deployment,
    praise,
)
PRAISE_CODES = frozenset(praise.PRAISE_CONFLICTS)
CODES = frozenset(d.code for d in DETECTORS)


@dataclass(frozen=True)
class Parsed:
    """One file read and parsed once."""

    path: str
    source: str
    tree: ast.Module
    info: ModuleInfo


@dataclass(frozen=True)
class DesignAnalyzer:
    """The design detectors over Python's own `ast`; thresholds first, so that
    `DesignAnalyzer(DesignThresholds(...))` configures them. With a cache folder, the
    results of each file are kept in it, and only the files that changed, or whose
    neighbours they consult did, are analyzed again."""

    thresholds: DesignThresholds = field(default_factory=DesignThresholds)
    cache_dir: str | None = None
    name: str = ANALYZER
    languages: frozenset[str] = field(default_factory=lambda: analyzed_by(ANALYZER))
    detectors: tuple[Detector, ...] = DETECTORS

    def version(self) -> str:
        return VERSION

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        """Without a cache folder, every file; with one, only the files that need it."""
        if self.cache_dir is None:
            return self._run_whole(files)
        from reviewer.analyzers.design.incremental import (
            LazyModules,
            module_paths,
            run_incrementally,
        )
        from reviewer.analyzers.stored import code_digest

        folder = Path(self.cache_dir, "design-files")
        prefix = f"{VERSION}\0{code_digest(DesignAnalyzer)}\0{self.thresholds!r}"
        modules = LazyModules(module_paths(files), parse)
        project = ProjectIndex(_Infos(modules))

        def analyze(path: str) -> AnalyzerResult:
            try:
                findings = self.analyze(modules.loaded(path), project)
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the review
                return AnalyzerResult(errors=(_error(error, path),))
            return AnalyzerResult(tuple(findings))

        return run_incrementally(files, folder, prefix, modules, analyze)

    def _run_whole(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        parsed: list[Parsed] = []
        errors_found: list[AnalysisError] = []
        for source in files:
            try:
                parsed.append(parse(source.path))
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the review
                errors_found.append(_error(error, source.path))
        project = ProjectIndex(MappingProxyType({p.info.name: p.info for p in parsed}))
        findings: list[Finding] = []
        for item in parsed:
            try:
                findings += self.analyze(item, project)
            except Exception as error:  # noqa: BLE001 - a detector bug must not stop the review
                errors_found.append(_error(error, item.path))
        return AnalyzerResult(tuple(findings), tuple(errors_found))

    def analyze(self, item: Parsed, project: ProjectIndex) -> list[Finding]:
        """Every detector's findings for one parsed file, contradicted praise removed."""
        module = ModuleContext.build(
            item.path, item.tree, item.source, self.thresholds, item.info, project
        )
        found = [finding for detect in self.detectors for finding in detect(module)]
        found.sort(key=lambda f: (f.location.line, f.location.column, f.code))
        return praise.without_contradicted_praise(found)


class _Infos(Mapping[str, ModuleInfo]):
    """What the project index needs of each module, from modules loaded on demand."""

    def __init__(self, modules: Mapping[str, Parsed]) -> None:
        self._modules = modules

    def __getitem__(self, name: str) -> ModuleInfo:
        return self._modules[name].info

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


def parse(path: str) -> Parsed:
    """Read a file in the encoding its BOM or coding line declares (PEP 263), UTF-8 otherwise,
    and parse it."""
    source = decode_python(Path(path).read_bytes())
    tree = parse_module(source, filename=path)
    statements = statement_nodes(tree)
    info = module_info(Path(path), tree, statements)
    clients = MappingProxyType(bound_clients(statements, info.imports))
    return Parsed(path, source, tree, replace(info, clients=clients))


def _error(error: Exception, path: str) -> AnalysisError:
    return AnalysisError(ANALYZER, f"{type(error).__name__}: {error}", path)
