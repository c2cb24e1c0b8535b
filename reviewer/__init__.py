"""review: a senior engineer's honest, kind, specific code review, from real analyzers."""

__version__ = "0.1.0"
