# expect: design:mixed-infrastructure@10
"""Invoices: stored, rendered, e-mailed and pushed to the accounting system by one class."""
import smtplib
import sqlite3

import requests
from jinja2 import Template


class InvoiceService:
    def __init__(self, conn: sqlite3.Connection, smtp: smtplib.SMTP, api_url: str):
        self.conn = conn
        self.smtp = smtp
        self.api_url = api_url

    def invoice(self, invoice_id):
        return self.conn.execute("SELECT * FROM invoices WHERE id = ?", (invoice_id,)).fetchone()

    def render(self, invoice):
        return Template("<h1>Invoice {{ number }}</h1>").render(number=invoice["number"])

    def email(self, invoice, html):
        self.smtp.sendmail("billing@example.com", invoice["email"], html)

    def push_to_accounting(self, invoice):
        response = requests.post(self.api_url, json=dict(invoice), timeout=10)
        response.raise_for_status()
