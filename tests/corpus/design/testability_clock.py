# expect: design:hidden-clock@11, design:hidden-clock@15
"""Invoice rules that read the clock, next to code that only measures durations."""
import logging
import time
from datetime import date, datetime, timezone

logger = logging.getLogger(__name__)


def is_overdue(invoice):
    return datetime.now(timezone.utc) > invoice.due_at


def days_until_due(invoice):
    remaining = invoice.due_date - date.today()
    return remaining.days


def send_reminders(invoices, mailer):
    started = time.perf_counter()
    begin = time.time()
    for invoice in invoices:
        mailer.remind(invoice)
    logger.info("reminders took %.2fs", time.time() - begin)
    logger.debug("perf counter %.3f", time.perf_counter() - started)


class SystemClock:
    def now(self):
        return datetime.now(timezone.utc)


def overdue_with(invoice, clock):
    return clock.now() > invoice.due_at
