"""FoodHub orders API, built from small parts injected in one composition root."""

__version__ = "1.0.0"
