"""Customer notifications behind a protocol, with SMTP as one adapter."""

import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from typing import Protocol

from orders_api_clean.errors import ExternalServiceError
from orders_api_clean.models import Order


class Notifier(Protocol):
    """Tells customers what happens to their orders."""

    def order_placed(self, order: Order, eta_minutes: int) -> None:
        """Confirm a new order and its expected delivery time."""

    def status_changed(self, order: Order) -> None:
        """Tell the customer about a new status."""


class SmtpNotifier:
    """Sends notifications as e-mail over connections made by a factory."""

    def __init__(self, smtp_factory: Callable[[], smtplib.SMTP], sender: str) -> None:
        """Open connections with ``smtp_factory``; send as ``sender``."""
        self._smtp_factory = smtp_factory
        self._sender = sender

    def order_placed(self, order: Order, eta_minutes: int) -> None:
        """E-mail the order confirmation."""
        lines = [f"{ln.quantity} x {ln.name}: {ln.amount}" for ln in order.lines]
        lines += [f"Total: {order.total}", f"Expected in about {eta_minutes} minutes."]
        subject = f"Order #{order.id} confirmed"
        self._send(order.customer_email, subject, "\n".join(lines))

    def status_changed(self, order: Order) -> None:
        """E-mail the new status."""
        subject = f"Order #{order.id}: {order.label}"
        self._send(order.customer_email, subject, order.label)

    def _send(self, recipient: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = recipient
        message["Subject"] = subject
        message.set_content(body)
        try:
            with self._smtp_factory() as smtp:
                smtp.send_message(message)
        except OSError as exc:  # smtplib.SMTPException is an OSError too
            raise ExternalServiceError(str(exc)) from exc
