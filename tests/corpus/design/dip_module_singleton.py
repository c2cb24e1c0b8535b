# expect: design:module-singleton@7, design:module-singleton@20
"""Weather lookups through one shared HTTP session and one lazily opened database."""
import sqlite3

import requests

session = requests.Session()
_db = None


def current_temperature(city):
    response = session.get(f"https://weather.example.com/{city}", timeout=5)
    response.raise_for_status()
    return response.json()["temperature"]


def connection():
    global _db
    if _db is None:
        _db = sqlite3.connect("weather.db")
    return _db


def save_reading(city, value):
    connection().execute("INSERT INTO readings VALUES (?, ?)", (city, value))
