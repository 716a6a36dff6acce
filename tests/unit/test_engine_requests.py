"""/reply, the decision buttons and /requests: acting on a judged request."""

from __future__ import annotations

from coach.actions import Decide
from coach.model import Channel, Circle, Verdict
from coach.replies import Draft, Reply

from .conftest import Chat

STRANGER = "/reply Hi, I'd love to connect with you."
INTRO = ("/reply From: Tom Becker\nHi, Maria Lopez suggested I reach out about your "
         "data-centre project in Frankfurt.")
PITCH = ("/reply We help agencies get 50 leads a week, guaranteed. Free trial: "
         "bit.ly/abc")


def request_id(chat: Chat, text: str) -> int:
    reply = chat.send(text)
    action = reply.messages[0].buttons[0].action
    assert isinstance(action, Decide)
    assert action.verdict is Verdict.ACCEPT
    return action.request_id


def decide(chat: Chat, number: int, verdict: Verdict, user: str = "daniel") -> Reply:
    return chat.tap(Decide(number, verdict), user=user)


def test_a_stranger_without_context_is_advised_to_ask_for_context(chat: Chat) -> None:
    reply = chat.send(STRANGER)
    assert "Ask for context" in reply.messages[0].text
    assert len(reply.messages) == 2, "the advice, then the reply and its short form together"
    assert reply.messages[1].is_draft
    draft, short = reply.messages[1].blocks
    assert isinstance(draft, Draft)
    assert isinstance(short, Draft)
    assert (draft.label, short.label) == ("Reply", "Short form")
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
    answer = decide(chat, number, Verdict.ACCEPT)
    assert answer.replace, "the advice turns into the record of the decision"
    assert "Tom Becker" in answer.text
    assert not any(m.is_draft for m in answer.messages), "the advised reply is not sent again"
    tom = chat.contact("Tom Becker")
    assert tom.circle is Circle.WIDER
    incoming = [p for p in chat.touchpoints() if p.contact_id == tom.id]
    assert len(incoming) == 1
    assert incoming[0].incoming
    assert incoming[0].channel is Channel.MESSAGE


def test_pressing_a_decision_twice_changes_nothing_the_second_time(chat: Chat) -> None:
    number = request_id(chat, INTRO)
    decide(chat, number, Verdict.ACCEPT)
    before = (chat.names(), len(chat.touchpoints()))
    again = decide(chat, number, Verdict.ACCEPT)
    assert again.popup == "Already recorded: Accept."
    assert not again.messages
    assert (chat.names(), len(chat.touchpoints())) == before


def test_declining_is_recorded_and_shown_in_requests(chat: Chat) -> None:
    number = request_id(chat, PITCH)
    decided = decide(chat, number, Verdict.DECLINE)
    listing = chat.send("/requests")
    assert "advice Decline, decided Decline" in listing.text
    assert listing.buttons == (), "a decided request has no decision buttons"
    assert not any(m.is_draft for m in decided.messages)


def test_deciding_against_the_advice_gives_that_verdicts_reply(chat: Chat) -> None:
    number = request_id(chat, PITCH)
    decided = decide(chat, number, Verdict.ASK_CONTEXT)
    [drafts] = [m for m in decided.messages if m.is_draft]
    assert len(drafts.blocks) == 2
    assert "?" in drafts.blocks[0].text


def test_open_requests_carry_their_decision_buttons(chat: Chat) -> None:
    number = request_id(chat, PITCH)
    listing = chat.send("/requests")
    assert "still open" in listing.text
    assert [b.action for b in listing.buttons] == [
        Decide(number, Verdict.ACCEPT), Decide(number, Verdict.ASK_CONTEXT),
        Decide(number, Verdict.DECLINE)]
    assert chat.names() == []


def test_several_open_requests_name_whose_buttons_are_whose(chat: Chat) -> None:
    chat.send("/reply From: Kevin Brooks\nBook a 15-min demo of our lead tool: calendly.com/kb")
    chat.send("/reply Hi, I came across your profile. Let's connect!")
    listing = chat.send("/requests")
    assert listing.text.startswith("Recent requests:\n1. ")
    assert [b.label for b in listing.buttons] == [
        "Accept #1", "Ask #1", "Decline #1", "Accept Kevin", "Ask Kevin", "Decline Kevin"]


def test_a_known_sender_is_an_accept_and_stays_one_contact(chat: Chat) -> None:
    chat.say("/add Claudia Hoffmann")
    reply = chat.send("/reply From: Claudia Hoffmann\nHallo Daniel, schön dich hier zu sehen!")
    assert "Accept" in reply.messages[0].text
    assert "already one of your contacts" in reply.messages[0].text
    action = reply.messages[0].buttons[0].action
    assert isinstance(action, Decide)
    decide(chat, action.request_id, Verdict.ACCEPT)
    assert chat.names() == ["Claudia Hoffmann"]


def test_the_sender_and_a_referrer_are_recognised_however_umlauts_are_written(
        chat: Chat) -> None:
    chat.say("/add Jürgen Müller")
    chat.say("/add Maria Lopez")
    chat.say("/add Tom Fischer")
    chat.say("/archive Tom Fischer")
    known = chat.send("/reply From: Juergen Mueller\nHallo Daniel, lange nicht gesehen!")
    assert "already one of your contacts" in known.messages[0].text
    typo = chat.send("/reply From: Jürgen Müler\nHallo Daniel, lange nicht gesehen!")
    assert "already one of your contacts" in typo.messages[0].text
    referred = chat.send("/reply From: Tom Becker\nHi, Maria Lopez suggested I reach out.")
    assert "Maria Lopez, one of your contacts, referred them" in referred.messages[0].text
    archived = chat.send("/reply From: Tom Fischer\nHi, do you remember me?")
    assert "already one of your contacts" not in archived.messages[0].text


def test_one_users_requests_are_invisible_to_another(chat: Chat) -> None:
    number = request_id(chat, INTRO)
    assert "No requests yet" in chat.say("/requests", user="priya")
    assert decide(chat, number, Verdict.ACCEPT, user="priya").popup == (
        "That request is no longer here.")
    assert chat.names(user="priya") == []


def test_an_empty_or_oversized_request_gets_a_friendly_answer(chat: Chat) -> None:
    assert "Paste or forward" in chat.say("/reply")
    assert "too long" in chat.say("/reply " + "word " * 5_000)
    assert "No requests yet" in chat.say("/requests")
