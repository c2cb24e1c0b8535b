"""Output formats: each module has `format(review, config) -> str`; the registry maps the enum."""

from __future__ import annotations

import importlib
from typing import Protocol, assert_never

from reviewer.config.options import OutputFormat, ReviewConfig
from reviewer.model import Review


class Formatter(Protocol):
    def __call__(self, review: Review, config: ReviewConfig) -> str: ...


def module_name(output_format: OutputFormat) -> str:
    """The module that writes a format; imported only when that format is asked for."""
    match output_format:
        case OutputFormat.TEXT:
            return "reviewer.formats.text"
        case OutputFormat.CONCISE:
            return "reviewer.formats.concise"
        case OutputFormat.MARKDOWN:
            return "reviewer.formats.markdown"
        case OutputFormat.HTML:
            return "reviewer.formats.html"
        case OutputFormat.JSON:
            return "reviewer.formats.json_report"
        case OutputFormat.SARIF:
            return "reviewer.formats.sarif"
        case OutputFormat.GITHUB:
            return "reviewer.formats.github"
        case OutputFormat.GITLAB:
            return "reviewer.formats.gitlab"
        case _:
            assert_never(output_format)


def formatter_for(output_format: OutputFormat) -> Formatter:
    module = importlib.import_module(module_name(output_format))
    formatter: Formatter = module.format
    return formatter
