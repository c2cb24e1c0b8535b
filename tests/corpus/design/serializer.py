# expect: design:type-dispatch@23
"""Turning domain values into JSON-compatible data."""
from datetime import date, datetime
from decimal import Decimal
from enum import Enum


def to_json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


def http_error_message(status_code):
    if status_code == 404:
        return "not found"
    elif status_code == 409:
        return "conflict"
    elif status_code == 429:
        return "slow down"
    return "unexpected error"


def handle_event(event):
    match event:
        case {"type": "created", "id": event_id}:
            return ("create", event_id)
        case {"type": "deleted", "id": event_id}:
            return ("delete", event_id)
        case {"type": "renamed", "id": event_id, "name": name}:
            return ("rename", event_id, name)
    return None
