"""The packed first-name table answers as gender-guesser's detector did."""

from __future__ import annotations

import random
import tracemalloc

import gender_guesser.detector as gender_detector
import pytest

from coach.packed import PackedTable
from coach.triage import first_names
from coach.triage.sender import first_name_gender, is_first_name


@pytest.fixture(scope="module")
def detector() -> gender_detector.Detector:
    return gender_detector.Detector(case_sensitive=False)


def detector_gender(detector: gender_detector.Detector, first: str) -> str | None:
    """How the triage asked the library before the table (its previous code)."""
    name = first.split("-")[0].strip()
    if len(name) < 2:
        return None
    answer = detector.get_gender(name, "germany")
    if answer not in ("male", "female"):
        answer = detector.get_gender(name)
    return answer if answer in ("male", "female") else None


def detector_knows(detector: gender_detector.Detector, word: str) -> bool:
    name = word.split("-")[0].strip()
    if len(name) < 2 or not name[0].isupper():
        return False
    return bool(detector.get_gender(name) != "unknown")


def test_the_table_is_what_gender_guesser_gives() -> None:
    assert first_names.TABLE_PATH.read_bytes() == first_names.build_table(), \
        "coach/triage/first_names.tsv.gz is stale: run scripts/build-tables"


@pytest.mark.parametrize(("name", "gender"), [
    ("Klaus", "male"), ("Anna", "female"), ("Jörg", "male"), ("Andrea", "female"),
    ("Kim", None), ("Jean-Pierre", "male"), ("MARIA", "female"), ("Xyzzy", None), ("A", None),
])
def test_first_names_give_the_gender_a_german_greeting_uses(
        name: str, gender: str | None, detector: gender_detector.Detector) -> None:
    assert first_name_gender(name) == gender
    assert first_name_gender(name) == detector_gender(detector, name)


def test_the_table_and_the_library_agree_on_many_names(
        detector: gender_detector.Detector) -> None:
    names = sorted(detector.names)
    sample = [*random.Random(7).sample(names, 4000), names[0], names[-1]]
    for raw in sample:
        for written in (raw, raw.capitalize(), raw.upper()):
            assert first_name_gender(written) == detector_gender(detector, written), written
            assert is_first_name(written) == detector_knows(detector, written), written
    assert is_first_name("Tom")
    assert not is_first_name("tom")
    assert not is_first_name("Xyzzyq")


def test_looking_up_a_name_loads_a_small_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_names, "_TABLE", PackedTable(first_names.TABLE_PATH))
    tracemalloc.start()
    try:
        assert first_names.lookup("Klaus") == (True, "male")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # gender-guesser's detector held about 20 MiB.
    assert peak < 4 * 2**20
