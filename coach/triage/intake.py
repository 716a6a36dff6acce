"""Input hygiene: reject unusable requests and split off a pasted sender line.

Users paste requests straight from LinkedIn or XING, often with a ``From: …`` or
``Von: …`` line on top; that line names the sender and is not part of the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_REQUEST_CHARS = 20_000

# A first line such as "From: Claudia Hoffmann" or "Von: Dr. Jan Scholz <jan@example.org>".
_SENDER_LINE = re.compile(
    r"^\s*(?:from|von|sender|absender(?:in)?)\s*:\s*(?P<name>[^\n<\[(]+?)\s*(?:[<\[(][^\n]*)?\s*$",
    re.IGNORECASE,
)


class TriageInputError(ValueError):
    """A request triage cannot work with; callers show a friendly message instead."""


class EmptyRequest(TriageInputError):
    """The pasted request is empty or only whitespace."""


class RequestTooLong(TriageInputError):
    """The pasted request is longer than :data:`MAX_REQUEST_CHARS`."""


@dataclass(frozen=True)
class Intake:
    """The message body to analyse and the sender named in a header line, if any."""

    body: str
    header_sender: str | None


def take_in(text: str) -> Intake:
    """Validate ``text`` and split off a leading ``From:``/``Von:`` line."""
    if len(text) > MAX_REQUEST_CHARS:
        raise RequestTooLong(f"request has {len(text)} characters, limit is {MAX_REQUEST_CHARS}")
    if not text.strip():
        raise EmptyRequest("request is empty")
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    first, _, rest = normalised.partition("\n")
    match = _SENDER_LINE.match(first)
    if match is None:
        return Intake(body=normalised, header_sender=None)
    name = match.group("name").strip(" ,;:-")
    body = rest.strip()
    if not body:
        # Only a header was pasted: there is nothing to judge.
        raise EmptyRequest("request has a sender line but no message")
    return Intake(body=body, header_sender=name or None)
