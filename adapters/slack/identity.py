"""Who is writing in Slack: one coach user per Slack user and workspace.

A Slack user id is only unique within its team, so the engine's external id carries
the team: ``T0123:U0456``. Language and time zone are hints taken from the user's
Slack profile (``users.info`` with ``locale`` and ``tz``); the engine uses them only
when it creates the profile. They are cached for a while, because every request
would otherwise cost a Web API call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from coach.model import Identity

log = logging.getLogger(__name__)

PLATFORM = "slack"
CACHE_SECONDS = 3600.0
CACHE_SIZE = 10_000


def external_id(team_id: str, user_id: str) -> str:
    return f"{team_id}:{user_id}"


def split_external_id(value: str) -> tuple[str, str]:
    """``T0123:U0456`` back into team and user; a bare user id has no team."""
    team, _, user = value.rpartition(":")
    return team, user


@dataclass(frozen=True)
class ProfileHints:
    display_name: str | None = None
    language: str | None = None
    timezone: str | None = None


class SlackIdentities:
    """Builds :class:`Identity` values, remembering profile hints per user for an hour."""

    def __init__(self, *, ttl: float = CACHE_SECONDS, size: int = CACHE_SIZE) -> None:
        self._ttl = ttl
        self._size = size
        self._cache: OrderedDict[str, tuple[float, ProfileHints]] = OrderedDict()
        self._lock = threading.Lock()

    def identity(self, client: WebClient, team_id: str, user_id: str) -> Identity:
        key = external_id(team_id, user_id)
        hints = self.hints(client, team_id, user_id)
        return Identity(PLATFORM, key, display_name=hints.display_name,
                        language_hint=hints.language, timezone_hint=hints.timezone)

    def hints(self, client: WebClient, team_id: str, user_id: str) -> ProfileHints:
        key = external_id(team_id, user_id)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and now - cached[0] < self._ttl:
                self._cache.move_to_end(key)
                return cached[1]
        hints = fetch_hints(client, user_id)
        with self._lock:
            self._cache[key] = (now, hints)
            self._cache.move_to_end(key)
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return hints


def fetch_hints(client: WebClient, user_id: str) -> ProfileHints:
    """Name, locale and time zone from ``users.info``; nothing when Slack will not say."""
    try:
        response = client.users_info(user=user_id, include_locale=True)
    except SlackApiError as error:
        log.info("users.info failed (%s); no profile hints", error.response.get("error"))
        return ProfileHints()
    user = response.get("user") or {}
    profile = user.get("profile") or {}
    name = (profile.get("real_name") or user.get("real_name") or profile.get("display_name")
            or None)
    return ProfileHints(display_name=name, language=user.get("locale"),
                        timezone=user.get("tz"))
