"""A small fictional network to look around in, seeded through the coach's own commands.

The network is written in the language of the person who opens it: a German user
sees German notes, German "met at" texts and a German positioning.
"""

from __future__ import annotations

from datetime import date, timedelta


def demo_script(today: date, language: str) -> list[str]:
    """Commands that build the demo network, with dates relative to ``today``."""

    def ago(days: int) -> str:
        return (today - timedelta(days=days)).isoformat()

    birthday = (today + timedelta(days=3)).strftime("%d.%m.")
    german = language == "de"
    text = _GERMAN if german else _ENGLISH
    return [
        "/settings budget 120",
        "/settings nudge off",
        f"/settings positioning {text['positioning']}",
        f"/add Anna Schmidt active company Schmidt Immobilien met {text['expo']}",
        "/add Peter Lang close company Lang Architekten",
        f"/add Jörg Meier every 6 weeks company Meier Bau birthday {birthday}1976",
        "/add Claudia Hoffmann wider company Stadtwerke München",
        "/add Maria Lopez active company Lopez Data Centres",
        f"/add Thomas Becker dormant met {text['alumni']}",
        "/add Sabine Wolf close company Wolf & Partner",
        "/add Markus Braun active company Braun Projektsteuerung",
        f"/add Julia Neumann wider met {text['forum']}",
        "/add Stefan Koch active company Koch Notare",
        "/add Lena Fischer close",
        "/add David Weber dormant company Weber Capital",
        f"/log Anna Schmidt call 20m {ago(92)} {text['permit_talk']} "
        f"next: {text['permit_next']}",
        f"/log Peter Lang meeting 1h {ago(40)} {text['lunch']}",
        f"/log Jörg Meier call 15m {ago(50)}",
        f"/log Claudia Hoffmann email {ago(200)}",
        f"/log Maria Lopez call 30m {ago(20)} next: {text['brochure']}",
        f"/log Thomas Becker card {ago(400)}",
        f"/log Sabine Wolf meeting 1h {ago(10)} {text['coffee']}",
        f"/log Markus Braun email {ago(130)}",
        f"/log Lena Fischer call 20m {ago(35)}",
        f"/log David Weber message {ago(380)}",
        f"/log event 60m {text['evening']}",
    ]


_ENGLISH = {
    "positioning": "I develop residential projects in and around Munich.",
    "expo": "at Expo Real 2024",
    "alumni": "at the alumni dinner",
    "forum": "at the real-estate forum",
    "permit_talk": "talked about the Giesing permit",
    "permit_next": "ask about the Giesing permit",
    "lunch": "lunch near the site",
    "brochure": "send the data-centre brochure",
    "coffee": "coffee",
    "evening": "real-estate forum networking evening",
}

_GERMAN = {
    "positioning": "Ich entwickle Wohnprojekte in München und Umgebung.",
    "expo": "auf der Expo Real 2024",
    "alumni": "beim Alumni-Abendessen",
    "forum": "beim Immobilienforum",
    "permit_talk": "über die Baugenehmigung in Giesing gesprochen",
    "permit_next": "nach der Baugenehmigung in Giesing fragen",
    "lunch": "Mittagessen an der Baustelle",
    "brochure": "die Broschüre zum Rechenzentrum schicken",
    "coffee": "Kaffee",
    "evening": "Netzwerkabend beim Immobilienforum",
}
