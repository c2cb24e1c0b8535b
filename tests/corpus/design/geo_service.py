# expect: design:environment-read@7, design:module-singleton@8, design:io-in-loop@18
"""Geocoding through an external API."""
import os

import httpx

API_KEY = os.environ["GEO_API_KEY"]
client = httpx.Client(base_url="https://geo.example.com", timeout=5)


def geocode(address):
    response = client.get("/search", params={"q": address, "key": API_KEY})
    response.raise_for_status()
    return response.json()["results"][0]


def geocode_many(addresses):
    return [geocode(address) for address in addresses]
