# expect: none
"""A developer's own settings: imported over the shared ones, never deployed."""

from .settings_production import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
SECRET_KEY = "local-only"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
