# expect: none
"""Classes with many methods that all work on the same state."""
from dataclasses import dataclass


class ShoppingCart:
    def __init__(self):
        self.lines = {}
        self.coupon = None

    def add(self, sku, quantity=1):
        self.lines[sku] = self.lines.get(sku, 0) + quantity

    def remove(self, sku):
        self.lines.pop(sku, None)

    def quantity(self, sku):
        return self.lines.get(sku, 0)

    def apply_coupon(self, code):
        if self.lines:
            self.coupon = code

    def is_empty(self):
        return not self.lines

    def item_count(self):
        return sum(self.lines.values())

    def clear(self):
        self.lines.clear()
        self.coupon = None


@dataclass(frozen=True)
class Rectangle:
    x: float
    y: float
    width: float
    height: float

    def area(self):
        return self.width * self.height

    def perimeter(self):
        return 2 * (self.width + self.height)

    def moved(self, dx, dy):
        return Rectangle(self.x + dx, self.y + dy, self.width, self.height)

    def right(self):
        return self.x + self.width

    def bottom(self):
        return self.y + self.height

    def contains(self, px, py):
        return self.x <= px <= self.right() and self.y <= py <= self.bottom()

    def scaled(self, factor):
        return Rectangle(self.x, self.y, self.width * factor, self.height * factor)
