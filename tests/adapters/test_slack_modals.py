"""The modals: opened from the App Home, submitted valid and invalid."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from adapters.bootstrap import Application as CoachApp
from coach.model import Channel, Contact, NudgeDays, Profile
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


def no_option() -> dict[str, Any]:
    return {"type": "static_select", "selected_option": None}


def contact_values(name: str = "Zora Quell", circle: str = "close", cadence: str = "",
                   birthday: str = "", company: str = "",
                   channel: str | None = None) -> dict[str, dict[str, Any]]:
    """The modal's state; ``birthday`` as ``15.04.`` or ``15.04.1976`` picks day and month
    from their lists and types the year."""
    day, month, year = ([*birthday.split("."), "", "", ""])[:3] if birthday else ("", "", "")
    return {"name": {"name": text_value(name)}, "circle": {"circle": option(circle)},
            "cadence": {"cadence": text_value(cadence)},
            "birthday_day": {"birthday_day": option(str(int(day))) if day else no_option()},
            "birthday_month": {"birthday_month": option(str(int(month))) if month
                               else no_option()},
            "birthday_year": {"birthday_year": {"type": "number_input",
                                                "value": year or None}},
            "company": {"company": text_value(company)},
            "usual_channel": {"usual_channel": option(channel) if channel else no_option()}}


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
        "name", "circle", "cadence", "birthday_day", "birthday_month", "birthday_year",
        "company", "usual_channel"]
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert [o["text"]["text"] for o in blocks["birthday_month"]["options"]][1:4] == [
        "January", "February", "March"]
    assert len(blocks["birthday_day"]["options"]) == 32
    assert blocks["birthday_year"]["type"] == "number_input"
    assert blocks["birthday_year"]["max_value"] == str(TODAY.year)
    assert [o["value"] for o in blocks["usual_channel"]["options"]] == [
        "call", "meeting", "email", "message"]


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
    assert set(answer["errors"]) == {"cadence", "birthday_day"}
    assert "every blue moon" in answer["errors"]["cadence"]
    assert answer["errors"]["birthday_day"] == "February has no day 31."
    year_only = priya.submit("form.contact", {**contact_values(), "birthday_year": {
        "birthday_year": {"type": "number_input", "value": "1976"}}}).json()
    assert set(year_only["errors"]) == {"birthday_year"}
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
                                                birthday="15.04.1976", channel="meeting"),
                 private_metadata=str(contact.id))
    (changed,) = stored(slack_coach)[1]
    assert (changed.name, changed.circle.value, changed.birthday_year,
            changed.last_channel) == ("Zora Quell-Berg", "wider", 1976, Channel.MEETING)
    priya.tap(str(contact.id), action_id="open.edit.0", in_home=True)
    view = slack_api.wait_for("views.open", 2)[1].params["view"]
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert blocks["birthday_day"]["initial_option"]["value"] == "15"
    assert blocks["birthday_month"]["initial_option"]["text"]["text"] == "April"
    assert blocks["birthday_year"]["initial_value"] == "1976"
    assert blocks["usual_channel"]["initial_option"]["value"] == "meeting"
    # "–" in day and month removes the birthday.
    unknown = {"type": "static_select", "selected_option": {"value": "none"}}
    priya.submit("form.contact", {**contact_values(name="Zora Quell-Berg", circle="wider"),
                                  "birthday_day": {"birthday_day": unknown},
                                  "birthday_month": {"birthday_month": unknown}},
                 private_metadata=str(contact.id))
    (changed,) = stored(slack_coach)[1]
    assert (changed.birthday_day, changed.birthday_month, changed.last_channel) == (
        None, None, Channel.MEETING)


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


def settings_values(zone: str = "München", budget: str = "1h30m", nudge_time: str = "07:45",
                    nudge_days: str = "daily", **cadences: str) -> dict[str, dict[str, Any]]:
    values = {"language": {"language": option("de")},
              "timezone": {"timezone": text_value(zone)},
              "budget": {"budget": text_value(budget)},
              "nudge_time": {"nudge_time": {"type": "timepicker", "selected_time": nudge_time}},
              "nudge_days": {"nudge_days": option(nudge_days)},
              "positioning": {"positioning": text_value("Ich baue Wohnungen.")}}
    for circle in ("close", "active", "wider", "dormant"):
        field = f"cadence_{circle}"
        values[field] = {field: text_value(cadences.get(circle, ""))}
    return values


def test_the_settings_modal_shows_every_setting(priya: SlackWorkspaceUser,
                                                 slack_api: FakeSlackAPI) -> None:
    priya.ask("settings cadence close 3 weeks")
    priya.tap("settings", action_id="open.settings", in_home=True)
    view = slack_api.wait_for("views.open")[0].params["view"]
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert list(blocks) == ["language", "timezone", "budget", "nudge_time", "nudge_days",
                            "cadence_close", "cadence_active", "cadence_wider",
                            "cadence_dormant", "positioning"]
    assert blocks["nudge_time"] == {"type": "timepicker", "action_id": "nudge_time",
                                    "initial_time": "08:30"}
    assert blocks["nudge_days"]["initial_option"]["value"] == "weekdays"
    assert blocks["cadence_close"]["initial_value"] == "every 3 weeks"
    assert "initial_value" not in blocks["cadence_wider"]
    hints = {b["block_id"]: b.get("hint", {}).get("text", "") for b in view["blocks"]}
    assert "every 180 days" in hints["cadence_wider"]


def test_settings_form_validates_and_saves(priya: SlackWorkspaceUser,
                                           slack_coach: CoachApp) -> None:
    bad = priya.submit("form.settings", settings_values(
        "Xqzzy Nowhere", "a lot", nudge_days="hourly", close="every blue moon")).json()
    assert set(bad["errors"]) == {"timezone", "budget", "nudge_days", "cadence_close"}
    before = stored(slack_coach)[0]
    assert (before.budget_minutes, before.nudge_days, before.cadences) == (
        120, NudgeDays.WEEKDAYS, {})
    assert not priya.submit("form.settings", settings_values(
        close="every 3 weeks", dormant="2 years")).content.strip()
    profile = stored(slack_coach)[0]
    assert (profile.language, profile.timezone, profile.budget_minutes,
            profile.nudge_time.strftime("%H:%M"), profile.nudge_days, profile.cadences) == (
        "de", "Europe/Berlin", 90, "07:45", NudgeDays.DAILY, {"close": 21, "dormant": 730})
