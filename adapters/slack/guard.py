"""The door check before Bolt: a body that is no Slack request is refused with a 4xx.

Bolt parses a body before it checks the signature, and both Bolt and the listeners
index into the payload the way Slack documents it (``body["actions"][0]``,
``view["state"]["values"]``). A body that is not JSON where JSON is due, or a payload
of the wrong shape, would otherwise end in a 500 with a traceback in the log. Slack
itself never sends such a body, so whoever did gets a 400, and a body above
:data:`MAX_BODY_BYTES` a 413, before anything is parsed or stored. Only the reason's
name is ever logged, never the body.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs

# Slack's ids: users (U…, W…), teams (T…), enterprises (E…), upper case and digits.
SLACK_ID = re.compile(r"[A-Z0-9]{2,40}")
# Slack's largest payloads (a modal's whole view with its state) stay far below this.
MAX_BODY_BYTES = 1024 * 1024

# Fields of an interactive payload that Bolt and the listeners read as objects.
_OBJECTS = ("team", "user", "channel", "container", "view", "message", "enterprise",
            "state")
_ELEMENT_TEXTS = ("value", "selected_date", "selected_time", "type", "action_id")
# Who and where: Bolt reads these as an id or an object with an id, at the top and in
# an event (``"id" in user`` fails on a number).
_IDS_OR_OBJECTS = ("user", "channel", "team", "enterprise", "item", "message",
                   "previous_message")
_IDS = ("user_id", "channel_id", "team_id", "enterprise_id", "thread_ts", "ts",
        "is_ext_shared_channel")


class Refused(Exception):
    """Not a Slack request; ``reason`` is a short name for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check(body: bytes, content_type: str) -> None:
    """Raise :class:`Refused` unless ``body`` has the shape of a Slack request."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("not_utf8") from None
    if content_type.split(";")[0].strip().lower() == "application/json":
        _check_event(_object(text, "json"))
        return
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        _check_payload(_object(form["payload"][0], "payload"))
    elif "command" in form:
        _check_command(form)
    elif "ssl_check" not in form:
        raise Refused("no_request")


def _object(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise Refused(f"{what}_not_json") from None
    if not isinstance(value, dict):
        raise Refused(f"{what}_not_object")
    return value


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _optional(value: Any, kind: type) -> bool:
    return value is None or isinstance(value, kind)


def _check_command(form: dict[str, list[str]]) -> None:
    if not SLACK_ID.fullmatch(form.get("user_id", [""])[0]):
        raise Refused("command_without_user")
    url = form.get("response_url", [""])[0]
    if url and not url.startswith(("https://", "http://")):
        raise Refused("bad_response_url")


def _check_event(body: dict[str, Any]) -> None:
    kind = body.get("type")
    if kind == "url_verification":
        if not isinstance(body.get("challenge"), str):
            raise Refused("challenge_missing")
        return
    if kind != "event_callback":
        raise Refused("unknown_body_type")
    event = body.get("event")
    if not isinstance(event, dict) or not _text(event.get("type")):
        raise Refused("event_malformed")
    _check_ids(body)
    _check_ids(event)
    authorizations = body.get("authorizations")
    if not _optional(authorizations, list) or not all(
            isinstance(a, dict) for a in authorizations or []):
        raise Refused("authorizations_malformed")
    for key in ("team_id", "api_app_id", "event_id", "enterprise_id"):
        if not _optional(body.get(key), str):
            raise Refused("event_field_malformed")


def _check_ids(node: dict[str, Any]) -> None:
    for key in _IDS_OR_OBJECTS:
        if not isinstance(node.get(key), str | dict | None):
            raise Refused("id_malformed")
    for key in _IDS:
        if not isinstance(node.get(key), str | bool | None):
            raise Refused("id_malformed")


def _check_payload(payload: dict[str, Any]) -> None:
    if not _text(payload.get("type")):
        raise Refused("payload_without_type")
    _check_ids(payload)
    for key in _OBJECTS:
        if not _optional(payload.get(key), dict):
            raise Refused("payload_field_malformed")
    user = payload.get("user") or {}
    if not isinstance(user.get("id"), str) or not SLACK_ID.fullmatch(user["id"]):
        raise Refused("payload_without_user")
    for key in ("trigger_id", "callback_id", "api_app_id", "response_url"):
        if not _optional(payload.get(key), str):
            raise Refused("payload_field_malformed")
    url = payload.get("response_url")
    if url and not url.startswith(("https://", "http://")):
        raise Refused("bad_response_url")
    if payload["type"] == "block_actions":
        actions = payload.get("actions")
        if not isinstance(actions, list) or not actions or not all(
                isinstance(a, dict) and _text(a.get("action_id")) for a in actions):
            raise Refused("actions_malformed")
    if payload["type"] in ("view_submission", "view_closed"):
        _check_view(payload.get("view"))


def _check_view(view: Any) -> None:
    """A view's state is ``{block_id: {action_id: element}}`` with typed elements."""
    if not isinstance(view, dict) or not _text(view.get("callback_id")):
        raise Refused("view_malformed")
    if not _optional(view.get("private_metadata"), str):
        raise Refused("view_malformed")
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict):
        raise Refused("view_state_malformed")
    for block in values.values():
        if not isinstance(block, dict):
            raise Refused("view_state_malformed")
        for element in block.values():
            if not isinstance(element, dict) or not _element(element):
                raise Refused("view_state_malformed")


def _element(element: dict[str, Any]) -> bool:
    if not all(_optional(element.get(key), str) for key in _ELEMENT_TEXTS):
        return False
    option = element.get("selected_option")
    return option is None or (isinstance(option, dict)
                              and _optional(option.get("value"), str))
