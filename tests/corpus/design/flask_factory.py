# expect: design:cors-wildcard-credentials@20
"""The bookings service's application factory."""

from flask import Flask
from flask_cors import CORS, cross_origin
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy

from bookings.config import config

db = SQLAlchemy()
login = LoginManager()


def create_app(config_name="production"):
    app = Flask(__name__)
    app.config.from_object(config[config_name])
    db.init_app(app)
    login.init_app(app)
    CORS(app, supports_credentials=True)

    from bookings.api import api_bp
    from bookings.public import public_bp

    app.register_blueprint(api_bp, url_prefix="/api")
    app.register_blueprint(public_bp)
    return app


def create_widget_app():
    """The embeddable availability widget: public, read-only, no cookies."""
    app = Flask("widget")
    CORS(app, origins="*")
    return app


def create_admin_app():
    app = Flask("admin")
    CORS(
        app,
        origins=["https://admin.bookings.example.com"],
        supports_credentials=True,
    )
    return app


@cross_origin(origins=["https://partners.bookings.example.com"], supports_credentials=True)
def partner_feed():
    return {"slots": []}
