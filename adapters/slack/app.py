"""Builds the Bolt app around a coach: the one factory.

One workspace with a bot token (``SLACK_BOT_TOKEN``) is the simple case. With
``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` the app serves any number of
workspaces through Bolt's OAuth flow, keeping installations in the coach's own
database (see :mod:`adapters.slack.oauth`). Nothing is created at import time.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import Engine

from adapters.config import Settings
from adapters.slack.identity import SlackIdentities
from adapters.slack.listeners import SlackListeners
from adapters.slack.retry import retry_handlers
from coach.engine import Coach
from coach.replies import Chart

log = logging.getLogger(__name__)

# A 429 from the Web API is waited out (Retry-After) and the call retried this often.


class SlackNotConfigured(RuntimeError):
    """A token or secret the chosen mode needs is missing; raised before any request."""


def _secret(value: Any) -> str:
    return value.get_secret_value().strip() if value is not None else ""


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client for ``SLACK_API_URL`` that waits out 429s and retries what Slack
    certainly did not take (:mod:`adapters.slack.retry`)."""
    return WebClient(token=token, base_url=settings.slack_api_url,
                     retry_handlers=retry_handlers())


def uses_oauth(settings: Settings) -> bool:
    return bool(settings.slack_client_id and _secret(settings.slack_client_secret))


def check_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Refuse early, with a message that says what to set."""
    if socket_mode:
        if not _secret(settings.slack_app_token):
            raise SlackNotConfigured("SLACK_APP_TOKEN (xapp-…) is not set; Socket Mode needs "
                                     "an app-level token with connections:write.")
        if not _secret(settings.slack_bot_token):
            raise SlackNotConfigured("SLACK_BOT_TOKEN (xoxb-…) is not set.")
        return
    if not _secret(settings.slack_signing_secret):
        raise SlackNotConfigured("SLACK_SIGNING_SECRET is not set; without it anyone could "
                                 "post requests as any Slack user.")
    if not uses_oauth(settings) and not _secret(settings.slack_bot_token):
        raise SlackNotConfigured("Set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID "
                                 "and SLACK_CLIENT_SECRET to install into many.")


def build_slack_app(coach: Coach, settings: Settings, *, database: Engine | None = None,
                    socket_mode: bool = False, process_before_response: bool = False,
                    listener_executor: Executor | None = None,
                    identities: SlackIdentities | None = None) -> App:
    """The Bolt app with every listener registered.

    ``database`` is needed for OAuth installs (installation and state stores live
    there). ``process_before_response`` suits function-as-a-service hosts; the slow
    work still runs in lazy listeners after the ack.
    """
    check_settings(settings, socket_mode=socket_mode)
    warm_up()
    oauth = uses_oauth(settings) and not socket_mode
    options: dict[str, Any] = {
        # With a client given, Bolt takes the single workspace's token from it.
        "client": web_client(settings, None if oauth else _secret(settings.slack_bot_token)),
        "process_before_response": process_before_response,
        "listener_executor": listener_executor,
        "name": "networking-coach",
    }
    if socket_mode:
        options["request_verification_enabled"] = False
    else:
        options["signing_secret"] = _secret(settings.slack_signing_secret)
    if oauth:
        if database is None:
            raise SlackNotConfigured("OAuth installs need the database for their stores.")
        from adapters.slack.oauth import oauth_settings

        options["oauth_settings"] = oauth_settings(settings, database)
    app = App(**options)
    from adapters.slack.home import HomePublisher

    listeners = SlackListeners(coach, identities or SlackIdentities(),
                               home=HomePublisher(coach).publish, draw=_draw)
    listeners.register(app)
    if oauth:
        # Uninstalling the app or revoking its tokens deletes the team's installation,
        # so the sender treats the team's users as unreachable from then on.
        app.enable_token_revocation_listeners()
    else:
        app.event("app_uninstalled")(_ignore)
        app.event("tokens_revoked")(_ignore)
    return app


def _ignore(ack: Ack) -> None:
    ack()


def warm_up() -> None:
    """Load the lazy indexes and models now rather than on a user's first request.

    A modal submission must be validated inside Slack's three seconds; the language
    detector, the chart library and the city table (a fraction of a second to unpack)
    hold the interpreter long enough on first use to delay the acks of other requests.
    """
    from coach.parsing import parse_birthday, parse_period_days, resolve_timezone
    from coach.triage import triage

    triage("Hi, I'd love to connect with you.")
    import adapters.telegram.charts  # noqa: F401  (matplotlib: over half a second to import)

    resolve_timezone("Berlin")
    resolve_timezone("no such place")  # a miss is what loads the city index
    parse_birthday("15. April", date.today())
    parse_period_days("6 weeks")


def _draw(chart: Chart) -> bytes | None:
    """Slack shows the same pictures as Telegram, drawn by the same code."""
    from adapters.telegram.charts import render_chart

    return render_chart(chart)
