"""A cheap gate in front of a long alternation pattern, so most requests skip it.

Python's regular expressions try every branch of ``\\bfoo|\\bbar|…`` at every
position of the text. Where every branch starts with a literal word ("kostenlos",
"free trial"), a match can only exist if one of those literals occurs in the
lower-cased text, which a substring test answers far faster. Patterns with a branch
that has no literal start are never gated, so gating cannot change a result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_META = set(".^$*+?{}[]()|\\")
_MIN_PREFIX = 2


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(position, character, group depth after it) for every character of ``pattern``
    that is neither escaped nor inside a character class."""
    depth, position, in_class = 0, start, False
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            position += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth += {"(": 1, ")": -1}.get(char, 0)
            yield position, char, depth
        position += 1


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``."""
    branches, start = [], 0
    for position, char, depth in _structure(pattern):
        if char == "|" and depth == 0:
            branches.append(pattern[start:position])
            start = position + 1
    branches.append(pattern[start:])
    return branches


_DIGITS = tuple("0123456789")


def _group_end(text: str, start: int) -> int:
    """The index of the ")" closing the group that opens at ``start``."""
    for position, char, depth in _structure(text, start):
        if char == ")" and depth == 0:
            return position
    return -1


def _literal_prefixes(branch: str) -> tuple[str, ...] | None:
    """Literals one of which every match of ``branch`` starts with, or None."""
    text = branch[2:] if branch.startswith("\\b") else branch
    if text.startswith("(?:"):
        end = _group_end(text, 0)
        if end < 0 or text[end + 1 : end + 2] in ("?", "*", "{"):
            return None
        found: list[str] = []
        for inner in _branches(text[3:end]):
            prefixes = _literal_prefixes(inner)
            if prefixes is None:
                return None
            found.extend(prefixes)
        return tuple(found)
    if text.startswith("\\d"):
        return _DIGITS
    if len(text) >= 2 and text[0] == "\\" and text[1] in "$[{.%":
        return (text[1],)
    prefix: list[str] = []
    for position, char in enumerate(text):
        if char in _META:
            if char in "?*{" and prefix:
                prefix.pop()
            break
        if text[position + 1 : position + 2] in ("?", "*", "{"):
            break
        prefix.append(char.lower())
    literal = "".join(prefix)
    return (literal,) if len(literal) >= _MIN_PREFIX else None


@dataclass(frozen=True)
class Gate:
    """A pattern and the literals one of which any match must contain (None: always run)."""

    pattern: re.Pattern[str]
    literals: tuple[str, ...] | None

    def search(self, text: str, lowered: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when ``lowered`` holds none of the literals."""
        if self.literals is not None and not any(lit in lowered for lit in self.literals):
            return None
        return self.pattern.search(text)


def gate(pattern: re.Pattern[str]) -> Gate:
    """A gate for ``pattern``; gated only when every branch has a literal start."""
    literals: set[str] = set()
    for branch in _branches(pattern.pattern):
        prefixes = _literal_prefixes(branch)
        if prefixes is None:
            return Gate(pattern, None)
        literals.update(prefixes)
    return Gate(pattern, tuple(sorted(literals)))
