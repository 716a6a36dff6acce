"""The terminal coach: one message per line in, the engine's replies out.

Interactive on a terminal (prompt and line editing), plain and scriptable from a
pipe, and ending cleanly at end of input.
"""

from __future__ import annotations

import contextlib
import locale
import logging
import os
import select
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from adapters.files import save_private
from coach.engine import Coach, command_of
from coach.model import Identity
from coach.replies import Reply

PLATFORM = "console"
# Lines that follow within this time were pasted together, not typed.
PASTE_GAP_SECONDS = 0.05
log = logging.getLogger(__name__)


def machine_language() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return value.split(".")[0]
    return (locale.getlocale()[0] or "en")


def machine_timezone() -> str | None:
    try:
        from tzlocal import get_localzone_name

        return get_localzone_name()
    except Exception:
        return None


def console_identity(user: str) -> Identity:
    # The profile name is not a person's name, so drafts are not signed with it.
    return Identity(PLATFORM, user, language_hint=machine_language(),
                    timezone_hint=machine_timezone())


def render(reply: Reply, out: TextIO, export_dir: Path) -> None:
    """Print texts and save files; buttons are left out, since every one of them has a
    typed equivalent that the message itself names."""
    print("\n\n".join(m.text for m in reply.messages if m.text), file=out)
    for attachment in reply.files:
        path = save_private(export_dir, attachment.filename, attachment.chunks())
        print(f"→ {path}", file=out)
    print(file=out)


def _lines(interactive: bool, source: TextIO) -> Iterator[str]:
    if not interactive:
        yield from (line.rstrip("\n") for line in source)
        return
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - importing it enables line editing for input()
    prompt = "› "
    while True:
        try:
            yield input(prompt)
        except EOFError:
            print()
            return
        except KeyboardInterrupt:
            print()
            return
        # Lines already waiting were pasted with this one: no prompt between them.
        prompt = "" if _input_waiting(source) else "› "


def _input_waiting(source: TextIO) -> bool:
    """True when more input is already there: the rest of a paste, not typing."""
    try:
        ready, _, _ = select.select([source], [], [], PASTE_GAP_SECONDS)
    except (OSError, ValueError):
        return False
    return bool(ready)


class _Lines:
    """The input lines, with one line of look-ahead for a request's continuation."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._back: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        return self._back.pop() if self._back else next(self._lines)

    def push_back(self, line: str) -> None:
        self._back.append(line)


def _block(first: str, lines: _Lines, more_waiting: Callable[[], bool]) -> str:
    """A request is pasted over several lines: ``/reply`` (or ``/anfrage``) and the
    lines after it, up to an empty line or the next command, are one message. On a
    terminal only lines that arrive with the paste count, so a one-line ``/reply``
    that was typed is answered at once, and a text pasted after a bare ``/reply`` is
    one answer."""
    body: list[str] = []
    while more_waiting():
        try:
            line = next(lines)
        except StopIteration:
            break
        if not line.strip():
            break
        if command_of(line) is not None:
            lines.push_back(line)
            break
        body.append(line)
    if not body:
        return first
    bare = command_of(first) is not None and len(first.split()) == 1
    return first.rstrip() + (" " if bare else "\n") + "\n".join(body)


def readable(line: str) -> str:
    """The line as text the engine and any database can take.

    Python hands undecodable input bytes on as lone surrogates, which no database
    driver can encode; they become U+FFFD. Everything else (control characters,
    bidi overrides) is the engine's one cleaning (:func:`coach.names.clean_text`), which
    keeps what belongs to writing: emoji joiners and the Persian zero-width non-joiner.
    """
    try:
        raw = line.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = line.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _import_or_handle(coach: Coach, identity: Identity, line: str) -> Reply:
    """``/import PATH`` sends that file, as a chat platform would; else a message."""
    rest = line.strip().partition(" ")[2]
    if command_of(line) == "import" and rest.strip():
        path = Path(rest.strip().strip("'\"")).expanduser()
        if not path.is_file():
            return coach.no_such_file(identity, str(path))
        from coach.imports import MAX_BYTES

        if path.stat().st_size > MAX_BYTES:
            return coach.file_too_large(identity)
        return coach.import_file(identity, path.name, path.read_bytes())
    return coach.handle(identity, line)


def run(coach: Coach, identity: Identity, *, source: TextIO = sys.stdin,
        out: TextIO = sys.stdout, export_dir: Path | None = None,
        greeting: str | None = None) -> None:
    interactive = source.isatty() and out.isatty()
    export_dir = export_dir or Path.cwd()
    if greeting:
        print(greeting, file=out)
        print(file=out)
    lines = _Lines(map(readable, _lines(interactive, source)))

    def more_waiting() -> bool:
        return not interactive or _input_waiting(source)

    for line in lines:
        if not line.strip():
            continue
        command = command_of(line)
        if command == "reply" or (command is None and interactive):
            line = _block(line, lines, more_waiting)
        try:
            answer = _import_or_handle(coach, identity, line)
        except Exception:
            log.exception("message failed")
            answer = coach.apology(identity)
        render(answer, out, export_dir)
