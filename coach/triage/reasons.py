"""Reason codes and how they read to the user, in the user's interface language.

English msgids are the source; German lives in ``coach/locales/de/triage.po``. A code
has a plain wording and, where the detail is worth showing, a wording with a
``{detail}`` placeholder that is filled after translation.
"""

from __future__ import annotations

from coach.i18n import translator
from coach.triage.results import Reason

# code -> (wording without detail, wording with {detail})
_WORDINGS: dict[str, tuple[str, str | None]] = {
    "known_sender": (
        "the sender is already your contact",
        "the sender is already your contact: {detail}",
    ),
    "referrer": (
        "someone in your network is named as the referrer",
        "{detail} is in your network and is named as the referrer",
    ),
    "referral": ("says someone referred them", "says they were referred by {detail}"),
    "met_before": ("says you have met before", None),
    "shared_event": ("names a shared event", "names a shared event: {detail}"),
    "shared_work": (
        "names a shared project or organisation",
        "names a shared project or organisation: {detail}",
    ),
    "specific_question": ("asks a concrete question", None),
    "booking_link": ("contains a booking link", "contains a booking link: {detail}"),
    "short_link": ("contains a shortened link", "contains a shortened link: {detail}"),
    "booking_request": (
        "asks you to book a call or meeting",
        "asks you to book a call or meeting: {detail}",
    ),
    "sales_offer": ("makes a sales offer", "makes a sales offer: {detail}"),
    "service_pitch": ("pitches a product or service", "pitches a product or service: {detail}"),
    "income_promise": ("promises income or returns", "promises income or returns: {detail}"),
    "guarantee": ("promises guaranteed results", "promises guaranteed results: {detail}"),
    "lead_generation": (
        "offers leads or client acquisition",
        "offers leads or client acquisition: {detail}",
    ),
    "mlm": ("looks like network marketing", "looks like network marketing: {detail}"),
    "crypto": (
        "promotes crypto or an investment scheme",
        "promotes crypto or an investment scheme: {detail}",
    ),
    "mass_message": ("reads like a mass message", "reads like a mass message: {detail}"),
    "prize_scam": (
        "looks like a prize or listing scam",
        "looks like a prize or listing scam: {detail}",
    ),
    "synergies": ("talks about synergies without saying which", None),
    "network_growth": ("wants to grow their network without a concrete reason", None),
    "generic_praise": ("generic praise without a concrete reason", None),
    "mutual_connections": ("points only to mutual connections", None),
    "connect_only": ("only asks to connect", None),
    "no_context": ("no shared context: no event, referral, project or question", None),
}

REASON_CODES: tuple[str, ...] = tuple(_WORDINGS)


def render_reason(reason: Reason, language: str) -> str:
    """Plain words in the user's interface language, e.g. 'names a shared event: Expo Real'.

    Unknown codes fall back to the code itself so a newer engine never crashes an
    older renderer.
    """
    wording = _WORDINGS.get(reason.code)
    if wording is None:
        return reason.code if reason.detail is None else f"{reason.code}: {reason.detail}"
    plain, detailed = wording
    _ = translator(language)._
    if reason.detail and detailed is not None:
        return _(detailed).format(detail=reason.detail)
    return _(plain)
