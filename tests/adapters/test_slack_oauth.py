"""Installing into two workspaces through Bolt's OAuth flow, stores in the coach's database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from adapters.bootstrap import Application as CoachApp
from adapters.bootstrap import build
from adapters.chat import Unreachable
from adapters.slack.app import build_slack_app
from adapters.slack.sender import slack_sender
from coach.replies import reply
from tests.adapters.slack_fixtures import slack_settings
from tests.fakes.memory import FixedClock
from tests.fakes.slack_api import FakeSlackAPI, SlackUser, Workspace
from tests.fakes.slack_requests import SlackServer, SlackWorkspaceUser, texts
from tests.integration.conftest import postgres_url  # noqa: F401  (a fixture)

ACME = Workspace("T0001", "xoxb-acme", "UBOTACME", "BACME", name="Acme")
GLOBEX = Workspace("T0002", "xoxb-globex", "UBOTGLOBEX", "BGLOBEX", name="Globex")


@pytest.fixture
def two_teams() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI(workspaces=[ACME, GLOBEX]) as api:
        api.oauth_codes.update({"code-acme": ACME, "code-globex": GLOBEX})
        # The same user id in both teams: only the team tells them apart.
        api.add_user(SlackUser("T0001", "U0SAME", "Priya Raman"))
        api.add_user(SlackUser("T0002", "U0SAME", "Pat Doe", locale="en-GB"))
        yield api


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def oauth_coach(request: pytest.FixtureRequest, tmp_path: Any,
                slack_clock: FixedClock) -> Iterator[CoachApp]:
    """The coach, with the installation stores beside it, on SQLite and PostgreSQL."""
    url = (f"sqlite:///{tmp_path}/oauth.db" if request.param == "sqlite"
           else str(request.getfixturevalue("postgres_url")))
    app = build(url, clock=slack_clock)
    yield app
    app.close()


@pytest.fixture
def oauth_server(two_teams: FakeSlackAPI, oauth_coach: CoachApp) -> Iterator[SlackServer]:
    settings = slack_settings(two_teams, slack_bot_token=None, slack_client_id="111.222",
                              slack_client_secret="client-secret")
    app = build_slack_app(oauth_coach.coach, settings, database=oauth_coach.engine)
    with SlackServer(app) as server:
        yield server


def install(server: SlackServer, code: str) -> httpx.Response:
    """What a browser does: open the install page, follow Slack back with the code."""
    with httpx.Client(base_url=server.url, timeout=30, cookies=None) as browser:
        page = browser.get("/slack/install")
        assert page.status_code == 200
        state = browser.cookies.get("slack-app-oauth-state")
        assert state
        link = next(part for part in page.text.split('"') if "oauth/v2/authorize" in part)
        assert parse_qs(urlparse(link.replace("&amp;", "&")).query)["state"] == [state]
        # The cookie is marked Secure; a browser on https would send it back the same way.
        return browser.get("/slack/oauth_redirect", params={"code": code, "state": state},
                           headers={"Cookie": f"slack-app-oauth-state={state}"})


def test_two_workspaces_install_and_never_see_each_others_data(
        oauth_server: SlackServer, two_teams: FakeSlackAPI) -> None:
    assert install(oauth_server, "code-acme").status_code == 200
    assert install(oauth_server, "code-globex").status_code == 200
    acme = SlackWorkspaceUser(oauth_server, two_teams, user_id="U0SAME", team_id="T0001")
    globex = SlackWorkspaceUser(oauth_server, two_teams, user_id="U0SAME", team_id="T0002")
    acme.ask("add Zora Quell close")
    assert "Zora Quell" in texts(acme.ask("contacts")[0])
    assert "Zora Quell" not in texts(globex.ask("contacts")[0])
    # Each team's calls carried that team's own bot token, so users.info found the
    # right person behind the shared user id.
    lookups = {c.token: c.response["user"]["real_name"]
               for c in two_teams.calls_to("users.info") if c.ok}
    assert lookups == {"xoxb-acme": "Priya Raman", "xoxb-globex": "Pat Doe"}


def test_a_redirect_without_the_browsers_state_installs_nothing(
        oauth_server: SlackServer, two_teams: FakeSlackAPI) -> None:
    answer = httpx.get(oauth_server.url + "/slack/oauth_redirect",
                       params={"code": "code-acme", "state": "forged"}, timeout=30)
    assert answer.status_code >= 400
    assert not two_teams.calls_to("oauth.v2.access")
    stranger = SlackWorkspaceUser(oauth_server, two_teams, user_id="U0SAME", team_id="T0001")
    response, _ = stranger.command("contacts")
    # Bolt finds no installation for the team and tells Slack so.
    assert response.status_code == 200
    assert "installation" in response.text.lower() or not two_teams.calls_to("users.info")


async def test_nudges_use_each_teams_installed_token_and_a_removed_team_is_unreachable(
        oauth_server: SlackServer, two_teams: FakeSlackAPI, oauth_coach: CoachApp) -> None:
    install(oauth_server, "code-acme")
    install(oauth_server, "code-globex")
    settings = slack_settings(two_teams, slack_bot_token=None, slack_client_id="111.222",
                              slack_client_secret="client-secret")
    sender = slack_sender(settings, oauth_coach.engine)
    assert sender is not None
    await sender.send("slack", "T0002:U0SAME", reply("Call Zora"))
    (posted,) = two_teams.calls_to("chat.postMessage")
    assert posted.token == "xoxb-globex"
    with pytest.raises(Unreachable):
        await sender.send("slack", "T0999:U0SAME", reply("Call Zora"))
