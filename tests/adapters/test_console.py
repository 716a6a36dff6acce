"""The terminal coach end to end: the installed ``coach`` command, fed through a pipe.

Each session runs the real console script in a subprocess on a SQLite file in a
temporary folder, with a home folder, language and time zone of its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.i18n import translator

COACH = Path(sys.executable).with_name("coach")


@dataclass(frozen=True)
class Session:
    returncode: int
    stdout: str
    stderr: str

    @property
    def replies(self) -> list[str]:
        """The answers, one per message (the console separates them by a blank line)."""
        return [part.strip() for part in self.stdout.split("\n\n") if part.strip()]


@dataclass
class Terminal:
    home: Path

    @property
    def database(self) -> Path:
        return self.home / "c.db"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.database}"

    def env(self, lang: str) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / "data"),
            "LANG": lang,
            "TZ": "Europe/Berlin",
            # The code under test, when it is not the installed one.
            **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
        }

    def run(self, *args: str, stdin: bytes = b"", lang: str = "en_US.UTF-8") -> Session:
        done = subprocess.run([str(COACH), *args], input=stdin, capture_output=True,
                              cwd=self.home, env=self.env(lang), timeout=120, check=False)
        return Session(done.returncode, done.stdout.decode("utf-8", "replace"),
                       done.stderr.decode("utf-8", "replace"))

    def chat(self, *lines: str, user: str = "demo", demo: bool = False,
             lang: str = "en_US.UTF-8") -> Session:
        args = ["chat", "--user", user, "--db", self.url, *(["--demo"] if demo else [])]
        session = self.run(*args, stdin="".join(f"{line}\n" for line in lines).encode(),
                           lang=lang)
        assert session.returncode == 0, session.stderr
        assert "Traceback" not in session.stdout + session.stderr
        return session

    def rows(self) -> dict[str, list[tuple[object, ...]]]:
        """Everything users own, to compare before and after.

        The open question is left out: a bare command opens one without changing data.
        """
        out = {}
        with contextlib.closing(sqlite3.connect(self.database)) as connection:
            for table in ("users", "contacts", "touchpoints", "requests"):
                cursor = connection.execute(f"SELECT * FROM {table} ORDER BY 1")
                names = [column[0] for column in cursor.description]
                out[table] = [tuple(v for n, v in zip(names, row, strict=True)
                                    if n != "pending") for row in cursor.fetchall()]
        return out


@pytest.fixture
def terminal(tmp_path: Path) -> Terminal:
    return Terminal(tmp_path)


def test_a_piped_session_answers_every_line_and_ends_cleanly(terminal: Terminal) -> None:
    session = terminal.chat("/add Anna Schmidt", "/due", "/log Anna call 20m", "/contacts")
    assert session.stderr == ""
    added, due, logged, contacts = session.replies
    assert added.startswith("Added Anna Schmidt (active, every 90 days). First due on")
    assert due.startswith("Nobody is due yet. With 1 contact your network has only just started")
    assert logged.startswith("Logged: call with Anna Schmidt, 20 min, on ")
    assert contacts == "1 contact:\n• Anna Schmidt · active"


def test_blank_lines_get_no_answer(terminal: Terminal) -> None:
    session = terminal.chat("", "   ", "/add Anna Schmidt", "")
    assert len(session.replies) == 1


def test_what_one_session_stores_the_next_one_finds(terminal: Terminal) -> None:
    terminal.chat("/add Anna Schmidt close", "/log Anna call 2026-01-05")
    session = terminal.chat("/contact Anna", "/undo", "/undo")
    *card_parts, undone, nothing = session.replies
    card = "\n\n".join(card_parts)  # the card has a blank line before the history
    assert card.startswith("Anna Schmidt\nCircle: close, every 30 days")
    assert "Recent touchpoints:" in card
    assert undone.startswith("Taken back: call with Anna Schmidt")
    assert nothing == "There is nothing to undo."


def test_two_profile_names_keep_separate_networks(terminal: Terminal) -> None:
    terminal.chat("/add Anna Schmidt", user="work")
    terminal.chat("/add Peter Lang", user="home")
    assert terminal.chat("/contacts", user="work").replies == [
        "1 contact:\n• Anna Schmidt · active"]
    assert terminal.chat("/contacts", user="home").replies == [
        "1 contact:\n• Peter Lang · active"]
    assert terminal.chat("/log Peter call", user="work").replies[0].startswith(
        "I don't know “Peter” yet.")


def test_the_demo_shows_who_is_due_a_plan_the_week_and_a_birthday(
        terminal: Terminal) -> None:
    session = terminal.chat("/due", "/plan", "/week", "/birthdays", demo=True)
    greeting, due, plan, week, birthdays = session.replies
    assert greeting.startswith("This is a demo profile")
    assert "contacts are due:" in due.splitlines()[0]
    assert "Anna Schmidt" in due
    assert "Next time: ask about the Giesing permit" in due
    assert plan.startswith("Your plan for this week (") or plan.startswith(
        "This week's budget of 2 h is used up")
    assert week.startswith("Week of ")
    assert " of 2 h" in week.splitlines()[0]
    assert "streak" in week.casefold()
    assert birthdays.startswith("Birthdays in the next 30 days:")
    assert "Jörg Meier (turns " in birthdays


def test_the_demo_is_seeded_once_and_kept_apart_from_the_real_profile(
        terminal: Terminal) -> None:
    terminal.chat("/contacts", demo=True)
    demo = terminal.chat("/contacts", demo=True).replies[1]
    assert demo.startswith("12 contacts:")
    assert terminal.chat("/contacts").replies == [
        "You have no contacts yet. Add one with /add Anna Schmidt."]


def test_a_german_session_is_answered_in_german(terminal: Terminal) -> None:
    session = terminal.chat("/settings language de", "/neu Anna Schmidt", "/fällig",
                            "/hilfe", lang="de_DE.UTF-8")
    switched, added, due, _help = session.replies
    german = translator("de")
    assert switched == german._("From now on I write in English.")
    assert "Deutsch" in switched
    assert added.startswith("Anna Schmidt")
    assert not added.startswith("Added")
    assert due.startswith("Noch ist niemand fällig. Mit 1 Kontakt")


def test_a_german_machine_gets_german_dates(terminal: Terminal) -> None:
    added = terminal.chat("/add Anna Schmidt", lang="de_DE.UTF-8").replies[0]
    first_due = added.rsplit(" ", 1)[-1]
    day, month, year = first_due.rstrip(".").split(".")
    assert (len(day), len(month), len(year)) == (2, 2, 4)


JUNK = [
    "/frobnicate now",
    "/log",
    "/log Nobody call",
    "/contact",
    "/add",
    "/settings timezone Xqzzyville",
    "/snooze",
    "hello there",
    "/" + "x" * 30_000,
    "/add " + "Anna " * 6_000,
    "x" * 30_000,
]


def test_bad_input_never_crashes_and_changes_nothing(terminal: Terminal) -> None:
    terminal.chat("/add Anna Schmidt close", "/log Anna call 2026-01-05")
    before = terminal.rows()
    session = terminal.chat(*JUNK)
    assert len(session.replies) == len(JUNK)
    assert not any(r.startswith("Sorry") for r in session.replies)
    assert terminal.rows() == before


def test_a_30000_character_note_is_refused(terminal: Terminal) -> None:
    terminal.chat("/add Anna Schmidt close")
    before = terminal.rows()
    answer = terminal.chat("/log Anna call " + "blah " * 6_000).replies[0]
    assert "too long" in answer
    assert terminal.rows() == before


def test_binary_junk_never_crashes_and_changes_nothing(terminal: Terminal) -> None:
    terminal.chat("/add Anna Schmidt close")
    before = terminal.rows()
    junk = (b"\x00\x01\x02\xff\xfe\xfd\n"
            b"\x1b[A\x1b[B\x7f\x08\n"
            b"/\xff\xfe\x00\n"
            b"/log \xff\xfe\n"
            b"/log No\x00body call\n"
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n"
            + bytes(range(256)).replace(b"\n", b"") + b"\n")
    session = terminal.run("chat", "--user", "demo", "--db", terminal.url, stdin=junk)
    assert session.returncode == 0
    assert "Traceback" not in session.stdout + session.stderr
    assert "Sorry" not in session.stdout
    assert terminal.rows() == before


def test_a_command_with_undecodable_bytes_is_handled_like_any_other(
        terminal: Terminal) -> None:
    session = terminal.run("chat", "--user", "demo", "--db", terminal.url,
                           stdin=b"/add J\xf6rg M\xc3\xa4ier\n/contacts\n")
    assert session.returncode == 0
    assert "Traceback" not in session.stdout + session.stderr
    added, contacts = session.replies
    assert added.startswith("Added J\ufffdrg Mäier")
    assert contacts == "1 contact:\n• J\ufffdrg Mäier · active"


def test_export_writes_a_json_file_with_the_contacts_into_the_working_folder(
        terminal: Terminal) -> None:
    session = terminal.chat("/add Anna Schmidt close company Schmidt Immobilien",
                            "/add Jörg Meier", "/log Anna call 30m", "/export")
    answer = session.replies[-1]
    assert answer.startswith("Here is all your data: 2 contacts, 1 touchpoint, 0 requests.")
    files = list(terminal.home.glob("networking-coach-*.json"))
    assert len(files) == 1
    assert str(files[0]) in answer
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    document = json.loads(files[0].read_text(encoding="utf-8"))
    assert document["format"] == "networking-coach-export"
    contacts = {c["name"]: c for c in document["contacts"]}
    assert set(contacts) == {"Anna Schmidt", "Jörg Meier"}
    assert contacts["Anna Schmidt"]["company"] == "Schmidt Immobilien"
    assert contacts["Anna Schmidt"]["circle"] == "close"
    assert [p["minutes"] for p in document["touchpoints"]] == [30]


def test_db_upgrade_can_run_twice(terminal: Terminal) -> None:
    for _ in range(2):
        session = terminal.run("db", "upgrade", "--db", terminal.url)
        assert session.returncode == 0, session.stderr
        assert session.stdout.strip() == "Database is up to date."
        assert "Traceback" not in session.stderr
    assert terminal.chat("/add Anna Schmidt").replies[0].startswith("Added Anna Schmidt")


def test_without_db_the_data_goes_into_the_users_data_folder(terminal: Terminal) -> None:
    session = terminal.run("chat", "--user", "demo", stdin=b"/add Anna Schmidt\n")
    assert session.returncode == 0, session.stderr
    [database] = (terminal.home / "data").rglob("coach.db")
    # Other people's names and notes: the folder and every database file owner-only.
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    files = [database, *database.parent.glob("coach.db-*")]
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}


def test_the_terminal_keeps_joiners_and_drops_bidi_overrides(terminal: Terminal) -> None:
    session = terminal.chat("/add Sara Rad\u200cmehr", "/add Team \U0001F469\u200d\U0001F4BB Lab",
                            "/add Mal\u202elory\x07 Evil", "/contacts")

    listing = session.replies[-1]
    assert "• Sara Rad\u200cmehr · active" in listing
    assert "• Team \U0001F469\u200d\U0001F4BB Lab · active" in listing
    assert "• Mallory Evil · active" in listing


EXPO_REQUEST = (
    "From: Markus Weber",
    "Hallo Herr Vogel, wir haben uns letzte Woche auf der Expo Real in München am Stand "
    "von Bauwerk kurz unterhalten.",
    "Hätten Sie nächste Woche 20 Minuten für ein Telefonat?",
)


def _requests(terminal: Terminal) -> list[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(terminal.database)) as connection:
        return list(connection.execute("SELECT sender_name, text_excerpt FROM requests"))


def test_a_request_pasted_over_several_lines_after_reply_is_judged_whole(
        terminal: Terminal) -> None:
    session = terminal.chat(f"/reply {EXPO_REQUEST[0]}", *EXPO_REQUEST[1:], "", "/due")
    assert session.stdout.count("My advice:") == 1
    assert "From: Markus Weber" in session.stdout
    assert "Expo Real" in session.stdout.split("Reply:")[1]
    assert "I understand commands such as" not in session.stdout
    assert session.replies[-1].startswith("Your network is still empty")  # next command
    [(sender, text)] = _requests(terminal)
    assert sender == "Markus Weber"
    assert "Expo Real" in text
    assert "Telefonat" in text


def test_a_bare_anfrage_takes_the_lines_that_follow_it_up_to_the_next_command(
        terminal: Terminal) -> None:
    session = terminal.chat("/anfrage", *EXPO_REQUEST, "/fällig")
    assert session.stdout.count("My advice:") == 1
    assert "Paste or forward the request now" not in session.stdout
    [(sender, text)] = _requests(terminal)
    assert sender == "Markus Weber"
    assert text.endswith("Telefonat?")
    assert session.replies[-1].startswith("Your network is still empty")


def test_a_missing_import_file_is_named_in_the_users_language(terminal: Terminal) -> None:
    session = terminal.chat("/settings language de", "/importieren /nowhere/contacts.csv")
    assert session.replies[-1] == ("Unter /nowhere/contacts.csv gibt es keine Datei. "
                                   "Es wurde nichts importiert.")
