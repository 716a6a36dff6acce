"""The Block Kit layout of structured replies."""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import BLOCKS_PER_MESSAGE, message_blocks, reply_messages
from coach.actions import AskHow, Decide, EditContact, Opener, OpenPrivateChat
from coach.model import Verdict
from coach.replies import (
    Button,
    ButtonStyle,
    Chart,
    Confirmation,
    Message,
    MessageBuilder,
    Reply,
    reply,
)

DELETE = Button("Delete everything", Decide(7, Verdict.DECLINE), ButtonStyle.DANGER,
                Confirmation("Delete everything?", "This cannot be undone.", "Delete", "Keep"))


def elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for block in blocks:
        found.extend(block.get("elements", []) if block["type"] == "actions" else [])
        if "accessory" in block:
            found.append(block["accessory"])
    return found


def test_user_text_is_plain_so_it_cannot_format_or_ping() -> None:
    (block,) = message_blocks(reply("*Anna* <!channel> & _co_").messages[0])
    assert block["text"] == {"type": "plain_text", "text": "*Anna* <!channel> & _co_",
                             "emoji": True}


def test_a_due_entry_carries_its_own_buttons_with_style_and_the_engines_value() -> None:
    message = (MessageBuilder().heading("2 contacts are due")
               .item("Call Anna", "Next time: ask about the permit",
                     (Button("✓ Anna", AskHow(3), ButtonStyle.PRIMARY),
                      Button("Draft", Opener(3))), numbered=True)
               .message())
    header, section, actions = message_blocks(message)
    assert header["type"] == "header"
    assert section["text"]["text"] == "1. Call Anna\nNext time: ask about the permit"
    done, draft = actions["elements"]
    assert (done["style"], done["value"], draft["value"]) == ("primary", "h:3", "o:3")
    assert done["action_id"] != draft["action_id"]


def test_a_single_button_is_the_entrys_accessory_and_edit_opens_the_form() -> None:
    message = MessageBuilder().item("Anna Schmidt", None, (Button("Edit", EditContact(3)),))
    (section,) = message_blocks(message.message())
    assert section["accessory"]["action_id"].startswith("open.edit.")
    assert section["accessory"]["value"] == "3"


def test_a_destructive_button_asks_for_confirmation() -> None:
    (button,) = elements(message_blocks(reply("Sure?", buttons=((DELETE,),)).messages[0]))
    assert button["style"] == "danger"
    assert button["confirm"]["title"]["text"] == "Delete everything?"
    assert (button["confirm"]["confirm"]["text"], button["confirm"]["deny"]["text"]) == (
        "Delete", "Keep")


def test_drafts_are_quotes_and_fields_two_columns() -> None:
    message = (MessageBuilder().fields([("Circle", "close"), ("Cadence", "30 days")])
               .draft("Dear Ms Berger,\nthank you.", "Reply").message())
    fields, label, draft = message_blocks(message)
    assert [f["text"] for f in fields["fields"]] == ["Circle: close", "Cadence: 30 days"]
    assert label["type"] == "context"
    quote = draft["elements"][0]
    assert quote["type"] == "rich_text_quote"
    assert quote["elements"][0]["text"] == "Dear Ms Berger,\nthank you."


def test_slack_has_no_use_for_a_private_chat_link() -> None:
    answer = reply("Private only", buttons=((Button("Open", OpenPrivateChat()),),))
    assert elements(message_blocks(answer.messages[0])) == []


def test_a_long_list_stays_within_slacks_block_limit() -> None:
    builder = MessageBuilder()
    for number in range(80):
        builder.item(f"Contact {number}", None, (Button("✓", AskHow(number)),
                                                  Button("Draft", Opener(number))))
    assert len(message_blocks(builder.message())) == BLOCKS_PER_MESSAGE


def test_popups_lead_and_charts_are_described_in_words() -> None:
    chart = Chart("week", None, "Minutes per week", "Last 12 weeks",
                  "Bars for 12 weeks; this week 45 of 120 minutes")
    answer = Reply((Message(reply("Week of 23 Nov").messages[0].blocks),), charts=(chart,),
                   popup="Logged")
    ((text, blocks),) = reply_messages(answer)
    assert text == "Week of 23 Nov"
    assert blocks[0]["elements"][0]["text"] == "Logged"
    assert "this week 45 of 120 minutes" in blocks[-1]["elements"][0]["text"]
    assert reply_messages(Reply(popup="Already logged")) == [
        ("Already logged", [{"type": "context", "elements": [
            {"type": "plain_text", "text": "Already logged", "emoji": True}]}])]
