"""Short, personal openers for getting back in touch, in the contact's language.

An opener never invents facts: it uses only the contact's name, the user's own
"next time" note and the time since the last contact.
"""

from __future__ import annotations

from coach.i18n import translator
from coach.model import Contact, Profile


def opener(contact: Contact, profile: Profile) -> str:
    """A few friendly lines the user can send as they are or adapt."""
    language = contact.language or profile.language
    t = translator(language)
    first = contact.name.split()[0]
    lines = [t._("Hello {first},").format(first=first)]
    if contact.next_note:
        lines.append(t._("I have been meaning to get back to you: {note}").format(
            note=contact.next_note))
    elif contact.last_touch_at is None:
        lines.append(t._("it has been a while since we were in touch, and I wanted to hear "
                         "how you are doing."))
    else:
        lines.append(t._("our last conversation is a while ago, and I wanted to hear how "
                         "you are doing."))
    lines.append(t._("Do you have 20 minutes for a call in the coming weeks?"))
    lines.append(t._("Best regards"))
    if profile.display_name:
        lines.append(profile.display_name)
    return "\n".join(lines)
