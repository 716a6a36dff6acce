"""The reply model: its plain-text layout, button actions and the open question's form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.actions import (
    MAX_ACTION_BYTES,
    Answer,
    AskHow,
    Decide,
    InvalidAction,
    OpenPrivateChat,
    Origin,
    QuickLog,
    Run,
    Snooze,
    decode,
    encode,
    fits,
)
from coach.model import Channel, Verdict
from coach.questions import (
    AwaitArguments,
    ConfirmSharedContact,
    HowDidItGo,
    Onboarding,
    Pending,
    from_json,
    to_json,
)
from coach.replies import Button, MessageBuilder, map_texts

from .conftest import Chat


def test_the_terminal_layout_of_a_structured_message() -> None:
    message = (MessageBuilder()
               .heading("2 contacts are due")
               .item("Call Anna Schmidt: last contact 92 days ago", "Next time: the permit",
                     (Button("✓ Anna", AskHow(1)),), numbered=True)
               .item("Email Peter Lang: added 200 days ago", numbered=True)
               .fields([("Circle", "close, every 30 days")])
               .progress(80, 120, "67 %")
               .draft("Hello Anna,\nhow are you?")
               .message())

    assert message.text == (
        "2 contacts are due:\n"
        "1. Call Anna Schmidt: last contact 92 days ago\n"
        "   Next time: the permit\n"
        "2. Email Peter Lang: added 200 days ago\n"
        "Circle: close, every 30 days\n"
        "▰▰▰▰▰▰▰▱▱▱ 67 %\n"
        "Hello Anna,\nhow are you?")
    assert [b.label for b in message.buttons] == ["✓ Anna"]


@pytest.mark.parametrize("action", [
    Run("/log Anna Berger call 20m"), AskHow(7), QuickLog(7, Channel.CALL, 15, "sb2k1"),
    Snooze(12, 7, Origin.DUE), Decide(3, Verdict.ASK_CONTEXT), Answer(123456789, "yes, delete"),
    OpenPrivateChat(),
])
def test_every_action_survives_its_encoding(action: object) -> None:
    data = encode(action)  # type: ignore[arg-type]

    assert len(data.encode("utf-8")) <= MAX_ACTION_BYTES
    assert decode(data) == action


def test_a_long_free_text_action_is_cut_to_64_bytes_at_a_character() -> None:
    action = Run("/log " + "Müller " * 20)

    data = encode(action)

    assert not fits(action)
    assert len(data.encode("utf-8")) <= MAX_ACTION_BYTES
    assert action.command.startswith(decode(data).command)  # type: ignore[union-attr]


@pytest.mark.parametrize("data", [
    "", "done:7", "h:", "h:²", "h:٣", "h:-1", "h:07", "z:1:7", "z:1:7:x", "v:1:maybe",
    "l:1:call:15", "p:extra", "x" * 65, "h:1:2",
])
def test_malformed_button_data_is_invalid_never_an_error(data: str) -> None:
    with pytest.raises(InvalidAction):
        decode(data)


@given(st.text(max_size=80))
def test_any_button_data_decodes_to_an_action_that_encodes_back_or_is_invalid(
        data: str) -> None:
    try:
        action = decode(data)
    except InvalidAction:
        return
    assert decode(encode(action)) == action


@pytest.mark.parametrize("question", [
    Onboarding("timezone"), AwaitArguments("log"), HowDidItGo(4),
    ConfirmSharedContact("Petra Pohl", "+49 89 1"),
])
def test_the_open_question_is_stored_and_read_back(question: object) -> None:
    pending = Pending(question, 42)  # type: ignore[arg-type]

    assert from_json(to_json(pending)) == pending


@pytest.mark.parametrize("stored", [None, {}, {"kind": "gone"}, {"kind": "how_did_it_go"},
                                    {"kind": "how_did_it_go", "contact_id": 1, "serial": "x"}])
def test_a_stored_question_of_an_unknown_shape_is_no_question(stored: object) -> None:
    assert from_json(stored) is None  # type: ignore[arg-type]


def test_slack_users_read_commands_in_slacks_syntax_but_drafts_stay_as_written(
        chat: Chat) -> None:
    from coach.model import Identity

    slack = Identity("slack", "T1:U1", language_hint="en")
    help_text = chat.coach.handle(slack, "/help").text
    unknown = chat.coach.handle(slack, "/log Zoe call").text

    assert "/coach due – who is due" in help_text
    assert "/coach log Anna call 20m" in help_text
    assert "/due" not in help_text.replace("/coach due", "")
    assert unknown == "I don't know “Zoe” yet. Add them with /coach add Zoe."


def test_rewriting_texts_leaves_drafts_alone() -> None:
    answer = MessageBuilder().paragraph("Send /due").draft("See /due and calendly.com/x").build()

    changed = map_texts(answer, lambda text: text.replace("/due", "/coach due"))

    assert changed.text == "Send /coach due\nSee /due and calendly.com/x"
