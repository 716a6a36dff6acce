"""Serving the Bolt app: HTTP routes for Starlette, or a Socket Mode connection.

Over HTTP, ``POST /slack/events`` takes events, slash commands, taps, modal
submissions and shortcuts (one Request URL for all of them, as in ``manifest.yml``);
with OAuth, ``GET /slack/install`` and ``GET /slack/oauth_redirect`` serve the
installation. Bolt checks the signature and the timestamp of every request and
answers 401 to a missing, wrong or stale one. ``App.dispatch`` is synchronous (it
waits for ``ack()``), so it runs in a worker thread and the event loop stays free
for other requests and for the Telegram webhook sharing the server.
"""

from __future__ import annotations

import asyncio
import logging

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def slack_routes(app: App) -> list[Route]:
    """The Starlette routes for ``app``; mount them beside others on one server."""

    async def events(request: Request) -> Response:
        body = await request.body()
        bolt_response = await asyncio.to_thread(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    routes = [Route(EVENTS_PATH, events, methods=["POST"])]
    flow = app.oauth_flow
    if flow is not None:
        async def install(request: Request) -> Response:
            body = await request.body()
            return to_starlette_response(await asyncio.to_thread(
                flow.handle_installation, to_bolt_request(request, body)))

        async def redirect(request: Request) -> Response:
            body = await request.body()
            return to_starlette_response(await asyncio.to_thread(
                flow.handle_callback, to_bolt_request(request, body)))

        routes.append(Route(flow.install_path, install, methods=["GET"]))
        routes.append(Route(flow.redirect_uri_path, redirect, methods=["GET"]))
    return routes


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


def run_socket_mode(app: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode (no public URL) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token)
    log.info("connecting to Slack in Socket Mode")
    handler.start()  # type: ignore[no-untyped-call]
