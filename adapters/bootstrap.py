"""The composition root: builds the engine, its storage and the nudge worker.

Every process (terminal, bot, worker, web server, benchmarks) gets what it needs from
:class:`Application`; nothing else opens an engine, a session factory or a unit of
work of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from adapters.config import Settings
from coach.engine import Coach
from coach.ports import Clock
from storage.database import open_engine, session_factory
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork

if TYPE_CHECKING:
    from adapters.scheduler import NudgeWorker, Sender
    from adapters.telegram.context import CoachApplication
    from storage.nudges import NudgeStore


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Application:
    """What a process needs: the coach, the database behind it, and the clock."""

    coach: Coach
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock = system_clock

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    def nudge_store(self) -> NudgeStore:
        from storage.nudges import NudgeStore

        return NudgeStore(self.sessions)

    def nudge_worker(self, senders: Mapping[str, Sender]) -> NudgeWorker:
        """A worker that sends to every platform in ``senders`` (platform name → sender)."""
        from adapters.scheduler import NudgeWorker

        return NudgeWorker(self.nudge_store(), self.unit_of_work, senders, self.clock)

    def health(self) -> tuple[bool, dict[str, Any]]:
        """Whether a nudge worker ticked recently, for /healthz and ``coach status``."""
        from adapters.health import health

        return health(self.sessions, self.clock())

    def close(self) -> None:
        self.coach.write_deliveries()
        self.engine.dispose()


def build(database_url: str, clock: Clock = system_clock, *, migrate: bool = True,
          public_base_url: str | None = None) -> Application:
    """Open the database, bring its schema up to date, and wire the coach to it.

    ``public_base_url`` is where the web process serves calendar feeds (/calendar).
    """
    engine = open_engine(database_url)
    if migrate:
        upgrade(engine)
    sessions = session_factory(engine)
    coach = Coach(lambda: SqlUnitOfWork(sessions), clock, public_base_url=public_base_url)
    return Application(coach=coach, engine=engine, sessions=sessions, clock=clock)


async def open_senders(app: Application, settings: Settings, stack: AsyncExitStack, *,
                       with_bot: bool) -> tuple[CoachApplication | None, dict[str, Sender]]:
    """Every configured platform's nudge sender, closed with ``stack``.

    With ``with_bot`` the Telegram bot itself is built too (``coach run``), and replies
    and nudges then share Telegram's send budget, replies first.
    """
    senders: dict[str, Sender] = {}
    application: CoachApplication | None = None
    token = (settings.telegram_bot_token.get_secret_value().strip()
             if settings.telegram_bot_token else "")
    if token:
        from telegram.ext import ExtBot

        from adapters.telegram.sender import TelegramSender, nudge_rate_limiter

        limiter: Any = nudge_rate_limiter()
        if with_bot:
            from adapters.telegram.app import RATE_LIMIT_RETRIES, build_telegram_app
            from adapters.telegram.ratelimit import SendBudget, SendLane

            budget = SendBudget()
            application = build_telegram_app(
                app.coach, settings,
                rate_limiter=SendLane(budget, bulk=False, max_retries=RATE_LIMIT_RETRIES))
            # Idempotent: run_polling initialises again and shuts it down at the end.
            await application.initialize()
            limiter = SendLane(budget, bulk=True)
        nudge_bot: ExtBot[int] = ExtBot(token, base_url=settings.telegram_api_url,
                                         base_file_url=settings.telegram_file_url,
                                         rate_limiter=limiter)
        await stack.enter_async_context(nudge_bot)
        senders["telegram"] = TelegramSender(nudge_bot)
    from adapters.slack.sender import slack_sender

    slack = slack_sender(settings, app.engine)
    if slack is not None:
        senders["slack"] = slack
    return application, senders


def follow_changes(app: Application, settings: Settings) -> Callable[[], None]:
    """Let every change a user makes redraw what other platforms show of their network.

    With Slack configured, a change on any platform (a ``/log`` in Telegram by a user
    linked to Slack) republishes the App Home of that network's Slack identities, in the
    background. Returns what stops it, for the process's shutdown.
    """
    if not (settings.slack_bot_token or settings.slack_client_id):
        return lambda: None  # no Slack: nothing to import
    from adapters.slack.workspaces import workspace_clients

    clients = workspace_clients(settings, app.engine)
    if clients is None:
        return lambda: None
    from adapters.slack.home import HomeSync

    sync = HomeSync(app.coach, clients)
    app.coach.on_change(sync.changed)
    return lambda: sync.close(wait=False)
