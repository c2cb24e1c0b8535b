# expect: design:global-state@5, design:global-state@6
"""Module state shared between calls."""
import collections

_seen_ids = set()
_history = collections.deque(maxlen=100)
HANDLERS = {}
DEFAULT_TAGS = ["new"]
_counter = 0


def register(name):
    def decorator(func):
        HANDLERS[name] = func
        return func

    return decorator


def is_duplicate(event_id):
    if event_id in _seen_ids:
        return True
    _seen_ids.add(event_id)
    return False


def record(event):
    _history.append(event)


def next_number():
    global _counter
    _counter += 1
    return _counter


def tags_for(event):
    tags = list(DEFAULT_TAGS)
    tags.append(event.kind)
    return tags


def handle(event, handlers=HANDLERS):
    handlers = dict(handlers)
    handlers["default"] = print
    return handlers.get(event.kind, handlers["default"])(event)
