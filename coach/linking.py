"""/link and /unlink: one network for a person who uses several platforms.

``/link`` on one platform gives a one-time code; ``/link CODE`` on the other joins
that identity to the first one's network, so Telegram and Slack show the same
contacts, plan and nudges. The code is random, stored only as a hash and valid for
:data:`CODE_MINUTES` minutes. The identity that types the code gives up its own,
empty profile; one that already has contacts is refused, because linking would hide
them. ``/unlink`` separates every linked identity again: the network stays with the
identity that issued the code, the others start afresh.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from coach.i18n import N_
from coach.replies import MessageBuilder, Reply, reply
from coach.turn import Turn

CODE_MINUTES = 15
# No 0/O, 1/I/L: the code is read on one screen and typed on another.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

PLATFORM_NAMES = {"telegram": "Telegram", "slack": "Slack", "terminal": N_("the terminal")}


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def code_hash(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(cleaned.encode("ascii", errors="ignore")).hexdigest()


def platform_name(turn: Turn, platform: str) -> str:
    name = PLATFORM_NAMES.get(platform, platform)
    return turn.t._(name) if platform == "terminal" else name


def link(turn: Turn, args: str) -> Reply:
    t = turn.t
    if not args.strip():
        code = new_code()
        turn.uow.links.issue_code(turn.user_id, code_hash(code), turn.now,
                                  turn.now + timedelta(minutes=CODE_MINUTES))
        out = MessageBuilder()
        out.paragraph(t._("Your linking code is valid for {minutes} minutes. Send it on the "
                          "other platform as below; both then show this network.").format(
            minutes=CODE_MINUTES))
        # Drafts keep their spelling: each shows the other platform's own syntax.
        for platform, command in (("telegram", f"/link {shown(code)}"),
                                  ("slack", f"/coach link {shown(code)}")):
            if platform != turn.platform:
                out.draft(command, t._("In {platform}").format(
                    platform=platform_name(turn, platform)))
        return out.build()
    if turn.uow.links.linked(turn.user_id):
        raise turn.refuse(t._("This account is linked already. Send /unlink first if you "
                              "want to link it differently. Nothing was changed."))
    owner = turn.uow.links.redeem_code(code_hash(args), turn.now)
    if owner is None:
        raise turn.refuse(t._("That code is unknown or has expired. Send /link on the other "
                              "platform for a new one. Nothing was changed."))
    if owner == turn.user_id:
        raise turn.refuse(t._("That code belongs to this account; type it on the other "
                              "platform. Nothing was changed."))
    if turn.uow.contacts.count(turn.user_id) > 0:
        raise turn.refuse(t._("This account has contacts of its own, and linking would hide "
                              "them. Send /link here and type the code on the other "
                              "platform instead. Nothing was changed."))
    target = turn.uow.profiles.get(owner)
    if target is None:
        raise turn.refuse(t._("That code is unknown or has expired. Send /link on the other "
                              "platform for a new one. Nothing was changed."))
    turn.uow.links.link(turn.profile.platform, turn.profile.external_id, owner, turn.now)
    turn.uow.profiles.delete(turn.user_id)
    return reply(t._("Linked. Here you now see the same network as in {platform}. /unlink "
                     "separates them again.").format(
        platform=platform_name(turn, target.platform)))


def unlink(turn: Turn, args: str) -> Reply:
    t = turn.t
    removed = turn.uow.links.unlink_all(turn.user_id)
    if not removed:
        return reply(t._("Nothing is linked to this account."))
    return reply(t._("Separated. The network stays with {platform}; the other account starts "
                     "empty.").format(platform=platform_name(turn, turn.profile.platform)))
