"""The limits the analyzers use, as frozen values with documented defaults: the ones ruff and
radon are told, the Python design detectors' and the PHP detectors'. A config file's
[thresholds] table sets each by its name in kebab-case; a name two of them share (PHP's
`max-complexity`, `min-dispatch-cases`...) sets both."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class Thresholds:
    """Limits the analyzers are configured with; defaults follow pylint and radon."""

    max_complexity: int = 10
    max_args: int = 5
    max_returns: int = 6
    max_branches: int = 12
    max_statements: int = 50
    max_locals: int = 15
    max_positional_args: int = 5


@dataclass(frozen=True)
class DesignThresholds:
    """Where a design smell starts; every default says where it comes from.

    - LCOM4 (Hitz & Montazeri 1995): one connected component is a cohesive class; two or more
      mean the class holds unrelated groups of methods. We report it only for classes big
      enough to matter: pylint's design checker stops public methods at 20 and Sonar's
      "too many methods" at 20 as well; PySmell (Chen et al., 2016) measured "large class"
      at about 200 lines, and we take 7 methods as the point where a split pays off. A group
      counts as a responsibility from 3 methods; smaller ones are helpers around one field.
    - Infrastructure kinds: three kinds of I/O (SQL, HTTP, e-mail, files, cache, templates)
      in one class is the smallest mix no single responsibility explains.
    - Dispatch chains: pylint's `too-many-branches` counts 12 branches for all reasons; a
      chain on one subject needs fewer, and Fowler's "replace conditional with polymorphism"
      refactoring starts at three cases.
    - Fat interfaces: PySmell and Sonar flag classes with many members; six abstract methods
      is where implementers start stubbing some of them out.
    - Long functions: pylint `max-statements` is 50 and radon rank C starts at complexity 11;
      a function that mixes kinds of I/O becomes hard to test far earlier, at 20 statements.
    - Broad try: pylint's `broad-try-clause` extension allows one statement by default; we
      report only a catch-all wrapped around at least 15, where the handler cannot know
      which step failed.
    """

    min_lcom4_components: int = 2
    min_cohesion_methods: int = 7
    min_cohesion_lines: int = 200
    min_group_methods: int = 3
    min_infrastructure_kinds: int = 3
    min_function_statements: int = 20
    min_function_kinds: int = 2
    min_dispatch_cases: int = 3
    min_abstract_methods: int = 6
    min_stubbed_methods: int = 2
    min_broad_try_statements: int = 15
    min_injected_protocols: int = 2
    min_parameterized_queries: int = 2
    min_annotated_functions: int = 3
    min_state_machine_states: int = 3


@dataclass(frozen=True)
class PhpThresholds:
    """Where a PHP smell starts.

    - Complexity, parameters and statements are the Python limits of the same names
      (`max-complexity`, `max-args`, `max-statements`: radon rank C starts above 10,
      pylint's defaults are 5 arguments and 50 statements).
    - Dispatch on strings: Fowler's "replace conditional with polymorphism" starts at three
      cases, as the Python design detectors do (one setting, `min-dispatch-cases`, for both).
    - Interfaces: seven methods, one more than the Python detector's six abstract methods,
      because Laravel repository interfaces commonly carry five or six CRUD methods.
    - Controllers: a loop or three decisions in an action is logic that belongs to a service.
    - Writes: two writes in one method can leave half of a change behind when the second fails.
    """

    max_complexity: int = 10
    max_args: int = 5
    max_statements: int = 50
    min_dispatch_cases: int = 3
    min_interface_methods: int = 7
    min_controller_decisions: int = 3
    min_writes: int = 2


L = TypeVar("L", Thresholds, DesignThresholds, PhpThresholds)
LIMITS = (Thresholds, DesignThresholds, PhpThresholds)


def threshold_names() -> tuple[str, ...]:
    """Every threshold a config file may set, in kebab-case, each once."""
    names = (f.name.replace("_", "-") for kind in LIMITS for f in dataclasses.fields(kind))
    return tuple(dict.fromkeys(names))


def thresholds_from(values: Mapping[str, int], kind: type[L]) -> L:
    """The limits of one kind that a config file's [thresholds] sets (kebab-case names),
    the others at their defaults."""
    given = {name.replace("-", "_"): value for name, value in values.items()}
    return kind(**{f.name: given[f.name] for f in dataclasses.fields(kind) if f.name in given})
