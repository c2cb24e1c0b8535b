"""Praise a senior Laravel reviewer gives where it is earned (issue 19's praise work).

Each praise reads the files of the whole run (a Form Request's `rules()` lives beside the
controller that takes it; strict types are praised only when every file has them), so the
analyzer asks for it once per run, after the per-file detectors, and drops any praise whose
opposite problem was found anywhere in the same project."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from reviewer.analyzers.php import (
    praise_access,
    praise_data,
    praise_http,
    praise_layers,
    praise_tests,
)
from reviewer.analyzers.php.autoload import composer_file
from reviewer.analyzers.php.context import PhpFile
from reviewer.model import Finding

# The per-file detectors spliced into the analyzer's DETECTORS: praise is a whole-run matter,
# so there are none; `reviewed` adds the praise.
DETECTORS: tuple[Callable[[PhpFile], Iterator[Finding]], ...] = ()

ProjectDetector = Callable[[Sequence[PhpFile]], Iterator[Finding]]

PROJECT_DETECTORS: tuple[ProjectDetector, ...] = (
    praise_http.form_requests,
    praise_access.policies,
    praise_http.explicit_resources,
    praise_data.backed_enums,
    praise_data.eager_loading,
    praise_data.transactions,
    praise_layers.strict_types,
    praise_layers.repository_layering,
    praise_tests.feature_tests,
)

# A praise never sits beside the problem it is the opposite of, anywhere in the run.
PRAISE_CONFLICTS: Mapping[str, frozenset[str]] = {
    praise_http.FORM_REQUEST: frozenset({"mass-assignment", "validation-in-catch-all"}),
    # An unchecked change asked about as a question still says "not every record is checked".
    praise_access.POLICY: frozenset({"missing-authorization", "unclear-authorization"}),
    praise_http.EXPLICIT_RESOURCE: frozenset({"resource-exposes-all", "model-without-resource"}),
    praise_data.BACKED_ENUM: frozenset(),
    praise_data.EAGER_LOADING: frozenset(
        {"query-in-loop", "relation-in-loop", "resource-relation", "view-relation"}
    ),
    praise_data.TRANSACTION: frozenset({"missing-transaction"}),
    # Strict types count the project's own files, the skeleton's left out, by themselves.
    praise_layers.STRICT_TYPES: frozenset(),
    praise_layers.REPOSITORY_LAYERING: frozenset({"controller-query", "new-dependency"}),
    praise_tests.FEATURE_TEST: frozenset(),
}
PRAISE_CODES = frozenset(PRAISE_CONFLICTS)


def reviewed(files: Sequence[PhpFile], findings: Iterable[Finding]) -> list[Finding]:
    """The run's findings with the praise each project of the run earns, less any praise
    contradicted by a problem found in the same project (a run may hold several, each with
    its own `composer.json`)."""
    found = list(findings)
    roots = {path: project_root(path) for path in {php.path for php in files}}
    roots |= {p: project_root(p) for p in {f.location.path for f in found} - roots.keys()}
    projects: dict[str, list[PhpFile]] = defaultdict(list)
    for php in files:
        projects[roots[php.path]].append(php)
    kept: list[Finding] = []
    for root, members in projects.items():
        own = [f for f in found if roots[f.location.path] == root]
        earned = [finding for detect in PROJECT_DETECTORS for finding in detect(members)]
        kept += without_contradicted_praise([*own, *earned])
    return kept + [f for f in found if roots[f.location.path] not in projects]


def project_root(path: str) -> str:
    """The folder of the nearest `composer.json` above a file, or "" without one."""
    found = composer_file(path)
    return "" if found is None else str(found.parent)


def without_contradicted_praise(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of one run, less any praise whose opposite problem is also there."""
    found = list(findings)
    codes = {f.code for f in found}
    return [f for f in found if not PRAISE_CONFLICTS.get(f.code, frozenset()) & codes]
