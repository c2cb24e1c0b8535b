"""Domain objects."""
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional


@dataclass
class CuisineType:
    id: int
    name: str


@dataclass
class Restaurant:
    id: int
    name: str
    cuisine_id: int
    address: str
    rating: float = 0.0


@dataclass
class MenuItem:
    id: int
    restaurant_id: int
    name: str
    price: float
    available: bool = True


class Order:
    def __init__(self, id, customer_email, restaurant_id, items=[], status="new",
                 created_at=datetime.now()):
        self.id = id
        self.customer_email = customer_email
        self.restaurant_id = restaurant_id
        self.items = items
        self.status = status
        self.created_at = created_at
        self.updated_at = None

    def total(self):
        t = 0
        for i in self.items:
            t = t + i["price"] * i["qty"]
        return t

    def to_dict(self):
        return {**self.__dict__, "total": self.total()}
