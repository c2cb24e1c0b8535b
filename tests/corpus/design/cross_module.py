# expect: design:stubbed-interface@8, design:refused-bequest@26, design:io-in-loop@31
"""Subclasses and helpers from other modules of the same project."""
from dip_module_singleton import current_temperature
from isp_stubbed_implementer import DataSource
from lsp_refused_bequest import ReportWriter


class CsvSource(DataSource):
    def __init__(self, rows):
        self.rows = rows

    def read(self, key):
        return self.rows[key]

    def write(self, key, value):
        pass

    def delete(self, key):
        pass

    def keys(self):
        return list(self.rows)


class DryRunWriter(ReportWriter):
    def write(self, name, rows):
        pass


def temperatures(cities):
    return {city: current_temperature(city) for city in cities}
