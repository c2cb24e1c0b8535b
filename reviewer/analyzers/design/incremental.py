"""The design detectors file by file against a cache. Each file's findings are kept with the
digests of the modules it consulted (a base class in another module, a function that does
I/O) and reused while the file and those modules are unchanged. Modules are parsed only when
asked for, so one changed file costs its own analysis and that of the files that read it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from reviewer.analyzers.base import merged
from reviewer.analyzers.design.context import module_name
from reviewer.analyzers.stored import content_digest, digest, result_from_json, result_to_json
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult
from reviewer.runtime.atomic import entry_path, read_entry, write_entry

EVERY_MODULE = "*"  # a file that looked over the whole project depends on every module
ABSENT = "absent"

Parsed = TypeVar("Parsed")


class LazyModules(Mapping[str, Parsed]):
    """The project's modules by dotted name, each loaded on first use; one that does not load
    is absent (its own analysis reports why). Every name asked for is noted in `consulted`,
    found or not, since a module added later may change the answer."""

    def __init__(self, paths: Mapping[str, str], load: Callable[[str], Parsed]) -> None:
        self.paths = paths
        self.consulted: set[str] = set()
        self._load = load
        self._loaded: dict[str, Parsed | Exception] = {}

    def loaded(self, path: str) -> Parsed:
        """The module at `path`, loaded once however often it is asked for (what loading it
        raised is raised again)."""
        if path not in self._loaded:
            try:
                self._loaded[path] = self._load(path)
            except Exception as error:  # noqa: BLE001 - kept for the file's own analysis
                self._loaded[path] = error
        found = self._loaded[path]
        if isinstance(found, Exception):
            raise found
        return found

    def __getitem__(self, name: str) -> Parsed:
        self.consulted.add(name)
        if name not in self.paths:
            raise KeyError(name)
        try:
            return self.loaded(self.paths[name])
        except Exception as error:
            raise KeyError(name) from error

    def __iter__(self) -> Iterator[str]:
        self.consulted.add(EVERY_MODULE)
        return iter(self.paths)

    def __len__(self) -> int:
        self.consulted.add(EVERY_MODULE)
        return len(self.paths)


class Dependencies:
    """The content digest of each module a file may consult, computed once per run."""

    def __init__(self, paths: Mapping[str, str]) -> None:
        self._paths = paths
        self._digests: dict[str, str] = {}

    def of(self, name: str) -> str:
        """The digest a module has in this run: its path and bytes, or that it is absent."""
        if name not in self._digests:
            self._digests[name] = self._computed(name)
        return self._digests[name]

    def _computed(self, name: str) -> str:
        if name == EVERY_MODULE:
            return digest(*(f"{n}\0{self.of(n)}" for n in sorted(self._paths)))
        path = self._paths.get(name)
        return f"{path}\0{content_digest(path)}" if path else ABSENT

    def recorded(self, names: set[str]) -> dict[str, str]:
        """What to keep with a file's result: the digest of each module it consulted."""
        return {name: self.of(name) for name in sorted(names)}

    def unchanged(self, recorded: Mapping[str, str]) -> bool:
        """True when every module a kept result consulted is as it was then."""
        return all(self.of(name) == seen for name, seen in recorded.items())


def module_paths(files: Sequence[SourceFile]) -> dict[str, str]:
    """Dotted module name -> path of every file; of two files with one name, the later wins,
    as in the project index of a whole run."""
    return {module_name(Path(f.path))[0]: f.path for f in files}


def run_incrementally(
    files: Sequence[SourceFile],
    folder: Path,
    prefix: str,
    modules: LazyModules[Parsed],
    analyze: Callable[[str], AnalyzerResult],
) -> AnalyzerResult:
    """`analyze` each file whose entry is missing or stale (against `modules`, which note what
    it consults); the others' results come from the entries under `folder`."""
    dependencies = Dependencies(modules.paths)
    results = []
    for source in files:
        seen = content_digest(source.path)
        entry = entry_path(folder, digest(prefix, source.path, _name(source), seen))
        result = _kept(read_entry(entry), dependencies)
        if result is None:
            modules.consulted.clear()
            result = analyze(source.path)
            # kept under the bytes analyzed: not when the file was saved while it was read
            if all(error.path for error in result.errors) and content_digest(source.path) == seen:
                consulted = dependencies.recorded(modules.consulted)
                write_entry(entry, {"result": result_to_json(result), "consulted": consulted})
        results.append(result)
    return merged(*results)


def _name(source: SourceFile) -> str:
    return module_name(Path(source.path))[0]


def _kept(data: Any, dependencies: Dependencies) -> AnalyzerResult | None:
    """The entry's result while every module it consulted is as it was; None otherwise, or
    when the entry is missing or damaged (rebuilt, never trusted)."""
    try:
        consulted = {str(k): str(v) for k, v in data["consulted"].items()}
        if not dependencies.unchanged(consulted):
            return None
        return result_from_json(data["result"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
