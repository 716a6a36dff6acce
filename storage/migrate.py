"""Applying Alembic migrations from code, at start-up and from ``coach db upgrade``.

Every process start asks for the newest schema, but importing Alembic costs more than
a whole ``coach chat`` otherwise needs. So the stored revision is compared with
:data:`HEAD_REVISION` first, in one small query, and Alembic is loaded only when the
schema is behind (a test keeps the constant equal to the newest migration).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

# The id of the newest file in storage/migrations/versions.
HEAD_REVISION = "0010"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    config.attributes["engine"] = engine
    return config


def stored_revisions(engine: Engine) -> list[str]:
    """The revisions recorded in the database; empty for a new or unreadable one."""
    try:
        with engine.connect() as connection:
            return list(connection.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        return []


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; safe and cheap to call on every start."""
    if revision == "head" and stored_revisions(engine) == [HEAD_REVISION]:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)
