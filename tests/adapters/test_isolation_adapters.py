"""Five people on three platforms, one database: nobody ever sees another's network.

Two Telegram users (the real PTB application against the fake Bot API), two Slack
users (the real Bolt app over HTTP against the fake Web API) and a terminal user (the
real console adapter) share one SQLite database. Hypothesis interleaves their
commands (add, log with notes, due, contacts, contact, week, export, snooze, edit,
undo, forget and yes, random text), and replays buttons that one user was shown as
taps of another, on any platform: Telegram callback data, Slack message and Home
buttons, the Home's Edit buttons that open a prefilled form, and contact forms
submitted with another user's contact id.

After every step, everything the platforms were asked to show (messages, button
labels, Home views, modals, exported files) went to the acting user only and names no
contact and no note word of anybody else; at the end no stored contact carries a name
of somebody else's (unless its owner sent that name in a tap). ``FUZZ_EXAMPLES``
raises the number of runs (20 take about half a minute).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from adapters import console
from adapters.bootstrap import Application as CoachApp
from adapters.bootstrap import build
from adapters.slack.app import build_slack_app
from adapters.telegram.app import build_telegram_app
from adapters.telegram.context import CoachApplication
from storage.tables import ContactRow, UserRow
from tests.adapters.conftest import NOW, TelegramChat, settings_for
from tests.adapters.slack_fixtures import slack_settings
from tests.adapters.slack_hostile_support import TrackedExecutor
from tests.fakes.slack_api import FakeSlackAPI, SlackUser
from tests.fakes.slack_requests import SlackServer, SlackWorkspaceUser, buttons, texts
from tests.fakes.telegram_api import FakeTelegramAPI

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))

# Every word of every name and note contains q, x, y, z, j or k; the random text below
# has none of those letters, so only a leak can put one person's words before another.
POOLS: dict[str, tuple[str, ...]] = {
    "tg1": ("Quentin Xylander", "Yvonne Zyxel"),
    "tg2": ("Jakob Quast", "Kyra Joxen"),
    "sl1": ("Zoltan Kovacz", "Xaverine Jurk"),
    "sl2": ("Yuki Zhivkov", "Jolek Quayle"),
    "con": ("Quirin Yazbek", "Jadwiga Kwiatkowsky"),
}
NOTES = {user: f"Zyqnote{number}x" for number, user in enumerate(POOLS)}
WORDS = {user: {w for name in names for w in name.split()} | {NOTES[user]}
         for user, names in POOLS.items()}
SAFE_TEXT = st.text(alphabet="abcdefghilmnoprstuvw ACDEF0123456789:./-,äöüß€😀\u200b",
                    max_size=30)
USERS = sorted(POOLS)


def command(user: str) -> st.SearchStrategy[str]:
    name = st.sampled_from(POOLS[user])
    first = name.map(lambda full: full.split()[0])
    ref = st.one_of(name, first, SAFE_TEXT)
    note = NOTES[user]
    return st.one_of(
        name.map(lambda n: f"add {n}"),
        st.tuples(name, st.sampled_from(["close", "every 3 weeks", "company Acme"]))
        .map(lambda pair: f"add {pair[0]} {pair[1]}"),
        st.tuples(ref, st.sampled_from([f"call {note}", f"meeting 1h next: {note}", "email",
                                        "call yesterday", ""]))
        .map(lambda pair: f"log {pair[0]} {pair[1]}"),
        ref.map(lambda r: f"contact {r}"),
        ref.map(lambda r: f"contacts {r}"),
        st.tuples(st.sampled_from(["edit", "snooze", "pause", "resume"]), ref,
                  st.sampled_from(["", "circle close", "2 weeks", "every 2 months"]))
        .map(" ".join),
        st.sampled_from(["due", "contacts", "week", "export", "plan", "undo", "network",
                         "birthdays", "forget", "yes", "no", "help", "settings"]),
        SAFE_TEXT,
    )


def say(user: str) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.tuples(st.just("say"), st.just(user), command(user))


def tap(user: str) -> st.SearchStrategy[tuple[Any, ...]]:
    """A tap on the n-th button another person was shown so far (if any)."""
    return st.tuples(st.just("tap"), st.just(user),
                     st.sampled_from([u for u in USERS if u != user]), st.integers(0, 10**6))


def form(user: str) -> st.SearchStrategy[tuple[Any, ...]]:
    """A contact form submitted with any contact id (most of them someone else's)."""
    return st.tuples(st.just("form"), st.just(user), st.integers(1, 40),
                     st.sampled_from(POOLS[user]))


# Every decision is drawn up front, independent of what the adapters answer, so that
# hypothesis can replay and shrink a failing run.
STEP = st.one_of(*(say(u) for u in USERS), *(tap(u) for u in USERS),
                 *(form(u) for u in ("sl1", "sl2")))


@dataclass
class Shown:
    """What one step made a platform show, and to whom."""

    owner: str
    text: str
    to: set[str] = field(default_factory=set)


@dataclass
class Button:
    platform: str
    value: str
    action_id: str = ""


class Network:
    """The five people and their adapters; ``act`` runs one step and returns what was
    shown."""

    def __init__(self, tg_api: FakeTelegramAPI, telegram: CoachApplication,
                 coach_app: CoachApp, slack_api: FakeSlackAPI, server: SlackServer,
                 lazy: TrackedExecutor, export_dir: Path) -> None:
        self.tg_api = tg_api
        self.slack_api = slack_api
        self.coach_app = coach_app
        self.lazy = lazy
        self.export_dir = export_dir
        self.chats = {
            "tg1": TelegramChat(tg_api, telegram, coach_app, user_id=7001, first_name="Ada",
                                language="en"),
            "tg2": TelegramChat(tg_api, telegram, coach_app, user_id=7002, first_name="Ben",
                                language="de"),
        }
        self.slack = {
            "sl1": SlackWorkspaceUser(server, slack_api, user_id="U0AAA"),
            "sl2": SlackWorkspaceUser(server, slack_api, user_id="U0BBB", name="Bo Berg"),
        }
        self.buttons: dict[str, list[Button]] = {user: [] for user in USERS}
        # Words a person put into a tap themselves: a button for a name not yet added
        # carries that name, and whoever sends the button knows what it says.
        self.learned: dict[str, set[str]] = {user: set() for user in USERS}

    def __repr__(self) -> str:
        return "Network(...)"

    # --- one step per platform ----------------------------------------------------------

    async def say(self, user: str, text: str) -> list[Shown]:
        if user in self.chats:
            return await self._telegram(user, lambda chat: chat.say("/" + text))
        if user in self.slack:
            return self._slack(user, lambda who: who.command(text)[0])
        return self._console(text)

    async def tap(self, user: str, button: Button) -> list[Shown]:
        self.learned[user] |= {word for words in WORDS.values() for word in words
                               if word in button.value}
        if user in self.chats:
            return await self._telegram(user, lambda chat: chat.press(button.value[:64]))
        if user == "con":
            return self._console(button.value)  # typed, as a terminal user would
        action_id = button.action_id or "coach.0"
        in_home = action_id.startswith(("coach.h", "open."))
        return self._slack(user, lambda who: who.tap(button.value, action_id=action_id,
                                                     in_home=in_home)[0])

    def form(self, user: str, contact_id: int, name: str) -> list[Shown]:
        values = {"name": {"name": {"type": "plain_text_input", "value": name}},
                  "circle": {"circle": {"type": "static_select",
                                        "selected_option": {"value": "close"}}}}
        return self._slack(user, lambda who: who.submit("form.contact", values,
                                                        private_metadata=str(contact_id)))

    # --- the platforms ------------------------------------------------------------------

    async def _telegram(self, user: str, send: Any) -> list[Shown]:
        chat = self.chats[user]
        before = len(self.tg_api.calls)
        await send(chat)
        shown = []
        for call in self.tg_api.calls[before:]:
            params = call.params
            markup = params.get("reply_markup")
            markup = json.loads(markup) if isinstance(markup, str) else markup or {}
            labels = []
            for row in markup.get("inline_keyboard", []):
                for key in row:
                    labels.append(key.get("text", ""))
                    if key.get("callback_data"):
                        self.buttons[user].append(Button("telegram", key["callback_data"]))
            files = "".join(f.content.decode("utf-8", "replace")
                            for f in getattr(call, "files", {}).values())
            text = " ".join([str(params.get("text") or params.get("caption") or ""),
                             *labels, files])
            target = {str(call.chat_id)} if call.chat_id is not None else set()
            shown.append(Shown(user, text, target))
        return [s for s in shown if s.text.strip() or s.to]

    def _slack(self, user: str, send: Any) -> list[Shown]:
        who = self.slack[user]
        before = len(self.slack_api.calls)
        response = send(who)
        self.lazy.settle()
        assert response.status_code == 200, response.text
        shown = [Shown(user, response.text)]
        for call in self.slack_api.calls[before:]:
            params = call.params
            if call.method.startswith("upload/"):
                content = self.slack_api.uploads.get(call.method[len("upload/"):], b"")
                shown.append(Shown(user, content.decode("utf-8", "replace")))
                continue
            target = {str(params[key]) for key in ("user_id", "channel", "users")
                      if key in params}
            shown.append(Shown(user, texts(params) + json.dumps(params, ensure_ascii=False),
                               target))
            for button in buttons(params):
                self.buttons[user].append(Button("slack", str(button.get("value", "")),
                                                 str(button.get("action_id", ""))))
        return shown

    def _console(self, line: str) -> list[Shown]:
        out = io.StringIO()
        before = set(self.export_dir.iterdir())
        console.run(self.coach_app.coach, console.console_identity("con"),
                    source=io.StringIO(line + "\n"), out=out, export_dir=self.export_dir)
        shown = [Shown("con", out.getvalue())]
        for path in set(self.export_dir.iterdir()) - before:
            shown.append(Shown("con", path.read_text("utf-8", "replace")))
        return shown

    # --- the promise ---------------------------------------------------------------------

    def destinations(self, user: str) -> set[str]:
        if user in self.chats:
            return {str(self.chats[user].user_id)}
        if user in self.slack:
            own = self.slack[user].user_id
            return {own, "D" + own.removeprefix("U")}  # the fake's DM channel id
        return set()

    def check(self, user: str, shown: list[Shown], what: str) -> None:
        others = self.foreign_words(user)
        allowed = self.destinations(user)
        for item in shown:
            leaked = {word for word in others if re.search(rf"\b{word}\b", item.text)}
            assert not leaked, f"{user} was shown {leaked} after {what}"
            assert item.to <= allowed, f"{user}'s answer to {what} went to {item.to}"

    def foreign_words(self, user: str) -> set[str]:
        """The words of everybody else's names and notes that this person did not send."""
        return set().union(*(WORDS[u] for u in USERS if u != user)) - self.learned[user]

    def owners(self) -> dict[str, str]:
        """The coach user id of each person, by platform and external id."""
        external = {"tg1": ("telegram", "7001"), "tg2": ("telegram", "7002"),
                    "sl1": ("slack", "T0001:U0AAA"), "sl2": ("slack", "T0001:U0BBB"),
                    "con": ("console", "con")}
        with self.coach_app.sessions() as session:
            rows = {(r.platform, r.external_id): str(r.id)
                    for r in session.scalars(select(UserRow))}
        return {rows[key]: user for user, key in external.items() if key in rows}

    def stored_names(self) -> list[tuple[str, str]]:
        owners = self.owners()
        with self.coach_app.sessions() as session:
            return [(owners.get(str(row.user_id), "?"), row.name)
                    for row in session.scalars(select(ContactRow))]


@asynccontextmanager
async def five_people(tg_api: FakeTelegramAPI, slack_api: FakeSlackAPI,
                      folder: Path) -> AsyncIterator[Network]:
    """A fresh database and fresh adapters for one example, so hypothesis can replay it."""
    coach_app = build(f"sqlite:///{folder}/coach.db", clock=lambda: NOW)
    telegram = build_telegram_app(coach_app.coach, settings_for(tg_api))
    lazy = TrackedExecutor()
    slack = build_slack_app(coach_app.coach, slack_settings(slack_api),
                            database=coach_app.engine, listener_executor=lazy)
    export_dir = folder / "exports"
    try:
        async with telegram:
            with SlackServer(slack) as server:
                people = Network(tg_api, telegram, coach_app, slack_api, server, lazy,
                                 export_dir)
                # Everybody starts with their first contact and a logged note.
                for user in USERS:
                    name = POOLS[user][0]
                    for text in (f"add {name} close",
                                 f"log {name.split()[0]} call {NOTES[user]}"):
                        people.check(user, await people.say(user, text), text)
                yield people
    finally:
        lazy.shutdown(wait=True)
        coach_app.close()


class Fakes:
    """The fake Bot API and Web API, shared by all examples (hypothesis prints the
    fixtures of a failing example, and the fakes' call logs are long)."""

    def __init__(self, telegram: FakeTelegramAPI, slack: FakeSlackAPI) -> None:
        self.telegram = telegram
        self.slack = slack

    def __repr__(self) -> str:
        return "Fakes(...)"


@pytest.fixture
def fakes(api: FakeTelegramAPI, slack_api: FakeSlackAPI) -> Fakes:
    slack_api.add_user(SlackUser("T0001", "U0BBB", "Bo Berg", tz="America/New_York",
                                 locale="en-US"))
    return Fakes(api, slack_api)


_runs = itertools.count()


def fresh_folder(base: Path) -> Path:
    folder = base / f"run{next(_runs)}"
    (folder / "exports").mkdir(parents=True)
    return folder


# Every example builds five adapters on a fresh database (about a second), so shrinking
# a failure takes minutes: FUZZ_SHRINK=1 asks for it, otherwise the failing run is shown
# as found (at most 25 steps).
PHASES = [Phase.explicit, Phase.reuse, Phase.generate,
          *([Phase.shrink] if os.environ.get("FUZZ_SHRINK") else [])]


@settings(max_examples=EXAMPLES, deadline=None, database=None, phases=PHASES,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=3, max_size=25))
async def test_nobody_sees_another_persons_contacts_or_notes_on_any_platform(
        fakes: Fakes, tmp_path: Path,
        steps: list[tuple[Any, ...]]) -> None:
    async with five_people(fakes.telegram, fakes.slack, fresh_folder(tmp_path)) as network:
        await play(network, steps)


async def play(network: Network, steps: list[tuple[Any, ...]]) -> None:
    for kind, user, *args in steps:
        if kind == "say":
            network.check(user, await network.say(user, args[0]), repr(args[0]))
        elif kind == "tap":
            other, index = args
            shown = network.buttons[other]
            if shown:
                button = shown[index % len(shown)]
                event(f"a {button.platform} button replayed by {user}")
                network.check(user, await network.tap(user, button),
                              f"a tap on {other}'s {button}")
        else:
            contact_id, name = args
            network.check(user, network.form(user, contact_id, name),
                          f"an edit form for contact {contact_id}")
    for owner, name in network.stored_names():
        assert owner in USERS, f"a contact {name!r} of nobody in the play"
        taken = set(name.split()) & network.foreign_words(owner)
        assert not taken, f"{owner} owns {name!r}"

