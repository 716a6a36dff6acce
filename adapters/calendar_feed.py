"""The private calendar subscription, served by the web process.

``GET /calendar/{token}.ics`` answers the iCalendar feed of the user whose
``/calendar`` handed out that token (birthdays, the weekly slot, this week's plan),
and 404 for any other token, so a guessed or revoked address reveals nothing. The
token is never logged.

Mount it on any Starlette app::

    from adapters.calendar_feed import calendar_routes
    app = Starlette(routes=[..., *calendar_routes(coach)])
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coach.engine import Coach

CALENDAR_PATH = "/calendar/{token}.ics"
# Calendar apps poll every few hours at most; a short cache spares the database.
CACHE_SECONDS = 900


def calendar_endpoint(coach: Coach) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    """The ASGI endpoint; the database work runs in a thread, off the event loop."""

    async def serve(request: Request) -> Response:
        token = str(request.path_params.get("token", ""))
        content = await asyncio.to_thread(coach.calendar_feed, token)
        if content is None:
            return Response("Not found\n", status_code=404, media_type="text/plain")
        return Response(content, media_type="text/calendar; charset=utf-8", headers={
            "Cache-Control": f"private, max-age={CACHE_SECONDS}",
            "Content-Disposition": 'inline; filename="networking-coach.ics"',
            "X-Robots-Tag": "noindex",
        })

    return serve


def calendar_routes(coach: Coach) -> list[Route]:
    return [Route(CALENDAR_PATH, calendar_endpoint(coach), methods=["GET", "HEAD"])]
