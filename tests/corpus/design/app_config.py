# expect: none
"""Configuration object: the one place that reads the environment."""
import os
from dataclasses import dataclass


class Config:
    def __init__(self):
        self.database_url = os.environ.get("DATABASE_URL", "sqlite:///app.db")
        self.debug = os.environ.get("DEBUG") == "1"


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int

    @classmethod
    def from_env(cls):
        return cls(os.environ.get("SMTP_HOST", "localhost"), int(os.environ.get("SMTP_PORT", "25")))
