# expect: design:debug-on-by-default@13, design:debug-on-by-default@24
"""Configuration classes of the bookings service, chosen by `create_app(config_name)`."""

import os

from dotenv import load_dotenv

load_dotenv()


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
    DEBUG = bool(os.environ.get("FLASK_DEBUG", True))
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    PER_PAGE = 25


class DevelopmentConfig(Config):
    DEBUG = True
    SQLALCHEMY_ECHO = True


class StagingConfig(Config):
    DEBUG = os.getenv("STAGING_DEBUG", "True") == "True"


class ProductionConfig(Config):
    DEBUG = os.environ.get("FLASK_DEBUG") == "1"  # off unless asked for
    TESTING = False


class TestingConfig(Config):
    TESTING = True
    DEBUG = os.getenv("DEBUG", "1") == "1"


config = {
    "development": DevelopmentConfig,
    "staging": StagingConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}
