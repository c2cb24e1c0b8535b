# expect: design:mixed-infrastructure@7
"""Monthly sales report: query, HTML rendering and file output in one class."""
import sqlite3
from pathlib import Path


class MonthlyReport:
    def __init__(self, conn: sqlite3.Connection, out_dir: Path):
        self.conn = conn
        self.out_dir = out_dir

    def rows(self, month):
        return self.conn.execute(
            "SELECT product, SUM(total) FROM sales WHERE month = ? GROUP BY product", (month,)
        ).fetchall()

    def html(self, month):
        body = "".join(f"<tr><td>{name}</td><td>{total:.2f}</td></tr>" for name, total in self.rows(month))
        return f"<html><body><table>{body}</table></body></html>"

    def write(self, month):
        (self.out_dir / f"sales-{month}.html").write_text(self.html(month))
