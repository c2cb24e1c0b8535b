# expect: design:growing-list-membership@10, design:loop-invariant-call@34
"""Walking a dependency graph."""


def reachable(graph, start):
    visited = []
    stack = [start]
    while stack:
        node = stack.pop()
        if node in visited:
            continue
        visited.append(node)
        stack.extend(graph.get(node, []))
    return visited


def reachable_fast(graph, start):
    visited = set()
    order = []
    stack = [start]
    while stack:
        node = stack.pop()
        if node in visited:
            continue
        visited.add(node)
        order.append(node)
        stack.extend(graph.get(node, []))
    return order


def allowed_nodes(nodes, allowed):
    kept = []
    for node in nodes:
        if node in set(allowed):
            kept.append(node)
    return kept
