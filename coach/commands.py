"""Parsed chat commands: what the user asked for, before any name is resolved.

The parsers in :mod:`coach.parsing` turn text into these; the engine resolves
``contact_ref`` against the user's contacts and carries them out. A parser that
cannot make sense of its input raises :class:`ParseError` with a message key that
the engine renders in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coach.model import Channel, Circle


class ParseError(ValueError):
    """Input the coach cannot understand.

    ``key`` names the message to show (see ``coach.render.PARSE_ERRORS``); ``params``
    fill its placeholders, typically the offending piece of text as ``value``.
    """

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Birthday:
    """A birthday; the year is often unknown."""

    day: int
    month: int
    year: int | None = None


@dataclass(frozen=True)
class ContactFields:
    """Fields given in /add or /edit; None means "not mentioned"."""

    name: str | None = None
    circle: Circle | None = None
    cadence_days: int | None = None
    company: str | None = None
    birthday: Birthday | None = None
    how_met: str | None = None
    phone: str | None = None
    email: str | None = None
    handle: str | None = None
    language: str | None = None
    next_note: str | None = None
    formality: str | None = None  # "formal" (Sie) or "informal" (du)
    # A language the coach cannot write ("language fr"): not set, explained in the reply.
    unknown_language: str | None = None
    # Field names the user asked to clear, e.g. "/edit Anna birthday none".
    cleared: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class AddCommand:
    """``/add Jörg Meier every 6 weeks company Acme birthday 15.04.``"""

    name: str
    fields: ContactFields


@dataclass(frozen=True)
class EditCommand:
    """``/edit Anna circle active``: ``contact_ref`` is the raw name text."""

    contact_ref: str
    fields: ContactFields


@dataclass(frozen=True)
class LogCommand:
    """``/log Anna Schmidt meeting 1h 2026-08-26 lunch at the fair next: send the deck``.

    ``contact_ref`` is None for networking time without a contact (``/log event 90m
    Expo Real``); ``channel``, ``minutes`` and ``day`` are None when not given.
    """

    contact_ref: str | None
    channel: Channel | None = None
    minutes: int | None = None
    day: date | None = None
    note: str | None = None
    next_note: str | None = None
