"""The limits the PHP detectors use, as one frozen value with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.config.options import Thresholds


@dataclass(frozen=True)
class PhpThresholds:
    """Where a PHP smell starts.

    - Complexity, parameters and statements come from the review's configuration (radon
      rank C starts above 10, pylint's defaults are 5 arguments and 50 statements).
    - Dispatch on strings: Fowler's "replace conditional with polymorphism" starts at three
      cases, as the Python design detectors do.
    - Interfaces: seven methods, one more than the Python detector's six abstract methods,
      because Laravel repository interfaces commonly carry five or six CRUD methods.
    - Controllers: a loop or three decisions in an action is logic that belongs to a service.
    - Writes: two writes in one method can leave half of a change behind when the second fails.
    """

    max_complexity: int = 10
    max_parameters: int = 5
    max_statements: int = 50
    min_dispatch_cases: int = 3
    min_interface_methods: int = 7
    min_controller_decisions: int = 3
    min_writes: int = 2

    @classmethod
    def from_config(cls, thresholds: Thresholds) -> PhpThresholds:
        """The configured limits, with the PHP-only ones at their defaults."""
        return cls(
            max_complexity=thresholds.max_complexity,
            max_parameters=thresholds.max_args,
            max_statements=thresholds.max_statements,
        )
