# expect: design:debug-on-by-default@14, design:cors-wildcard-credentials@26
"""The catalogue API: settings, the app and its middleware."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.middleware import Middleware

from catalogue.routes import router


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")
    debug: bool = True
    database_url: str
    frontend_origins: list[str] = []


class MailSettings(BaseSettings):
    debug: bool = False  # off unless the environment turns it on
    smtp_host: str = "localhost"


settings = Settings()
app = FastAPI(debug=settings.debug)
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)
app.include_router(router)

public = FastAPI(middleware=[Middleware(CORSMiddleware, allow_origins=["*"])])
partners = FastAPI(
    middleware=[
        Middleware(
            CORSMiddleware,
            allow_origins=settings.frontend_origins,
            allow_credentials=True,
        )
    ]
)
