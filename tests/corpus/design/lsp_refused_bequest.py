# expect: design:refused-bequest@26, design:refused-bequest@29, design:refused-bequest@34
"""Report writers; the archive variant refuses part of what a writer promises."""
import json


class ReportWriter:
    def __init__(self, folder):
        self.folder = folder

    def write(self, name, rows):
        with open(f"{self.folder}/{name}.json", "w") as handle:
            json.dump(rows, handle)

    def delete(self, name):
        import os

        os.remove(f"{self.folder}/{name}.json")

    def flush(self):
        self.folder = self.folder.rstrip("/")


class ArchiveWriter(ReportWriter):
    """Archived reports can be read but not changed."""

    def write(self, name, rows):
        raise NotImplementedError("the archive is read-only")

    def delete(self, name):
        raise NotImplementedError("the archive is read-only")


class BufferedWriter(ReportWriter):
    def flush(self):
        pass
