# expect: design:type-dispatch@24, design:type-dispatch@34
"""Areas of shapes, one isinstance check per shape."""
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Circle:
    radius: float


@dataclass(frozen=True)
class Square:
    side: float


@dataclass(frozen=True)
class Triangle:
    base: float
    height: float


def area(shape):
    if isinstance(shape, Circle):
        return math.pi * shape.radius**2
    if isinstance(shape, Square):
        return shape.side**2
    if isinstance(shape, Triangle):
        return shape.base * shape.height / 2
    raise TypeError(shape)


def describe(shape):
    if isinstance(shape, Circle):
        return "round"
    elif isinstance(shape, Square):
        return "square"
    elif isinstance(shape, Triangle):
        return "pointy"
    return "unknown"
