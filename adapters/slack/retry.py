"""Which failed Web API calls are tried again, so that a hiccup costs no message and a
retry never posts one twice.

Slack did not take a message it answered with 429 (waited out as ``Retry-After``
says), with 500 or 503 (its servers failed before acting), or whose connection it
refused (nothing was sent). Those are retried a few times with growing pauses. A call
that timed out or whose connection dropped after the request went out may have been
posted, so it is not retried: a missed message is better than a doubled one.
"""

from __future__ import annotations

from slack_sdk.http_retry import RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse

# How often each kind of failure is tried again.
RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 3
REFUSED_CONNECTION_RETRIES = 3
# Pauses of 0.5, 1 and 2 seconds between the tries.
BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.5)


class RefusedConnectionRetryHandler(RetryHandler):
    """Retries a call whose connection was refused: the request never left."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest,
                   response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        reason = getattr(error, "reason", None)
        return isinstance(error, ConnectionRefusedError) or isinstance(
            reason, ConnectionRefusedError)


def retry_handlers() -> list[RetryHandler]:
    """The Web API client's retry policy (see the module's docstring)."""
    return [
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES,
                                interval_calculator=BACKOFF),
        RefusedConnectionRetryHandler(max_retry_count=REFUSED_CONNECTION_RETRIES,
                                      interval_calculator=BACKOFF),
    ]
