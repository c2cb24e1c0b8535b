# expect: design:io-in-constructor@9, design:io-in-constructor@18
"""Price lists: one reads its file while being constructed, one is given its data."""
import json
from pathlib import Path


class PriceList:
    def __init__(self, path):
        with open(path) as handle:
            self.prices = json.load(handle)

    def price(self, sku):
        return self.prices[sku]


class Catalog:
    def __init__(self, folder):
        self.index = Path(folder, "index.txt").read_text().split()


class InjectedPriceList:
    def __init__(self, prices):
        self.prices = dict(prices)
        self.path = Path("prices.json")

    @classmethod
    def from_file(cls, path):
        with open(path) as handle:
            return cls(json.load(handle))
