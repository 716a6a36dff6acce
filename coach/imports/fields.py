"""Field values as exports write them: birthdays, dates, profile URLs, e-mail addresses."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

# Apple writes this year for a birthday without one (with X-APPLE-OMIT-YEAR).
_NO_YEAR_MARKERS = {1604, 1900, 0}
_BIRTHDAY_PATTERNS = (
    # --04-15 and --0415 (vCard 3.0 and 4.0 without a year)
    (re.compile(r"^--(\d{2})-?(\d{2})$"), ("month", "day")),
    # 1976-04-15, 19760415, 1976-04-15T00:00:00Z
    (re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$"), ("year", "month", "day")),
    # 15.04.1976, 15.04.76 (German), 15.04. (no year)
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2,4})?$"), ("day", "month", "year")),
    # 4/15/1976 (US Outlook)
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})$"), ("month", "day", "year")),
)


def parse_birthday(text: str | None, *, omit_year: bool = False
                   ) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) from the usual export formats; never invents a year.

    Empty placeholders such as Outlook's ``0/0/00`` or ``00.00.0000`` give None.
    """
    if not text:
        return None
    value = text.strip()
    for pattern, order in _BIRTHDAY_PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        day, month = int(parts["day"]), int(parts["month"])
        year_text = parts.get("year")
        year = int(year_text) if year_text else None
        if year is not None and len(year_text or "") == 2:
            year += 1900 if year > date.today().year % 100 else 2000
        if year is not None and (omit_year or year in _NO_YEAR_MARKERS):
            year = None
        try:
            date(year or 2000, month, day)  # 2000 is a leap year: 29 February is fine
        except ValueError:
            return None
        if year is not None and not 1900 < year <= date.today().year:
            year = None
        return day, month, year
    return None


_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%d.%m.%Y",
                 "%m/%d/%Y", "%m/%d/%y")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    start=1)}
_LINKEDIN_DAY = re.compile(r"^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$")


def parse_day(text: str | None) -> date | None:
    """A calendar day as LinkedIn writes it ("15 Nov 2023") or in ISO and German forms."""
    if not text:
        return None
    value = " ".join(text.split())
    match = _LINKEDIN_DAY.match(value)
    month = _MONTHS.get(match.group(2).casefold()) if match else None
    if match and month:
        # LinkedIn's own form, read without strptime: it is most of a large import.
        try:
            return date(int(match.group(3)), month, int(match.group(1)))
        except ValueError:
            return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


@lru_cache(maxsize=65_536)
def _profile_key(url: str) -> str | None:
    """A profile URL reduced to what identifies the person: host and path, lower case.

    "https://www.linkedin.com/in/Anna-Schmidt/?trk=x" → "linkedin.com/in/anna-schmidt".
    """
    value = url.strip().casefold()
    value = value.partition("://")[2] if "://" in value else value
    value = value.split("?", 1)[0].split("#", 1)[0]
    host, slash, path = value.partition("/")
    host = host.rpartition("@")[2].split(":", 1)[0].removeprefix("www.")
    for prefix in ("de.", "en.", "m."):
        host = host.removeprefix(prefix)
    path = path.rstrip("/")
    if not host or not slash or not path:
        return None
    return f"{host}/{path}"


def profile_key(url: str | None) -> str | None:
    """A profile URL reduced to what identifies the person (cached: an import asks
    for each URL several times)."""
    return _profile_key(url) if url else None


def is_profile_url(url: str) -> bool:
    """A LinkedIn or XING profile, the kind of URL worth keeping on a contact."""
    key = profile_key(url) or ""
    return key.startswith(("linkedin.com/in/", "xing.com/profile/"))


EMAIL_LIMIT = 200  # the column's size
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_email(text: str | None) -> str | None:
    """The first plausible address of a field (Google joins several with ` ::: `)."""
    for part in first_values(text):
        candidate = part.strip().strip("<>").removeprefix("mailto:").strip()
        if len(candidate) <= EMAIL_LIMIT and _EMAIL.match(candidate):
            return candidate
    return None


def first_values(text: str | None) -> list[str]:
    if not text:
        return []
    if ":::" not in text:
        value = text.strip()
        return [value] if value else []
    return [part.strip() for part in text.split(":::") if part.strip()]


def first_value(text: str | None) -> str | None:
    """The first of Google's ` ::: `-joined values, or the value itself."""
    if not text:
        return None
    if ":::" not in text:
        return text.strip() or None
    values = first_values(text)
    return values[0] if values else None


def clip(text: str | None, limit: int) -> str | None:
    """A single-line value cut to the column's size; empty becomes None."""
    if text is None:
        return None
    value = " ".join(text.split())
    return value[:limit] or None
