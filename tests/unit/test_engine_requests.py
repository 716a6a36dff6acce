"""/reply, the decision buttons and /requests: acting on a judged request."""

from __future__ import annotations

import re

from coach.model import Channel, Circle

from .conftest import Chat

STRANGER = "/reply Hi, I'd love to connect with you."
INTRO = ("/reply From: Tom Becker\nHi, Maria Lopez suggested I reach out about your "
         "data-centre project in Frankfurt.")
PITCH = ("/reply We help agencies get 50 leads a week, guaranteed. Free trial: "
         "bit.ly/abc")


def request_id(chat: Chat, text: str) -> int:
    reply = chat.send(text)
    action = reply.messages[0].buttons[0][0].action
    match = re.fullmatch(r"triage:accept:(\d+)", action)
    assert match, action
    return int(match.group(1))


def test_a_stranger_without_context_is_advised_to_ask_for_context(chat: Chat) -> None:
    reply = chat.send(STRANGER)
    assert "Ask for context" in reply.messages[0].text
    draft, short = reply.messages[1], reply.messages[2]
    assert draft.is_draft
    assert short.is_draft
    assert "?" in draft.text
    assert len(short.text) <= 300


def test_a_request_in_german_gets_a_german_draft_for_an_english_user(chat: Chat) -> None:
    reply = chat.send("/reply Sehr geehrter Herr Bauer, ich möchte mein Netzwerk erweitern "
                      "und würde mich über Ihre Bestätigung freuen.")
    assert "vielen dank" in reply.messages[1].text.casefold()
    assert "Why:" in reply.messages[0].text


def test_accepting_adds_the_sender_to_the_wider_circle_and_logs_an_incoming_touchpoint(
        chat: Chat) -> None:
    chat.say("/add Maria Lopez")
    number = request_id(chat, INTRO)
    answer = chat.press(f"triage:accept:{number}").text
    assert "Tom Becker" in answer
    tom = chat.contact("Tom Becker")
    assert tom.circle is Circle.WIDER
    incoming = [p for p in chat.touchpoints() if p.contact_id == tom.id]
    assert len(incoming) == 1
    assert incoming[0].incoming
    assert incoming[0].channel is Channel.MESSAGE


def test_pressing_a_decision_twice_changes_nothing_the_second_time(chat: Chat) -> None:
    number = request_id(chat, INTRO)
    chat.press(f"triage:accept:{number}")
    before = (chat.names(), len(chat.touchpoints()))
    again = chat.press(f"triage:accept:{number}").text
    assert "Already recorded" in again
    assert (chat.names(), len(chat.touchpoints())) == before


def test_declining_is_recorded_and_shown_in_requests(chat: Chat) -> None:
    number = request_id(chat, PITCH)
    chat.press(f"triage:decline:{number}")
    listing = chat.say("/requests")
    assert "advice Decline, decision Decline" in listing
    assert chat.names() == []


def test_a_known_sender_is_an_accept_and_stays_one_contact(chat: Chat) -> None:
    chat.say("/add Claudia Hoffmann")
    reply = chat.send("/reply From: Claudia Hoffmann\nHallo Daniel, schön dich hier zu sehen!")
    assert "Accept" in reply.messages[0].text
    assert "already one of your contacts" in reply.messages[0].text
    number = int(reply.messages[0].buttons[0][0].action.rsplit(":", 1)[1])
    chat.press(f"triage:accept:{number}")
    assert chat.names() == ["Claudia Hoffmann"]


def test_one_users_requests_are_invisible_to_another(chat: Chat) -> None:
    number = request_id(chat, INTRO)
    assert "No requests yet" in chat.say("/requests", user="priya")
    assert "no longer here" in chat.press(f"triage:accept:{number}", user="priya").text
    assert chat.names(user="priya") == []


def test_an_empty_or_oversized_request_gets_a_friendly_answer(chat: Chat) -> None:
    assert "Paste or forward" in chat.say("/reply")
    assert "too long" in chat.say("/reply " + "word " * 5_000)
    assert "No requests yet" in chat.say("/requests")
