"""The terminal coach: one message per line in, the engine's replies out.

Interactive on a terminal (prompt and line editing), plain and scriptable from a
pipe, and ending cleanly at end of input.
"""

from __future__ import annotations

import contextlib
import locale
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from adapters.files import save_private
from coach.engine import Coach
from coach.model import Identity
from coach.replies import Reply, reply

PLATFORM = "console"
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
    while True:
        try:
            yield input("› ")
        except EOFError:
            print()
            return
        except KeyboardInterrupt:
            print()
            return


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
    word, _, rest = line.strip().partition(" ")
    if word.casefold() in ("/import", "/importieren") and rest.strip():
        path = Path(rest.strip().strip("'\"")).expanduser()
        if not path.is_file():
            return reply(f"There is no file at {path}. Nothing was imported.")
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
    for line in map(readable, _lines(interactive, source)):
        if not line.strip():
            continue
        try:
            answer = _import_or_handle(coach, identity, line)
        except Exception:
            import logging

            logging.getLogger(__name__).exception("message failed")
            print("Sorry, something went wrong with that message. Nothing was changed.\n",
                  file=out)
            continue
        render(answer, out, export_dir)
