"""Receiving updates by webhook: a small Starlette app served by uvicorn.

``POST /telegram`` checks Telegram's ``X-Telegram-Bot-Api-Secret-Token`` header and
answers only after the update was handled completely. If the process dies midway,
Telegram never got its 200 and delivers the update again; the engine's update log
makes the second delivery harmless. ``GET /healthz`` tells a platform the process is up.

Bodies are read with a size cap (a Telegram update is a few kilobytes; 1 MB is
generous) and never logged: they hold users' messages. JSON that is not an update gets
400; an update whose fields do not parse gets 200 and is skipped, because any other
answer makes Telegram deliver it again and again.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from adapters.telegram.app import ALLOWED_UPDATES, handle_update, set_commands
from adapters.telegram.context import CoachApplication
from adapters.telegram.intake import read_update, update_id_of

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# What Telegram accepts as a secret token.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(Exception):
    """The request body is larger than :data:`MAX_BODY_BYTES`."""


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, read no further than ``limit`` bytes whatever Content-Length claims."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class InvalidWebhookSecret(ValueError):
    """TELEGRAM_WEBHOOK_SECRET is missing or not in Telegram's alphabet."""


def check_secret(secret: str | None) -> str:
    """The secret, or a clear error: without it anyone could post updates as any user."""
    if not secret or not SECRET_PATTERN.match(secret):
        raise InvalidWebhookSecret(
            "TELEGRAM_WEBHOOK_SECRET must be set to 1-256 characters from A-Z, a-z, 0-9, _ "
            "and - when running with --webhook.")
    return secret


HealthCheck = Callable[[], tuple[bool, dict[str, Any]]]


def webhook_app(
    application: CoachApplication,
    secret: str,
    *,
    webhook_url: str | None = None,
    manage_lifecycle: bool = True,
    health_check: HealthCheck | None = None,
) -> Starlette:
    """The ASGI app. With ``manage_lifecycle`` it initialises the PTB application on start
    (command menu, webhook registration when ``webhook_url`` is given) and shuts it down
    on stop; tests that manage the application themselves pass ``False``."""
    check_secret(secret)

    async def receive(request: Request) -> Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            log.warning("webhook call with a wrong secret token refused")
            return PlainTextResponse("forbidden", status_code=403)
        try:
            payload = json.loads(await read_body(request))
        except BodyTooLarge:
            log.warning("webhook body over %d bytes refused", MAX_BODY_BYTES)
            return PlainTextResponse("payload too large", status_code=413)
        except (ValueError, RecursionError):  # invalid JSON or UTF-8, absurd nesting
            return PlainTextResponse("bad request", status_code=400)
        update_id = update_id_of(payload)
        if update_id is None:
            return PlainTextResponse("bad request", status_code=400)
        update = read_update(payload, application)
        if update is None:
            log.warning("skipped telegram update %d: its fields do not parse", update_id)
            return Response(status_code=200)
        await handle_update(application, update)
        return Response(status_code=200)

    async def healthz(request: Request) -> Response:
        # Reminders that silently never arrive are the failure users hate most, so the
        # web process fails its health check when no nudge worker has ticked lately.
        if health_check is None:
            return JSONResponse({"status": "ok"})
        ok, data = await asyncio.to_thread(health_check)
        return JSONResponse({"status": "ok" if ok else "failing", **data},
                            status_code=200 if ok else 503)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_lifecycle:
            yield
            return
        async with application:
            await set_commands(application)
            if webhook_url:
                await application.bot.set_webhook(
                    webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
                log.info("webhook registered with Telegram")
            yield

    return Starlette(
        routes=[
            Route(WEBHOOK_PATH, receive, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def webhook_server(
    application: CoachApplication, secret: str, *, port: int, host: str = "0.0.0.0",
    webhook_url: str | None = None, health_check: HealthCheck | None = None,
) -> uvicorn.Server:
    """A uvicorn server for :func:`webhook_app`; ``serve()`` runs it until SIGINT/SIGTERM."""
    app = webhook_app(application, secret, webhook_url=webhook_url, health_check=health_check)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning",
                            access_log=False, lifespan="on")
    return uvicorn.Server(config)


async def serve_webhook(
    application: CoachApplication, secret: str, *, port: int, host: str = "0.0.0.0",
    webhook_url: str | None = None, health_check: HealthCheck | None = None,
) -> None:
    """Serve the webhook until SIGINT or SIGTERM."""
    await webhook_server(application, secret, port=port, host=host, webhook_url=webhook_url,
                         health_check=health_check).serve()
