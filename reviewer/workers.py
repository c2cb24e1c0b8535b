"""In-process analyzers (radon, the design and PHP detectors) run in worker processes, so that
their CPU work does not queue behind one interpreter lock while the tools run beside them."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from reviewer.analyzers.base import Analyzer, Wrapped
from reviewer.config import ReviewConfig
from reviewer.discovery import SourceFile
from reviewer.model import AnalyzerResult

MIN_FILES = 40


def _run(analyzer: Analyzer, files: Sequence[SourceFile], config: ReviewConfig) -> AnalyzerResult:
    return analyzer.run(files, config)


@dataclass(frozen=True)
class InWorker(Wrapped):
    """An analyzer whose `run` happens in a worker process of `pool`."""

    pool: Executor

    def run(self, files: Sequence[SourceFile], config: ReviewConfig) -> AnalyzerResult:
        if len(files) < MIN_FILES:  # starting a process costs more than a few files take
            return self.inner.run(files, config)
        return self.pool.submit(_run, self.inner, list(files), config).result()


@contextmanager
def worker_pool(size: int) -> Iterator[Executor | None]:
    """A pool of `size` processes (at most one per core), or None when one would not help."""
    workers = min(size, os.cpu_count() or 1)
    if workers < 1:
        yield None
        return
    # spawn, not fork: the parent runs threads, and a forked child could inherit a held lock
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield pool
