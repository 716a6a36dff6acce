"""Through the chat: decisions recorded with the buttons lean the next similar request."""

from __future__ import annotations

from coach.actions import Decide
from coach.model import Verdict

from .conftest import Chat

GENERIC = (
    "/reply From: Jason Park\nHi Daniel, I came across your profile and would love to connect.",
    "/reply From: Aaron Blake\nHello, I'm expanding my network in real estate. Let's connect!",
    "/reply From: Zoe Carter\nHi Daniel, always keen to meet fellow professionals. Let's connect.",
)


def test_declining_what_the_coach_would_ask_about_leans_the_next_one_to_decline(
        chat: Chat) -> None:
    for text in GENERIC:
        reply = chat.send(text)
        assert "Ask for context" in reply.messages[0].text
        action = reply.messages[0].buttons[2].action
        assert isinstance(action, Decide)
        assert action.verdict is Verdict.DECLINE
        chat.tap(action)
    reply = chat.send("/reply From: Paul Stevens\nHi Daniel, happy to connect with you here.")
    assert "My advice: Decline" in reply.messages[0].text
    assert "You declined 3 of these before: strangers without context." in (
        reply.messages[0].text)


def test_another_users_decisions_do_not_lean_mine(chat: Chat) -> None:
    for text in GENERIC:
        reply = chat.send(text, user="priya")
        chat.tap(reply.messages[0].buttons[2].action, user="priya")
    reply = chat.send("/reply From: Paul Stevens\nHi Daniel, happy to connect with you here.")
    assert "Ask for context" in reply.messages[0].text
    assert "You declined" not in reply.messages[0].text
