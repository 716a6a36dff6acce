"""Account linking over the in-memory storage: one network for Telegram and Slack."""

from __future__ import annotations

import re

from coach import linking
from coach.engine import Coach
from coach.model import Identity
from coach.replies import Reply
from tests.fakes.memory import FixedClock, MemoryDatabase

TELEGRAM = Identity("telegram", "4242", language_hint="en", timezone_hint="Europe/Berlin")
SLACK = Identity("slack", "T0001:U0AAA", language_hint="en", timezone_hint="Europe/Berlin")
GERMAN_SLACK = Identity("slack", "T0001:U0DE", language_hint="de")


def run(coach: Coach, who: Identity, command: str, args: str = "") -> Reply:
    """``/link`` or ``/unlink`` as the user sends it."""
    return coach.handle(who, f"/{command} {args}".strip())


def code_in(answer: Reply) -> str:
    found = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", answer.text)
    assert found, answer.text
    return found.group(1)


def test_a_code_typed_on_the_other_platform_shows_one_network(coach: Coach) -> None:
    coach.handle(TELEGRAM, "/add Zora Quell close")
    code = code_in(run(coach, TELEGRAM, "link"))
    answer = run(coach, SLACK, "link", code.lower())
    assert "Telegram" in answer.text
    assert "Zora Quell" in coach.handle(SLACK, "/contacts").text
    coach.handle(SLACK, "/add Max Mustermann")
    assert "Max Mustermann" in coach.handle(TELEGRAM, "/contacts").text


def test_unlink_separates_and_the_network_stays_with_the_code_issuer(coach: Coach) -> None:
    coach.handle(TELEGRAM, "/add Zora Quell close")
    run(coach, SLACK, "link", code_in(run(coach, TELEGRAM, "link")))
    answer = run(coach, SLACK, "unlink")
    assert "Telegram" in answer.text
    assert "Zora Quell" not in coach.handle(SLACK, "/contacts").text
    assert "Zora Quell" in coach.handle(TELEGRAM, "/contacts").text
    assert "Nothing is linked" in run(coach, TELEGRAM, "unlink").text


def test_a_code_works_once(coach: Coach) -> None:
    code = code_in(run(coach, TELEGRAM, "link"))
    run(coach, SLACK, "link", code)
    other = Identity("slack", "T0002:U0BBB")
    answer = run(coach, other, "link", code)
    assert "unknown or has expired" in answer.text
    assert "Zora" not in coach.handle(other, "/contacts").text


def test_an_expired_code_links_nothing(coach: Coach, clock: FixedClock,
                                       database: MemoryDatabase) -> None:
    code = code_in(run(coach, TELEGRAM, "link"))
    clock.advance(minutes=linking.CODE_MINUTES + 1)
    assert "expired" in run(coach, SLACK, "link", code).text
    assert not database.tables.links


def test_an_account_with_contacts_of_its_own_is_not_hidden_by_linking(
        coach: Coach, database: MemoryDatabase) -> None:
    coach.handle(SLACK, "/add Max Mustermann")
    code = code_in(run(coach, TELEGRAM, "link"))
    answer = run(coach, SLACK, "link", code)
    assert "contacts of its own" in answer.text
    assert "Max Mustermann" in coach.handle(SLACK, "/contacts").text
    assert not database.tables.links


def test_a_linked_account_cannot_be_linked_again_before_unlink(coach: Coach) -> None:
    run(coach, SLACK, "link", code_in(run(coach, TELEGRAM, "link")))
    third = Identity("telegram", "777")
    code = code_in(run(coach, third, "link"))
    assert "linked already" in run(coach, SLACK, "link", code).text


def test_a_wrong_code_answers_in_the_users_language(coach: Coach) -> None:
    answer = run(coach, GERMAN_SLACK, "link", "ABCD-EFGH")
    assert "Code" in answer.text
    assert "nichts geändert" in answer.text
