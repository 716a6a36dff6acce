"""The ``coach`` command line: the terminal coach, the bots, the worker and the database."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from adapters.config import ConfigError, Settings


def _settings(db: str | None) -> Settings:
    try:
        settings = Settings()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    if db:
        settings.database_url = db
    return settings


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # HTTP client libraries log request URLs, which contain the bot token.
    for noisy in ("httpx", "httpcore", "telegram.ext", "apscheduler", "slack_sdk", "slack_bolt"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


@click.group()
def main() -> None:
    """Networking Coach: keeps your business network alive."""


@main.command()
@click.option("--user", default="me", show_default=True, help="Local profile name.")
@click.option("--db", default=None, help="Database URL (default: SQLite in your data folder).")
@click.option("--demo", is_flag=True, help="Open a separate profile with a fictional network.")
def chat(user: str, db: str | None, demo: bool) -> None:
    """Talk to the coach in the terminal, one message per line."""
    from adapters import console
    from adapters.bootstrap import build

    settings = _settings(db)
    _configure_logging("WARNING")
    app = build(settings.resolved_database_url, public_base_url=settings.public_base_url)
    identity = console.console_identity(f"demo:{user}" if demo else user)
    try:
        greeting = None
        if demo:
            app.coach.seed_demo(identity)
            greeting = app.coach.greeting(identity, demo=True)
        elif sys.stdin.isatty():
            greeting = app.coach.greeting(identity, demo=False)
        console.run(app.coach, identity, greeting=greeting)
    finally:
        app.close()


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.option("--db", "db_url", default=None, help="Database URL.")
def db_upgrade(db_url: str | None) -> None:
    """Apply all migrations."""
    from adapters.bootstrap import build

    build(_settings(db_url).resolved_database_url).close()
    click.echo("Database is up to date.")


def _progress(bar: Any) -> Callable[[int], None]:
    """tqdm's update as the plain callback the engine takes."""
    def advance(rows: int) -> None:
        bar.update(rows)
    return advance


def _looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control characters: a file, not a pasted message."""
    if b"\x00" in raw:
        return True
    controls = sum(1 for byte in raw[:4096] if byte < 0x20 and byte not in b"\t\n\r\f")
    return controls > max(2, len(raw[:4096]) // 100)


@main.command()
@click.option("--user", default="me", show_default=True, help="Local profile, as in coach chat.")
@click.option("--from", "sender", default=None, help="The sender's name.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--db", default=None, help="Database URL.")
def triage(user: str, sender: str | None, as_json: bool, db: str | None) -> None:
    """Judge a connection request read from standard input."""
    import json

    from adapters import console
    from adapters.bootstrap import build
    from coach.triage import MAX_REQUEST_CHARS, TriageInputError

    raw = sys.stdin.buffer.read(MAX_REQUEST_CHARS * 4 + 1)
    if _looks_binary(raw):
        raise click.ClickException("That looks like a binary file, not a request text.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if len(text) > MAX_REQUEST_CHARS:
        raise click.ClickException(
            f"The text is too long for a request ({MAX_REQUEST_CHARS} characters at most).")
    if not text.strip():
        raise click.ClickException("No request text given: pipe the message into coach triage.")
    _configure_logging("WARNING")
    app = build(_settings(db).resolved_database_url)
    try:
        result, reasons = app.coach.assess_request(console.console_identity(user), text, sender)
    except TriageInputError as error:
        raise click.ClickException(str(error) or "The request cannot be judged.") from None
    finally:
        app.close()
    draft = result.drafts[result.verdict]
    if as_json:
        click.echo(json.dumps({
            "verdict": result.verdict.value,
            "confidence": round(result.confidence, 3),
            "language": result.language,
            "reasons": reasons,
            "draft": draft.text,
            "short": draft.short,
            "drafts": {v.value: {"text": d.text, "short": d.short}
                       for v, d in result.drafts.items()},
            "known_sender": result.known_sender is not None,
            "sender": result.sender_name,
        }, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.verdict.value} ({round(result.confidence * 100)}%)")
    for reason in reasons:
        click.echo(f"- {reason}")
    click.echo()
    click.echo(draft.text)
    click.echo()
    click.echo(draft.short)


# A progress bar only pays off when parsing takes a noticeable moment.
PROGRESS_MIN_ROWS = 2_000


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", default="me", show_default=True, help="Local profile, as in coach chat.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option("--db", default=None, help="Database URL.")
def import_file(file: Path, user: str, dry_run: bool, db: str | None) -> None:
    """Import contacts, invitations or meetings from FILE, after the same checks as in chat.

    LinkedIn Connections.csv and Invitations.csv, Google and Outlook CSV, vCards
    (.vcf), calendars (.ics) and this coach's JSON export are recognised by their
    content. Files over 20 MB or 50,000 rows are refused before parsing.
    """
    from tqdm import tqdm

    from adapters import console
    from adapters.bootstrap import build
    from coach.imports import MAX_BYTES, estimated_rows

    if file.stat().st_size > MAX_BYTES:
        raise click.ClickException(
            f"{file.name} is larger than {MAX_BYTES // (1024 * 1024)} MB; nothing was read.")
    content = file.read_bytes()
    rows = estimated_rows(content)
    _configure_logging("WARNING")
    settings = _settings(db)
    app = build(settings.resolved_database_url)
    bar = tqdm(total=rows, unit=" rows", file=sys.stderr, leave=False,
               disable=rows < PROGRESS_MIN_ROWS or not sys.stderr.isatty())
    try:
        answer, outcome = app.coach.import_now(console.console_identity(user), file.name,
                                               content, dry_run=dry_run,
                                               progress=_progress(bar))
    finally:
        bar.close()
        app.close()
    click.echo(answer.text)
    if outcome is None:
        sys.exit(1)
    if dry_run:
        click.echo("Dry run: nothing was written.")


@main.command()
@click.option("--user", default="me", show_default=True, help="Local profile, as in coach chat.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "vcf", "ics"]),
              default="json", show_default=True,
              help="json holds everything and imports back; csv and vcf are for other "
                   "tools; ics holds birthdays, the weekly slot and this week's plan.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this new file (mode 0600; never overwrites). Default: "
                   "standard output.")
@click.option("--db", default=None, help="Database URL.")
def export(user: str, fmt: str, output: Path | None, db: str | None) -> None:
    """Export your data."""
    from adapters import console
    from adapters.bootstrap import build
    from adapters.private_files import FileExists, write_private

    if output is not None and (output.exists() or output.is_symlink()):
        raise click.ClickException(f"{output} exists already; choose a new file name. "
                                   "Nothing was written.")
    _configure_logging("WARNING")
    app = build(_settings(db).resolved_database_url)
    try:
        attachment = app.coach.export_file(console.console_identity(user), fmt)
    finally:
        app.close()
    if output is None:
        for piece in attachment.chunks():
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.flush()
        return
    try:
        write_private(output, attachment.chunks())
    except FileExists:
        raise click.ClickException(f"{output} exists already; choose a new file name. "
                                   "Nothing was written.") from None
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {error.strerror}.") from None
    click.echo(f"Wrote {output} ({attachment.size:,} bytes).", err=True)


@main.command()
@click.option("--webhook", is_flag=True,
              help="Serve POST /telegram on $PORT instead of long polling; registers "
                   "TELEGRAM_WEBHOOK_URL (the full public URL of /telegram) when set.")
@click.option("--db", default=None, help="Database URL (default: SQLite in your data folder).")
def telegram(webhook: bool, db: str | None) -> None:
    """Run the coach as a Telegram bot (needs TELEGRAM_BOT_TOKEN)."""
    import asyncio

    from adapters.bootstrap import build, follow_changes
    from adapters.telegram.app import MissingToken, bot_token, build_telegram_app
    from adapters.telegram.polling import run_polling
    from adapters.telegram.webhook import InvalidWebhookSecret, check_secret, serve_webhook

    settings = _settings(db)
    _configure_logging(settings.log_level)
    secret = (settings.telegram_webhook_secret.get_secret_value()
              if settings.telegram_webhook_secret else None)
    try:
        bot_token(settings)
        if webhook:
            check_secret(secret)
        app = build(settings.resolved_database_url, public_base_url=settings.public_base_url)
        application = build_telegram_app(app.coach, settings)
    except (MissingToken, InvalidWebhookSecret) as error:
        raise click.ClickException(str(error)) from None
    stop_following = follow_changes(app, settings)
    try:
        if webhook:
            asyncio.run(serve_webhook(application, secret or "", port=settings.port,
                                      webhook_url=settings.telegram_webhook_url,
                                      health_check=app.health))
        else:
            asyncio.run(run_polling(application))
    finally:
        stop_following()
        app.close()


@main.command()
@click.option("--http", "use_http", is_flag=True,
              help="Serve the Events API, commands and interactivity at /slack/events on "
                   "$PORT (needs SLACK_SIGNING_SECRET) instead of Socket Mode.")
@click.option("--db", default=None, help="Database URL (default: SQLite in your data folder).")
def slack(use_http: bool, db: str | None) -> None:
    """Run the coach as a Slack app (Socket Mode unless --http)."""
    from adapters.bootstrap import build, follow_changes, system_clock
    from adapters.health import health
    from adapters.slack.app import SlackNotConfigured, build_slack_app, check_settings
    from adapters.slack.server import run_socket_mode, serve, web_app

    settings = _settings(db)
    _configure_logging(settings.log_level)
    try:
        check_settings(settings, socket_mode=not use_http)
    except SlackNotConfigured as error:
        raise click.ClickException(str(error)) from None
    app = build(settings.resolved_database_url)
    stop_following = follow_changes(app, settings)
    try:
        slack_app = build_slack_app(app.coach, settings, database=app.engine,
                                    socket_mode=not use_http)
        if use_http:
            sessions = app.sessions
            serve(web_app(slack=slack_app,
                          health_check=lambda: health(sessions, system_clock())),
                  port=settings.port)
        else:
            token = settings.slack_app_token.get_secret_value().strip() \
                if settings.slack_app_token else ""
            run_socket_mode(slack_app, token)
    finally:
        stop_following()
        app.close()


@main.command()
@click.option("--db", default=None, help="Database URL.")
def serve(db: str | None) -> None:
    """The web process: Telegram's webhook, Slack's endpoints and /healthz on $PORT."""
    from adapters.bootstrap import build, follow_changes
    from adapters.calendar_feed import calendar_routes
    from adapters.slack.app import SlackNotConfigured, build_slack_app, check_settings
    from adapters.slack.server import serve as serve_web
    from adapters.slack.server import web_app

    settings = _settings(db)
    _configure_logging(settings.log_level)
    app = build(settings.resolved_database_url, public_base_url=settings.public_base_url)
    stop_following = follow_changes(app, settings)
    try:
        slack_app = None
        try:
            check_settings(settings, socket_mode=False)
        except SlackNotConfigured as error:
            logging.getLogger(__name__).info("Slack not served: %s", error)
        else:
            slack_app = build_slack_app(app.coach, settings, database=app.engine)
        telegram_app = None
        if settings.telegram_bot_token:
            from adapters.telegram.app import build_telegram_app
            from adapters.telegram.webhook import InvalidWebhookSecret, check_secret, webhook_app

            secret = (settings.telegram_webhook_secret.get_secret_value()
                      if settings.telegram_webhook_secret else None)
            try:
                check_secret(secret)
            except InvalidWebhookSecret as error:
                raise click.ClickException(str(error)) from None
            telegram_app = webhook_app(build_telegram_app(app.coach, settings), secret or "",
                                       webhook_url=settings.telegram_webhook_url)
        if slack_app is None and telegram_app is None:
            raise click.ClickException("Nothing to serve: configure Telegram "
                                       "(TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET) or Slack "
                                       "(SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN or OAuth).")
        serve_web(web_app(slack=slack_app, others=telegram_app, health_check=app.health,
                          routes=calendar_routes(app.coach)),
                  port=settings.port)
    finally:
        stop_following()
        app.close()


@main.command()
@click.option("--db", default=None, help="Database URL.")
def worker(db: str | None) -> None:
    """Send the daily nudges and weekly plans (run as many workers as you like)."""
    import asyncio

    settings = _settings(db)
    _configure_logging(settings.log_level)
    asyncio.run(_serve(settings, with_bot=False))


@main.command("run")
@click.option("--db", default=None, help="Database URL.")
def run_all(db: str | None) -> None:
    """The Telegram bot (long polling) and a nudge worker in one process."""
    import asyncio

    settings = _settings(db)
    _configure_logging(settings.log_level)
    asyncio.run(_serve(settings, with_bot=True))


@main.command()
@click.option("--db", default=None, help="Database URL.")
def status(db: str | None) -> None:
    """Show the workers' last tick and last nudge; exit 1 when no worker is alive."""
    from sqlalchemy.exc import SQLAlchemyError

    from adapters.bootstrap import build

    app = build(_settings(db).resolved_database_url, migrate=False)
    try:
        ok, data = app.health()
    except SQLAlchemyError as error:
        click.echo(f"status: database not readable ({type(error).__name__}); "
                   "run `coach db upgrade`?")
        sys.exit(1)
    finally:
        app.close()
    click.echo(f"last tick:      {data['last_tick_at'] or 'never'}")
    click.echo(f"last nudge:     {data['last_nudge_at'] or 'never'}")
    click.echo(f"overdue claims: {data['overdue_claims']}")
    click.echo(f"workers seen:   {data['workers']}")
    click.echo("status: ok" if ok else "status: no worker ticked in the last 3 minutes")
    sys.exit(0 if ok else 1)


async def _serve(settings: Settings, *, with_bot: bool) -> None:
    """Run the nudge worker, and with ``with_bot`` the Telegram bot beside it."""
    import asyncio
    import contextlib
    import signal

    from adapters.bootstrap import build, follow_changes, open_senders
    from adapters.scheduler import start_scheduler

    app = build(settings.resolved_database_url, public_base_url=settings.public_base_url)
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(app.close)
        if with_bot:
            # Only with the bot does this process carry out what users do.
            stack.callback(follow_changes(app, settings))
        application, senders = await open_senders(app, settings, stack, with_bot=with_bot)
        if not senders:
            raise click.ClickException("No chat platform is configured: set TELEGRAM_BOT_TOKEN "
                                       "or SLACK_BOT_TOKEN (or Slack's OAuth settings).")
        nudges = app.nudge_worker(senders)
        scheduler = start_scheduler(nudges.tick)
        stack.callback(scheduler.shutdown, wait=False)
        logging.getLogger(__name__).info("nudge worker %s started for %s", nudges.process_id,
                                         ", ".join(sorted(senders)))
        if application is not None:
            from adapters.telegram.polling import run_polling

            await run_polling(application)
            scheduler.pause()
            await nudges.finish_tick()
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        scheduler.pause()
        await nudges.finish_tick()
