"""``coach import`` and ``coach export`` end to end, and /import in the terminal chat."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

COACH = Path(sys.executable).with_name("coach")
FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


def coach(tmp_path: Path, *args: str, db: str = "c.db",
          stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    return subprocess.run([str(COACH), *args, "--db", f"sqlite:///{tmp_path}/{db}"],
                          input=stdin, capture_output=True, env=env, timeout=120, check=False)


def exported_names(tmp_path: Path, db: str = "c.db", user: str = "daniel") -> list[str]:
    result = coach(tmp_path, "export", "--user", user, "--format", "json", db=db)
    assert result.returncode == 0, result.stderr
    return sorted(c["name"] for c in json.loads(result.stdout)["contacts"])


def test_dry_run_shows_the_preview_and_writes_nothing(tmp_path: Path) -> None:
    result = coach(tmp_path, "import", str(FIXTURES / "linkedin_connections.csv"),
                   "--user", "daniel", "--dry-run")

    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "LinkedIn connections: 5 new, 0 merged" in out
    assert "line 8 has no name" in out
    assert "Dry run: nothing was written." in out
    assert exported_names(tmp_path) == []


def test_import_writes_and_a_second_import_changes_nothing(tmp_path: Path) -> None:
    first = coach(tmp_path, "import", str(FIXTURES / "linkedin_connections.csv"),
                  "--user", "daniel")
    second = coach(tmp_path, "import", str(FIXTURES / "linkedin_connections.csv"),
                   "--user", "daniel")

    assert first.returncode == 0, first.stderr
    assert "Imported: 5 new" in first.stdout.decode()
    assert "0 new, 5 merged" in second.stdout.decode()
    assert exported_names(tmp_path) == ["Anna Schmidt", "Jörg Meier", "Priya Raman",
                                        "Søren Ødegaard", "Tom Becker"]


def test_a_broken_file_fails_with_the_line_and_no_traceback(tmp_path: Path) -> None:
    result = coach(tmp_path, "import", str(FIXTURES / "broken_quote.csv"), "--user", "daniel")

    assert result.returncode == 1
    assert "broken at line 3" in result.stdout.decode()
    assert b"Traceback" not in result.stderr
    assert exported_names(tmp_path) == []


def test_a_file_over_20_mb_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "Connections.csv"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)  # sparse: nothing is really written

    result = coach(tmp_path, "import", str(big), "--user", "daniel")

    assert result.returncode != 0
    assert b"larger than 20 MB" in result.stderr


def test_export_to_a_file_is_private_and_never_overwrites(tmp_path: Path) -> None:
    coach(tmp_path, "import", str(FIXTURES / "xing.vcf"), "--user", "daniel")
    target = tmp_path / "contacts.vcf"

    written = coach(tmp_path, "export", "--user", "daniel", "--format", "vcf",
                    "--output", str(target))

    assert written.returncode == 0, written.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert b"FN:J\xc3\xb6rg Meier" in target.read_bytes()
    target.write_bytes(b"mine")
    again = coach(tmp_path, "export", "--user", "daniel", "--format", "vcf",
                  "--output", str(target))
    assert again.returncode != 0
    assert b"exists already" in again.stderr
    assert target.read_bytes() == b"mine"


def test_export_never_follows_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"untouched")
    link = tmp_path / "export.json"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere.json")

    for path in (link, dangling):
        result = coach(tmp_path, "export", "--user", "daniel", "--output", str(path))
        assert result.returncode != 0
    assert victim.read_bytes() == b"untouched"
    assert not (tmp_path / "nowhere.json").exists()


def test_a_json_export_imports_into_another_installation(tmp_path: Path) -> None:
    coach(tmp_path, "import", str(FIXTURES / "google_contacts.csv"), "--user", "daniel")
    coach(tmp_path, "chat", "--user", "daniel", stdin=b"/sort Anna close\n/log Anna call 20m\n")
    export = tmp_path / "export.json"
    coach(tmp_path, "export", "--user", "daniel", "--output", str(export))

    result = coach(tmp_path, "import", str(export), "--user", "daniel", db="other.db")

    assert result.returncode == 0, result.stderr
    assert "Restored: 3 new contacts" in result.stdout.decode()
    original = json.loads(export.read_bytes())
    restored = json.loads(coach(tmp_path, "export", "--user", "daniel",
                                db="other.db").stdout)
    assert [(c["name"], c["circle"], c["status"], c["last_touch_at"])
            for c in restored["contacts"]] == [
        (c["name"], c["circle"], c["status"], c["last_touch_at"])
        for c in original["contacts"]]
    assert len(restored["touchpoints"]) == 1


def test_ics_export_goes_to_standard_output(tmp_path: Path) -> None:
    coach(tmp_path, "import", str(FIXTURES / "vcard4.vcf"), "--user", "daniel")

    result = coach(tmp_path, "export", "--user", "daniel", "--format", "ics")

    assert result.returncode == 0
    assert result.stdout.startswith(b"BEGIN:VCALENDAR")
    assert b"Birthday: Lukas Brandt" in result.stdout


def test_the_terminal_chat_imports_a_file_after_yes(tmp_path: Path) -> None:
    script = f"/import {FIXTURES / 'outlook_de.csv'}\nyes\n/sort\n".encode()

    result = coach(tmp_path, "chat", "--user", "daniel", stdin=script)

    out = result.stdout.decode()
    assert "3 new" in out or "3 neu" in out
    assert exported_names(tmp_path) == ["Bärbel Große", "François Dupont", "Jürgen Weiß"]
