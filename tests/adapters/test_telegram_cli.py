"""``coach telegram`` fails with a clear message, not a traceback, when secrets are missing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from adapters.cli import main


def test_a_missing_bot_token_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: object) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)

    result = CliRunner().invoke(main, ["telegram", "--db", f"sqlite:///{tmp_path}/c.db"])

    assert result.exit_code == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in result.output
    assert "Traceback" not in result.output


def test_webhook_mode_without_a_secret_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: object) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:ABC")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)

    result = CliRunner().invoke(
        main, ["telegram", "--webhook", "--db", f"sqlite:///{tmp_path}/c.db"])

    assert result.exit_code == 1
    assert "TELEGRAM_WEBHOOK_SECRET" in result.output
    assert "123:ABC" not in result.output
