"""FoodHub orders API: cuisine types, restaurants, menus and orders."""

__version__ = "0.3.0"
