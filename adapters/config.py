"""Configuration, read once at the edge from the environment and an optional ``.env``."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """SQLite in the user's data directory: works with no set-up at all."""
    folder = Path(user_data_dir("networking-coach", appauthor=False))
    return f"sqlite:///{folder / 'coach.db'}"


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
    port: int = 8080
    # The public https address of the web process, for /calendar subscription URLs.
    public_base_url: str | None = None
    log_level: str = "INFO"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url()
