# expect: design:type-dispatch@7
"""Shipping prices by method."""


def shipping_cost(order):
    weight = sum(line.weight for line in order.lines)
    if order.shipping_method == "standard":
        return 4.99 + weight * 0.5
    elif order.shipping_method == "express":
        return 9.99 + weight * 0.8
    elif order.shipping_method == "overnight":
        return 24.99 + weight * 1.2
    elif order.shipping_method == "pickup":
        return 0.0
    raise ValueError(order.shipping_method)


def delivery_days(order):
    if order.shipping_method == "overnight":
        return 1
    return 3
