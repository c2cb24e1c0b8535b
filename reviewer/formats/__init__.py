"""Output formats: each module has `format(review, config) -> str`; one registry describes them.

To add a format, write a module with that function and add one `Format` record to `FORMATS`
(or `register` it, as a test or a plugin does); the command line's `--format` choices are the
`OutputFormat` enum, which names the built-in records.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from reviewer.config.options import OutputFormat, ReviewConfig
from reviewer.model import Review, Voice


class Formatter(Protocol):
    def __call__(self, review: Review, config: ReviewConfig) -> str: ...


@dataclass(frozen=True)
class Format:
    """One output format: where it is written, who reads it, and how it speaks by default."""

    name: str
    # Imported only when the format is asked for.
    module: str
    # Read by a program (CI, another tool): no progress display beside it.
    machine_readable: bool = False
    # The voice when neither the command line nor a config file chooses one: write-ups teach,
    # terminal and machine output stay short.
    voice: Voice = Voice.PEER
    # `--statistics` replaces the comments with a table: only the terminal formats have one.
    statistics: bool = False


FORMATS: dict[str, Format] = {
    record.name: record
    for record in (
        Format("text", "reviewer.formats.text", statistics=True),
        Format("concise", "reviewer.formats.concise", statistics=True),
        Format("markdown", "reviewer.formats.markdown", voice=Voice.MENTOR),
        Format("html", "reviewer.formats.html", voice=Voice.MENTOR),
        Format("json", "reviewer.formats.json_report", machine_readable=True),
        Format("sarif", "reviewer.formats.sarif", machine_readable=True),
        Format("github", "reviewer.formats.github", machine_readable=True),
        Format("gitlab", "reviewer.formats.gitlab", machine_readable=True),
    )
}


def register(record: Format) -> None:
    """Add (or replace) a format by its name."""
    FORMATS[record.name] = record


def format_record(output_format: OutputFormat | str) -> Format:
    """The record of a format, by its enum member or its name."""
    name = output_format.value if isinstance(output_format, OutputFormat) else output_format
    return FORMATS[name]


def module_name(output_format: OutputFormat | str) -> str:
    """The module that writes a format; imported only when that format is asked for."""
    return format_record(output_format).module


def formatter_for(output_format: OutputFormat | str) -> Formatter:
    """The function that writes a whole review in this format."""
    module = importlib.import_module(module_name(output_format))
    formatter: Formatter = module.format
    return formatter
