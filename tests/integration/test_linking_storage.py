"""Linked identities and one-time codes on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from adapters.bootstrap import Application
from storage.migrate import alembic_config, downgrade, upgrade
from storage.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def user(app: Application, platform: str, external_id: str) -> int:
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create(platform, external_id, language="en",
                                                timezone="UTC", now=NOW)
        uow.commit()
        return profile.id


def test_a_linked_identity_opens_the_owners_profile_until_unlinked(app: Application) -> None:
    owner = user(app, "telegram", "42")
    with SqlUnitOfWork(app.sessions) as uow:
        uow.links.link("slack", "T1:U1", owner, NOW)
        uow.commit()
    assert user(app, "slack", "T1:U1") == owner
    with SqlUnitOfWork(app.sessions) as uow:
        assert uow.links.linked(owner) == [("slack", "T1:U1")]
        assert uow.links.unlink_all(owner) == 1
        uow.commit()
    assert user(app, "slack", "T1:U1") != owner


def test_a_code_is_redeemed_once_and_only_before_it_expires(app: Application) -> None:
    owner = user(app, "telegram", "42")
    with SqlUnitOfWork(app.sessions) as uow:
        uow.links.issue_code(owner, "a" * 64, NOW, NOW + timedelta(minutes=15))
        uow.links.issue_code(owner, "b" * 64, NOW, NOW + timedelta(minutes=15))
        uow.commit()
    with SqlUnitOfWork(app.sessions) as uow:
        # A new code replaces the older one of the same user.
        assert uow.links.redeem_code("a" * 64, NOW) is None
        assert uow.links.redeem_code("b" * 64, NOW + timedelta(minutes=20)) is None
        uow.commit()
    with SqlUnitOfWork(app.sessions) as uow:
        uow.links.issue_code(owner, "c" * 64, NOW, NOW + timedelta(minutes=15))
        assert uow.links.redeem_code("c" * 64, NOW) == owner
        assert uow.links.redeem_code("c" * 64, NOW) is None


def test_deleting_a_user_deletes_their_links_and_codes(app: Application) -> None:
    owner = user(app, "telegram", "42")
    with SqlUnitOfWork(app.sessions) as uow:
        uow.links.link("slack", "T1:U1", owner, NOW)
        uow.links.issue_code(owner, "d" * 64, NOW, NOW + timedelta(minutes=15))
        uow.profiles.delete(owner)
        uow.commit()
    with SqlUnitOfWork(app.sessions) as uow:
        assert uow.links.redeem_code("d" * 64, NOW) is None
        assert uow.links.linked(owner) == []


def test_the_migration_goes_down_and_up_again(app: Application) -> None:
    # Down to the revision just before the linking tables, wherever it sits in the chain.
    before = ScriptDirectory.from_config(alembic_config(app.engine)).get_revision("0007")
    assert before is not None
    downgrade(app.engine, str(before.down_revision))
    assert "linked_identities" not in inspect(app.engine).get_table_names()
    upgrade(app.engine)
    assert {"linked_identities", "link_codes"} <= set(inspect(app.engine).get_table_names())


def test_a_change_on_a_linked_platform_names_the_owners_network_and_its_identities(
        app: Application) -> None:
    """What redraws Slack's App Home after a /log in Telegram: the engine tells whose
    network changed, and which identities show it."""
    from coach.model import Identity

    heard: list[tuple[int, str, str]] = []
    app.coach.on_change(lambda *change: heard.append(change))
    slack = Identity("slack", "T1:U1", language_hint="en")
    telegram = Identity("telegram", "42", language_hint="en")
    app.coach.handle(slack, "/add Zora Quell close")
    owner = user(app, "slack", "T1:U1")
    assert heard == [(owner, "slack", "T1:U1")]
    with SqlUnitOfWork(app.sessions) as uow:
        uow.links.link("telegram", "42", owner, NOW)
        uow.commit()
    heard.clear()
    app.coach.handle(telegram, "/log Zora call 20m")
    assert heard == [(owner, "telegram", "42")]
    assert app.coach.identities_of(owner) == [("slack", "T1:U1"), ("telegram", "42")]
    # A refused command changed nothing, and nobody hears of it.
    heard.clear()
    app.coach.handle(telegram, "/log Nobody Known call 20m")
    assert heard == []
    assert app.coach.identities_of(owner + 1000) == []
