# expect: none
"""Held-out corpus files: written after their detector was done, scored apart from the corpus
the detectors were built against. They are data, not tests."""

collect_ignore_glob = ["*.py"]
