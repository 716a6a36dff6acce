"""Which Web API client talks to a team: the one bot token, or the team's own.

A single-workspace install has one bot token for every team id; an app installed
through OAuth keeps a bot token per team in the installation store. The nudge sender
and the App Home refresh both pick their client here.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import Engine

from adapters.config import Settings
from adapters.slack.app import web_client

ClientFor = Callable[[str], WebClient | None]


def single_workspace(settings: Settings) -> ClientFor:
    """One bot token for every team id (the simple install)."""
    token = settings.slack_bot_token.get_secret_value().strip() \
        if settings.slack_bot_token else ""
    client = web_client(settings, token)
    return lambda team_id: client


def installed_workspaces(settings: Settings, store: InstallationStore) -> ClientFor:
    """The bot token of each team from the OAuth installation store; None when the app
    is no longer installed there."""

    def client_for(team_id: str) -> WebClient | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            return None
        return web_client(settings, bot.bot_token)

    return client_for


def workspace_clients(settings: Settings, database: Engine) -> ClientFor | None:
    """A Web API client per team for these settings: per-team tokens from the OAuth
    installation store, the one bot token, or None when Slack is not configured."""
    from adapters.slack.app import uses_oauth

    if uses_oauth(settings):
        from adapters.slack.oauth import stores

        installations, _ = stores(settings.slack_client_id or "", database)
        return installed_workspaces(settings, installations)
    if settings.slack_bot_token and settings.slack_bot_token.get_secret_value().strip():
        return single_workspace(settings)
    return None
