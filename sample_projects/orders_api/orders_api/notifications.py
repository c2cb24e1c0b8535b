"""E-mail notifications to customers and restaurants."""
import logging
import smtplib
from email.message import EmailMessage

from orders_api import config

logger = logging.getLogger(__name__)


class EmailNotifier:
    def __init__(self):
        self.smtp = smtplib.SMTP(config.SMTP_HOST, config.SMTP_PORT)
        self.smtp.starttls()
        self.smtp.login(config.SMTP_USER, config.SMTP_PASSWORD)

    def send(self, to, subject, body):
        msg = EmailMessage()
        msg["From"] = config.SMTP_USER
        msg["To"] = to
        msg["Subject"] = subject
        msg.set_content(body)
        try:
            self.smtp.send_message(msg)
        except Exception:
            pass

    def send_order_confirmation(self, to, order_number, total):
        body = "Thanks for your order " + order_number + "!\n"
        body += "Total: $" + str(total) + "\n"
        self.send(to, "Order " + order_number, body)
