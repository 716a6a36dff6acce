"""Two users talking to the same coach never see each other's contacts.

Random sequences of valid and garbled commands from both users run against one
coach; no reply (or export file) to one user may contain a contact name of the
other, and no command may raise.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.engine import Coach
from tests.fakes.memory import FixedClock, MemoryDatabase, MemoryUnitOfWorkFactory
from tests.unit.conftest import identity

# Each user's contacts come from their own pool; the pools share no word, and the
# random text below cannot spell any of them (no q, x, y, z or capital B).
POOLS = {
    "alice": ("Quentin Xylander", "Yvonne Zyxel", "Quirin Yazbek", "Xaver Quaye"),
    "bob": ("Bernd Müller", "Berta Lang", "Birgit Ost", "Bodo Hahn"),
}
FORBIDDEN = {user: {word for name in names for word in name.split()}
             for user, names in POOLS.items()}
SAFE_TEXT = st.text(alphabet="abcdefghijklmnoprstuvw ACDEF0123456789:./-,äöüß€😀\u200b",
                    max_size=40)


def commands(user):
    name = st.sampled_from(POOLS[user])
    first = name.map(lambda full: full.split()[0])
    ref = st.one_of(name, first, SAFE_TEXT)
    return st.one_of(
        name.map(lambda n: f"/add {n}"),
        st.sampled_from(["/contacts", "/due", "/export", "/birthdays", "/plan"]),
        st.tuples(name, st.sampled_from(["close", "dormant", "every 3 weeks", "company Acme",
                                         "birthday 29.02."]))
        .map(lambda pair: f"/add {pair[0]} {pair[1]}"),
        st.tuples(ref, st.sampled_from(["call", "meeting 1h", "email yesterday",
                                        "Anruf 15 Min. gestern", "card", "2026-08-26",
                                        "call next: send the deck", ""]))
        .map(lambda pair: f"/log {pair[0]} {pair[1]}"),
        ref.map(lambda r: f"/contact {r}"),
        ref.map(lambda r: f"/contacts {r}"),
        st.tuples(st.sampled_from(["/edit", "/snooze", "/pause", "/resume", "/archive"]), ref,
                  st.sampled_from(["", "circle close", "every 2 months", "2 weeks",
                                   "name Neu Name"]))
        .map(lambda parts: " ".join(parts)),
        st.sampled_from(["/due", "/plan", "/week", "/birthdays", "/network", "/undo",
                         "/contacts", "/export", "/settings budget 90", "/start", "skip",
                         "yes", "no", "/forget", "/help", "/settings", "/settings language de",
                         "/settings timezone Tokyo"]),
        SAFE_TEXT,
        SAFE_TEXT.map(lambda text: "/" + text),
    )


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("alice"), commands("alice")),
        st.tuples(st.just("bob"), commands("bob")),
        st.tuples(st.just("clock"), st.integers(min_value=1, max_value=60).map(str)),
    ),
    min_size=4,
    max_size=40,
)


@settings(max_examples=50, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_replies_never_show_the_other_users_contacts(steps):
    clock = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    coach = Coach(MemoryUnitOfWorkFactory(MemoryDatabase()), clock)
    others = {"alice": FORBIDDEN["bob"], "bob": FORBIDDEN["alice"]}

    # Both users start with one contact each, then anything may happen.
    seed = [("alice", f"/add {POOLS['alice'][0]}"), ("bob", f"/add {POOLS['bob'][0]}")]
    for user, command in seed + steps:
        if user == "clock":
            clock.advance(days=int(command))
            continue
        reply = coach.handle(identity(user, tz="Europe/Berlin"), command)
        shown = reply.text + "".join(f.content.decode("utf-8") for f in reply.files)
        shown += "".join(b.label + b.value for b in reply.buttons)
        leaked = {word for word in others[user] if re.search(rf"\b{word}\b", shown)}
        assert not leaked, f"{user} saw {leaked} after {command!r}"
