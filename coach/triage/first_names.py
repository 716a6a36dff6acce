"""First names and the gender a German greeting needs, as a compact prebuilt table.

gender-guesser's dictionary (61,000 first names with their usage per country) became
a dictionary of about 20 MiB on the first forwarded request, and a bot process keeps
it. What the drafts ask of it is two answers per name, so ``first_names.tsv.gz``
stores just those (a :class:`coach.packed.PackedTable`, about 0.5 MB unpacked): "m"
or "f" where the name is male or female (Germany's usage first, else the usage over
all countries), "-" where the name is known but neither tells.

``scripts/build-tables`` rebuilds the file from gender-guesser (needed only then);
tests/unit/test_triage_first_names.py checks the file against the library.
"""

from __future__ import annotations

from pathlib import Path

from coach.packed import PackedTable, pack

TABLE_PATH = Path(__file__).with_name("first_names.tsv.gz")
_TABLE = PackedTable(TABLE_PATH)
_GENDERS = {"m": "male", "f": "female"}


def _answer(detector: object, name: str) -> str:
    get_gender = getattr(detector, "get_gender")  # noqa: B009 - untyped library
    gender = get_gender(name, "germany")
    if gender not in ("male", "female"):
        gender = get_gender(name)
    return {"male": "m", "female": "f"}.get(gender, "-")


def build_table() -> bytes:
    """The packed file's content, from gender-guesser's dictionary."""
    import gender_guesser.detector as gender_detector

    detector = gender_detector.Detector(case_sensitive=False)
    return pack((name, _answer(detector, name)) for name in detector.names)


def lookup(name: str) -> tuple[bool, str | None]:
    """Whether the dictionary knows ``name`` (any case), and its gender if it tells."""
    found = _TABLE.get(name.lower())
    return found is not None, _GENDERS.get(found or "")
