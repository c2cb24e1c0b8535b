"""The limits the design detectors use, as one frozen value with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass


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
