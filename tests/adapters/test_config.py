"""Settings come from the environment over ``.env``; secrets never show in a repr."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.config import ConfigError, Settings


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "PORT", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_the_environment_wins_over_the_env_file_and_arguments_over_both(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / ".env").write_text("DATABASE_URL=sqlite:///from-file.db\nPORT=9001\n"
                                 "log_level=DEBUG\n", encoding="utf-8")
    monkeypatch.setenv("PORT", "9002")
    settings = Settings()
    assert settings.database_url == "sqlite:///from-file.db"
    assert settings.port == 9002
    assert settings.log_level == "DEBUG"
    assert Settings(port=7).port == 7


def test_without_anything_set_the_defaults_apply(folder: Path) -> None:
    settings = Settings()
    assert settings.telegram_bot_token is None
    assert settings.port == 8080
    assert settings.resolved_database_url.startswith("sqlite:///")


def test_a_token_is_kept_but_never_shown(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:SECRET")
    settings = Settings()
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:SECRET"
    assert "SECRET" not in repr(settings)


def test_a_port_that_is_not_a_number_is_named_in_the_error(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ConfigError, match="PORT"):
        Settings()
