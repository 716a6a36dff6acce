"""A stored reply comes back as it was: every block kind, buttons, charts, popup, replace."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any, get_type_hints

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import actions
from coach.handlers.reports import NETWORK_STATES, NetworkChart, WeekChart
from coach.model import Channel, Circle
from coach.replies import (
    Button,
    Buttons,
    ButtonStyle,
    Chart,
    Confirmation,
    Draft,
    Fields,
    File,
    Heading,
    Item,
    ItemList,
    Message,
    Paragraph,
    Progress,
    Reply,
)
from coach.reply_codec import UnreadableReply, decode_reply, encode_reply, without_files

# Any text a user or a contact's name can bring in, except lone surrogates (not UTF-8).
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
numbers = st.integers(min_value=0, max_value=10**12)


def action_strategy(kind: Any) -> st.SearchStrategy[actions.Action]:
    """Actions of ``kind`` with fields as the engine makes them (ids are not negative)."""
    hints = get_type_hints(kind)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for spec in dataclasses.fields(kind):
        hint = hints[spec.name]
        fields[spec.name] = numbers if hint is int else (
            texts if hint is str else st.sampled_from(list(hint)))
    return st.builds(kind, **fields)


def carried_back_as_is(action: actions.Action) -> bool:
    """Whether the platform would carry ``action`` back unchanged (not cut, no stray ':')."""
    try:
        return actions.decode(actions.encode(action)) == action
    except actions.InvalidAction:
        return False


# Actions the button encoding itself cannot carry are its matter, not the codec's; the
# cut ones are tested on their own below.
all_actions = st.one_of(*(action_strategy(kind) for kind in actions._KINDS.values())).filter(
    carried_back_as_is)
confirmations = st.builds(Confirmation, texts, texts, texts, texts)
buttons = st.builds(Button, texts, all_actions, st.sampled_from(list(ButtonStyle)),
                    st.none() | confirmations)
button_rows = st.lists(st.lists(buttons, min_size=1, max_size=3).map(tuple),
                       max_size=3).map(tuple)
items = st.builds(Item, texts, st.none() | texts, st.lists(buttons, max_size=3).map(tuple))
blocks = st.one_of(
    st.builds(Heading, texts),
    st.builds(Paragraph, texts),
    st.builds(ItemList, st.lists(items, max_size=4).map(tuple), st.booleans()),
    st.builds(Fields, st.lists(st.tuples(texts, texts), max_size=4).map(tuple)),
    st.builds(Draft, texts, st.none() | texts),
    st.builds(Buttons, button_rows),
    st.builds(Progress, numbers, numbers, texts),
)
messages = st.builds(Message, st.lists(blocks, max_size=5).map(tuple))
labels = st.dictionaries(texts, texts, max_size=4)
week_charts = st.builds(
    WeekChart,
    weeks=st.lists(st.tuples(st.dates(date(2000, 1, 1), date(2100, 1, 1)), numbers),
                   max_size=8).map(tuple),
    budget=numbers,
    channels=st.lists(st.lists(st.tuples(st.sampled_from(list(Channel)), numbers),
                               max_size=3).map(tuple), max_size=8).map(tuple))
network_charts = st.builds(NetworkChart, st.dictionaries(
    st.tuples(st.sampled_from(list(Circle)), st.sampled_from(NETWORK_STATES)),
    st.integers(1, 100_000), max_size=16))
charts = st.one_of(
    st.builds(Chart, kind=st.just("week"), data=week_charts, title=texts, caption=texts,
              alt_text=texts, labels=labels),
    st.builds(Chart, kind=st.just("network"), data=network_charts, title=texts,
              caption=texts, alt_text=texts, labels=labels),
)
replies = st.builds(Reply, messages=st.lists(messages, max_size=3).map(tuple),
                    charts=st.lists(charts, max_size=2).map(tuple), replace=st.booleans(),
                    popup=st.none() | texts)


@settings(max_examples=300, deadline=None)
@given(replies)
def test_every_reply_survives_storing(answer: Reply) -> None:
    assert decode_reply(encode_reply(answer)) == answer


@given(blocks)
def test_every_block_kind_survives_storing(block: Any) -> None:
    answer = Reply((Message((block,)),))
    assert decode_reply(encode_reply(answer)) == answer


def test_a_button_whose_command_was_cut_comes_back_as_the_platform_would_carry_it() -> None:
    long_run = actions.Run("/log " + "Anna " * 30)
    stored = decode_reply(encode_reply(Reply((Message((Buttons(((Button("Go", long_run),),)),)),))))
    assert stored.buttons[0].value == Button("Go", long_run).value


def test_files_are_replaced_by_a_note_not_stored() -> None:
    export = File("networking-coach.json", b"{}" * 1000, "application/json", "Your data")
    answer = Reply((Message((Paragraph("Here is your data."),)),), files=(export,))
    with pytest.raises(ValueError, match="files"):
        encode_reply(answer)
    stored = decode_reply(encode_reply(without_files(answer, lambda: "Send /export again.")))
    assert stored.files == ()
    assert stored.text == "Here is your data.\n\nSend /export again."


@pytest.mark.parametrize("stored", ["", "[]", "{}", '{"v": 99, "messages": []}',
                                    '{"v": 1, "messages": [[{"k": "video"}]]}',
                                    '{"v": 1, "messages": [[{"k": "buttons", "rows": '
                                    '[[{"label": "x", "action": "??"}]]}]]}'])
def test_a_stored_reply_that_does_not_read_back_is_reported_as_such(stored: str) -> None:
    with pytest.raises(UnreadableReply):
        decode_reply(stored)


def test_a_network_chart_stored_a_contact_at_a_time_reads_back_as_counts() -> None:
    answer = Reply(charts=(Chart("network", NetworkChart({(Circle.CLOSE, "due"): 2}),
                                 "Your network", "", "2 contacts"),))
    stored = json.loads(encode_reply(answer))
    stored["charts"][0]["network"] = [["close", "due"], ["close", "due"]]

    assert decode_reply(json.dumps(stored)) == answer
