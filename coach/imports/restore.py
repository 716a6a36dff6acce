"""This product's JSON export back into contacts, touchpoints, requests and settings.

The export holds every stored field, so reading it back restores a network in
another installation exactly: circles, cadences, history and decisions. Ids are the
old installation's; touchpoints and requests are re-linked through them. Contacts
that already exist (same e-mail, profile URL or name) take the file's values, and
history already present is not added twice, so restoring twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from types import UnionType
from typing import Any, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo

from coach.i18n import SUPPORTED_LANGUAGES
from coach.imports.merge import ContactIndex
from coach.imports.records import ImportRefused, Skipped
from coach.model import (
    Channel,
    Circle,
    Contact,
    ContactStatus,
    NudgeDays,
    Profile,
    RequestRecord,
    Touchpoint,
    Verdict,
)

PROFILE_SETTINGS = ("display_name", "language", "timezone", "budget_minutes", "positioning",
                    "nudge_time", "nudge_days", "slot_weekday", "slot_time", "cadences",
                    "onboarded")
_CONTACT_SKIP = {"id", "user_id", "due_day", "rank_factor"}
_DATETIMES = {"created_at", "last_touch_at", "at", "decided_at", "previous_touch_at"}
_DATES = {"snoozed_until"}
_TIMES = {"nudge_time", "slot_time"}
_ENUMS: dict[str, Any] = {"circle": Circle, "status": ContactStatus, "last_channel": Channel,
                          "channel": Channel, "verdict": Verdict, "decision": Verdict,
                          "nudge_days": NudgeDays, "previous_channel": Channel}


def _value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _DATETIMES:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("naive datetime")
        return moment
    if name in _DATES:
        return date.fromisoformat(value)
    if name in _TIMES:
        return time.fromisoformat(value)
    if name in _ENUMS:
        return _ENUMS[name](value)
    return value


# Column sizes (storage/tables.py); a genuine export never exceeds them.
_LIMITS: dict[type[Any], dict[str, int]] = {
    Contact: {"name": 200, "company": 200, "phone": 100, "email": 200, "handle": 200,
              "language": 5, "profile_url": 500},
    RequestRecord: {"sender_name": 200, "language": 5},
    Touchpoint: {},
}


def _accepted(cls: type[Any]) -> dict[str, tuple[type[Any], ...]]:
    """The classes each field accepts, from the dataclass's annotations."""
    accepted: dict[str, tuple[type[Any], ...]] = {}
    for name, hint in get_type_hints(cls).items():
        options = get_args(hint) if isinstance(hint, UnionType) else (hint,)
        accepted[name] = tuple(get_origin(o) or o for o in options)
    return accepted


_TYPES = {cls: _accepted(cls) for cls in (Contact, Touchpoint, RequestRecord)}


def _checked(item: Any) -> Any:
    """Refuse values of the wrong type or too long for their column (ValueError)."""
    accepted = _TYPES[type(item)]
    limits = _LIMITS.get(type(item), {})
    for f in fields(item):
        value = getattr(item, f.name)
        if float in accepted[f.name] and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)  # JSON writes 1.0 as 1
            setattr(item, f.name, value)
        if not isinstance(value, accepted[f.name]) or (
                isinstance(value, bool) and bool not in accepted[f.name]):
            raise ValueError(f"{f.name} has the wrong type")
        if isinstance(value, str) and (len(value) > limits.get(f.name, len(value))
                                       or "\x00" in value):
            raise ValueError(f"{f.name} cannot be stored")
    if isinstance(item, Contact):
        if item.birthday_month is not None or item.birthday_day is not None:
            date(item.birthday_year or 2000, item.birthday_month or 0, item.birthday_day or 0)
        if item.cadence_days is not None and not 0 < item.cadence_days <= 36_500:
            raise ValueError("cadence_days")
    if isinstance(item, Touchpoint) and not 0 <= item.minutes <= 24 * 60:
        raise ValueError("minutes")
    return item


def _build(cls: type[Any], data: dict[str, Any], skip: set[str], **given: Any) -> Any:
    known = {f.name for f in fields(cls)}
    values = {name: _value(name, value) for name, value in data.items()
              if name in known and name not in skip and name not in given}
    return _checked(cls(**values, **given))


def _check_settings(settings: dict[str, Any]) -> None:
    """Settings the coach can work with: a real time zone and language, sane numbers."""
    if "timezone" in settings:
        zone = settings["timezone"]
        if not isinstance(zone, str):
            raise ValueError("timezone")
        ZoneInfo(zone)  # raises for an unknown zone
    if "language" in settings and settings["language"] not in SUPPORTED_LANGUAGES:
        raise ValueError("language")
    for name in ("budget_minutes", "slot_weekday"):
        value = settings.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or value < 0):
            raise ValueError(name)
    if settings.get("slot_weekday") is not None and settings["slot_weekday"] > 6:
        raise ValueError("slot_weekday")
    cadences = settings.get("cadences", {})
    if not isinstance(cadences, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0
            for v in cadences.values()):
        raise ValueError("cadences")
    for name in ("display_name", "positioning"):
        if settings.get(name) is not None and (not isinstance(settings[name], str)
                                               or "\x00" in settings[name]):
            raise ValueError(name)
    if settings.get("onboarded") is not None and not isinstance(settings["onboarded"], bool):
        raise ValueError("onboarded")
    if settings.get("display_name") and len(settings["display_name"]) > 200:
        raise ValueError("display_name")


def _ref(value: Any) -> int | None:
    """An id from the file: an integer or nothing."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError("id")


@dataclass
class RestorePlan:
    settings: dict[str, Any] = field(default_factory=dict)
    new: list[tuple[int | None, Contact]] = field(default_factory=list)  # (old id, contact)
    updated: list[tuple[int | None, Contact]] = field(default_factory=list)
    unchanged: list[tuple[int | None, Contact]] = field(default_factory=list)
    touchpoints: list[tuple[int | None, Touchpoint]] = field(default_factory=list)
    requests: list[tuple[int | None, RequestRecord]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    known_history: int = 0


def _same(a: Contact, b: Contact) -> bool:
    hidden = {"id", "user_id", "due_day", "rank_factor"}
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(Contact)
               if f.name not in hidden)


def plan_restore(document: dict[str, Any], *, user_id: int, existing: list[Contact],
                 logged: set[tuple[int | None, datetime, Channel]],
                 requests: set[tuple[datetime | None, str]]) -> RestorePlan:
    """What restoring ``document`` would change; raises ImportRefused for bad values."""
    plan = RestorePlan()
    profile = document.get("profile", {})
    try:
        for name in PROFILE_SETTINGS:
            if name in profile:
                plan.settings[name] = _value(name, profile[name])
        _check_settings(plan.settings)
        index = ContactIndex(existing)
        current: dict[Any, int] = {}  # old id -> id of the existing contact it matched
        for number, data in enumerate(document.get("contacts", []), start=1):
            old_id = _ref(data.get("id"))
            contact = _build(Contact, data, _CONTACT_SKIP, user_id=user_id)
            if not isinstance(contact.name, str) or not contact.name.strip():
                plan.skipped.append(Skipped(number, "no_name"))
                continue
            match = index.find(email=contact.email, url=contact.profile_url, name=contact.name)
            if match is None:
                plan.new.append((old_id, contact))
                index.add(contact)
            elif match.id is None:
                plan.skipped.append(Skipped(number, "duplicate"))
            else:
                contact.id = match.id
                current[old_id] = match.id
                target = plan.unchanged if _same(contact, match) else plan.updated
                target.append((old_id, contact))
        for data in document.get("touchpoints", []):
            point = _build(Touchpoint, data, {"id", "user_id", "contact_id"}, user_id=user_id)
            old_contact = _ref(data.get("contact_id"))
            key = (current.get(old_contact) if old_contact is not None else None)
            if (old_contact is None or key is not None) and (
                    key, point.at, point.channel) in logged:
                plan.known_history += 1
                continue
            plan.touchpoints.append((old_contact, point))
        for data in document.get("requests", []):
            record = _build(RequestRecord, data, {"id", "user_id", "contact_id"},
                            user_id=user_id)
            if (record.created_at, record.text_excerpt) in requests:
                plan.known_history += 1
                continue
            plan.requests.append((_ref(data.get("contact_id")), record))
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise ImportRefused("broken_json", value=type(error).__name__) from None
    return plan


def apply_settings(profile: Profile, settings: dict[str, Any]) -> bool:
    changed = False
    for name, value in settings.items():
        if getattr(profile, name) != value:
            setattr(profile, name, value)
            changed = True
    return changed
