"""A function that is long, mixes kinds of I/O and branches a lot is one point for a reviewer:
split it. The long-mixed-function comment absorbs the complexity finding on the same function
(radon's and ruff's), which stays as its evidence; a complex function elsewhere keeps its own."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Cli, write

BRANCHES = "".join(
    f"            if record.get('flag{i}'):\n                total += {i}\n" for i in range(10)
)
MIXED = f'''"""Nightly import of partner orders."""
import csv
import logging

logger = logging.getLogger(__name__)


def import_partner_orders(path, conn):
    rows = []
    with open(path, newline="") as handle:
        for record in csv.DictReader(handle):
            total = int(record["quantity"])
{BRANCHES}            rows.append((record["order_id"], total))
    conn.executemany("INSERT INTO partner_orders VALUES (?, ?)", rows)
    conn.commit()
    logger.info("imported %d partner orders", len(rows))
    return len(rows)


def pure_total(record):
    total = 0
{BRANCHES.replace("            ", "    ")}    return total
'''


def test_the_complexity_of_a_long_mixed_function_is_its_evidence(chdir_tmp: Path, cli: Cli) -> None:
    write(chdir_tmp, "imports.py", MIXED)

    comments = cli("imports.py", "-f", "json").json()["comments"]

    by_rule = {(c["rule"], c["line"]) for c in comments}
    assert ("long-mixed-function", 8) in by_rule
    assert ("complex-function", 8) not in by_rule
    assert ("complex-function", 40) in by_rule
    mixed = next(c for c in comments if c["rule"] == "long-mixed-function")
    assert "complex" in mixed["body"].split("What the analyzers saw:")[1]
