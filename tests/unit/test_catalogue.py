"""The German catalogue covers every text in the code and keeps its placeholders."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from coach.i18n import translator

COACH_DIR = Path(__file__).parents[2] / "coach"
GERMAN_DIR = COACH_DIR / "locales" / "de"
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}

MessageId = str | tuple[str, ...]


def _key(message_id: str | tuple[str, ...] | list[str]) -> MessageId:
    return message_id if isinstance(message_id, str) else tuple(message_id)


@cache
def source_ids() -> tuple[MessageId, ...]:
    """Every msgid marked in the code, plurals as (singular, plural), in order of appearance."""
    found: dict[MessageId, None] = {}
    for _filename, _line, message, _comments, _context in extract_from_dir(
        COACH_DIR, keywords=KEYWORDS
    ):
        found.setdefault(_key(message), None)
    return tuple(found)


@cache
def german_messages() -> dict[MessageId, Message]:
    """All entries of all German .po files, as the runtime merges them."""
    messages: dict[MessageId, Message] = {}
    for po_path in sorted(GERMAN_DIR.glob("*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale="de")
        for message in catalog:
            if message.id:
                messages.setdefault(_key(message.id), message)
    return messages


def forms(text: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if text is None:
        return ("",)
    return (text,) if isinstance(text, str) else tuple(text)


def placeholders(text: str) -> set[str]:
    return {field for _literal, field, _spec, _conversion in Formatter().parse(text)
            if field is not None}


def test_the_code_marks_texts_for_the_catalogue() -> None:
    assert "Call {name}" in source_ids()


def test_every_text_in_the_code_has_a_german_translation() -> None:
    german = german_messages()
    missing = [
        message_id
        for message_id in source_ids()
        if message_id not in german
        or german[message_id].fuzzy
        or not all(form.strip() for form in forms(german[message_id].string))
    ]
    assert not missing, "No German translation for:\n" + "\n".join(map(repr, missing))


def test_every_translation_keeps_the_placeholders_of_its_msgid() -> None:
    mismatches = []
    for message_id, message in german_messages().items():
        sources = forms(message_id)
        for index, translated in enumerate(forms(message.string)):
            if not translated:
                continue
            # German has two plural forms like English: form 0 follows the singular.
            source = sources[min(index, len(sources) - 1)]
            if placeholders(translated) != placeholders(source):
                mismatches.append(f"{source!r} -> {translated!r}")
    assert not mismatches, "Placeholders differ:\n" + "\n".join(mismatches)


def test_the_runtime_translator_speaks_german_from_the_catalogue() -> None:
    t = translator("de")
    assert t._("Call {name}") == "{name} anrufen"
    assert t.n_("{count} day ago", "{count} days ago", 92) == "vor {count} Tagen"
