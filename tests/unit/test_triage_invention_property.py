"""Property: a draft never names a person, place or event the request did not.

Requests are generated from German and English phrasings with random capitalised
names, events and places; every capitalised word of every draft must come from the
request, the user's contacts, the user's profile or the fixed wording of the drafts.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.triage import KnownContact, triage
from coach.triage.drafts import OFFER_NAMES, PUBLICATIONS_DE, PUBLICATIONS_EN, TEMPLATES

WORD = re.compile(r"[^\W\d_][\w’'\-]*")
FIXED_WORDS = {
    word.lower()
    for text in (*TEMPLATES.values(), *PUBLICATIONS_DE.values(), *PUBLICATIONS_EN.values(),
                 *OFFER_NAMES.values())
    for word in WORD.findall(text)
}
USER_NAME = "Daniel Berger"
POSITIONING = ("Ich entwickle Wohnquartiere in München.", "I develop housing in Munich.")

PHRASINGS = (
    "Hallo Herr Berger, wir haben uns beim {event} in {place} kennengelernt. Beste Grüße, {person}",
    "Guten Tag, {person} hat mir empfohlen, mich zu melden. Hätten Sie am Dienstag Zeit?",
    "Sehr geehrter Herr Berger, Frau Dr. {last} von der {org} hat mich an Sie verwiesen.",
    "Hi Daniel, nice to have met you at the {event} in {place}. Lunch next week?\nBest, {first}",
    "Hello Daniel, {person} at {org} suggested I reach out about your {place} project.",
    "Hi Daniel, we ran the {event} bid together. Coffee on Friday?",
    "Hallo Daniel, ich bin jetzt bei der {org} in {place}! Wie geht es dir? LG {first}",
    "Dear Mr Berger, I read your article in {org}. Could I send you three questions by email?",
    "We help {org} get 50 leads a week. Book here: calendly.com/{first}",
    "Dear Friend, I am Barrister {person} in {place}, with an unclaimed fund of $9 million.",
    "Hi {first}! Love your profile, let's connect.",
)

capitalised = st.from_regex(r"[A-ZÄÖÜ][a-zäöüß]{2,9}", fullmatch=True)


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str | None, list[KnownContact]]:
    first, last, event, place, org = (draw(capitalised) for _ in range(5))
    template = draw(st.sampled_from(PHRASINGS))
    text = template.format(person=f"{first} {last}", first=first, last=last,
                           event=f"{event} Forum", place=place, org=f"{org} Bank")
    sender = draw(st.none() | st.builds(lambda a, b: f"{a} {b}", capitalised, capitalised))
    contacts = draw(st.lists(st.builds(lambda a, b: f"{a} {b}", capitalised, capitalised),
                             max_size=3))
    if draw(st.booleans()) and sender:
        contacts.append(sender)
    return text, sender, [KnownContact(n, name) for n, name in enumerate(contacts, 1)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=requests(), positioning=st.sampled_from(POSITIONING))
def test_drafts_name_nothing_that_is_not_in_the_request_contacts_or_profile(
    request: tuple[str, str | None, list[KnownContact]], positioning: str
) -> None:
    text, sender, contacts = request
    result = triage(text, sender_name=sender, contacts=contacts, positioning=positioning,
                    user_name=USER_NAME)
    allowed = set(FIXED_WORDS)
    for source in (text, sender or "", USER_NAME, positioning, *(c.name for c in contacts)):
        allowed.update(word.lower() for word in WORD.findall(source))
    for draft in result.drafts.values():
        for written in (draft.text, draft.short):
            invented = {word for word in WORD.findall(written)
                        if word[0].isupper() and word.lower() not in allowed}
            assert not invented, f"{invented} in {written!r}"
