# expect: none
"""Composition root: the one place where concrete clients are created and wired."""
import logging
import os
import sqlite3
import sys

import requests

logger = logging.getLogger(__name__)
http = requests.Session()


class Application:
    def __init__(self, conn, http_session):
        self.conn = conn
        self.http = http_session


def create_app():
    conn = sqlite3.connect(os.environ.get("APP_DB", "app.db"))
    return Application(conn, http)


def main():
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    logger.info("started with %s", app.conn)
    if not os.environ.get("APP_TOKEN"):
        sys.exit("APP_TOKEN is not set")


if __name__ == "__main__":
    main()
