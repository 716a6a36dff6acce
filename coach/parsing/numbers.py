"""Numbers in what users type: the digits 0 to 9, and a clear refusal for any other digit.

Python is generous with digits: ``\\d`` and ``int()`` accept Arabic-Indic ("٣") or
fullwidth ("３") digits, and ``str.isdigit()`` is True for a superscript "²" that
``int()`` then rejects with an exception. A chat user who sends such a digit has
pasted it or hit the wrong key, so the parsers read ASCII digits only. Where a
value would have been a number had its digits been ASCII ("vor ² Tagen", "３m"),
:func:`refuse_other_digits` says so with ``unicode_digits`` instead of misreading
the value as a name or note, or failing. Where the whole text is the value (a
time, a budget, a cadence, a birthday), :func:`refuse_any_other_digits` refuses
any other digit outright.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

from coach.commands import ParseError

T = TypeVar("T")

# The most tokens a value read by refuse_other_digits_at spans ("the day after tomorrow").
_LONGEST_VALUE = 5

_ASCII_NUMBER_RE = re.compile(r"[0-9]+")


def ascii_int(text: str, *, max_digits: int = 9) -> int | None:
    """The whole number spelled by ``text`` in the digits 0 to 9, else None.

    ``max_digits`` keeps numbers to what a database column or a date can hold.
    """
    if len(text) > max_digits or not _ASCII_NUMBER_RE.fullmatch(text):
        return None
    return int(text)


# What a count too long to read stands for: more than any range check allows.
TOO_MANY = 10**9


def ascii_count(text: str) -> int | None:
    """A count in the digits 0 to 9, any length; beyond nine digits it is ``TOO_MANY``.

    A long number is still a number ("vor 99999999999 Tagen"), so the caller's
    range check refuses it instead of the text passing as a word, and ``int()``
    never has to read thousands of digits.
    """
    if not _ASCII_NUMBER_RE.fullmatch(text):
        return None
    return int(text) if len(text) <= 9 else TOO_MANY


def with_ascii_digits(text: str) -> str | None:
    """``text`` with every other digit ("²", "٣", "３") as its ASCII digit; None if none."""
    if text.isascii():
        return None
    changed = False
    chars: list[str] = []
    for char in text:
        value = None if char.isascii() else unicodedata.digit(char, None)
        if value is None:
            chars.append(char)
        else:
            chars.append(str(value))
            changed = True
    return "".join(chars) if changed else None


def has_other_digits(text: str) -> bool:
    """Whether ``text`` holds a digit other than 0 to 9."""
    return with_ascii_digits(text) is not None


def _unicode_digits(value: str) -> ParseError:
    return ParseError("unicode_digits", value=value.strip())


def refuse_any_other_digits(text: str) -> None:
    """Raise ``unicode_digits`` if ``text``, all of it one value, holds any other digit."""
    if has_other_digits(text):
        raise _unicode_digits(text)


def refuse_other_digits(parse: Callable[[str], T | None], text: str) -> T | None:
    """``parse(text)``, except that a value which is a number only in other digits is refused.

    ``parse`` reads ASCII digits only and returns None for text that is not its
    kind. If it finds nothing in ``text`` but would find something (or raise) in
    the same text with ASCII digits, the user typed a number we will not guess at.
    """
    found = parse(text)
    if found is not None:
        return found
    ascii_text = with_ascii_digits(text)
    if ascii_text is None:
        return None
    try:
        again = parse(ascii_text)
    except ParseError:
        raise _unicode_digits(text) from None
    if again is not None:
        raise _unicode_digits(text)
    return None


def refuse_other_digits_at(
    take: Callable[[list[str], int], tuple[T, int] | None], tokens: Sequence[str], i: int
) -> tuple[T, int] | None:
    """:func:`refuse_other_digits` for readers of a value that spans tokens from ``tokens[i]``."""
    found = take(list(tokens), i)
    if found is not None:
        return found
    if not any(has_other_digits(token) for token in tokens[i : i + _LONGEST_VALUE]):
        return None
    ascii_tokens = [with_ascii_digits(token) or token for token in tokens]
    try:
        again = take(ascii_tokens, i)
    except ParseError:
        raise _unicode_digits(tokens[i]) from None
    if again is None:
        return None
    used = tokens[i : i + again[1]]
    if not any(has_other_digits(token) for token in used):
        return None  # an ASCII reading that only differs after the tokens it reads
    raise _unicode_digits(" ".join(used))
