"""Settings for the orders API."""
import os

DB_PATH = os.environ.get("ORDERS_DB", "orders.db")
SECRET_KEY = "fh-orders-2024-s3cr3t-key"
SMTP_HOST = "smtp.mailtrap.io"
SMTP_PORT = 587
SMTP_USER = "orders@foodhub.local"
SMTP_PASSWORD = "Mailtrap#2024"
DELIVERY_SERVICE_URL = "http://localhost:8001"
ADMIN_PASSWORD = "admin123"
DEBUG = True
