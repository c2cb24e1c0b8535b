# expect: none
"""Nightly report job, run by cron."""
import logging
import sys
from datetime import date

from reports.builder import ReportBuilder
from reports.mail import send_report

logger = logging.getLogger(__name__)


def run(day=None):
    day = day or date.today()
    try:
        report = ReportBuilder().build(day)
        send_report(report)
    except Exception:
        logger.exception("report for %s failed", day)
        return 1
    return 0


def main():
    logging.basicConfig(level=logging.INFO)
    sys.exit(run())


if __name__ == "__main__":
    main()
