# expect: design:debug-on-by-default@11, design:allowed-hosts-wildcard@13, design:cors-wildcard-credentials@46
"""Settings of the shop's Django site, as deployed behind the load balancer."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = os.environ.get("SHOP_DEBUG", "on").lower() in ("1", "on", "true")
SECRET_KEY = os.environ["SHOP_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("SHOP_ALLOWED_HOSTS", "*").split(",")
TEMPLATE_DEBUG = DEBUG  # follows DEBUG: one comment there is enough
DEBUG_TOOLBAR = os.environ.get("DEBUG_TOOLBAR", "yes") == "yes"  # another setting, not DEBUG

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "corsheaders",
    "catalog",
    "checkout",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

if DEBUG:
    # the developer's machine: any host name the browser uses
    INTERNAL_IPS = ["127.0.0.1"]
    ALLOWED_HOSTS = ["*"]

CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = ["content-type", "x-csrftoken"]
