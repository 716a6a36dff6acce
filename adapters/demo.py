"""A small fictional network for ``coach chat --demo``, seeded through the engine itself."""

from __future__ import annotations

from datetime import date, timedelta

from coach.engine import Coach
from coach.model import Identity
from coach.replies import Reply
from coach.turn import Turn


def demo_script(today: date) -> list[str]:
    """Commands that build the demo network, with dates relative to ``today``."""

    def ago(days: int) -> str:
        return (today - timedelta(days=days)).isoformat()

    birthday = today + timedelta(days=3)
    return [
        "/settings budget 120",
        "/settings positioning I develop residential projects in and around Munich.",
        "/add Anna Schmidt active company Schmidt Immobilien met at Expo Real 2024",
        "/add Peter Lang close company Lang Architekten",
        f"/add Jörg Meier every 6 weeks company Meier Bau birthday {birthday:%d.%m.}1976",
        "/add Claudia Hoffmann wider company Stadtwerke München",
        "/add Maria Lopez active company Lopez Data Centres",
        "/add Thomas Becker dormant met at the alumni dinner",
        "/add Sabine Wolf close company Wolf & Partner",
        "/add Markus Braun active company Braun Projektsteuerung",
        "/add Julia Neumann wider met at the Immobilienforum",
        "/add Stefan Koch active company Koch Notare",
        "/add Lena Fischer close",
        "/add David Weber dormant company Weber Capital",
        f"/log Anna Schmidt call 20m {ago(92)} talked about the Giesing permit "
        "next: ask about the Giesing permit",
        f"/log Peter Lang meeting 1h {ago(40)} lunch near the site",
        f"/log Jörg Meier call 15m {ago(50)}",
        f"/log Claudia Hoffmann email {ago(200)}",
        f"/log Maria Lopez call 30m {ago(20)} next: send the data-centre brochure",
        f"/log Thomas Becker card {ago(400)}",
        f"/log Sabine Wolf meeting 1h {ago(10)} coffee",
        f"/log Markus Braun email {ago(130)}",
        f"/log Lena Fischer call 20m {ago(35)}",
        f"/log David Weber message {ago(380)}",
        "/log event 60m Immobilienforum networking evening",
    ]


def seed_demo(coach: Coach, identity: Identity, today: date) -> None:
    """Fill an empty demo profile once; a profile with contacts is left as it is."""
    counted: list[int] = []

    def count(turn: Turn) -> Reply:
        counted.append(turn.uow.contacts.count(turn.user_id))
        return Reply()

    coach.run_for(identity, count)
    if counted and counted[0] > 0:
        return
    for command in demo_script(today):
        coach.handle(identity, command)
