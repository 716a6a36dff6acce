"""Fixtures for talking to the coach as a user, over in-memory storage and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from coach.actions import Action, encode
from coach.engine import Coach
from coach.model import Contact, Identity, Profile, Touchpoint
from coach.replies import Reply
from tests.fakes.memory import FixedClock, MemoryDatabase, MemoryUnitOfWorkFactory

# A Thursday; 92 days after 2026-08-26.
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
PLATFORM = "test"


def identity(user: str = "daniel", language: str = "en",
             tz: str = "Europe/Berlin") -> Identity:
    return Identity(platform=PLATFORM, external_id=user, display_name=user.capitalize(),
                    language_hint=language, timezone_hint=tz)


class Chat:
    """Talks to the coach as one or more users and looks at what got stored."""

    def __init__(self, coach: Coach, database: MemoryDatabase, clock: FixedClock) -> None:
        self.coach = coach
        self.database = database
        self.clock = clock

    def send(self, text: str, user: str = "daniel", language: str = "en",
             tz: str = "Europe/Berlin") -> Reply:
        return self.coach.handle(identity(user, language, tz), text)

    def say(self, text: str, user: str = "daniel", language: str = "en",
            tz: str = "Europe/Berlin") -> str:
        """The reply text to ``text`` sent by ``user``."""
        return self.send(text, user, language, tz).text

    def press(self, action: str, user: str = "daniel", language: str = "en",
              tz: str = "Europe/Berlin") -> Reply:
        """Press a button by its raw data, as a platform would send it back."""
        return self.coach.press(identity(user, language, tz), action)

    def tap(self, action: Action, user: str = "daniel", language: str = "en",
            tz: str = "Europe/Berlin") -> Reply:
        """Press the button that carries ``action``."""
        return self.press(encode(action), user, language, tz)

    def say_days_ago(self, days: int, text: str, user: str = "daniel") -> str:
        """Send ``text`` as if it were ``days`` days ago, then return to the present."""
        now = self.clock.now
        self.clock.now = now - timedelta(days=days)
        try:
            return self.say(text, user)
        finally:
            self.clock.now = now

    def profile(self, user: str = "daniel") -> Profile:
        profile = self.database.profile(PLATFORM, user)
        assert profile is not None, f"{user} has no profile"
        return profile

    def contacts(self, user: str = "daniel") -> list[Contact]:
        profile = self.database.profile(PLATFORM, user)
        return self.database.contacts_of(profile.id) if profile else []

    def contact(self, name: str, user: str = "daniel") -> Contact:
        found = [c for c in self.contacts(user) if c.name == name]
        assert len(found) == 1, f"expected one {name}, found {len(found)}"
        return found[0]

    def names(self, user: str = "daniel") -> list[str]:
        return sorted(c.name for c in self.contacts(user))

    def touchpoints(self, user: str = "daniel") -> list[Touchpoint]:
        profile = self.database.profile(PLATFORM, user)
        if profile is None:
            return []
        return sorted(self.database.touchpoints_of(profile.id), key=lambda p: p.id or 0)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def database() -> MemoryDatabase:
    return MemoryDatabase()


@pytest.fixture
def coach(database: MemoryDatabase, clock: FixedClock) -> Coach:
    return Coach(MemoryUnitOfWorkFactory(database), clock)


@pytest.fixture
def chat(coach: Coach, database: MemoryDatabase, clock: FixedClock) -> Chat:
    return Chat(coach, database, clock)


@pytest.fixture
def say(chat: Chat) -> Callable[..., str]:
    return chat.say
