# expect: none
"""Settings read once from the environment; the one module that should do it."""
import os

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///app.db")
DEBUG = os.environ.get("DEBUG") == "1"
WORKERS = int(os.getenv("WORKERS", "4"))
