"""Configuration, read once at the edge from the environment and an optional ``.env``."""

from __future__ import annotations

import contextlib
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.database import PRIVATE_FOLDER, private_folder


def data_folder() -> Path:
    """The user's data folder for the coach, created owner-only (0700).

    It holds the default database with other people's names and notes; a folder left
    open by an earlier version is tightened too.
    """
    folder = Path(user_data_dir("networking-coach", appauthor=False))
    private_folder(folder)
    with contextlib.suppress(OSError):
        folder.chmod(PRIVATE_FOLDER)
    return folder


def default_database_url() -> str:
    """SQLite in the user's data directory: works with no set-up at all."""
    return f"sqlite:///{data_folder() / 'coach.db'}"


class Settings(BaseSettings):
    """Everything the processes read from outside; secrets are only checked where used."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore")

    database_url: str = ""
    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_url: str | None = None
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 8080
    log_level: str = "INFO"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url()
