"""Serving the Bolt app: HTTP routes for Starlette, or a Socket Mode connection.

Over HTTP, ``POST /slack/events`` takes events, slash commands, taps, modal
submissions and shortcuts (one Request URL for all of them, as in ``manifest.yml``);
with OAuth, ``GET /slack/install`` and ``GET /slack/oauth_redirect`` serve the
installation. Bolt checks the signature and the timestamp of every request and
answers 401 to a missing, wrong or stale one; before that, a body that is no Slack
request at all is answered 400, and one over a megabyte 413
(:mod:`adapters.slack.guard`). ``App.dispatch`` is synchronous (it waits for
``ack()``), so it runs in a worker thread and the event loop stays free for other
requests and for the Telegram webhook sharing the server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from adapters.slack.guard import MAX_BODY_BYTES, Refused, check

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"

HealthCheck = Callable[[], tuple[bool, dict[str, Any]]]


def slack_routes(app: App) -> list[Route]:
    """The Starlette routes for ``app``; mount them beside others on one server."""

    async def events(request: Request) -> Response:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return PlainTextResponse("too large", status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return PlainTextResponse("too large", status_code=413)
        try:
            check(body, request.headers.get("content-type", ""))
        except Refused as refused:
            log.info("refused a request that is not from Slack: %s", refused.reason)
            return PlainTextResponse("bad request", status_code=400)
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


def run_socket_mode(app: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode (no public URL) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token)
    log.info("connecting to Slack in Socket Mode")
    handler.start()  # type: ignore[no-untyped-call]


def web_app(*, slack: App | None = None, others: Starlette | None = None,
            health_check: HealthCheck | None = None,
            routes: Sequence[BaseRoute] = ()) -> Starlette:
    """One ASGI app for the ``web`` process: Slack's routes, ``/healthz``, further
    ``routes`` (the calendar feed), and another app (the Telegram webhook) mounted behind
    them, its start-up and shut-down run too.
    """
    served: list[BaseRoute] = [*(slack_routes(slack) if slack is not None else []), *routes]

    async def health(request: Request) -> Response:
        if health_check is None:
            return JSONResponse({"status": "ok"})
        ok, data = await asyncio.to_thread(health_check)
        return JSONResponse({"status": "ok" if ok else "failing", **data},
                            status_code=200 if ok else 503)

    served.append(Route("/healthz", health, methods=["GET"]))
    if others is not None:
        served.append(Mount("/", app=others))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if others is None:
            yield
            return
        async with others.router.lifespan_context(others):
            yield

    return Starlette(routes=served, lifespan=lifespan)


def serve(app: Starlette, *, port: int, host: str = "0.0.0.0") -> None:
    """Serve ``app`` with uvicorn until SIGINT or SIGTERM."""
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                lifespan="on")
