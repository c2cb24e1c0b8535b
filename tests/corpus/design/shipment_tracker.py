# expect: design:mixed-infrastructure@12, design:constructs-collaborator@16, design:io-in-loop@23, design:io-in-loop@25, design:hidden-clock@27
"""Shipment tracking: polls carriers and notifies customers."""
import logging
import smtplib
from datetime import datetime

import requests

logger = logging.getLogger(__name__)


class ShipmentTracker:
    def __init__(self, db, carrier_url):
        self.db = db
        self.carrier_url = carrier_url
        self.mailer = smtplib.SMTP("mail.internal")

    def pending(self):
        return self.db.execute("SELECT id, tracking, email FROM shipments WHERE delivered = 0").fetchall()

    def refresh(self):
        for shipment_id, tracking, email in self.pending():
            status = requests.get(f"{self.carrier_url}/track/{tracking}", timeout=10).json()
            if status["state"] == "delivered":
                self.db.execute(
                    "UPDATE shipments SET delivered = 1, delivered_at = ? WHERE id = ?",
                    (datetime.now().isoformat(), shipment_id),
                )
                self.mailer.sendmail("noreply@shop.example", email, "Your parcel arrived")
