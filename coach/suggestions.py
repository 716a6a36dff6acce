"""Which channel and how many minutes the coach suggests for getting in touch."""

from __future__ import annotations

from coach.model import DEFAULT_MINUTES, Channel, Circle, Contact

# The ways of getting in touch with one person; a contact's usual channel is one of them.
PERSONAL_CHANNELS = (Channel.CALL, Channel.MEETING, Channel.EMAIL, Channel.MESSAGE)
_BY_CIRCLE = {
    Circle.CLOSE: Channel.CALL,
    Circle.ACTIVE: Channel.CALL,
    Circle.WIDER: Channel.EMAIL,
    Circle.DORMANT: Channel.MESSAGE,
}


def suggested_channel(contact: Contact) -> Channel:
    """The way the user last reached this person, else what suits the circle."""
    if contact.last_channel in PERSONAL_CHANNELS:
        return contact.last_channel
    return _BY_CIRCLE[contact.circle]


def suggested_minutes(contact: Contact) -> int:
    return DEFAULT_MINUTES[suggested_channel(contact)]
