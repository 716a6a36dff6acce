"""The modals: opened from the App Home, submitted valid and invalid."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from adapters.bootstrap import Application as CoachApp
from coach.model import Contact, Profile
from storage.unit_of_work import SqlUnitOfWork
from tests.adapters.conftest import NOW
from tests.fakes.slack_api import FakeSlackAPI, SlackUser
from tests.fakes.slack_requests import SlackWorkspaceUser, texts

TODAY = NOW.date()


def stored(app: CoachApp, user: str = "T0001:U0AAA") -> tuple[Profile, list[Contact], int]:
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create("slack", user, language="en", timezone="UTC",
                                                now=NOW)
        contacts = list(uow.contacts.list(profile.id))
        return profile, contacts, uow.touchpoints.count(profile.id)


def text_value(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def option(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def contact_values(name: str = "Zora Quell", circle: str = "close", cadence: str = "",
                   birthday: str = "", company: str = "") -> dict[str, dict[str, Any]]:
    return {"name": {"name": text_value(name)}, "circle": {"circle": option(circle)},
            "cadence": {"cadence": text_value(cadence)},
            "birthday": {"birthday": text_value(birthday)},
            "company": {"company": text_value(company)}}


def log_values(contact: str | None, channel: str = "call", minutes: str = "",
               day: date | None = None, note: str = "") -> dict[str, dict[str, Any]]:
    selected = {"value": contact} if contact else None
    return {"contact": {"contact": {"type": "external_select", "selected_option": selected}},
            "channel": {"channel": option(channel)},
            "minutes": {"minutes": text_value(minutes)},
            "day": {"day": {"type": "datepicker",
                            "selected_date": (day or TODAY).isoformat()}},
            "note": {"note": text_value(note)}, "next_note": {"next_note": text_value("")}}


def test_the_home_button_opens_the_add_contact_modal(priya: SlackWorkspaceUser,
                                                     slack_api: FakeSlackAPI) -> None:
    response, _ = priya.tap("add", action_id="open.add", in_home=True)
    assert response.status_code == 200
    view = slack_api.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "form.contact"
    assert [b["block_id"] for b in view["blocks"]] == [
        "name", "circle", "cadence", "birthday", "company"]


def test_a_valid_contact_form_adds_the_contact_and_answers_in_the_dm(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    response = priya.submit("form.contact", contact_values(
        cadence="every 3 weeks", birthday="15.04.1976", company="Quell GmbH"))
    assert response.status_code == 200
    assert not response.content.strip()
    _, contacts, _ = stored(slack_coach)
    assert [(c.name, c.circle.value, c.cadence_days, c.birthday_month, c.company)
            for c in contacts] == [("Zora Quell", "close", 21, 4, "Quell GmbH")]
    answer = slack_api.wait_for("chat.postMessage")[0]
    assert "Zora Quell" in texts(answer.params)


def test_an_invalid_contact_form_shows_field_errors_and_writes_nothing(
        priya: SlackWorkspaceUser, slack_coach: CoachApp) -> None:
    response = priya.submit("form.contact", contact_values(
        cadence="every blue moon", birthday="31.02."))
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"cadence", "birthday"}
    assert "every blue moon" in answer["errors"]["cadence"]
    assert stored(slack_coach)[1] == []


def test_field_errors_come_in_the_users_language(
        slack_api: FakeSlackAPI, priya: SlackWorkspaceUser) -> None:
    slack_api.add_user(SlackUser("T0001", "U0DE", "Daniel Bauer", locale="de-DE"))
    daniel = SlackWorkspaceUser(priya.server, slack_api, user_id="U0DE")
    answer = daniel.submit("form.contact", contact_values(name="  ")).json()
    assert answer["errors"] == {"name": "Bitte fülle das aus."}


def test_editing_prefills_and_changes_the_contact(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    priya.submit("form.contact", contact_values(birthday="15.04."))
    contact = stored(slack_coach)[1][0]
    priya.tap(str(contact.id), action_id="open.edit.0", in_home=True)
    view = slack_api.wait_for("views.open")[0].params["view"]
    assert view["private_metadata"] == str(contact.id)
    name = view["blocks"][0]["element"]["initial_value"]
    assert name == "Zora Quell"
    priya.submit("form.contact", contact_values(name="Zora Quell-Berg", circle="wider",
                                                birthday="15.04."),
                 private_metadata=str(contact.id))
    (changed,) = stored(slack_coach)[1]
    assert (changed.name, changed.circle.value) == ("Zora Quell-Berg", "wider")


def test_the_log_form_searches_contacts_and_logs_a_touchpoint(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    priya.submit("form.contact", contact_values())
    priya.submit("form.contact", contact_values(name="Max Mustermann"))
    found = priya.interaction({
        "type": "block_suggestion", "action_id": "contact", "block_id": "contact",
        "value": "zor", "team": {"id": "T0001"}, "user": {"id": "U0AAA", "team_id": "T0001"},
        "view": {"id": "VMODAL", "callback_id": "form.log"}, "api_app_id": "A0001",
        "token": "legacy"}).json()
    assert [o["text"]["text"] for o in found["options"]] == ["Zora Quell"]
    contact_id = found["options"][0]["value"]
    response = priya.submit("form.log", log_values(contact_id, "meeting", "1h30m",
                                                   TODAY - timedelta(days=2), "lunch"))
    assert not response.content.strip()
    assert stored(slack_coach)[2] == 1
    slack_api.wait_for("chat.postMessage", where=lambda c: "Zora" in texts(c.params)
                       and "Logged" in texts(c.params))


def test_an_invalid_log_form_writes_nothing(priya: SlackWorkspaceUser,
                                            slack_coach: CoachApp) -> None:
    priya.submit("form.contact", contact_values())
    contact_id = str(stored(slack_coach)[1][0].id)
    answer = priya.submit("form.log", log_values(contact_id, minutes="forever",
                                                 day=TODAY + timedelta(days=3))).json()
    assert set(answer["errors"]) == {"minutes", "day"}
    foreign = priya.submit("form.log", log_values("99999")).json()
    assert set(foreign["errors"]) == {"contact"}
    assert stored(slack_coach)[2] == 0


def test_settings_form_validates_and_saves(priya: SlackWorkspaceUser,
                                           slack_coach: CoachApp) -> None:
    def values(zone: str, budget: str) -> dict[str, dict[str, Any]]:
        return {"language": {"language": option("de")},
                "timezone": {"timezone": text_value(zone)},
                "budget": {"budget": text_value(budget)},
                "nudge_time": {"nudge_time": {"type": "timepicker", "selected_time": "07:45"}},
                "positioning": {"positioning": text_value("Ich baue Wohnungen.")}}

    bad = priya.submit("form.settings", values("Xqzzy Nowhere", "a lot")).json()
    assert set(bad["errors"]) == {"timezone", "budget"}
    assert stored(slack_coach)[0].budget_minutes == 120
    assert not priya.submit("form.settings", values("München", "1h30m")).content.strip()
    profile = stored(slack_coach)[0]
    assert (profile.language, profile.timezone, profile.budget_minutes,
            profile.nudge_time.strftime("%H:%M")) == ("de", "Europe/Berlin", 90, "07:45")
