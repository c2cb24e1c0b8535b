# expect: design:growing-list-membership@8
"""Collecting unique values."""


def unique_emails(orders):
    seen = []
    for order in orders:
        if order.email not in seen:
            seen.append(order.email)
    return seen


def unique_skus(lines):
    seen = set()
    result = []
    for line in lines:
        if line.sku not in seen:
            seen.add(line.sku)
            result.append(line.sku)
    return result


def known_customers(orders, allowed):
    matches = []
    for order in orders:
        if order.customer in allowed:
            matches.append(order)
    return matches
