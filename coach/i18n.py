"""The message catalogue: English source strings, German translations via gettext.

Every text the coach shows goes through a :class:`Translator`. English msgids are
the source; German lives in ``coach/locales/de/*.po`` (one file per area of the
engine, merged into one catalogue). The ``.po`` files are compiled in memory with
Babel on first use, so no build step can be forgotten.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SUPPORTED_LANGUAGES = ("en", "de")
LOCALES_DIR = Path(__file__).parent / "locales"


def normalise_language(code: str | None, default: str = "en") -> str:
    """Map ``de-AT``, ``de_DE`` or ``EN`` onto a supported language, else the default."""
    if not code:
        return default
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED_LANGUAGES else default


@cache
def _translations(language: str) -> gettext.NullTranslations:
    folder = LOCALES_DIR / language
    if language == "en" or not folder.is_dir():
        return gettext.NullTranslations()
    merged: gettext.NullTranslations | None = None
    for po_path in sorted(folder.glob("*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        part = gettext.GNUTranslations(buffer)
        if merged is None:
            merged = part
        else:
            merged.add_fallback(part)
    return merged or gettext.NullTranslations()


class Translator:
    """Looks up texts in one language; ``_`` and ``n_`` mirror gettext's names."""

    def __init__(self, language: str) -> None:
        self.language = normalise_language(language)
        self._catalogue = _translations(self.language)

    def _(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def n_(self, singular: str, plural: str, count: int) -> str:
        return self._catalogue.ngettext(singular, plural, count)


def translator(language: str | None) -> Translator:
    """A translator for ``language``, falling back to English."""
    return _translator(normalise_language(language))


@cache
def _translator(language: str) -> Translator:
    return Translator(language)


def N_(message: str) -> str:
    """Mark a text for the catalogue where it is translated later, e.g. in a table."""
    return message
