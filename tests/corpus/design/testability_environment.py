# expect: design:environment-read@7, design:environment-read@11
"""Alerting that reads its settings from the environment in several places."""
import os

import requests

ALERT_CHANNEL = os.environ.get("ALERT_CHANNEL", "#ops")


def send_alert(message):
    url = os.environ["ALERT_WEBHOOK_URL"]
    requests.post(url, json={"channel": ALERT_CHANNEL, "text": message}, timeout=5)


def load_config():
    return {"url": os.getenv("ALERT_WEBHOOK_URL"), "channel": os.getenv("ALERT_CHANNEL")}


def send_alert_with(config, message):
    requests.post(config["url"], json={"text": message}, timeout=5)


def main():
    send_alert_with(load_config(), os.environ.get("STARTUP_MESSAGE", "started"))
