"""A parameter named like a client library (`requests`, a mapping of Form Requests) is not the
library: its `.get()` in a loop is a dictionary lookup, not an HTTP request per item."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes

SHADOWED = """\
def checks(actions, requests):
    found = []
    for action in actions:
        facts = requests.get(action.name)
        if facts is not None:
            found.append(facts)
    return found
"""
IMPORTED = """\
import requests


def fetch_all(urls):
    return [requests.get(url, timeout=5).json() for url in urls]


def poll(urls):
    results = []
    for url in urls:
        results.append(requests.get(url, timeout=5).json())
    return results
"""


def test_a_mapping_named_requests_is_not_an_http_client(analyze: Analyze) -> None:
    assert codes(analyze(SHADOWED), "io-in-loop") == []


def test_the_imported_library_in_a_loop_still_is(analyze: Analyze) -> None:
    assert len(codes(analyze(IMPORTED), "io-in-loop")) >= 1
