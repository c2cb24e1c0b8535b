# expect: design:cors-wildcard-credentials@18, design:debug-on-by-default@10, design:environment-read@10
"""Application factory of a Flask JSON API used by a single-page front end."""

import os

from flask import Flask
from flask_cors import CORS
from flask_sqlalchemy import SQLAlchemy

DEBUG = os.environ.get("FLASK_DEBUG", "true") != "false"

db = SQLAlchemy()


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"], DEBUG=DEBUG)
    CORS(app, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)
    db.init_app(app)

    from api.views import api

    app.register_blueprint(api, url_prefix="/api")
    return app
