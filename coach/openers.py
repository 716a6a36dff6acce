"""Short, personal openers for getting back in touch, in the contact's language.

An opener never invents facts: it uses only the contact's name, the user's own
"next time" note and the time since the last contact. It addresses the contact as
the user does: "du" or "Sie" in German, "Hi" or "Dear" in English. The note is the
user's own shorthand ("ask about the permit", "nach dem Bauantrag fragen"), so it is
turned into a sentence where its form is clear and quoted after a colon otherwise.
"""

from __future__ import annotations

import re

from coach.i18n import Translator, translator
from coach.model import Circle, Contact, Formality, Profile
from coach.triage.sender import first_name_gender

# Notes that ask something: "ask about the permit" / "nach dem Bauantrag fragen" name a
# topic; "ask whether …" / "fragen, ob …" carry a clause.
_EN_ASK_ABOUT = re.compile(r"^ask\s+(?:(?:him|her|them)\s+)?about\s+(.+)$", re.IGNORECASE)
_EN_ASK_CLAUSE = re.compile(r"^ask\s+(?:(?:him|her|them)\s+)?((?:whether|if|how|what|when|"
                            r"where|why|who)\b.+)$", re.IGNORECASE)
_DE_ASK = re.compile(r"^(?:(?:ihn|sie|ihm|ihr)\s+)?((?:nach|wegen|zu|zum|zur|über)\s.+?)"
                     r"\s+fragen$", re.IGNORECASE)
_DE_ASK_CLAUSE = re.compile(r"^(?:(?:ihn|sie)\s+)?fragen,?\s+((?:ob|wie|was|wann|wo|warum|"
                            r"wer|welche\w*)\b.+)$", re.IGNORECASE)


def formality(contact: Contact) -> Formality:
    """The contact's own choice, else "du" for the close circle and "Sie" for the rest."""
    if contact.formality:
        return Formality(contact.formality)
    return Formality.INFORMAL if contact.circle is Circle.CLOSE else Formality.FORMAL


def salutation(t: Translator, contact: Contact, informal: bool) -> str:
    """ "Hi Anna," / "Dear Anna," / "Hallo Anna," / "Guten Tag Frau Schmidt,"."""
    first = contact.name.split()[0]
    if informal:
        return t._("Hi {first},").format(first=first)
    if t.language == "en":
        return t._("Dear {first},").format(first=first)
    # German business letters greet "Frau Schmidt" or "Herr Meier" when the first name
    # tells which, and use the full name when it does not.
    words = contact.name.split()
    gender = first_name_gender(words[0]) if len(words) > 1 else None
    if gender == "female":
        return t._("Hello Ms {last},").format(last=words[-1])
    if gender == "male":
        return t._("Hello Mr {last},").format(last=words[-1])
    return t._("Hello {name},").format(name=contact.name)


def sign_off(t: Translator, profile: Profile, informal: bool) -> list[str]:
    """The closing and the user's name: first name only between "du" contacts."""
    lines = [t._("Best,") if informal else t._("Best regards,")]
    if profile.display_name:
        lines.append(profile.display_name.split()[0] if informal else profile.display_name)
    return lines


def opener(contact: Contact, profile: Profile) -> str:
    """A few friendly lines the user can send as they are or adapt."""
    t = translator(contact.language or profile.language)
    informal = formality(contact) is Formality.INFORMAL
    lines = [salutation(t, contact, informal)]
    if contact.next_note:
        body = (t._("I have been meaning to get in touch for a while.") if informal
                else t._("I have been meaning to get in touch with you for some time."))
        lines.append(body + " " + _note_sentence(t, contact.next_note, informal))
    elif contact.last_touch_at is None:
        lines.append(t._("It's been a while since we were in touch, and I wanted to hear how "
                         "you're doing.") if informal else
                     t._("It has been a while since we were in touch, and I wanted to hear how "
                         "you are doing."))
    else:
        lines.append(t._("It's been a while since we last talked, and I wanted to hear how "
                         "you're doing.") if informal else
                     t._("It has been a while since we last spoke, and I wanted to hear how "
                         "you are doing."))
    lines.append(t._("Do you have 20 minutes for a call in the coming weeks?") if informal
                 else t._("Would you have 20 minutes for a call in the coming weeks?"))
    return "\n".join(lines + sign_off(t, profile, informal))


def _note_sentence(t: Translator, note: str, informal: bool) -> str:
    """The user's next-time note as a sentence of the draft."""
    text = " ".join(note.split()).rstrip(".!;:, ")
    if text.endswith("?"):
        question = text[0].upper() + text[1:]
        return (t._("There is one thing I wanted to ask you: {question}") if informal
                else t._("There is one thing I would like to ask you: {question}")).format(
            question=question)
    english = t.language == "en"
    topic = (_EN_ASK_ABOUT if english else _DE_ASK).match(text)
    if topic:
        # English: "about" is in the text; German: the note keeps its preposition
        # ("nach dem Bauantrag"), and "fragen" closes the sentence.
        return (t._("I also wanted to ask you about {topic}.") if informal
                else t._("I would also like to ask you about {topic}.")).format(
            topic=topic.group(1))
    clause = (_EN_ASK_CLAUSE if english else _DE_ASK_CLAUSE).match(text)
    if clause:
        return (t._("I also wanted to ask you {clause}.") if informal
                else t._("I would also like to ask you {clause}.")).format(
            clause=clause.group(1))
    return (t._("There is something I wanted to bring up: {note}.") if informal
            else t._("There is something I would like to raise: {note}.")).format(note=text)
