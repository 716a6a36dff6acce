"""manifest.yml asks Slack for exactly what the code uses."""

from __future__ import annotations

from pathlib import Path

from adapters.slack.listeners import COMMAND, SHORTCUT_CALLBACK
from adapters.slack.oauth import BOT_SCOPES

MANIFEST = (Path(__file__).parents[2] / "manifest.yml").read_text(encoding="utf-8")


def _list_after(marker: str) -> list[str]:
    lines = MANIFEST.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == marker)
    items = []
    for line in lines[start + 1:]:
        if not line.strip().startswith("- "):
            break
        items.append(line.strip()[2:])
    return items


def test_the_manifest_requests_the_scopes_the_oauth_install_requests() -> None:
    assert set(_list_after("bot:")) == set(BOT_SCOPES)


def test_the_manifest_names_the_command_and_shortcut_the_listeners_take() -> None:
    assert f"command: {COMMAND}" in MANIFEST
    assert f"callback_id: {SHORTCUT_CALLBACK}" in MANIFEST
    assert set(_list_after("bot_events:")) >= {"app_home_opened", "message.im"}
