# expect: design:loop-invariant-call@12, design:loop-invariant-call@22
"""Parsing log lines."""
import json
import re

DEFAULTS = '{"level": "info", "tags": []}'


def errors_in(lines):
    found = []
    for line in lines:
        pattern = re.compile(r"ERROR\s+(\w+)")
        match = pattern.search(line)
        if match:
            found.append(match.group(1))
    return found


def parse_events(lines):
    events = []
    for line in lines:
        event = json.loads(DEFAULTS)
        event.update(json.loads(line))
        events.append(event)
    return events


def count_words(lines, words):
    counts = {}
    for word in words:
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        counts[word] = sum(1 for line in lines if pattern.search(line))
    return counts


def ranked(batches):
    result = []
    for batch in batches:
        result.extend(batch)
        result = sorted(result)
    return result


def drain(queue):
    while len(queue) > 0:
        queue.pop()
