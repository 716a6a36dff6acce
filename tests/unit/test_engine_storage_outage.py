"""When the database cannot serve: a short, honest answer in the user's language."""

from __future__ import annotations

import pytest

from coach.ports import StorageUnavailable

OUTAGE = "I cannot reach my database right now. Please try again in a moment; nothing was changed."


def test_a_dropped_connection_is_retried_once_and_the_message_is_served(chat, database):
    database.fail(times=1)

    answer = chat.say("/add Anna Schmidt")

    assert answer.startswith("Added Anna Schmidt")
    assert chat.names() == ["Anna Schmidt"]


def test_an_outage_gets_try_again_in_a_moment_and_changes_nothing(chat, database):
    chat.say("/add Anna Schmidt")
    before = database.snapshot()
    database.fail(times=2)

    answer = chat.say("/log Anna call 20m")

    assert answer == OUTAGE
    assert database.snapshot() == before
    assert chat.say("/log Anna call 20m").startswith("Logged: call with Anna Schmidt")


def test_the_outage_answer_is_in_the_users_language(chat, database):
    database.fail(times=2)

    answer = chat.say("/due", language="de")

    assert answer == ("Ich erreiche meine Datenbank gerade nicht. Bitte versuch es gleich "
                      "noch einmal; nichts wurde geändert.")


def test_a_failed_commit_is_not_repeated_since_it_may_have_been_saved(chat, database):
    chat.say("/add Anna Schmidt")
    database.fail(at="commit")

    answer = chat.say("/log Anna call 20m")

    assert answer == OUTAGE
    assert database.outages == []
    assert chat.touchpoints() == []


@pytest.mark.parametrize("reason", [StorageUnavailable.FULL, StorageUnavailable.READ_ONLY])
def test_a_full_or_read_only_store_says_so_without_retrying(chat, database, reason):
    chat.say("/add Anna Schmidt")
    before = database.snapshot()
    database.fail(reason, times=3)

    answer = chat.say("/add Peter Lang")

    assert answer == ("I cannot save anything right now because my storage is full or "
                      "read-only. The operator has been told. Nothing was changed.")
    assert database.snapshot() == before
    assert len(database.outages) == 2


def test_no_room_for_the_kept_answer_still_answers_and_stores_the_command(chat, database):
    from tests.unit.conftest import identity

    chat.say("/add Anna Schmidt")
    database.fail(StorageUnavailable.FULL, at="keep_reply")

    answer = chat.coach.handle(identity(), "/log Anna call 20m", update_key="77")

    assert answer.text.startswith("Logged: call with Anna Schmidt")
    assert len(chat.touchpoints()) == 1
    # Nothing was kept, so a redelivery is skipped as before, not run again.
    assert chat.coach.handle(identity(), "/log Anna call 20m", update_key="77").text == ""
    assert len(chat.touchpoints()) == 1
