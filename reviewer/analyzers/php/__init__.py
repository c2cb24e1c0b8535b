"""php: in-process tree-sitter detectors for Laravel-style PHP (security, SOLID, testability,
error handling, correctness, performance, readability)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.analyzers.php import (
    access,
    authorization,
    blade,
    controllers,
    correctness,
    dispatch,
    eager,
    environment,
    errors,
    exposure,
    injection,
    migrations,
    namespaces,
    payments,
    performance,
    praise,
    readability,
    resources,
    solid,
    testability,
    validation,
)
from reviewer.analyzers.php.context import ANALYZER, PhpFile, build, with_models
from reviewer.analyzers.php.surroundings import with_project
from reviewer.config.options import PhpArchitecture
from reviewer.config.thresholds import PhpThresholds
from reviewer.inputs.discovery import SourceFile
from reviewer.languages import analyzed_by
from reviewer.languages.php.parser import first_error_line, parse
from reviewer.model import AnalysisError, AnalyzerResult, Finding

__all__ = ["DETECTORS", "VERSION", "PhpAnalyzer", "PhpThresholds"]

Detector = Callable[[PhpFile], Iterator[Finding]]

# Bump when a detector finds more, less or differently, so cached results are not reused.
VERSION = "1.4.0"  # 1.4.0: issue 19, praise, PSR-4, client amounts, N+1 in views, wiring

DETECTORS: tuple[Detector, ...] = (
    injection.raw_sql,
    injection.unserialize_input,
    injection.eval_call,
    injection.shell_execution,
    exposure.mass_assignment,
    exposure.unguarded_model,
    exposure.weak_password_hash,
    exposure.predictable_token,
    exposure.debug_output,
    controllers.query_in_controller,
    controllers.logic_in_controller,
    access.inline_authorization,
    dispatch.type_switch,
    solid.new_dependency,
    solid.fat_interface,
    solid.throwing_override,
    testability.static_dependency,
    testability.hidden_clock,
    errors.empty_catch,
    errors.broad_catch,
    errors.exit_call,
    correctness.missing_transaction,
    performance.query_in_loop,
    performance.relation_in_loop,
    readability.complex_method,
    readability.long_method,
    readability.many_parameters,
    readability.missing_types,
    readability.missing_strict_types,
    authorization.missing_authorization,
    exposure.model_without_fillable,
    performance.unpaginated_index,
    resources.resource_exposes_all,
    resources.model_returned,
    migrations.money_column,
    migrations.foreign_key,
    migrations.natural_key,
    migrations.application_import,
    environment.env_outside_config,
    environment.negated_comparison,
    validation.validation_in_catch_all,
    namespaces.psr4_mismatch,
    eager.relation_in_resource,
    eager.relation_in_view,
    payments.client_amount,
    *praise.DETECTORS,
)


class UnparsableFileError(Exception):
    """A file tree-sitter could only parse with errors; the message names the first line."""


@dataclass(frozen=True)
class PhpAnalyzer:
    """The `php` analyzer: one tree-sitter parse per file, then every detector on its tree;
    Blade views (`*.blade.php`) are read as text by the Blade pass instead. `architecture`:
    how the project says its layers are cut (`[php] architecture` in its config file)."""

    thresholds: PhpThresholds = field(default_factory=PhpThresholds)
    name: str = ANALYZER
    languages: frozenset[str] = field(default_factory=lambda: analyzed_by(ANALYZER))
    detectors: tuple[Detector, ...] = DETECTORS
    architecture: PhpArchitecture = PhpArchitecture.LARAVEL

    def version(self) -> str:
        """The detectors' version: cached results of another version are not reused."""
        return VERSION

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        """Findings for every file that parses; an error for each file that does not. Every
        file is read first, so that each knows the models of the others (their guards)."""
        findings: list[Finding] = []
        problems: list[AnalysisError] = []
        read: list[PhpFile] = []
        for source in files:
            try:
                if blade.is_template(source.path):
                    findings += self.review_template(source.path)
                else:
                    read.append(self.read(source.path))
            except UnparsableFileError as error:
                problems.append(AnalysisError(self.name, str(error), source.path))
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the review
                problems.append(AnalysisError(self.name, _described(error), source.path))
        project = with_project(with_models(read))
        for php in project:
            try:
                findings += self.detect(php)
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the review
                problems.append(AnalysisError(self.name, _described(error), php.path))
        try:
            findings = praise.reviewed(project, findings)
        except Exception as error:  # noqa: BLE001 - praise must not stop the review
            problems.append(AnalysisError(self.name, f"praise: {_described(error)}"))
        return AnalyzerResult(tuple(findings), tuple(problems))

    def analyze(self, path: str) -> list[Finding]:
        """Every detector's findings for one file alone; UnparsableFileError when it does not
        parse."""
        if blade.is_template(path):
            return self.review_template(path)
        project = with_project(with_models([self.read(path)]))
        return praise.reviewed(project, self.detect(project[0]))

    def review_template(self, path: str) -> list[Finding]:
        """The Blade pass's findings for one view, read as text."""
        source = Path(path).read_bytes().decode("utf-8", errors="replace")
        return blade.review_template(blade.Template(path, source))

    def read(self, path: str) -> PhpFile:
        """One file parsed and indexed; UnparsableFileError when it does not parse."""
        tree = parse(Path(path).read_bytes())
        error_line = first_error_line(tree)
        if error_line is not None:
            raise UnparsableFileError(f"does not parse at line {error_line}")
        return build(path, tree.root_node, self.thresholds, self.architecture)

    def detect(self, php: PhpFile) -> list[Finding]:
        """Every detector's findings for one indexed file."""
        return [finding for detect in self.detectors for finding in detect(php)]


def _described(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"
