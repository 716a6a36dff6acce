"""Configuration, read once at the edge from the environment and an optional ``.env``.

Every process reads its settings on start, the terminal coach too, so this stays
light: a dataclass filled from ``os.environ`` and python-dotenv's parser, rather than
a validation framework that costs more to import than the rest of a ``coach chat``.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

ENV_FILE = ".env"


class Secret:
    """A secret string that never shows up in a repr, a log line or a traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        """An empty secret (``TOKEN=`` in the environment) counts as not set."""
        return bool(self._value.strip())

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def data_folder() -> Path:
    """The user's data folder for the coach, created owner-only (0700).

    It holds the default database with other people's names and notes; a folder left
    open by an earlier version is tightened too.
    """
    from platformdirs import user_data_dir

    from storage.database import PRIVATE_FOLDER, private_folder

    folder = Path(user_data_dir("networking-coach", appauthor=False))
    private_folder(folder)
    with contextlib.suppress(OSError):
        folder.chmod(PRIVATE_FOLDER)
    return folder


def default_database_url() -> str:
    """SQLite in the user's data directory: works with no set-up at all."""
    return f"sqlite:///{data_folder() / 'coach.db'}"


class ConfigError(ValueError):
    """A setting has a value the program cannot use; the message names the variable."""


@dataclass(init=False)
class Settings:
    """Everything the processes read from outside; secrets are only checked where used.

    ``Settings()`` reads the environment (names in any case) over ``.env`` in the
    working directory; keyword arguments override both, as tests do.
    """

    database_url: str = ""
    telegram_bot_token: Secret | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    telegram_webhook_secret: Secret | None = None
    telegram_webhook_url: str | None = None
    slack_bot_token: Secret | None = None
    slack_app_token: Secret | None = None
    slack_signing_secret: Secret | None = None
    slack_client_id: str | None = None
    slack_client_secret: Secret | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 8080
    log_level: str = "INFO"

    def __init__(self, **values: Any) -> None:
        known = {f.name: f for f in fields(self)}
        unknown = set(values) - set(known)
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        outside = _outside_values()
        for name, spec in known.items():
            if name in values:
                raw = values[name]
            elif name in outside:
                raw = outside[name]
            else:
                raw = spec.default
            setattr(self, name, _convert(name, raw))

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url()


_SECRETS = ("telegram_bot_token", "telegram_webhook_secret", "slack_bot_token",
            "slack_app_token", "slack_signing_secret", "slack_client_secret")
_OPTIONAL = ("telegram_webhook_url", "slack_client_id")


def _convert(name: str, raw: Any) -> Any:
    if name in _SECRETS:
        if raw is None or isinstance(raw, Secret):
            return raw
        return Secret(str(raw))
    if name == "port":
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"PORT must be a whole number, not {raw!r}.") from None
    if name in _OPTIONAL:
        return str(raw) if raw else None
    return raw if raw is None else str(raw)


def _outside_values() -> dict[str, str]:
    """Setting names (lower case) to values: ``.env`` first, the environment over it."""
    found: dict[str, str] = {}
    if Path(ENV_FILE).is_file():
        from dotenv import dotenv_values

        found.update({key.lower(): value for key, value in dotenv_values(ENV_FILE).items()
                      if value is not None})
    found.update({key.lower(): value for key, value in os.environ.items()})
    return found
