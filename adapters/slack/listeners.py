"""Slack requests in, engine calls out.

Every listener acknowledges first and does the work afterwards, in a lazy listener
(Bolt runs it in a worker thread after the HTTP response, or after the Socket Mode
ack), so Slack always gets its answer within three seconds, however long triage or a
chart takes. Only modal submissions are handled before the ack, because field errors
must travel in the ack itself; they are single short database transactions.

Whatever the engine answers goes to the user alone: ephemeral responses where Slack
gives a ``response_url``, the app's DM otherwise. Nothing is ever posted to a channel.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import urllib.request
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from adapters.chat import has_content
from adapters.slack import modals
from adapters.slack.blocks import ACTION_PREFIX, OPEN_PREFIX
from adapters.slack.delivery import (
    Draw,
    SlackUnreachable,
    post_reply,
    respond_reply,
    send_to_user,
)
from adapters.slack.guard import SLACK_ID
from adapters.slack.identity import SlackIdentities
from adapters.slack.queries import NoResult, query
from coach import forms
from coach.engine import Coach
from coach.imports import MAX_BYTES as MAX_IMPORT_BYTES
from coach.model import Identity
from coach.replies import Reply
from coach.turn import Turn

log = logging.getLogger(__name__)

COMMAND = "/coach"
SHORTCUT_CALLBACK = "suggest_reply"
# A shared file comes from Slack's own file host; a slow download is given up on.
DOWNLOAD_SECONDS = 30

def _text_of(value: Any) -> str:
    """A field Slack sends as text; anything else (a forged number, list, object) is
    nothing, so a wrong type can never become a user id, a name or a request."""
    return value if isinstance(value, str) else ""


def _id_of(value: Any) -> str:
    """A Slack id (``U0123ABC``, ``T0123``); anything else is no id, so a forged user
    ("", "\u202e", a name) never gets a profile of its own."""
    text = _text_of(value)
    return text if SLACK_ID.fullmatch(text) else ""


def _object_of(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def team_of(body: dict[str, Any], context: BoltContext) -> str:
    """The workspace of a request (Enterprise Grid org installs may lack a team id)."""
    team = (_id_of(body.get("team_id")) or _id_of(_object_of(body.get("team")).get("id"))
            or _id_of(context.team_id))
    return str(team or context.enterprise_id or "")


def user_of(body: dict[str, Any], context: BoltContext) -> str:
    user = (_id_of(body.get("user_id")) or _id_of(_object_of(body.get("user")).get("id"))
            or _id_of(context.user_id))
    return str(user or "")


def download(client: WebClient, url: str) -> bytes | None:
    """A shared file's bytes, read with the bot token; None when it is over the limit.

    Only Slack's own file host is asked (the URL comes from Slack's event), and never
    more than the import limit is read.
    """
    if not url.startswith(("https://", "http://")):
        raise ValueError("a shared file without a download address")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    with urllib.request.urlopen(request, timeout=DOWNLOAD_SECONDS) as response:
        content: bytes = response.read(MAX_IMPORT_BYTES + 1)
    return None if len(content) > MAX_IMPORT_BYTES else content


def as_command(text: str) -> str:
    """What a Slack user typed, as the engine reads it.

    ``/coach log Anna call 20m`` arrives as ``log Anna call 20m``, and in the app's DM
    nobody can type a leading slash (Slack's composer takes it for its own commands),
    so a text that starts with a command word becomes that command. Anything else stays
    plain text: the answer to the coach's open question ("Whom did you talk to?" →
    ``/coach Anna call 15m``), or a message the engine explains itself.
    """
    from coach import engine

    stripped = text.strip()
    word = stripped.split(" ", 1)[0].casefold()
    word = getattr(engine, "ALIASES", {}).get(word, word)
    known = set(getattr(engine, "COMMANDS", {})) | {
        "cancel", "yes", "ja", "no", "nein"}
    if stripped and not stripped.startswith("/") and word in known:
        return "/" + stripped
    return stripped


def ack_only(ack: Ack) -> None:
    ack()


class SlackListeners:
    """The listeners of one Bolt app, sharing the coach and the identity cache."""

    def __init__(self, coach: Coach, identities: SlackIdentities,
                 *, home: Callable[[WebClient, Identity, str, str | None], None] | None = None,
                 draw: Draw | None = None) -> None:
        self.coach = coach
        self.identities = identities
        self.home = home
        self.draw = draw

    def register(self, app: App) -> None:
        app.command(COMMAND)(ack=ack_only, lazy=[self.on_command])
        app.action(re.compile("^" + re.escape(ACTION_PREFIX)))(ack=ack_only, lazy=[self.on_tap])
        app.shortcut(SHORTCUT_CALLBACK)(ack=ack_only, lazy=[self.on_suggest_reply])
        app.event("app_home_opened")(ack=ack_only, lazy=[self.on_home_opened])
        app.event({"type": "message", "channel_type": "im"})(ack=ack_only,
                                                             lazy=[self.on_direct_message])
        app.action(re.compile("^" + re.escape(OPEN_PREFIX)))(self.on_open_modal)
        app.options(forms.F_CONTACT)(self.on_contact_options)
        app.view(modals.CONTACT_CALLBACK)(self.on_contact_submit)
        app.view(modals.LOG_CALLBACK)(self.on_log_submit)
        app.view(modals.SETTINGS_CALLBACK)(self.on_settings_submit)

    # --- helpers -------------------------------------------------------------------

    def identity(self, client: WebClient, body: dict[str, Any],
                 context: BoltContext) -> Identity:
        return self.identities.identity(client, team_of(body, context), user_of(body, context))

    def _engine(self, identity: Identity, call: Callable[[], Reply]) -> Reply:
        try:
            return call()
        except Exception as error:
            # An exception's message can quote what the user typed: above DEBUG only
            # its type is logged, as for Telegram.
            log.error("handling a slack request failed: %s", type(error).__name__)
            log.debug("the failure of a slack request", exc_info=True)
            return self.coach.apology(identity)

    def _refresh_home(self, client: WebClient, identity: Identity, user_id: str,
                      notice: str | None = None) -> None:
        if self.home is None:
            return
        try:
            self.home(client, identity, user_id, notice)
        except Exception:
            log.exception("publishing the app home failed")

    def _to_dm(self, client: WebClient, identity: Identity, user_id: str,
               answer: Reply) -> None:
        try:
            send_to_user(client, user_id, answer, self.draw)
        except SlackUnreachable as error:
            log.info("slack user unreachable (%s); marking", error.error)
            self.coach.mark_unreachable(identity)

    def _attachments(self, client: WebClient, identity: Identity, user_id: str,
                     answer: Reply) -> None:
        if answer.files or answer.charts:
            self._to_dm(client, identity, user_id,
                        Reply(charts=answer.charts, files=answer.files))

    def _delivered(self, identity: Identity, key: str | None, answer: Reply) -> None:
        """The answer to ``key`` reached Slack (or the user cannot be reached): the
        engine forgets it. Until then a retry of the request (``X-Slack-Retry-Num``,
        same event id) sends it again instead of running the command twice."""
        if key is not None and has_content(answer):
            self.coach.delivered(identity.platform, key)

    def _respond(self, body: dict[str, Any], respond: Respond, client: WebClient,
                 identity: Identity, user_id: str, answer: Reply, *,
                 from_tap: bool = False) -> None:
        """Privately where the request came from; in the DM when Slack gave no
        ``response_url`` to answer at (Bolt's ``respond`` cannot work without one)."""
        if _text_of(body.get("response_url")):
            respond_reply(respond, answer, from_tap=from_tap)
        elif answer.messages:
            self._to_dm(client, identity, user_id, answer)

    def _handle(self, identity: Identity, text: str, key: str | None) -> Reply:
        """``/coach <text>``: a command word makes it the engine's ``/<text>``."""
        return self.coach.handle(identity, as_command(text) if text else "/help",
                                 update_key=key)

    # --- listeners -------------------------------------------------------------------

    def on_command(self, body: dict[str, Any], respond: Respond, client: WebClient,
                   context: BoltContext) -> None:
        """``/coach log Anna call 20m`` is the engine's ``/log Anna call 20m``."""
        identity = self.identity(client, body, context)
        text = str(body.get("text") or "").strip()
        key = f"command:{body.get('trigger_id')}" if body.get("trigger_id") else None
        answer = self._engine(identity, lambda: self._handle(identity, text, key))
        self._respond(body, respond, client, identity, user_of(body, context), answer)
        # The Home first: reading it counts as the user being active, which would clear
        # an unreachable mark the upload below may set.
        self._refresh_home(client, identity, user_of(body, context))
        self._attachments(client, identity, user_of(body, context), answer)
        self._delivered(identity, key, answer)

    def on_tap(self, body: dict[str, Any], action: dict[str, Any], respond: Respond,
               client: WebClient, context: BoltContext) -> None:
        """A button: the engine decides; a tap on a message edits it, one in the Home
        refreshes the Home and answers in the DM."""
        identity = self.identity(client, body, context)
        user_id = user_of(body, context)
        value = str(action.get("value") or action.get("selected_option", {}).get("value", ""))
        key = f"tap:{body.get('trigger_id')}" if body.get("trigger_id") else None
        answer = self._engine(identity, lambda: self.coach.press(identity, value,
                                                                 update_key=key))
        container = body.get("container") or {}
        if container.get("type") == "view":
            # The Home is the view that redraws itself: a replacing answer (Snooze
            # redrawing the due list) shows there, the tap's popup as a notice on top.
            self._refresh_home(client, identity, user_id, answer.popup)
            if answer.messages and not answer.replace:
                self._to_dm(client, identity, user_id, dataclasses.replace(answer, popup=None))
            else:
                self._attachments(client, identity, user_id, answer)
            self._delivered(identity, key, answer)
            return
        self._respond(body, respond, client, identity, user_id, answer, from_tap=True)
        self._refresh_home(client, identity, user_id)
        self._attachments(client, identity, user_id, answer)
        self._delivered(identity, key, answer)

    def on_suggest_reply(self, body: dict[str, Any], respond: Respond, client: WebClient,
                         context: BoltContext) -> None:
        """The message shortcut: judge the message as a request, privately."""
        identity = self.identity(client, body, context)
        message = _object_of(body.get("message"))
        text = _text_of(message.get("text"))
        author = _text_of(message.get("user"))
        sender = None
        if author:
            sender = self.identities.hints(client, team_of(body, context),
                                           str(author)).display_name
        key = f"shortcut:{body.get('trigger_id')}" if body.get("trigger_id") else None
        answer = self._engine(identity, lambda: self.coach.triage_request(
            identity, text, sender_name=sender, update_key=key))
        self._respond(body, respond, client, identity, user_of(body, context), answer)
        self._delivered(identity, key, answer)
        self._refresh_home(client, identity, user_of(body, context))

    def on_home_opened(self, event: dict[str, Any], body: dict[str, Any], client: WebClient,
                       context: BoltContext) -> None:
        if event.get("tab") not in (None, "home"):
            return
        user_id = _id_of(event.get("user"))
        if not user_id:
            return
        identity = self.identities.identity(client, team_of(body, context), user_id)
        self._refresh_home(client, identity, user_id)

    def on_direct_message(self, event: dict[str, Any], body: dict[str, Any],
                          client: WebClient, context: BoltContext) -> None:
        """A message in the app's DM is a chat message to the coach, answered there.

        The event id is the update key, so a retried delivery is answered once.
        """
        shared = event.get("files") if event.get("subtype") == "file_share" else None
        if event.get("bot_id") or (event.get("subtype") and not shared):
            return
        user_id = _id_of(event.get("user"))
        if not user_id:
            return
        identity = self.identities.identity(client, team_of(body, context), user_id)
        text = as_command(_text_of(event.get("text")))
        key = f"event:{body.get('event_id')}" if body.get("event_id") else None
        if isinstance(shared, list) and shared and isinstance(shared[0], dict):
            first: dict[str, Any] = shared[0]
            answer = self._engine(identity, lambda: self._import(client, identity, first, key))
        elif not text:
            return
        else:
            answer = self._engine(identity, lambda: self.coach.handle(identity, text,
                                                                      update_key=key))
        if not answer.messages and not answer.files and not answer.charts:
            return
        channel = _text_of(event.get("channel"))
        if not channel:
            self._to_dm(client, identity, user_id, answer)
            self._refresh_home(client, identity, user_id)
            return
        try:
            post_reply(client, channel, answer, self.draw)
        except SlackUnreachable as error:
            log.info("slack user unreachable (%s); marking", error.error)
            self.coach.mark_unreachable(identity)
        self._delivered(identity, key, answer)
        self._refresh_home(client, identity, user_id)

    def _import(self, client: WebClient, identity: Identity, shared: dict[str, Any],
                key: str | None) -> Reply:
        """A file shared in the app's DM is an import: previewed, then confirmed.

        Slack reports the size first, so a file over the limit is refused without
        downloading it.
        """
        size = shared.get("size")
        if isinstance(size, int) and size > MAX_IMPORT_BYTES:
            return self.coach.file_too_large(identity)
        try:
            content = download(client, _text_of(shared.get("url_private_download")))
        except (OSError, ValueError) as error:
            # Deleted before we fetched it, no address, or Slack's file host failing:
            # the user can share it again; nothing was read or written.
            log.info("a shared file could not be downloaded: %s", type(error).__name__)
            return self.coach.file_unavailable(identity)
        if content is None:
            return self.coach.file_too_large(identity)
        return self.coach.import_file(identity, _text_of(shared.get("name")) or "upload",
                                      content, update_key=key)

    # --- modals ------------------------------------------------------------------------

    def on_open_modal(self, ack: Ack, body: dict[str, Any], action: dict[str, Any],
                      client: WebClient, context: BoltContext) -> None:
        """A Home button opens a form; the trigger id is valid for three seconds only, so
        the prefill is a single short read."""
        ack()
        identity = self.identity(client, body, context)
        kind = str(action.get("action_id", ""))[len(OPEN_PREFIX):].split(".")[0]
        value = str(action.get("value") or "")

        def build(turn: Turn) -> dict[str, Any] | None:
            t = turn.t
            if kind == "add":
                return modals.contact_modal(t, today=turn.today)
            if kind == "edit" and value.isdigit():
                form = forms.contact_form(turn, int(value))
                return (modals.contact_modal(t, form, today=turn.today)
                        if form is not None else None)
            if kind == "log":
                return modals.log_modal(t, turn.today)
            if kind == "settings":
                return modals.settings_modal(t, forms.settings_form(turn))
            return None

        view = query(self.coach, identity, build, reading=True)
        if view is None:
            self._refresh_home(client, identity, user_of(body, context))
            return
        client.views_open(trigger_id=str(body.get("trigger_id")), view=view)

    def on_contact_options(self, ack: Ack, body: dict[str, Any], client: WebClient,
                           context: BoltContext) -> None:
        """The contact select's search: the user's own contacts matching what they typed."""
        identity = self.identity(client, body, context)
        search = str(body.get("value") or "")
        choices = query(self.coach, identity,
                        lambda turn: forms.contact_choices(turn, search), reading=True)
        ack(options=modals.contact_options(choices))

    def _submit(self, ack: Ack, body: dict[str, Any], client: WebClient,
                context: BoltContext, submit: Callable[[Turn], forms.FormResult],
                first_field: str) -> None:
        identity = self.identity(client, body, context)
        try:
            result = query(self.coach, identity, submit)
        except NoResult as refused:
            ack(response_action="errors", errors={first_field: refused.answer.text[:2000]})
            return
        if result.errors:
            ack(response_action="errors", errors=result.errors)
            return
        ack()
        user_id = user_of(body, context)
        if result.answer is not None:
            self._to_dm(client, identity, user_id, result.answer)
        self._refresh_home(client, identity, user_id)

    def on_contact_submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                          client: WebClient, context: BoltContext) -> None:
        form = modals.read_contact(view)
        self._submit(ack, body, client, context,
                     lambda turn: forms.submit_contact(turn, form), forms.F_NAME)

    def on_log_submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                      client: WebClient, context: BoltContext) -> None:
        form = modals.read_log(view)
        self._submit(ack, body, client, context,
                     lambda turn: forms.submit_log(turn, form), forms.F_CONTACT)

    def on_settings_submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                           client: WebClient, context: BoltContext) -> None:
        form = modals.read_settings(view)
        self._submit(ack, body, client, context,
                     lambda turn: forms.submit_settings(turn, form), forms.F_LANGUAGE)
