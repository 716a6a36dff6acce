"""The ``coach`` command line: the terminal coach, the bots, the worker and the database."""

from __future__ import annotations

import logging
import sys

import click

from adapters.config import Settings


def _settings(db: str | None) -> Settings:
    settings = Settings()
    if db:
        settings.database_url = db
    return settings


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # HTTP client libraries log request URLs, which contain the bot token.
    for noisy in ("httpx", "httpcore", "telegram.ext", "apscheduler"):
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
    from adapters.bootstrap import build, system_clock
    from adapters.demo import seed_demo
    from coach.schedule import local_date

    settings = _settings(db)
    _configure_logging("WARNING")
    app = build(settings.resolved_database_url)
    identity = console.console_identity(f"demo:{user}" if demo else user)
    try:
        greeting = None
        if demo:
            seed_demo(app.coach, identity, local_date(system_clock(),
                                                      identity.timezone_hint or "UTC"))
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
    from storage.database import open_engine
    from storage.migrate import upgrade

    engine = open_engine(_settings(db_url).resolved_database_url)
    upgrade(engine)
    engine.dispose()
    click.echo("Database is up to date.")
