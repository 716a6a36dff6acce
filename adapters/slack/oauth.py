"""Installing into many workspaces: Bolt's OAuth flow with stores in the coach's database.

slack_sdk's SQLAlchemy stores keep bot tokens per team (``slack_installations``,
``slack_bots``) and the short-lived OAuth ``state`` values (``slack_oauth_states``)
next to the coach's own tables. They create their tables through their own API, with
``CREATE TABLE IF NOT EXISTS``, so they follow slack_sdk's schema as it evolves.
Bolt then serves ``/slack/install`` and ``/slack/oauth_redirect`` and looks up the
right bot token for every incoming request.
"""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from adapters.config import Settings

# What the bot needs: the slash command, DMs (open, write, read), the user's name,
# locale and time zone, chart and export uploads, and reading files shared for import.
BOT_SCOPES = ("commands", "chat:write", "im:write", "im:history", "users:read",
              "files:write", "files:read")
STATE_EXPIRY_SECONDS = 600


def stores(client_id: str, database: Engine) -> tuple[SQLAlchemyInstallationStore,
                                                       SQLAlchemyOAuthStateStore]:
    installations = SQLAlchemyInstallationStore(client_id=client_id, engine=database)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRY_SECONDS,
                                       engine=database)
    installations.create_tables()  # type: ignore[no-untyped-call]
    states.create_tables()  # type: ignore[no-untyped-call]
    return installations, states


def oauth_settings(settings: Settings, database: Engine) -> OAuthSettings:
    client_id = settings.slack_client_id or ""
    secret = settings.slack_client_secret.get_secret_value() if settings.slack_client_secret \
        else ""
    installations, states = stores(client_id, database)
    return OAuthSettings(client_id=client_id, client_secret=secret, scopes=list(BOT_SCOPES),
                         installation_store=installations, state_store=states,
                         install_page_rendering_enabled=True)
