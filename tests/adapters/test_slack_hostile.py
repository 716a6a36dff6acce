"""Hostile Slack input through the real Bolt app over HTTP, signed as Slack signs.

Every entry point gets junk: slash command texts (a corpus of what broke other chat
bots, and hypothesis text), taps with stale, foreign, overlong or junk values, modal
submissions with missing fields and wrong types, events and the message shortcut with
malformed payloads, and bodies that are not Slack requests at all. Whatever arrives,
the app answers no request with a 5xx, logs nothing at ERROR, stores nothing for junk
(a dump of the database before and after is the same), and whatever it says in the
chat is a friendly text, never a traceback or the apology for an internal error.
"""

from __future__ import annotations

import json
import os
import time
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from adapters.bootstrap import Application as CoachApp
from adapters.bootstrap import build
from adapters.slack.app import build_slack_app
from coach.model import Identity
from storage.tables import ContactRow
from tests.adapters.conftest import NOW
from tests.adapters.slack_fixtures import PRIYA, slack_settings
from tests.adapters.slack_hostile_support import TrackedExecutor, dump, errors_logged
from tests.fakes.memory import FixedClock
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackServer, SlackWorkspaceUser, signed_headers, texts

# FUZZ_EXAMPLES=400 for a longer hunt; the suite runs a quick sample.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

# What slipped through other bots: control characters, bidi overrides, Unicode digits,
# NUL, joiners, huge and empty texts. None of them is a valid change of data.
CORPUS = [
    "", " ", "\x00", "\x00\x07\x1b[31m", "\u202e\u2066\u2069", "log Anna call ²m",
    "snooze Anna ² weeks", "log Anna call vor ² Tagen", "log Anna call 0001-01-01",
    "log Anna call 9999-12-31", "log Anna call ٣ hours", "log Anna call 𝟐𝟎m",
    "snooze Anna ½ weeks", "edit Anna every ² weeks", "edit Anna birthday 31.02.",
    "add \u202e\x07", "add \x00", "add ‍", "log ‍👩‍👩‍👧 call",
    "contact \x00", "contacts \u202e", "settings timezone \x00",
    "settings timezone Etc/GMT-14 ²", "settings budget ²", "settings budget 1e309",
    "settings budget -0", "settings language xx", "pause Anna until ²",
    "week ²", "due \u202e", "export \x00", "reply", "undo \u202eNobody", "link ²",
    "log " + "A" * 5000, "x" * 40_000, "add " + "\u0301" * 3000, "/coach /coach log",
    "log Anna call ²m\nnext: " + "\u200b" * 500, "%s%n%x{0}{}", "'; DROP TABLE contacts; --",
    "<script>alert(1)</script>", "<@U0BBB> <!channel> <#C0GENERAL|general>", "\ud7ff\ufffd\uffff",
]
# Hypothesis text after a command word that cannot change data with junk arguments.
# The junk starts with a character no name starts with: "log A" would log Anna.
SAFE_WORDS = ["", "log ", "snooze ", "contact ", "contacts ", "due ", "week ", "export ",
              "pause ", "edit ", "settings budget ", "settings timezone ", "link ",
              "undo ", "cancel ", "help "]
LEADS = st.sampled_from(["²", "½", "٣", "#", "😀", "𝟐", "\u202e²", "\x00½"])
NASTY = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80) | \
    st.text(st.sampled_from("\x00\x07\x1b\u202e\u2066\u200d\u200c²³¹٣𝟐½👩‍ \n\t"), max_size=30)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
APOLOGY = "Sorry, something went wrong on my side"
PRIYA_IDENTITY = Identity("slack", "T0001:U0AAA", language_hint="en", timezone_hint="UTC")


class Hostile:
    """One Slack user with some data, talking to the app; junk is sent as them."""

    def __init__(self, user: SlackWorkspaceUser, api: FakeSlackAPI, coach_app: CoachApp,
                 lazy: TrackedExecutor) -> None:
        self.user = user
        self.api = api
        self.coach_app = coach_app
        self.lazy = lazy

    def __repr__(self) -> str:
        return "Hostile(...)"  # hypothesis prints the fixtures of a failing example

    def survives(self, send: Callable[[], httpx.Response], *,
                 writes: bool = False) -> httpx.Response:
        """Send junk; assert no 5xx, no ERROR log, friendly answers and (unless the
        input may legitimately change something) nothing stored."""
        before = dump(self.coach_app)
        mark = len(self.api.calls)
        with errors_logged() as errors:
            response = send()
            self.lazy.settle()
        assert response.status_code < 500, response.text
        assert errors.messages() == []
        assert "Traceback" not in response.text
        for call in self.api.calls[mark:]:
            if call.method.startswith("response/") or call.method == "chat.postMessage":
                shown = texts(call.params)
                assert shown.strip(), f"an empty answer: {call.params}"
                assert "Traceback" not in shown, shown
                assert APOLOGY not in shown, shown
        if not writes:
            assert dump(self.coach_app) == before
        return response


@pytest.fixture(scope="module")
def one_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """One app for the whole module: every test compares the database before and after
    its own requests, so they need no fresh one (and the suite saves a minute)."""
    folder = tmp_path_factory.mktemp("slack-hostile")
    with FakeSlackAPI() as api:
        api.add_user(PRIYA)
        coach_app = build(f"sqlite:///{folder}/slack.db", clock=FixedClock(NOW))
        lazy = TrackedExecutor()
        app = build_slack_app(coach_app.coach, slack_settings(api),
                              database=coach_app.engine, listener_executor=lazy)
        try:
            with SlackServer(app) as server:
                user = SlackWorkspaceUser(server, api)
                for text in ("add Anna Schmidt close", "log Anna call 20m"):
                    user.command(text)
                    lazy.settle()
                yield Hostile(user, api, coach_app, lazy)
        finally:
            lazy.shutdown(wait=True)
            coach_app.close()


@pytest.fixture
def hostile(one_server: Hostile) -> Hostile:
    """The shared app, with no question left open by an earlier test (an open /reply
    would take the next junk text as a request to judge, rightly)."""
    one_server.coach_app.coach.handle(PRIYA_IDENTITY, "/cancel")
    return one_server


# --- slash commands -------------------------------------------------------------------


@pytest.mark.parametrize("text", CORPUS, ids=range(len(CORPUS)))
def test_hostile_command_texts_change_nothing(hostile: Hostile, text: str) -> None:
    hostile.survives(lambda: hostile.user.command(text)[0])


@FUZZ
@given(word=st.sampled_from(SAFE_WORDS), lead=LEADS, junk=NASTY)
def test_fuzzed_command_texts_change_nothing(hostile: Hostile, word: str, lead: str,
                                             junk: str) -> None:
    hostile.survives(lambda: hostile.user.command(word + lead + junk)[0])


# --- taps --------------------------------------------------------------------------------


def stale_and_foreign_values(hostile: Hostile) -> list[str]:
    """The buttons of another user's contact card."""
    coach = hostile.coach_app.coach
    other = Identity("slack", "T0002:U0ZZZ", language_hint="en", timezone_hint="UTC")
    if "Mallory" not in coach.handle(other, "/contacts").text:
        coach.handle(other, "/add Mallory Foreign close")
    foreign = coach.handle(other, "/contact Mallory")
    values = [b.value for b in foreign.buttons]
    assert values, "the other user's contact card has buttons to replay"
    return values


def foreign_id(hostile: Hostile, value: str) -> str:
    """``value``, with "foreign" standing for the id of the other user's contact."""
    if value != "foreign":
        return value
    stale_and_foreign_values(hostile)
    with hostile.coach_app.sessions() as session:
        return str(session.scalar(select(ContactRow.id).where(
            ContactRow.name == "Mallory Foreign")))


TAP_VALUES = st.one_of(
    st.sampled_from(["done:²", "done:99999", "done:-1", "done:", "snooze:1:²", ":", "x" * 3000,
                     "\x00", "\u202edone:1", "done:1" + "\u200b" * 100, "open.add"]),
    NASTY, JSON.map(json.dumps),
)


@FUZZ
@given(value=TAP_VALUES, action_id=st.sampled_from(["coach.0", "coach.h0.1", "coach.\x00"]),
       in_home=st.booleans())
def test_fuzzed_tap_values_change_nothing(hostile: Hostile, value: str, action_id: str,
                                          in_home: bool) -> None:
    hostile.survives(lambda: hostile.user.tap(value, action_id=action_id, in_home=in_home)[0])


def test_another_users_buttons_change_nothing_of_theirs_or_mine(hostile: Hostile) -> None:
    for value in stale_and_foreign_values(hostile):
        for in_home in (False, True):
            hostile.survives(lambda v=value, h=in_home: hostile.user.tap(v, in_home=h)[0])


@FUZZ
@given(junk=st.dictionaries(st.sampled_from(["actions", "user", "team", "container",
                                             "trigger_id", "response_url", "view"]),
                            JSON, min_size=1, max_size=3))
def test_fuzzed_block_actions_payloads_change_nothing(hostile: Hostile,
                                                      junk: dict[str, Any]) -> None:
    payload: dict[str, Any] = {
        "type": "block_actions", "team": {"id": "T0001"},
        "user": {"id": hostile.user.user_id, "team_id": "T0001"}, "api_app_id": "A0001",
        "actions": [{"type": "button", "action_id": "coach.0", "block_id": "b1",
                     "value": "done:99999", "action_ts": str(time.time())}],
        "trigger_id": "1.T0001.x", "container": {"type": "message"},
    }
    payload.update(junk)
    hostile.survives(lambda: hostile.user.interaction(payload))


# --- modal submissions -------------------------------------------------------------------

FIELDS = {
    "form.contact": ["name", "circle", "cadence", "birthday", "company"],
    "form.log": ["contact", "channel", "minutes", "day", "note", "next_note"],
    "form.settings": ["language", "timezone", "budget", "nudge", "positioning"],
}
ELEMENT_KEYS = ["value", "selected_option", "selected_date", "selected_time", "type"]


TYPED = st.one_of(
    st.fixed_dictionaries({"type": st.just("plain_text_input"), "value": NASTY}),
    st.fixed_dictionaries({"type": st.just("static_select"),
                           "selected_option": st.none() | st.fixed_dictionaries(
                               {"value": NASTY})}),
    st.fixed_dictionaries({"type": st.just("datepicker"), "selected_date": NASTY}),
    st.fixed_dictionaries({"type": st.just("timepicker"), "selected_time": NASTY}),
)


@st.composite
def junk_values(draw: st.DrawFn, callback_id: str, typed: bool) -> dict[str, Any]:
    """A view's state.values with fields missing, misnamed or of the wrong type (or,
    ``typed``, shaped as Slack sends them but holding junk); never a form that is valid
    as a whole (a contact without a usable name, a log without a contact of the user,
    settings without a valid budget)."""
    values: dict[str, Any] = {}
    for field in draw(st.lists(st.sampled_from(FIELDS[callback_id]), unique=True)):
        if typed:
            values[field] = {field: draw(TYPED)}
            continue
        element = draw(st.one_of(
            JSON,
            st.dictionaries(st.sampled_from(ELEMENT_KEYS), JSON | NASTY, max_size=3),
        ))
        values[field] = draw(st.sampled_from([{field: element}, element, {"x": element}]))
    if callback_id == "form.contact":
        # Not "²" or "42": the engine takes a name of digits (it can be found again).
        names = ["", " ", "\x00", "\u202e\x07", "\u200d", "\u0301"]
        values["name"] = {"name": {"value": draw(st.sampled_from(names))}} if typed or draw(
            st.booleans()) else draw(JSON)
    elif callback_id == "form.log":
        ids = st.sampled_from(["99999", "-1", "²", "", "0", "1e3", "1" * 400])
        option = st.none() | st.fixed_dictionaries({"value": ids})
        values["contact"] = {"contact": {"selected_option": draw(
            option if typed else option | JSON)}}
    else:
        values["budget"] = {"budget": {"value": draw(st.sampled_from(
            ["", "²", "-5", "1e309", "\x00", "zwei", "9" * 400]))}}
    return values


def submission(user: SlackWorkspaceUser, callback_id: str, values: dict[str, Any],
               metadata: str = "") -> dict[str, Any]:
    return {
        "type": "view_submission", "team": {"id": "T0001"},
        "user": {"id": user.user_id, "team_id": "T0001"}, "api_app_id": "A0001",
        "trigger_id": "1.T0001.x",
        "view": {"id": "VMODAL", "type": "modal", "callback_id": callback_id,
                 "private_metadata": metadata, "state": {"values": values}},
    }


@FUZZ
@given(data=st.data(), callback_id=st.sampled_from(sorted(FIELDS)),
       shape=st.sampled_from(["typed", "values", "state", "view", "metadata"]))
def test_fuzzed_view_submissions_change_nothing(hostile: Hostile, data: st.DataObject,
                                                callback_id: str, shape: str) -> None:
    typed = shape in ("typed", "metadata")
    payload = submission(hostile.user, callback_id, data.draw(junk_values(callback_id, typed)))
    if shape == "state":
        payload["view"]["state"] = data.draw(JSON)
    elif shape == "view":
        payload["view"] = {"callback_id": callback_id, **data.draw(
            st.dictionaries(st.sampled_from(["state", "private_metadata", "id"]), JSON))}
    elif shape == "metadata":
        payload["view"]["private_metadata"] = data.draw(st.sampled_from(
            ["99999", "²", "-1", "1" * 400, "\x00"]) | NASTY)
    response = hostile.survives(lambda: hostile.user.interaction(payload))
    assert response.status_code in (200, 400)
    if typed:
        # Shaped like Slack's own submissions: the form itself refuses, field by field.
        assert response.status_code == 200
        answer = response.json()
        assert answer.get("response_action") == "errors", answer
        assert all(isinstance(text, str) and text for text in answer["errors"].values())


@pytest.mark.parametrize("metadata", ["99999", "1" * 400, "²", "0", "-1", "foreign"])
def test_an_edit_of_a_contact_that_is_not_mine_changes_nothing(hostile: Hostile,
                                                               metadata: str) -> None:
    metadata = foreign_id(hostile, metadata)
    values = {"name": {"name": {"type": "plain_text_input", "value": "Eve Renamed"}}}
    response = hostile.survives(lambda: hostile.user.interaction(
        submission(hostile.user, "form.contact", values, metadata)))
    assert response.status_code == 200
    assert response.json().get("response_action") == "errors"


@pytest.mark.parametrize("contact", ["²", "1" * 400, "foreign", "99999", "٣"])
def test_a_log_for_a_contact_that_is_not_mine_changes_nothing(hostile: Hostile,
                                                              contact: str) -> None:
    contact = foreign_id(hostile, contact)
    values = {"contact": {"contact": {"type": "external_select",
                                      "selected_option": {"value": contact}}},
              "channel": {"channel": {"type": "static_select",
                                      "selected_option": {"value": "call"}}}}
    response = hostile.survives(lambda: hostile.user.interaction(
        submission(hostile.user, "form.log", values)))
    assert response.status_code == 200
    assert response.json().get("response_action") == "errors"


# --- events and the shortcut ---------------------------------------------------------------

EVENT_KEYS = ["type", "user", "channel", "channel_type", "text", "subtype", "files", "tab",
              "ts", "bot_id"]


@FUZZ
@given(kind=st.sampled_from(["app_home_opened", "message", "file_share"]),
       junk=st.dictionaries(st.sampled_from(EVENT_KEYS), JSON | NASTY, max_size=4),
       drop=st.lists(st.sampled_from(EVENT_KEYS), max_size=3))
def test_fuzzed_events_change_nothing(hostile: Hostile, kind: str, junk: dict[str, Any],
                                      drop: list[str]) -> None:
    user = hostile.user.user_id
    event: dict[str, Any] = {
        "app_home_opened": {"type": "app_home_opened", "user": user, "tab": "home",
                            "channel": "D0AAA"},
        "message": {"type": "message", "channel_type": "im", "channel": "D0AAA",
                    "user": user, "text": "due", "ts": "1.0"},
        "file_share": {"type": "message", "subtype": "file_share", "channel_type": "im",
                       "channel": "D0AAA", "user": user, "text": "", "ts": "1.0",
                       "files": [{"id": "F1", "name": "x.csv", "size": 10,
                                  "url_private_download": hostile.api.root + "/download/F0"}]},
    }[kind]
    for key in drop:
        event.pop(key, None)
    if "text" in junk and isinstance(junk["text"], str):
        junk["text"] = "due " + junk["text"]  # a junk argument, never a real change
    event.update(junk)
    hostile.survives(lambda: hostile.user.event(event))


@pytest.mark.parametrize("message", [
    None, {}, {"text": ""}, {"text": "\x00\u202e"}, {"user": "U0NOBODY"}, "junk", 42, [],
    {"text": 42, "user": ["U0AAA"]}, {"text": None, "user": None},
])
def test_the_shortcut_with_a_missing_or_junk_message_changes_nothing(
        hostile: Hostile, message: Any) -> None:
    payload: dict[str, Any] = {
        "type": "message_action", "callback_id": "suggest_reply", "team": {"id": "T0001"},
        "user": {"id": hostile.user.user_id, "team_id": "T0001"},
        "channel": {"id": "C0GENERAL"}, "trigger_id": "1.T0001.x", "message_ts": "2.0",
        "response_url": hostile.api.response_url("shortcut"),
    }
    if message is not None:
        payload["message"] = message
    hostile.survives(lambda: hostile.user.interaction(payload))


@pytest.mark.parametrize("user", [None, {}, "U0AAA", {"id": None}, {"id": ["x"]}])
def test_the_shortcut_without_a_usable_user_changes_nothing(hostile: Hostile,
                                                            user: Any) -> None:
    payload: dict[str, Any] = {
        "type": "message_action", "callback_id": "suggest_reply", "team": {"id": "T0001"},
        "channel": {"id": "C0GENERAL"}, "trigger_id": "1.T0001.x",
        "message": {"type": "message", "user": "U0AAA", "text": "Hi, let us connect!"},
        "response_url": hostile.api.response_url("shortcut"),
    }
    if user is not None:
        payload["user"] = user
    hostile.survives(lambda: hostile.user.interaction(payload))


BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def stored_strings(coach_app: CoachApp) -> list[str]:
    return [value for rows in dump(coach_app).values() for row in rows for value in row
            if isinstance(value, str)]


@pytest.mark.parametrize("text", [
    "add Eve\u202e \x07Mallory\x1b[31m", "log Anna call 20m \u202enote\x07 next: \u2066ask\x00",
    "settings positioning \x1b[31mred\u202e teams\x07", "reply \u202eHi, let us\x07 connect!",
])
def test_what_a_hostile_command_stores_is_cleaned(hostile: Hostile, text: str) -> None:
    hostile.survives(lambda: hostile.user.command(text)[0], writes=True)
    for value in stored_strings(hostile.coach_app):
        assert not BIDI & set(value), repr(value)
        assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in value), \
            repr(value)


# --- bodies that are not Slack requests ------------------------------------------------------

RAW = [
    ("application/json", "{"), ("application/json", "[]"), ("application/json", "42"),
    ("application/json", "null"), ("application/json", '{"type": "event_callback"}'),
    ("application/json", '{"type": "url_verification"}'),
    ("application/json", '{"type": "event_callback", "event": "x"}'),
    ("application/json", '{"type": "event_callback", "event": {"type": 42}}'),
    ("application/x-www-form-urlencoded", "payload={"),
    ("application/x-www-form-urlencoded", "payload=42"),
    ("application/x-www-form-urlencoded", "payload=null"),
    ("application/x-www-form-urlencoded", "payload=%5B%5D"),
    ("application/x-www-form-urlencoded", "command=%2Fcoach"),
    ("application/x-www-form-urlencoded", "%%%&&&==="),
    ("application/x-www-form-urlencoded", ""),
    ("text/plain", "command=/coach&text=add Mallory"), ("application/xml", "<a/>"),
    ("multipart/form-data; boundary=x", "--x\r\n\r\n--x--"), ("", "\x00\x01"),
]


@pytest.mark.parametrize(("content_type", "body"), RAW, ids=range(len(RAW)))
def test_bodies_that_are_not_slack_requests_change_nothing(
        hostile: Hostile, content_type: str, body: str) -> None:
    hostile.survives(lambda: hostile.user.post(body, content_type=content_type))


@FUZZ
@given(body=st.one_of(
    st.text(max_size=200),
    JSON.map(json.dumps),
    st.dictionaries(st.sampled_from(["payload", "command", "text", "user_id", "team_id",
                                     "type", "token", "response_url"]),
                    st.text(max_size=30) | JSON.map(json.dumps)).map(urlencode),
), content_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded",
                                 "text/plain"]))
def test_fuzzed_bodies_change_nothing(hostile: Hostile, body: str, content_type: str) -> None:
    hostile.survives(lambda: hostile.user.post(body, content_type=content_type))


def test_an_oversized_body_is_answered_without_a_server_error(hostile: Hostile) -> None:
    body = urlencode({"command": "/coach", "text": "x" * 2_000_000, "user_id": "U0AAA",
                      "team_id": "T0001"})
    hostile.survives(lambda: httpx.post(
        hostile.user.server.url + "/slack/events", content=body.encode(),
        headers=signed_headers(body), timeout=60))


def test_the_door_check_lets_slacks_own_url_verification_and_ssl_check_through(
        hostile: Hostile) -> None:
    challenge = hostile.survives(lambda: hostile.user.post(
        json.dumps({"token": "legacy", "challenge": "c-123", "type": "url_verification"}),
        content_type="application/json"))
    assert challenge.status_code == 200
    assert "c-123" in challenge.text
    ssl = hostile.survives(lambda: hostile.user.post("ssl_check=1&token=legacy"))
    assert ssl.status_code == 200


def test_a_shared_file_that_is_gone_gets_a_friendly_answer(hostile: Hostile) -> None:
    gone = {"id": "FGONE", "name": "Connections.csv", "size": 120,
            "url_private_download": hostile.api.root + "/download/FGONE/Connections.csv"}
    mark = len(hostile.api.calls)
    hostile.survives(lambda: hostile.user.event({
        "type": "message", "subtype": "file_share", "channel_type": "im", "channel": "D0AAA",
        "user": hostile.user.user_id, "text": "", "files": [gone], "ts": "3.0"}))
    answers = [texts(c.params) for c in hostile.api.calls[mark:]
               if c.method == "chat.postMessage"]
    assert len(answers) == 1
    assert "could not fetch that file" in answers[0]
    assert "send it again" in answers[0]
